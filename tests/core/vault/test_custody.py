# SPDX-License-Identifier: GPL-3.0-or-later
"""The custody log: hash chain, append-only, tampering named by `log verify` (exit 4)."""

from __future__ import annotations

import json

import pytest

from app.vault import open_vault
from app.vault.custody import GENESIS, entry_hash, verify
from tests.helpers import PASSPHRASE


def _fill(vault, n: int = 5) -> None:  # type: ignore[no-untyped-def]
    with vault.write() as tx:
        for i in range(n):
            tx.custody("test.action", [f"item:u{i}"], {"i": i, "text": "ملاحظة"})


def test_custody_chain_links_and_hashes(vault) -> None:  # type: ignore[no-untyped-def]
    _fill(vault)
    rows = vault.read("SELECT seq, ts, action, subjects, item_id, data_sha256, prev, entry_sha256"
                      " FROM custody ORDER BY seq")
    prev = GENESIS
    for seq, ts, action, subjects, item_id, data, p, h in rows:
        entry = {"seq": seq, "ts": ts, "action": action, "subjects": json.loads(subjects),
                 "item_id": item_id, "data_sha256": data, "prev": p}
        assert p == prev
        assert entry_hash(entry) == h
        assert ts.endswith("Z")
        prev = h
    assert verify(vault.conn).ok


def test_custody_is_append_only(vault) -> None:  # type: ignore[no-untyped-def]
    _fill(vault)
    with pytest.raises(Exception, match="append-only"):
        vault.conn.execute("UPDATE custody SET action = 'x' WHERE seq = 2")
    with pytest.raises(Exception, match="append-only"):
        vault.conn.execute("DELETE FROM custody WHERE seq = 2")


def test_custody_write_rolls_back_with_its_change(vault) -> None:  # type: ignore[no-untyped-def]
    before = vault.verify_custody().entries
    with pytest.raises(RuntimeError), vault.write() as tx:
        tx.custody("test.action", ["item:z"], {})
        raise RuntimeError("crash in the middle")
    assert vault.verify_custody().entries == before


def _tamper(vault, sql: str) -> None:  # type: ignore[no-untyped-def]
    c = vault.conn
    c.execute("DROP TRIGGER custody_no_update")
    c.execute("DROP TRIGGER custody_no_delete")
    c.execute(sql)


@pytest.mark.parametrize(("sql", "seq", "reason"), [
    ("UPDATE custody SET action = 'forged' WHERE seq = 3", 3, "hash"),
    ("UPDATE custody SET details = '{\"i\":99}' WHERE seq = 4", 4, "details"),
    ("DELETE FROM custody WHERE seq = 3", 3, "gap"),
    ("DELETE FROM custody WHERE seq = 6", 6, "head"),
])
def test_custody_tampering_detected(vault, sql: str, seq: int, reason: str) -> None:  # type: ignore[no-untyped-def]
    _fill(vault)
    _tamper(vault, sql)
    report = vault.verify_custody()
    assert not report.ok
    assert report.first_bad_seq == seq
    assert report.reason == reason


def test_custody_cli_log_verify_exit_4(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli.init().code == 0
    with open_vault(cli.vault, PASSPHRASE) as v:
        _fill(v)
        _tamper(v, "UPDATE custody SET ts = '2020-01-01T00:00:00.000000Z' WHERE seq = 2")
    result = cli("log", "verify")
    assert result.code == 4
    assert "entry 2" in result.err
    result = cli("log", "verify", lang="ar")
    assert result.code == 4 and "مكسور" in result.err


def test_custody_cli_log_show_json(cli) -> None:  # type: ignore[no-untyped-def]
    cli.init()
    with open_vault(cli.vault, PASSPHRASE) as v:
        _fill(v, 2)
    result = cli("log", "show", "--json")
    assert result.code == 0
    entries = result.json()
    assert [e["action"] for e in entries] == ["vault.create", "test.action", "test.action"]
    assert entries[1]["details"]["text"] == "ملاحظة"
