# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Items in the vault: the one way a row enters the ``items`` table (import from files, and receipt
from a bundle), the full record of one item read back, and a copy written where the user points."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.errors import AppError
from app.paths import new_file
from app.vault.blobs import blob_crc32, blob_meta, iter_blob
from app.vault.connection import Connection
from app.vault.core import Vault
from app.vault.custody import entries as custody_entries

# Columns an item is created with (schema 1); the case model's columns are set by tagging later.
ITEM_COLUMNS = (
    "uuid", "sha256", "size", "media_type", "kind", "original_name", "import_method",
    "imported_at", "imported_utc_offset", "width", "height", "frames", "orientation", "metadata",
    "metadata_error", "original_pixels", "sanitized_sha256", "sanitized_size",
    "sanitized_media_type", "sanitized_pixels", "pixels_equal", "converted_from", "removed",
    "sanitize_error", "sanitizer", "provenance",
)
JSON_COLUMNS = frozenset({"metadata", "original_pixels", "sanitized_pixels", "removed",
                          "provenance"})
_DEFAULTS = {"metadata": "{}", "removed": "[]"}


def insert_item(conn: Connection, values: Mapping[str, Any]) -> int:
    """Insert one item inside the caller's transaction; returns its id.

    ``values`` maps column names (only those of :data:`ITEM_COLUMNS`) to Python values; the JSON
    columns are serialised here (sorted keys, UTF-8), booleans stored as 0/1.
    """
    row = {k: v for k, v in _row(values).items() if v is not None or k in _DEFAULTS}
    names = ", ".join(row)
    marks = ", ".join("?" * len(row))
    cur = conn.execute(f"INSERT INTO items ({names}) VALUES ({marks})", tuple(row.values()))
    item_id = cur.lastrowid
    if item_id is None:  # never after a successful INSERT into a rowid table
        raise RuntimeError("INSERT INTO items gave no row id")
    return int(item_id)


def _row(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` as stored: JSON columns serialised (sorted keys, UTF-8), booleans 0/1."""
    unknown = set(values) - set(ITEM_COLUMNS)
    if unknown:
        raise ValueError(f"not item columns: {sorted(unknown)}")
    row: dict[str, Any] = {}
    for column in ITEM_COLUMNS:
        if column not in values:
            continue
        value = values[column]
        if column in JSON_COLUMNS:
            value = _DEFAULTS.get(column) if value is None else json.dumps(
                value, ensure_ascii=False, sort_keys=True)
        elif isinstance(value, bool):
            value = int(value)
        row[column] = value
    return row


def update_item(conn: Connection, item_id: int, values: Mapping[str, Any]) -> None:
    """Set columns of an item inserted in the same transaction (a recording cleaned by streaming
    is inserted before its copy is written, :mod:`app.ingest.pipeline`)."""
    row = _row(values)
    if row:
        sets = ", ".join(f"{k} = ?" for k in row)
        conn.execute(f"UPDATE items SET {sets} WHERE id = ?", (*row.values(), item_id))


_JSON_COLUMNS = ("metadata", "original_pixels", "sanitized_pixels", "removed", "provenance")


def item_id_for_uuid(vault: Vault, item_uuid: str) -> int | None:
    rows = vault.read("SELECT id FROM items WHERE uuid = ?", (item_uuid,))
    return int(rows[0][0]) if rows else None


def get_item(vault: Vault, item_id: int) -> dict[str, Any]:
    """Everything the vault knows about one item (raw values: display code must clean them)."""
    cur = vault.conn.execute("SELECT * FROM items WHERE id = ?", (item_id,))
    row = cur.fetchone()
    if row is None:
        raise AppError("item.not_found", item=item_id)
    record = {d[0]: row[i] for i, d in enumerate(cur.description)}
    for col in _JSON_COLUMNS:
        if record.get(col):
            record[col] = json.loads(record[col])
    record["pixels_equal"] = bool(record.get("pixels_equal"))
    record["copies"] = {}
    for role in ("original", "sanitized", "thumbnail"):
        meta = blob_meta(vault.conn, item_id, role)
        if meta:
            record["copies"][role] = {"size": meta[1], "sha256": meta[2], "media_type": meta[3],
                                      "crc32": blob_crc32(vault.conn, item_id, role)}
    return record


def item_custody(vault: Vault, item_id: int) -> list[dict[str, Any]]:
    record = vault.read("SELECT uuid FROM items WHERE id = ?", (item_id,))
    if not record:
        raise AppError("item.not_found", item=item_id)
    return custody_entries(vault.conn, str(record[0][0]))


def extract(vault: Vault, item_id: int, out: Path, *, original: bool = False) -> dict[str, Any]:
    """Write the sanitised copy (or, explicitly, the original) to ``out``; a custody event.

    The file is written with :func:`app.paths.new_file` (:mod:`app.safefile`): exclusively,
    through a random temporary name, fsynced, never replacing an existing file and never following
    a planted link.
    """
    record = get_item(vault, item_id)
    role = "original" if original else "sanitized"
    if role not in record["copies"]:
        if not original:
            raise AppError("item.no_sanitized_copy", item=item_id,
                           reason=record.get("sanitize_error") or record.get("kind"))
        raise AppError("item.no_such_copy", item=item_id, role=role)
    with new_file(Path(out), exists_code="extract.exists") as fh:
        for chunk in iter_blob(vault.conn, item_id, role):
            fh.write(chunk)
    copy = record["copies"][role]
    with vault.write() as tx:
        tx.custody("extract", [f"item:{record['uuid']}"],
                   {"role": role, "sha256": copy["sha256"], "size": copy["size"]})
    return {"item_id": item_id, "role": role, **copy, "path": str(Path(out))}


def delete_item(vault: Vault, item_id: int) -> dict[str, Any]:
    """Remove one item: its row, every blob (original, clean copy, thumbnail), its tags, reports,
    search-index row and lens data, in one transaction with a custody tombstone.

    The tombstone says what kind of thing was removed and when (the entry's time) — never the
    content: no name, no hash of the file, no metadata. The connection runs with
    ``secure_delete = ON`` (:func:`app.vault.connection.connect`), so freed pages are overwritten
    with zeros; the WAL is checkpointed and truncated afterwards so no frame keeps the old pages.
    Earlier custody entries stay (the log is append-only), so the chain still verifies.
    """
    rows = vault.read("SELECT uuid, kind, media_type FROM items WHERE id = ?", (item_id,))
    if not rows:
        raise AppError("item.not_found", item=item_id)
    item_uuid, kind, media_type = (str(v) for v in rows[0])
    blobs = int(vault.read("SELECT count(*) FROM blobs WHERE item_id = ?", (item_id,))[0][0])
    with vault.write() as tx:
        tx.conn.execute("DELETE FROM item_fts WHERE rowid = ?", (item_id,))
        tx.conn.execute("DELETE FROM chat_fts WHERE rowid IN (SELECT id FROM chat_messages "
                   "WHERE item_id = ?)", (item_id,))  # a chat's messages (issue 14)
        tx.conn.execute("DELETE FROM items WHERE id = ?", (item_id,))  # blobs, tags: CASCADE
        tx.custody("item.deleted", [f"item:{item_uuid}"],
                   {"kind": kind, "media_type": media_type, "blobs": blobs})
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"item_id": item_id, "uuid": item_uuid, "kind": kind, "media_type": media_type,
            "blobs": blobs}
