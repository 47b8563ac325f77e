# SPDX-License-Identifier: GPL-3.0-or-later
"""Deleting an item (GUI "Delete…", ``bayyina-cli delete``): the row, every blob, tags and the
search row go; a custody tombstone records the kind and time, never the content; the chain still
verifies; the vault runs with ``secure_delete`` on and the WAL is truncated afterwards."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from app.cases import ItemId, ItemQuery, TagChanges, count_items, tag_item
from app.errors import AppError
from app.ingest import import_paths
from app.vault.items import delete_item, get_item
from tests.core.cli.kit import _jpeg_with_exif
from tests.helpers import Cli


def _import(vault, tmp_path: Path) -> int:  # type: ignore[no-untyped-def]
    jpg = _jpeg_with_exif(tmp_path, "secret-name-4711.jpg")
    summary = import_paths(vault, [jpg], method="file")
    return int(summary.outcomes[0].item_id)


def test_delete_removes_content_and_leaves_a_tombstone(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    item_id = _import(vault, tmp_path)
    tag_item(vault, ItemId(item_id), TagChanges(add_cases=("حملة",), description="تهديد بالقتل"))
    record = get_item(vault, item_id)
    uuid, sha = record["uuid"], record["sha256"]
    assert vault.read("SELECT count(*) FROM blobs WHERE item_id = ?", (item_id,))[0][0] >= 2
    assert count_items(vault, ItemQuery(text="تهديد")) == 1

    result = delete_item(vault, item_id)

    assert result["kind"] == "image" and result["blobs"] >= 2
    with pytest.raises(AppError) as err:
        get_item(vault, item_id)
    assert err.value.code == "item.not_found"
    for table in ("blobs", "item_cases", "item_fts"):
        col = "rowid" if table == "item_fts" else "item_id"
        assert vault.read(f"SELECT count(*) FROM {table} WHERE {col} = ?", (item_id,))[0][0] == 0
    assert vault.read("SELECT count(*) FROM blob_chunks")[0][0] == 0
    assert count_items(vault, ItemQuery(text="تهديد")) == 0
    log = vault.read("SELECT action, details FROM custody WHERE item_id = ? ORDER BY seq", (uuid,))
    assert log[-1][0] == "item.deleted"
    details = json.loads(log[-1][1])
    assert set(details) == {"kind", "media_type", "blobs"}
    assert "secret-name" not in log[-1][1] and sha not in log[-1][1]
    assert vault.verify_custody().ok
    assert not vault.check_integrity()
    assert vault.read("PRAGMA secure_delete")[0][0] == 1
    wal = vault.path / "vault.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_delete_of_unknown_item_is_refused(vault) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AppError) as err:
        delete_item(vault, 99)
    assert err.value.code == "item.not_found"


def test_cli_delete_needs_yes_without_a_terminal(cli: Cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cli.init()
    buf = io.BytesIO()
    Image.new("RGB", (20, 30), (4, 5, 6)).save(buf, "PNG")
    (tmp_path / "x.png").write_bytes(buf.getvalue())
    item = cli("import", str(tmp_path / "x.png"), "--json").json_lines()[0]["item_id"]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    r = cli("delete", str(item))
    assert r.code == 2 and "--yes" in r.err
    assert cli("info", "--json").json()["items"] == 1
    r = cli("delete", str(item), "--yes", lang="ar")
    assert r.code == 0 and "Deleted" not in r.err
    assert cli("info", "--json").json()["items"] == 0
    assert cli("log", "verify").code == 0
    shown = cli("log", "show", "--json").json()
    entries = shown if isinstance(shown, list) else shown.get("entries", [])
    assert entries[-1]["action"] == "item.deleted"
    assert cli("delete", str(item), "--yes").code == 1
