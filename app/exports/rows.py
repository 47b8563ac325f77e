# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The posts an export is about, read once from the vault: selection (a case or item ids), the
case model's tags, the clean copy's name and fingerprint, the PDQ hash — and the CSV cell rule.

Read-only: nothing here writes to the vault.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.cases.model import Account, ItemId, ItemTags, PlatformReport
from app.cases.similar import item_hashes
from app.cases.store import get_case
from app.cases.tagging import get_item_tags
from app.errors import AppError, UsageError
from app.exports.urls import post_id
from app.vault import Vault
from app.vault.items import get_item

EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif",
              "application/pdf": "pdf", "video/mp4": "mp4", "audio/mpeg": "mp3",
              "audio/ogg": "ogg", "video/webm": "webm", "text/plain": "txt"}


@dataclass(frozen=True)
class Post:
    """One item as an export shows it. ``clean_name`` is None when there is no clean copy (an
    attachment, a quarantined receipt): the original never leaves."""

    item_id: int
    uuid: str
    kind: str
    tags: ItemTags
    post_id: str | None
    clean_name: str | None
    clean_sha256: str | None
    clean_media_type: str | None
    original_sha256: str
    pdq: str | None

    @property
    def accounts(self) -> tuple[Account, ...]:
        return self.tags.accounts

    @property
    def reports(self) -> tuple[PlatformReport, ...]:
        return self.tags.reports


def select_items(vault: Vault, *, item_ids: Sequence[int] | None,
                 case_title: str | None) -> list[int]:
    """The item ids of a case (``case_title``) or the given ids, oldest first.

    Raises:
        UsageError: ``export.items_or_case`` unless exactly one of the two is given.
        AppError: ``cases.case_not_found``, ``item.not_found``, ``export.no_items``.
    """
    if (item_ids is None) == (case_title is None):
        raise UsageError("export.items_or_case")
    if case_title is not None:
        case = get_case(vault, case_title)
        ids = [int(r[0]) for r in vault.read(
            "SELECT item_id FROM item_cases WHERE case_id = ?", (case.id,))]
    else:
        ids = list(dict.fromkeys(int(i) for i in item_ids or ()))
        for item in ids:
            if not vault.read("SELECT 1 FROM items WHERE id = ?", (item,)):
                raise AppError("item.not_found", item=item)
    if not ids:
        raise AppError("export.no_items")
    marks = ",".join("?" * len(ids))
    return [int(r[0]) for r in vault.read(
        f"SELECT id FROM items WHERE id IN ({marks}) "
        f"ORDER BY coalesce(posted_at, seen_at, imported_at), id", ids)]


def _clean(record: dict[str, Any]) -> tuple[str | None, str | None]:
    prov = record.get("provenance")
    if isinstance(prov, dict) and "quarantined" in prov:
        return None, None
    copy = record["copies"].get("sanitized")
    if not copy:
        return None, None
    return str(copy["sha256"]), str(copy["media_type"] or "")


def load_post(vault: Vault, item_id: int) -> Post:
    record = get_item(vault, item_id)
    tags = get_item_tags(vault, ItemId(item_id))
    sha, media = _clean(record)
    name = None
    if sha is not None:
        name = f"copies/{item_id:06d}.{EXTENSIONS.get(media or '', 'bin')}"
    hashes = item_hashes(vault.conn, item_id)
    return Post(item_id=item_id, uuid=str(record["uuid"]), kind=str(record.get("kind") or ""),
                tags=tags, post_id=post_id(tags.url), clean_name=name, clean_sha256=sha,
                clean_media_type=media, original_sha256=str(record.get("sha256") or ""),
                pdq=hashes[0].hash if hashes else None)


# --- CSV cells -------------------------------------------------------------------------------
_HANDLE = re.compile(r"@?[A-Za-z0-9_.]+")


def cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: free text starting like a formula (``=``, ``+``,
    ``-``, ``@``, tab, CR) gets a leading apostrophe; plain ``@handles`` and numbers stay."""
    text = "" if value is None else str(value)
    text = text.replace("\x00", "")
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _HANDLE.fullmatch(text) and \
            not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return "'" + text
    return text
