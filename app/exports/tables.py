# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Tables for the organisation's database: Uwazi's CSV import, generic CSV, JSON Lines.

``uwazi``: ``import.csv`` (Uwazi's CSV import: the header row holds the template's property
names, ``title`` first; several values of a multiselect, and several ``attachments``, are joined
by ``|``; dates ``YYYY/MM/DD``, the import's default format; a link is ``label|url``) with the clean
copies beside it as attachments — in a zip, as Uwazi's "import from zip" takes them — and
``uwazi-template.json``, the template to create in Uwazi first (each column's property name, label
and type). Names of platforms and categories are in the export's language.

``csv`` (UTF-8 with a BOM, so spreadsheet programs read Arabic) and ``jsonl`` (one JSON object a
line): ``items``, ``accounts`` and ``platform_reports``, whose columns are :data:`ITEM_COLUMNS`,
:data:`ACCOUNT_COLUMNS` and :data:`REPORT_COLUMNS` (``docs/cli.md`` documents each). There are no
chat messages in the vault yet, so there is no ``messages`` table.

Exporting appends a ``table-export`` custody entry naming the items, the format and the
SHA-256 of every file written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.cases.store import list_categories, list_platforms
from app.errors import UsageError
from app.exports.rows import Post, cell, load_post, select_items
from app.exports.sink import check_destination, write_files
from app.i18n import normalize_language
from app.vault import Vault
from app.vault.blobs import read_blob

FORMATS = ("uwazi", "csv", "jsonl")
ITEM_COLUMNS = ("item_id", "uuid", "kind", "platform", "url", "post_id", "posted_at", "posted_tz",
                "seen_at", "language", "description", "notes", "categories", "tags", "cases",
                "accounts", "sensitive", "deleted_by_source", "original_sha256", "clean_sha256",
                "clean_media_type", "pdq")
ACCOUNT_COLUMNS = ("account_id", "uuid", "platform", "handle", "display_name", "profile_url",
                   "numeric_id", "first_seen", "last_seen", "perpetrator_id", "notes")
REPORT_COLUMNS = ("report_id", "uuid", "item_id", "platform", "reported_at", "channel",
                  "reference", "status", "answered_at", "days_to_answer", "notes")
MULTI = "|"
# Uwazi: (property name, label, Uwazi property type)
UWAZI_COLUMNS = (
    ("title", "Title", "text"), ("date", "Date posted", "date"),
    ("platform", "Platform", "select"), ("accounts", "Accounts", "multiselect"),
    ("categories", "Categories", "multiselect"), ("url", "URL", "link"),
    ("post_id", "Post id", "text"), ("description", "Description", "markdown"),
    ("notes", "Notes", "markdown"), ("sha256_clean_copy", "SHA-256 of the clean copy", "text"),
    ("sha256_original", "SHA-256 of the original", "text"), ("pdq", "PDQ hash", "text"),
    ("bayyina_item", "Bayyina item", "numeric"), ("attachments", "Attachments", "(files)"),
)


@dataclass(frozen=True)
class TableRequest:
    format: str
    out: Path
    item_ids: tuple[int, ...] | None = None
    case_title: str | None = None
    lang: str = "en"

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise UsageError("export.unknown_format", format=self.format, known=", ".join(FORMATS))


@dataclass(frozen=True)
class TableResult:
    format: str
    out: Path
    item_ids: tuple[int, ...]
    files: dict[str, str]  # name → SHA-256
    custody_seq: int


def _multi(values: Sequence[str]) -> str:
    return MULTI.join(v.replace(MULTI, "/") for v in values if v)


def item_record(p: Post) -> dict[str, Any]:
    t = p.tags
    return {"item_id": p.item_id, "uuid": p.uuid, "kind": p.kind, "platform": t.platform,
            "url": t.url, "post_id": p.post_id, "posted_at": t.posted_at, "posted_tz": t.posted_tz,
            "seen_at": t.seen_at, "language": t.language, "description": t.description,
            "notes": t.notes, "categories": list(t.categories), "tags": list(t.tags),
            "cases": list(t.cases), "accounts": [a.ref for a in t.accounts],
            "sensitive": list(t.sensitive), "deleted_by_source": t.deleted_by_source,
            "original_sha256": p.original_sha256, "clean_sha256": p.clean_sha256,
            "clean_media_type": p.clean_media_type, "pdq": p.pdq}


def _tables(posts: Sequence[Post]) -> dict[str, list[dict[str, Any]]]:
    accounts: dict[int, dict[str, Any]] = {}
    reports = []
    for p in posts:
        for a in p.accounts:
            accounts[int(a.id)] = {
                "account_id": int(a.id), "uuid": a.uuid, "platform": a.platform,
                "handle": a.handle, "display_name": a.display_name,
                "profile_url": a.profile_url, "numeric_id": a.numeric_id,
                "first_seen": a.first_seen, "last_seen": a.last_seen,
                "perpetrator_id": a.perpetrator_id, "notes": a.notes}
        for r in p.reports:
            reports.append({"report_id": int(r.id), "uuid": r.uuid, "item_id": int(r.item_id),
                            "platform": r.platform, "reported_at": r.reported_at,
                            "channel": r.channel, "reference": r.reference, "status": r.status,
                            "answered_at": r.answered_at, "days_to_answer": r.days_to_answer,
                            "notes": r.notes})
    return {"items": [item_record(p) for p in posts],
            "accounts": [accounts[k] for k in sorted(accounts)], "platform_reports": reports}


def _csv_value(value: Any) -> str:
    if isinstance(value, list):
        return cell(_multi([str(v) for v in value]))
    if isinstance(value, bool):
        return "true" if value else "false"
    return cell(value)


def _csv(rows: list[dict[str, Any]], columns: Sequence[str], *, bom: bool = True) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for row in rows:
        w.writerow([_csv_value(row.get(c)) for c in columns])
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False, sort_keys=True).encode() + b"\n"
                    for r in rows)


