# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Read-only views of the vault for the GUI, run inside worker tasks (never on the GUI thread).

Rows for the evidence list, thumbnails and the detail record. When ``app.cases`` offers
``list_items(vault, query)`` it is used; until then the rows are read from the ``items`` table,
which is the core's public schema. Images are decoded here into ``QImage`` (thread-safe) in memory
only: no decoded pixel ever reaches the disk.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6 import QtCore, QtGui

from app.errors import AppError
from app.vault import Vault
from app.vault.blobs import read_blob

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EvidenceRow:
    """One line of the evidence list. ``untrusted_*`` values come from outside: show them plain."""

    item_id: int
    untrusted_name: str
    media_type: str
    kind: str
    imported_at: str  # ISO-8601, canonical
    platform: str = ""
    untrusted_description: str = ""
    sensitive: bool = False
    has_thumbnail: bool = True
    posted_at: str = ""


@dataclass
class ItemDetail:
    item_id: int
    record: dict[str, Any]
    image: QtGui.QImage | None = None
    image_error: str | None = None
    removed: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    tags: Any = None  # app.cases.ItemTags


def list_rows(vault: Vault, text: str = "", filters: dict[str, Any] | None = None,
              limit: int | None = None, offset: int = 0) -> list[EvidenceRow]:
    """Items matching the search ``text`` (Arabic-aware full text, in the core) and ``filters``
    (ItemQuery fields such as ``case_ids``), newest import first; one page or all of them."""
    from app.cases import ItemQuery, list_items

    query = ItemQuery(text=text, limit=limit, offset=offset, **(filters or {}))
    return [EvidenceRow(int(r.id), str(r.original_name or ""), str(r.media_type), str(r.kind),
                        str(r.imported_at), str(r.platform or ""), str(r.description or ""),
                        bool(r.sensitive), bool(r.has_thumbnail), str(r.posted_at or ""))
            for r in list_items(vault, query)]


def load_sidebar(vault: Vault,
                 lang: str) -> dict[str, list[tuple[str, dict[str, Any], int | None]]]:
    """Sidebar entries per section: (untrusted label, ItemQuery filter, item count or None)."""
    from app.cases import list_cases, list_categories, list_perpetrators, list_platforms

    lang_ar = lang == "ar"
    return {
        "cases": [(c.title, {"case_ids": (c.id,)}, c.item_count) for c in list_cases(vault)],
        "perpetrators": [(p.label, {"perpetrator_ids": (p.id,)}, p.item_count)
                         for p in list_perpetrators(vault)],
        "platforms": [((p.name_ar if lang_ar else p.name_en), {"platforms": (p.key,)}, None)
                      for p in list_platforms(vault)],
        "categories": [((c.name_ar if lang_ar else c.name_en), {"categories": (c.key,)}, None)
                       for c in list_categories(vault)],
    }


def load_thumbnails(vault: Vault, item_ids: list[int], size: int) -> dict[int, QtGui.QImage]:
    """Decode the stored thumbnails of ``item_ids`` (missing ones are left out)."""
    out: dict[int, QtGui.QImage] = {}
    for item_id in item_ids:
        try:
            data = read_blob(vault.conn, item_id, "thumbnail")
        except AppError:
            continue
        image = QtGui.QImage.fromData(data)
        if image.isNull():
            continue
        if image.width() > size or image.height() > size:
            image = image.scaled(size, size, QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                                 QtCore.Qt.TransformationMode.SmoothTransformation)
        out[item_id] = image
    return out


def load_detail(vault: Vault, item_id: int) -> ItemDetail:
    from app.cases import ItemId, get_item_tags
    from app.vault.items import get_item

    record = get_item(vault, item_id)
    detail = ItemDetail(item_id, record, tags=get_item_tags(vault, ItemId(item_id)))
    removed = record.get("removed") or []
    detail.removed = [str(x) for x in removed] if isinstance(removed, list) else []
    meta = record.get("metadata") or {}
    if isinstance(meta, str):
        try:
            meta = json.loads(meta)
        except ValueError:
            meta = {}
    detail.metadata = meta if isinstance(meta, dict) else {}
    if "sanitized" in record.get("copies", {}):
        image = QtGui.QImage.fromData(read_blob(vault.conn, item_id, "sanitized"))
        if image.isNull():
            detail.image_error = "decode"
        else:
            detail.image = image
    else:
        detail.image_error = "no_copy"
    return detail


def flatten_metadata(meta: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """(key, value) pairs for display; nested dicts become dotted keys. Values stay untrusted."""
    pairs: list[tuple[str, str]] = []
    for key, value in meta.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            pairs += flatten_metadata(value, name + ".")
        elif isinstance(value, list):
            pairs.append((name, ", ".join(str(v) for v in value)))
        else:
            pairs.append((name, str(value)))
    return pairs
