# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Backups that do not fork (issue 16): backup → restore → export is accepted by an organisation
that received bundles from the original; two copies exporting are told, never silently refused."""

from __future__ import annotations

import io
import json
import os
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app.bundle import keygen_recipient
from app.errors import AppError, VerificationFailed
from app.handover import export_from_vault, receive_into_vault
from app.handover.backup import backup_vault, restore_vault
from app.ingest import import_bytes
from app.vault import KdfParams, create_vault, open_vault
from tests.helpers import PASSPHRASE, grep_tree

BACKUP_PW = "backup passphrase ٹ"


def _png(color: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (12, 9), color).save(buf, "PNG")
    return buf.getvalue()


def _add(vault: Any, color: tuple[int, int, int]) -> int:
    out = import_bytes(vault, _png(color), name=f"{color}.png")
    assert out.status == "imported" and out.item_id is not None
    return out.item_id


def _send(vault: Any, org: Any, out: Path, item: int, **kw: Any) -> Any:
    res = export_from_vault(vault, out, item_ids=[item], encrypt=False)
    return receive_into_vault(org, res.path, trust_signer=vault.fingerprint(), **kw)


def test_backup_restore_export_accepted_after_the_original(vault: Any, org: Any,
                                                          tmp_path: Path) -> None:
    first = _send(vault, org, tmp_path / "b1.zip", _add(vault, (200, 0, 0)))
    assert first.restore_epoch is None
    res = backup_vault(vault, tmp_path / "vault.backup", passphrase=BACKUP_PW)
    assert res.bundle_seq == 1 and res.bundle_epoch == 0
    assert res.readback in ("direct", "dropped", "cached")
    assert vault.meta("last_backup_at") == res.created_at
    # the original goes on exporting (bundle 2), then the laptop is lost
    _send(vault, org, tmp_path / "b2.zip", _add(vault, (0, 200, 0)))
    restored = restore_vault(res.path, tmp_path / "new.bayyina", PASSPHRASE,
                             passphrase=BACKUP_PW)
    assert restored.bundle_epoch == 1 and restored.bundle_seq == 1
    with open_vault(tmp_path / "new.bayyina", PASSPHRASE) as copy:
        assert copy.fingerprint() == vault.fingerprint()
        assert copy.check_integrity() == [] and copy.verify_custody().ok
        ex = export_from_vault(copy, tmp_path / "r2.zip", item_ids=[_add(copy, (0, 0, 200))],
                               encrypt=False)
        assert ex.manifest["vault"]["bundle_epoch"] == 1  # signed: part of the manifest
        assert "bundle_epoch" not in json.loads(
            zipfile.ZipFile(tmp_path / "b1.zip").read("manifest.json"))["vault"]
        got = receive_into_vault(org, ex.path)
        # number 2 again, in the new epoch, chained to bundle 1: accepted, said as a restore
        assert got.status == "received" and got.seq == 2 and got.restore_epoch == 1
        assert not got.out_of_order and not got.gap
        again = _send(copy, org, tmp_path / "r3.zip", _add(copy, (9, 9, 9)))
        assert again.status == "received" and again.seq == 3 and again.restore_epoch is None
        # the original, still exporting in the older epoch: two copies, told as such
        with pytest.raises(VerificationFailed) as err:
            _send(vault, org, tmp_path / "b3.zip", _add(vault, (1, 2, 3)))
        assert err.value.code == "handover.two_copies"
        assert err.value.params["newer"] == 1


def test_two_copies_of_one_vault_are_told(vault: Any, org: Any, tmp_path: Path) -> None:
    """Two restores of one backup (or a folder copied by hand) write the same number."""
    _send(vault, org, tmp_path / "b1.zip", _add(vault, (200, 0, 0)))
    res = backup_vault(vault, tmp_path / "vault.backup", passphrase=BACKUP_PW)
    a = restore_vault(res.path, tmp_path / "a.bayyina", PASSPHRASE, passphrase=BACKUP_PW)
    b = restore_vault(res.path, tmp_path / "b.bayyina", PASSPHRASE, passphrase=BACKUP_PW)
    with open_vault(a.path, PASSPHRASE) as va, open_vault(b.path, PASSPHRASE) as vb:
        assert _send(va, org, tmp_path / "a2.zip", _add(va, (0, 200, 0))).status == "received"
        with pytest.raises(VerificationFailed) as err:
            _send(vb, org, tmp_path / "b2.zip", _add(vb, (0, 0, 200)))
        assert err.value.code == "handover.two_copies" and err.value.params["seq"] == 2
        # the organisation can still take it, knowingly
        ok = receive_into_vault(org, tmp_path / "b2.zip", accept_out_of_order=True)
        assert ok.status == "received" and ok.out_of_order


def test_backup_to_recipient_and_nothing_plain_on_disk(vault: Any, tmp_path: Path) -> None:
    _add(vault, (1, 200, 3))
    identity, recipient = keygen_recipient()
    res = backup_vault(vault, tmp_path / "to-org.backup", recipients=(recipient,))
    raw = res.path.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1\n") and b"vault.create" not in raw
    assert not list(vault.path.glob("*.partial*"))  # the snapshot is gone
    with pytest.raises(AppError) as err:
        restore_vault(res.path, tmp_path / "x.bayyina", PASSPHRASE, passphrase="nope")
    assert not (tmp_path / "x.bayyina").exists()
    restored = restore_vault(res.path, tmp_path / "x.bayyina", PASSPHRASE, identity=identity)
    assert restored.fingerprint == vault.fingerprint()
    assert err.value.code.startswith("bundle.")
    assert grep_tree(tmp_path / "x.bayyina", b"vault.create") == []


def test_a_changed_backup_is_refused_and_leaves_nothing(vault: Any, tmp_path: Path) -> None:
    res = backup_vault(vault, tmp_path / "v.backup", passphrase=BACKUP_PW)
    data = bytearray(res.path.read_bytes())
    data[-100] ^= 1
    bad = tmp_path / "bad.backup"
    bad.write_bytes(bytes(data))
    with pytest.raises(VerificationFailed):
        restore_vault(bad, tmp_path / "n.bayyina", PASSPHRASE, passphrase=BACKUP_PW)
    assert not (tmp_path / "n.bayyina").exists()


def test_backup_refuses_bad_protection_and_cleans_a_dead_snapshot(vault: Any,
                                                                  tmp_path: Path) -> None:
    _, recipient = keygen_recipient()
    for kw in ({}, {"passphrase": ""}, {"passphrase": "x", "recipients": (recipient,)}):
        with pytest.raises(AppError) as err:
            backup_vault(vault, tmp_path / "b.backup", **kw)  # type: ignore[arg-type]
        assert err.value.code == "backup.protection"
    dead = vault.path / "vault.db.backup-0123456789abcdef.partial"
    dead.write_bytes(b"left by a backup that died")
    res = backup_vault(vault, tmp_path / "b.backup", passphrase=BACKUP_PW)
    assert not dead.exists() and not list(vault.path.glob("*.partial*"))
    with pytest.raises(AppError) as err:
        backup_vault(vault, res.path, passphrase=BACKUP_PW)  # never overwritten
    assert err.value.code == "bundle.exists"
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(AppError) as err:
        restore_vault(res.path, tmp_path / "full", PASSPHRASE, passphrase=BACKUP_PW)
    assert err.value.code == "vault.folder_not_empty"
    assert sorted(p.name for p in (tmp_path / "full").iterdir()) == ["x"]


def test_a_restored_vault_whose_first_bundle_was_lost_is_a_gap_not_a_break(
        vault: Any, org: Any, tmp_path: Path) -> None:
    _send(vault, org, tmp_path / "b1.zip", _add(vault, (200, 0, 0)))
    res = backup_vault(vault, tmp_path / "v.backup", passphrase=BACKUP_PW)
    _send(vault, org, tmp_path / "b2.zip", _add(vault, (0, 200, 0)))
    restored = restore_vault(res.path, tmp_path / "n.bayyina", PASSPHRASE, passphrase=BACKUP_PW)
    with open_vault(restored.path, PASSPHRASE) as copy:
        export_from_vault(copy, tmp_path / "lost.zip", encrypt=False)  # never arrives
        got = _send(copy, org, tmp_path / "r3.zip", _add(copy, (0, 0, 200)))
    assert got.status == "received" and got.seq == 3 and got.restore_epoch == 1
    assert got.gap and not got.out_of_order


def test_every_database_file_of_the_folder_is_backed_up(vault: Any, tmp_path: Path) -> None:
    """A second database file (a decoy or its random placeholder, issue 16) travels as it is, so
    that a restored folder looks as the original did and its key file finds what it names."""
    _add(vault, (3, 30, 90))
    other = os.urandom(5000)
    (vault.path / "vault.1.db").write_bytes(other)
    res = backup_vault(vault, tmp_path / "v.backup", passphrase=BACKUP_PW)
    restored = restore_vault(res.path, tmp_path / "n.bayyina", PASSPHRASE, passphrase=BACKUP_PW)
    assert (restored.path / "vault.1.db").read_bytes() == other
    assert (restored.path / "vault.key").read_bytes() == (vault.path / "vault.key").read_bytes()
    with open_vault(restored.path, PASSPHRASE) as copy:
        assert copy.read("SELECT COUNT(*) FROM items")[0][0] == 1


def test_a_vault_with_4k_pages_is_backed_up_and_restored(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A vault made before 64 KiB pages (SQLCipher's defaults, 4096 and HMAC-SHA512): its
    snapshot is encrypted as it is, and the restored vault opens with every item."""
    from app.vault import connection

    monkeypatch.setattr(connection, "PAGE_SIZE", 4096)
    monkeypatch.setattr(connection, "HMAC", "HMAC_SHA512")
    old = create_vault(tmp_path / "old.bayyina", PASSPHRASE, KdfParams.testing())
    monkeypatch.undo()
    try:
        item = _add(old, (9, 80, 200))
        res = backup_vault(old, tmp_path / "old.backup", passphrase=BACKUP_PW)
        restore_vault(res.path, tmp_path / "back.bayyina", PASSPHRASE, passphrase=BACKUP_PW)
    finally:
        old.lock()
    with open_vault(tmp_path / "back.bayyina", PASSPHRASE) as v:
        assert str(v.conn.execute("PRAGMA page_size").fetchone()[0]) == "4096"
        assert v.conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA512"
        assert v.conn.execute("SELECT count(*) FROM items WHERE id = ?", (item,)).fetchone()[0]
        assert v.check_integrity() == []


