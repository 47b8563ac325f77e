# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Takedown packets: what a platform's trust-and-safety or trusted-partner channel needs to act.

A packet is a folder or a zip holding ``packet.csv`` (one row per post, the columns of a bulk
form), ``packet.pdf`` (the cover letter and a page per post, from :mod:`app.report`), the clean
copies (never originals) under ``copies/``, and ``SHA256SUMS`` signed like a bundle with the vault's
key (``SHA256SUMS.minisig`` for ``minisign -Vm``, ``SHA256SUMS.sig`` raw Ed25519, ``signer.pub``).

Only the posts on the packet's platform are included: a case's posts elsewhere are left out; an
explicit item on another platform is refused. Making a packet records, in one transaction after
the files are written, a platform report per post (status pending, channel "takedown packet", the
reference left for the platform's answer) and a ``takedown`` custody entry with the packet's
SHA256SUMS digest — so the tracker shows what was asked and how long each platform takes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.bundle.layout import build_sums
from app.bundle.signing import SigningKey
from app.cases.platform_reports import add_report_tx
from app.errors import AppError
from app.exports.packet_pdf import LetterInfo, build_packet_pdf
from app.exports.policies import PlatformPolicies, platform_policies, urgent_categories
from app.exports.rows import Post, cell, load_post, select_items
from app.exports.sink import check_destination, write_files
from app.i18n import normalize_language
from app.report.collect import shown_handle
from app.vault import Vault
from app.vault.blobs import read_blob

CSV_NAME = "packet.csv"
PDF_NAME = "packet.pdf"
SUMS = "SHA256SUMS"
COLUMNS = ("url", "post_id", "platform", "account_handle", "account_profile_url", "account_id",
           "posted_at", "seen_at", "policy", "policy_ar", "description", "clean_copy", "sha256",
           "pdq", "item_id")
CHANNEL = "takedown packet"


@dataclass(frozen=True)
class TakedownRequest:
    platform: str
    out: Path
    item_ids: tuple[int, ...] | None = None
    case_title: str | None = None
    lang: str = "en"
    sender: str = ""
    on_behalf_of: str = ""


@dataclass(frozen=True)
class TakedownResult:
    packet_id: str
    platform: str
    out: Path
    item_ids: tuple[int, ...]
    report_ids: tuple[int, ...]
    files: tuple[str, ...]
    sums_sha256: str
    urgent: bool
    custody_seq: int


def _posts(vault: Vault, request: TakedownRequest, products: tuple[str, ...]) -> list[Post]:
    ids = select_items(vault, item_ids=request.item_ids, case_title=request.case_title)
    posts = [load_post(vault, i) for i in ids]
    if request.item_ids is not None:
        wrong = [p.item_id for p in posts if p.tags.platform not in products]
        if wrong:
            raise AppError("takedown.wrong_platform", items=", ".join(map(str, wrong)),
                           platform=request.platform)
    posts = [p for p in posts if p.tags.platform in products]
    if not posts:
        raise AppError("takedown.no_items", platform=request.platform)
    return posts


def _rows(posts: Sequence[Post], pol: PlatformPolicies) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for p in posts:
        t = p.tags
        policies = pol.policies_for(t.categories, t.sensitive)
        w.writerow([cell(v) for v in (
            t.url, p.post_id, t.platform,
            "; ".join(shown_handle(a.platform, a.handle) for a in p.accounts),
            "; ".join(a.profile_url or "" for a in p.accounts),
            "; ".join(a.numeric_id or "" for a in p.accounts),
            t.posted_as_shown, t.seen_at, "; ".join(x.en for x in policies),
            "; ".join(x.ar for x in policies), t.description, p.clean_name, p.clean_sha256,
            p.pdq, p.item_id)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def is_urgent(posts: Sequence[Post]) -> bool:
    urgent = urgent_categories()
    return any(set(p.tags.categories) & urgent or "personal-info" in p.tags.sensitive
               for p in posts)


def make_packet(vault: Vault, request: TakedownRequest) -> TakedownResult:
    """Write the packet of ``request`` and record a pending platform report per post.

    Raises:
        UsageError: ``takedown.unknown_platform``, ``export.items_or_case``.
        AppError: ``takedown.no_items``, ``takedown.wrong_platform``, ``export.no_items``,
            ``export.exists``, ``export.folder_not_empty``, ``export.cannot_write``,
            ``cases.case_not_found``, ``item.not_found``.
    """
    lang = normalize_language(request.lang)
    pol, products = platform_policies(request.platform)
    check_destination(request.out)  # before any work
    posts = _posts(vault, request, products)
    now = datetime.now(UTC).replace(microsecond=0)
    packet_id = uuid.uuid4().hex[:16]
    urgent = is_urgent(posts)
    key = SigningKey(vault.signing_key())
    files: list[tuple[str, bytes]] = [(CSV_NAME, _rows(posts, pol))]
    info = LetterInfo(packet_id=packet_id, policies=pol, urgent=urgent, sender=request.sender,
                      on_behalf_of=request.on_behalf_of, created=now,
                      fingerprint=key.public.fingerprint)
    files.append((PDF_NAME, build_packet_pdf(vault, posts, info, lang)))
    for p in posts:
        if p.clean_name:
            data = read_blob(vault.conn, p.item_id, "sanitized")  # checked against its SHA-256
            files.append((p.clean_name, data))
    sums = build_sums({n: hashlib.sha256(d).hexdigest() for n, d in files})
    comment = (f"bayyina takedown packet={packet_id} platform={pol.key} "
               f"created={now.strftime('%Y-%m-%dT%H:%M:%SZ')}")
    files += [(SUMS, sums), (SUMS + ".minisig", key.sign_minisign(sums, comment).encode()),
              (SUMS + ".sig", key.sign_raw(sums)),
              ("signer.pub", key.public.minisign_file().encode())]
    write_files(request.out, files)
    sums_sha = hashlib.sha256(sums).hexdigest()
    reported = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    with vault.write() as tx:
        reports = [add_report_tx(tx, p.item_id, p.tags.platform or pol.key, reported,
                                 channel=CHANNEL, reference=None, status="pending",
                                 answered=None, notes=f"packet {packet_id}") for p in posts]
        entry = tx.custody("takedown", [f"item:{p.uuid}" for p in posts],
                           {"packet_id": packet_id, "platform": pol.key, "lang": lang,
                            "items": [p.item_id for p in posts], "urgent": urgent,
                            "sha256sums": sums_sha, "created_at": reported})
    return TakedownResult(packet_id, pol.key, request.out, tuple(p.item_id for p in posts),
                          tuple(int(r.id) for r in reports), tuple(n for n, _ in files),
                          sums_sha, urgent, int(entry["seq"]))
