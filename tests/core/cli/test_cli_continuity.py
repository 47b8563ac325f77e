# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The issue-16 commands end to end: backup, restore, key rotate/revoke/accept/apply and receipts,
with their exit codes and sentences."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers import Cli


def _png(tmp: Path, name: str, color: tuple[int, int, int]) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (10, 8), color).save(buf, "PNG")
    path = tmp / name
    path.write_bytes(buf.getvalue())
    return path


@pytest.fixture
def two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Cli, Cli]:
    me, org = Cli(tmp_path, capsys), Cli(tmp_path, capsys, tmp_path / "org.bayyina")
    assert me.init().code == 0 and org.init().code == 0
    return me, org


def _send(me: Cli, org: Cli, tmp: Path, name: str, color: tuple[int, int, int]) -> tuple[int, str]:
    assert me("import", str(_png(tmp, f"{name}.png", color))).code == 0
    out = tmp / f"{name}.zip"
    res = me("export", "--out", str(out), "--no-encryption", "--json")
    assert res.code == 0, res.err
    fp = me("key", "show", "--json").json()["fingerprint"]
    got = org("receive", str(out), "--trust-signer", fp)
    return got.code, got.out + got.err


def test_backup_restore_and_the_organisation_keeps_receiving(two: tuple[Cli, Cli],
                                                            tmp_path: Path) -> None:
    me, org = two
    assert _send(me, org, tmp_path, "one", (200, 0, 0))[0] == 0
    bpw = tmp_path / "bpw.txt"
    bpw.write_text("backup words\n", encoding="utf-8")
    assert "Last backup: never" in me("info").out
    res = me("backup", "--out", str(tmp_path / "v.backup"), "--backup-passphrase-file", str(bpw))
    assert res.code == 0, res.err
    assert "Backup written" in res.err and "verified" in res.out
    info = me("info", "--json").json()
    assert info["last_backup_at"] and info["bundle_epoch"] == 0
    assert "Last backup: " + info["last_backup_at"] in me("info").out
    # neither or both protections: a usage error, nothing written
    assert me("backup", "--out", str(tmp_path / "x.backup"), "--recipient", "age1x",
              "--backup-passphrase-file", str(bpw)).code == 2
    assert not (tmp_path / "x.backup").exists()
    new = Cli(tmp_path, me.capsys, tmp_path / "new.bayyina")
    got = new("restore", str(tmp_path / "v.backup"), "--backup-passphrase-file", str(bpw))
    assert got.code == 0, got.err
    assert "restore epoch 1" in got.out
    assert "restore epoch 1" in new("info").out
    assert me("export", "--out", str(tmp_path / "two.zip"), "--no-encryption").code == 0
    assert org("receive", str(tmp_path / "two.zip")).code == 0  # the original's bundle 2
    code, text = _send(new, org, tmp_path, "three", (0, 0, 200))  # the restore's bundle 2
    assert code == 0, text
    assert "restored from a backup (restore epoch 1)" in text
    # the original again, after the restore: two copies, told (exit 4)
    code, text = _send(me, org, tmp_path, "four", (0, 200, 0))
    assert code == 4 and "Two copies of this sender's vault are exporting" in text
    # a changed backup: exit 4, no vault made
    data = bytearray((tmp_path / "v.backup").read_bytes())
    data[200] ^= 1
    (tmp_path / "bad.backup").write_bytes(bytes(data))
    bad = Cli(tmp_path, me.capsys, tmp_path / "bad.bayyina")
    assert bad("restore", str(tmp_path / "bad.backup"), "--backup-passphrase-file",
               str(bpw)).code == 4
    assert not (tmp_path / "bad.bayyina").exists()


def test_key_rotate_accept_revoke_apply(two: tuple[Cli, Cli], tmp_path: Path) -> None:
    me, org = two
    assert _send(me, org, tmp_path, "one", (200, 0, 0))[0] == 0
    rot = me("key", "rotate", "--out", str(tmp_path / "rot.json"), "--json")
    assert rot.code == 0, rot.err
    assert org("key", "accept", str(tmp_path / "rot.json")).code == 0
    assert "already applied" in org("key", "accept", str(tmp_path / "rot.json")).err
    assert me("export", "--out", str(tmp_path / "b2.zip"), "--no-encryption").code == 0
    assert org("receive", str(tmp_path / "b2.zip")).code == 0  # the new key, pinned by it
    assert me("key", "revoke", "--out", str(tmp_path / "rev.json")).code == 0
    assert org("key", "apply", str(tmp_path / "rev.json")).code == 0
    (tmp_path / "junk.json").write_text('{"format": "bayyina-key-statement"}', encoding="utf-8")
    res = org("key", "apply", str(tmp_path / "junk.json"))
    assert res.code == 4 and "not a valid key statement" in res.err


def test_receipt_make_import_and_show(two: tuple[Cli, Cli], tmp_path: Path) -> None:
    me, org = two
    assert _send(me, org, tmp_path, "one", (200, 0, 0))[0] == 0
    made = org("receipt", "make", str(tmp_path / "one.zip"), "--name", "Helpline",
               "--out", str(tmp_path / "receipt.json"))
    assert made.code == 0, made.err
    res = me("receipt", "import", str(tmp_path / "receipt.json"))
    assert res.code == 4 and "does not trust yet" in res.err
    ofp = org("key", "show", "--json").json()["fingerprint"]
    res = me("receipt", "import", str(tmp_path / "receipt.json"), "--trust-signer", ofp)
    assert res.code == 0 and "received by Helpline" in res.err
    show = me("show", "1")
    assert "Received by Helpline on" in show.out
    assert me("show", "1", "--json").json()["received_by"][0]["organisation"] == "Helpline"