def _uwazi_date(utc_text: str | None) -> str:
    return utc_text[:10].replace("-", "/") if utc_text else ""


def _uwazi(vault: Vault, posts: Sequence[Post], lang: str) -> list[tuple[str, bytes]]:
    ar = lang == "ar"
    platforms = {p.key: (p.name_ar if ar else p.name_en) for p in list_platforms(vault)}
    categories = {c.key: (c.name_ar if ar else c.name_en) for c in list_categories(vault)}
    rows, files = [], []
    for p in posts:
        t = p.tags
        attachment = p.clean_name.replace("copies/", "item-") if p.clean_name else None
        if attachment:
            files.append((attachment, read_blob(vault.conn, p.item_id, "sanitized")))
        head = (t.description or "").strip().replace("\n", " ")
        title = f"{p.item_id}: {head[:100]}" if head else f"Bayyina item {p.item_id}"
        rows.append({
            "title": title, "date": _uwazi_date(t.posted_at or t.seen_at),
            "platform": platforms.get(t.platform or "", t.platform or ""),
            "accounts": [a.ref for a in t.accounts],
            "categories": [categories.get(k, k) for k in t.categories],
            "url": t.url or "", "post_id": p.post_id, "description": t.description,
            "notes": t.notes, "sha256_clean_copy": p.clean_sha256,
            "sha256_original": p.original_sha256, "pdq": p.pdq, "bayyina_item": p.item_id,
            "attachments": [attachment] if attachment else []})
    template = {"name": "Bayyina evidence item", "language": lang,
                "date_format": "YYYY/MM/DD", "multi_value_separator": MULTI,
                "properties": [{"name": n, "label": label, "type": kind}
                               for n, label, kind in UWAZI_COLUMNS if n not in ("title",
                                                                                 "attachments")],
                "columns": [{"column": n, "label": label, "type": kind}
                            for n, label, kind in UWAZI_COLUMNS]}
    # Uwazi's reader takes the first header as is: no BOM before "title"
    csv_bytes = _csv(rows, [c[0] for c in UWAZI_COLUMNS], bom=False)
    meta = json.dumps(template, ensure_ascii=False, indent=1).encode() + b"\n"
    return [("import.csv", csv_bytes), ("uwazi-template.json", meta), *files]


def export_table(vault: Vault, request: TableRequest) -> TableResult:
    """Write the table export of ``request`` (a folder, or a zip when ``out`` ends in .zip).

    Raises:
        UsageError: ``export.unknown_format``, ``export.items_or_case``.
        AppError: ``export.no_items``, ``export.exists``, ``export.folder_not_empty``,
            ``export.cannot_write``, ``cases.case_not_found``, ``item.not_found``.
    """
    lang = normalize_language(request.lang)
    check_destination(request.out)
    ids = select_items(vault, item_ids=request.item_ids, case_title=request.case_title)
    posts = [load_post(vault, i) for i in ids]
    files: list[tuple[str, bytes]]
    if request.format == "uwazi":
        files = _uwazi(vault, posts, lang)
    else:
        tables = _tables(posts)
        cols = {"items": ITEM_COLUMNS, "accounts": ACCOUNT_COLUMNS,
                "platform_reports": REPORT_COLUMNS}
        if request.format == "csv":
            files = [(f"{name}.csv", _csv(rows, cols[name])) for name, rows in tables.items()]
        else:
            files = [(f"{name}.jsonl", _jsonl(rows)) for name, rows in tables.items()]
    write_files(request.out, files)
    digests = {n: hashlib.sha256(d).hexdigest() for n, d in files}
    with vault.write() as tx:
        entry = tx.custody("table-export", [f"item:{p.uuid}" for p in posts],
                           {"format": request.format, "lang": lang, "items": ids,
                            "files": digests})
    return TableResult(request.format, request.out, tuple(ids), digests, int(entry["seq"]))
