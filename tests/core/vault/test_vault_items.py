# SPDX-License-Identifier: GPL-3.0-or-later
"""app.vault.items.insert_item: the single INSERT of an item, with a column whitelist."""

from __future__ import annotations

import json

import pytest

from app.vault.items import insert_item


def test_insert_item_serialises_and_whitelists(vault) -> None:  # type: ignore[no-untyped-def]
    with vault.write() as tx:
        item_id = insert_item(tx.conn, {
            "uuid": "u-1", "sha256": "ab" * 32, "size": 3, "media_type": "image/png",
            "kind": "image", "import_method": "file", "imported_at": "2026-01-01T00:00:00Z",
            "imported_utc_offset": 180, "metadata": {"b": 1, "a": "عربي"}, "pixels_equal": True,
            "removed": None, "provenance": None})
        with pytest.raises(ValueError, match="not item columns"):
            insert_item(tx.conn, {"uuid": "u-2", "notes); DROP TABLE items; --": "x"})
    row = vault.read("SELECT metadata, pixels_equal, removed, provenance, original_name"
                     " FROM items WHERE id = ?", (item_id,))[0]
    assert json.loads(row[0]) == {"a": "عربي", "b": 1} and row[0].index('"a"') < row[0].index('"b"')
    assert row[1] == 1 and row[2] == "[]" and row[3] is None and row[4] is None
