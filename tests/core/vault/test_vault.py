# SPDX-License-Identifier: GPL-3.0-or-later
"""The vault: key hierarchy, wrong passphrase vs damage, no plaintext on disk, WAL hygiene."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest

from app.errors import AppError, WrongPassphrase
from app.vault import KdfParams, create_vault, open_vault
from app.vault.connection import PAGE_SIZE
from app.vault.core import DB_FILE, KEY_FILE
from app.vault.duress import DB_FILES
from app.vault.keys import KeyFile, calibrate
from tests.helpers import PASSPHRASE, grep_tree


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_vault_create_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "a.bayyina"
    with create_vault(path, PASSPHRASE, KdfParams.testing()) as v:
        fp = v.fingerprint()
        assert v.info().schema_version >= 1
    assert sorted(p.name for p in path.iterdir()) == sorted([*DB_FILES, KEY_FILE])
    assert (path / DB_FILE).read_bytes()[:16] != b"SQLite format 3\x00"
    with open_vault(path, PASSPHRASE) as v:
        assert v.fingerprint() == fp
        assert v.verify_custody().ok


def test_vault_wrong_passphrase_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "b.bayyina"
    create_vault(path, PASSPHRASE, KdfParams.testing()).lock()
    before = _snapshot(path)
    key_before = json.loads((path / KEY_FILE).read_text())
    with pytest.raises(WrongPassphrase):
        open_vault(path, PASSPHRASE + "x")
    after = _snapshot(path)
    # the database files are untouched; the key file only counts the attempt (issue 16)
    assert {k: v for k, v in after.items() if k != KEY_FILE} == \
        {k: v for k, v in before.items() if k != KEY_FILE}
    key_after = json.loads((path / KEY_FILE).read_text())
    assert key_after["attempts"]["failed"] == key_before["attempts"]["failed"] + 1
    for part in ("attempts", "checksum"):
        key_before.pop(part), key_after.pop(part)
    assert key_after == key_before


def test_vault_flipped_db_byte_is_damage_not_wrong_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "c.bayyina"
    create_vault(path, PASSPHRASE, KdfParams.testing()).lock()
    db = path / DB_FILE
    data = bytearray(db.read_bytes())
    data[100] ^= 0x40  # inside page 1, after the salt
    db.write_bytes(bytes(data))
    with pytest.raises(AppError) as info:
        open_vault(path, PASSPHRASE)
    assert not isinstance(info.value, WrongPassphrase)
    assert info.value.code == "vault.damaged"


def test_vault_flipped_byte_in_later_page_found_by_check(tmp_path: Path) -> None:
    path = tmp_path / "d.bayyina"
    with create_vault(path, PASSPHRASE, KdfParams.testing()) as v, v.write() as tx:
        for i in range(200):
            tx.custody("test.fill", [f"item:{i}"], {"pad": "x" * 500})
    db = path / DB_FILE
    data = bytearray(db.read_bytes())
    page = PAGE_SIZE
    assert len(data) > 8 * page
    data[6 * page + 200] ^= 0x01
    db.write_bytes(bytes(data))
    with open_vault(path, PASSPHRASE) as v:
        problems = v.check_integrity()
    assert problems, "a corrupted page must be reported"


def test_vault_damaged_key_file(tmp_path: Path) -> None:
    path = tmp_path / "e.bayyina"
    create_vault(path, PASSPHRASE, KdfParams.testing()).lock()
    raw = (path / KEY_FILE).read_text()
    (path / KEY_FILE).write_text(raw.replace('"version": 2', '"version": 7'))
    with pytest.raises(AppError) as info:
        open_vault(path, PASSPHRASE)
    assert info.value.code == "vault.key_file_damaged"


def test_vault_passphrase_change_rewraps_without_rewriting_db(tmp_path: Path) -> None:
    path = tmp_path / "f.bayyina"
    with create_vault(path, PASSPHRASE, KdfParams.testing()) as v, v.write() as tx:
        for i in range(1000):
            tx.custody("test.fill", [f"item:{i}"], {"pad": "y" * 400})
    before = (path / DB_FILE).read_bytes()
    key_before = (path / KEY_FILE).read_bytes()
    with open_vault(path, PASSPHRASE) as v:
        v.change_passphrase(PASSPHRASE, "new passphrase ٢")
    after = (path / DB_FILE).read_bytes()
    assert (path / KEY_FILE).read_bytes() != key_before
    assert after[:16] == before[:16]  # same SQLCipher salt: no rekey
    page = PAGE_SIZE
    pages = len(before) // page
    changed = sum(before[i * page:(i + 1) * page] != after[i * page:(i + 1) * page]
                  for i in range(pages))
    # only the pages touched by one new custody entry (its row, index leaves, meta, header) —
    # a handful whatever b-tree splits happen, never a rewrite of the database
    assert pages > 60 and changed <= 16, (pages, changed)
    with pytest.raises(WrongPassphrase):
        open_vault(path, PASSPHRASE)
    with open_vault(path, "new passphrase ٢") as v:
        assert v.verify_custody().ok
        actions = [r[0] for r in v.read("SELECT action FROM custody ORDER BY seq")]
    assert actions[-1] == "vault.passphrase_changed"


def test_vault_master_key_unchanged_by_passphrase_change(tmp_path: Path) -> None:
    kf = KeyFile.create_v1("one", KdfParams.testing(), b"k" * 32)
    kf.rewrap("two", KdfParams.testing(), b"k" * 32)  # a version 1 file becomes version 2
    assert kf.version == 2 and bytes(kf.unwrap("two")) == b"k" * 32
    kf.change_slot("two", "three")  # version 2: the slot rewrapped, same salt
    assert bytes(kf.unwrap("three")) == b"k" * 32
    with pytest.raises(WrongPassphrase):
        kf.unwrap("two")
    with pytest.raises(WrongPassphrase):
        kf.unwrap("one")


def test_vault_refuses_existing(tmp_path: Path) -> None:
    path = tmp_path / "g.bayyina"
    create_vault(path, PASSPHRASE, KdfParams.testing()).lock()
    with pytest.raises(AppError) as info:
        create_vault(path, PASSPHRASE, KdfParams.testing())
    assert info.value.code == "vault.exists"


def test_vault_lock_truncates_wal(tmp_path: Path) -> None:
    path = tmp_path / "h.bayyina"
    v = create_vault(path, PASSPHRASE, KdfParams.testing())
    v.lock()
    v = open_vault(path, PASSPHRASE)
    with v.write() as tx:
        tx.custody("test", ["item:x"], {"n": 1})
    wal = path / (DB_FILE + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    v.lock()
    assert not wal.exists() or wal.stat().st_size == 0
    with pytest.raises(AppError):
        _ = v.conn


def test_vault_no_plaintext_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     _private_home: Path) -> None:  # noqa: PT019 - used below
    private_tmp = tmp_path / "tmpdir"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    marker = "MARKER-7f3a-شهادة-" + os.urandom(4).hex()
    path = tmp_path / "m.bayyina"
    with create_vault(path, PASSPHRASE, KdfParams.testing()) as v:
        with v.write() as tx:
            for i in range(50):
                tx.custody("test.note", [f"item:{i}"], {"note": f"{marker} {i}"})
        assert marker in str(v.read("SELECT details FROM custody WHERE seq = 2")[0][0])
    needle = marker.encode()
    for root in (path, private_tmp, _private_home):
        assert grep_tree(root, needle) == []
        assert grep_tree(root, marker.encode("utf-16-le")) == []


def test_vault_db_is_not_readable_by_plain_sqlite(vault) -> None:  # type: ignore[no-untyped-def]
    db = Path(vault.path) / DB_FILE
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_vault_connection_is_hardened(vault) -> None:  # type: ignore[no-untyped-def]
    c = vault.conn
    assert c.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    assert c.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert c.execute("PRAGMA temp_store").fetchone()[0] == 2
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_vault_calibration_meets_floor() -> None:
    params = calibrate(target_s=0.05, memory_kib=8 * 1024, lanes=1)
    assert params.iterations >= 2
    assert not KdfParams(iterations=3, memory_kib=256 * 1024, lanes=4).is_below_floor
    assert KdfParams.testing().is_below_floor


@pytest.mark.parametrize(("page", "hmac"), [(4096, "HMAC_SHA512"), (65536, "HMAC_SHA512")])
def test_vault_made_with_older_pages_opens_with_its_wal(tmp_path: Path, page: int, hmac: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Vaults made before 64 KiB pages with HMAC-SHA256 (SQLCipher's defaults, 4096 and
    HMAC-SHA512, or 64 KiB with HMAC-SHA512) open as they are — also straight after a crash,
    with committed pages still in the WAL. A new vault has the new format."""
    import shutil

    from app.vault import connection

    monkeypatch.setattr(connection, "PAGE_SIZE", page)
    monkeypatch.setattr(connection, "HMAC", hmac)
    path = tmp_path / "old.bayyina"
    v = create_vault(path, PASSPHRASE, KdfParams.testing())
    assert str(v.conn.execute("PRAGMA page_size").fetchone()[0]) == str(page)
    assert v.conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == hmac
    v.conn.execute("PRAGMA wal_autocheckpoint = 0")
    with v.write() as tx:
        for i in range(300):
            tx.custody("test.fill", [f"item:{i}"], {"pad": "y" * 400})
    count = v.conn.execute("SELECT count(*) FROM custody").fetchone()[0]
    shutil.copytree(path, tmp_path / "crashed")  # the files as a power cut leaves them
    v.lock()
    monkeypatch.undo()
    assert (connection.PAGE_SIZE, connection.HMAC) == (65536, "HMAC_SHA256")
    assert (tmp_path / "crashed" / "vault.db-wal").stat().st_size > 100_000
    for where in (tmp_path / "crashed", path):
        with open_vault(where, PASSPHRASE) as v:
            assert str(v.conn.execute("PRAGMA page_size").fetchone()[0]) == str(page)
            assert v.conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == hmac
            assert v.conn.execute("SELECT count(*) FROM custody").fetchone()[0] == count
            assert v.check_integrity() == []
    new = tmp_path / "new.bayyina"
    with create_vault(new, PASSPHRASE, KdfParams.testing()) as v:
        assert str(v.conn.execute("PRAGMA page_size").fetchone()[0]) == "65536"
        assert v.conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA256"
