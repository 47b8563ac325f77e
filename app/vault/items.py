# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The one way a row enters the ``items`` table (import from files, and receipt from a bundle)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from app.vault.connection import Connection

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
        if value is not None or column in _DEFAULTS:
            row[column] = value
    names = ", ".join(row)
    marks = ", ".join("?" * len(row))
    cur = conn.execute(f"INSERT INTO items ({names}) VALUES ({marks})", tuple(row.values()))
    item_id = cur.lastrowid
    if item_id is None:  # never after a successful INSERT into a rowid table
        raise RuntimeError("INSERT INTO items gave no row id")
    return int(item_id)
