# SPDX-License-Identifier: GPL-3.0-or-later
"""Quick delete (issue 16): a case and its evidence, one item, or the whole vault."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from app.cases.erase import erase_all, erase_case
from app.cases.model import TagChanges
from app.cases.query import ItemQuery, count_items
from app.cases.store import add_case, list_cases
from app.cases.tagging import tag_item
from app.errors import AppError
from app.ingest.pipeline import import_bytes
from app.vault import KdfParams, Vault, create_vault, open_vault
from app.vault.core import KEY_FILE
from app.vault.custody import entries
from app.vault.items import delete_item
from tests.helpers import PASSPHRASE, Cli

MARKER = "zebraquokka"


def _png(color: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (24, 16), color).save(buf, "PNG")
    return buf.getvalue()


def _fill(v: Vault) -> tuple[int, int]:
    add_case(v, "Campaign A")
    add_case(v, "Campaign B")
    only_a = import_bytes(v, _png((1, 2, 3)), name="a.png").item_id
    both = import_bytes(v, _png((4, 5, 6)), name="b.png").item_id
    assert only_a is not None and both is not None
    tag_item(v, only_a, TagChanges(notes=f"note {MARKER}", add_cases=("Campaign A",)))
    tag_item(v, both, TagChanges(notes="shared", add_cases=("Campaign A", "Campaign B")))
    return only_a, both


def _ids(v: Vault) -> set[int]:
    return {int(r[0]) for r in v.read("SELECT id FROM items")}


def test_erase_case_deletes_its_evidence_tombstones_and_verifies(tmp_path: Path) -> None:
    with create_vault(tmp_path / "v.bayyina", PASSPHRASE, KdfParams.testing()) as v:
        only_a, both = _fill(v)
        assert count_items(v, ItemQuery(text=MARKER)) == 1
        done = erase_case(v, "Campaign A")
        assert (done.items_deleted, done.items_kept) == (1, 1)
        assert _ids(v) == {both}
        assert [c.title for c in list_cases(v)] == ["Campaign B"]
        assert v.read("SELECT count(*) FROM blobs WHERE item_id = ?", (only_a,))[0][0] == 0
        assert count_items(v, ItemQuery(text=MARKER)) == 0
        assert count_items(v, ItemQuery(text="Campaign A")) == 0  # kept item reindexed
        assert v.verify_custody().ok
        last = entries(v.conn)[-1]
        assert last["action"] == "case.erase"
        assert last["details"] == {"kind": "case", "items_deleted": 1, "items_kept": 1}
        assert "Campaign" not in json.dumps(last) and MARKER not in json.dumps(last)
        assert v.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    with open_vault(tmp_path / "v.bayyina", PASSPHRASE) as v:
        assert v.check_integrity() == [] and v.verify_custody().ok


def test_erase_item_and_unknown_case(tmp_path: Path) -> None:
    with create_vault(tmp_path / "v.bayyina", PASSPHRASE, KdfParams.testing()) as v:
        only_a, both = _fill(v)
        delete_item(v, only_a)  # one item: the vault's delete, as the GUI's "Delete…"
        assert _ids(v) == {both}
        last = entries(v.conn)[-1]
        assert last["action"] == "item.deleted"
        with pytest.raises(AppError) as info:
            erase_case(v, "No such case")
        assert info.value.code == "cases.case_not_found"
        with pytest.raises(AppError):
            delete_item(v, 999)
        assert v.verify_custody().ok


def test_erase_all_crypto_erases(tmp_path: Path) -> None:
    path = tmp_path / "v.bayyina"
    with create_vault(path, PASSPHRASE, KdfParams.testing()) as v:
        _fill(v)
        erase_all(v)
        assert v.is_locked
    assert sorted(p.name for p in path.iterdir()) == [KEY_FILE]
    with pytest.raises(AppError) as info:
        open_vault(path, PASSPHRASE)
    assert info.value.code == "vault.erased"


def test_cli_delete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(tmp_path, capsys)
    assert cli.init().code == 0
    with open_vault(cli.vault, PASSPHRASE) as v:
        _fill(v)
    r = cli("delete", "--case", "Campaign A")  # no terminal, no --yes: nothing deleted
    assert r.code == 2 and "--yes" in r.err
    with open_vault(cli.vault, PASSPHRASE) as v:
        assert len(_ids(v)) == 2
    r = cli("delete", "--case", "Campaign A", "--yes", "--json")
    assert r.code == 0 and r.json() == {"erased": "case", "items_deleted": 1, "items_kept": 1}
    assert cli("log", "verify").code == 0
    r = cli("delete", "--case", "Campaign A", "--yes")
    assert r.code == 1
    assert cli("delete", "--yes").code == 2  # say what
    assert cli("delete", "--all", "--case", "x", "--yes").code == 2
    r = cli("delete", "--all", "--yes")
    assert r.code == 0
    r = cli("info")
    assert r.code == 1 and "was erased on" in r.err