@pytest.mark.parametrize("fault", ["changed byte", "read error", "cut short"])
def test_a_backup_the_drive_does_not_give_back_is_never_published(
        vault: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    """The read-back (a thread reading and hashing ahead while the bytes are decrypted and
    parsed) finds a byte the drive changed, a read error and a short file: the backup is refused
    and nothing is published."""
    from app import safefile

    _add(vault, (1, 2, 3))
    _add(vault, (4, 5, 6))
    real = safefile.Written.read_back
    closed: list[bool] = []

    def faulty(self):  # type: ignore[no-untyped-def]
        chunks, method = real(self)

        def gen():  # type: ignore[no-untyped-def]
            try:
                for i, chunk in enumerate(chunks):
                    if i == 0 and fault == "changed byte":
                        chunk = chunk[:200] + bytes([chunk[200] ^ 1]) + chunk[201:]
                    if i == 1 and fault == "read error":
                        raise OSError(5, "Input/output error")
                    if i == 1 and fault == "cut short":
                        return
                    yield chunk
            finally:
                closed.append(True)
        return gen(), method

    monkeypatch.setattr(safefile.Written, "read_back", faulty)
    monkeypatch.setattr(safefile, "READ_CHUNK", 4096)  # several chunks for a small backup
    with pytest.raises(AppError) as info:
        backup_vault(vault, tmp_path / "vault.backup", passphrase=BACKUP_PW)
    assert info.value.code == "backup.readback_failed"
    assert [p.name for p in tmp_path.iterdir() if "backup" in p.name] == []
    assert closed == [True]
    assert not [t for t in threading.enumerate() if t.name == "read-ahead"]
