# SPDX-License-Identifier: GPL-3.0-or-later
"""`bayyina-cli` vault commands end to end: init, info, passwd, check; exit codes and languages."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from app.vault.core import DB_FILE
from tests.helpers import run


def test_cli_init_and_info(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli.init()
    assert r.code == 0, r.err
    info = cli("info", "--json")
    assert info.code == 0
    data = info.json()
    assert data["items"] == 0 and data["custody_entries"] == 1
    assert len(data["fingerprint"]) == 64 and data["sqlcipher"].startswith("4.")
    assert data["kdf"]["alg"] == "argon2id"


def test_cli_wrong_passphrase_exit_3_and_vault_untouched(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli.init()
    snap = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in cli.vault.iterdir()}
    bad = tmp_path / "bad.txt"
    bad.write_text("nope\n")
    r = cli("info", passphrase_file=bad)
    assert r.code == 3
    assert r.err.strip() == "Wrong passphrase. Nothing in the vault was changed."
    r = cli("info", passphrase_file=bad, lang="ar")
    assert r.code == 3 and "عبارة المرور خاطئة" in r.err
    assert "Traceback" not in r.err
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in cli.vault.iterdir()} == snap


def test_cli_damaged_vault_is_not_wrong_passphrase(cli) -> None:  # type: ignore[no-untyped-def]
    cli.init()
    db = cli.vault / DB_FILE
    data = bytearray(db.read_bytes())
    data[2000] ^= 0xFF
    db.write_bytes(bytes(data))
    r = cli("info")
    assert r.code == 1
    assert "damaged" in r.err and "Wrong passphrase" not in r.err


def test_cli_passwd(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli.init()
    new = tmp_path / "new.txt"
    new.write_text("a much better passphrase\n")
    r = cli("passwd", "--new-passphrase-file", str(new))
    assert r.code == 0, r.err
    assert cli("info").code == 3
    assert cli("info", passphrase_file=new).code == 0
    assert cli("log", "verify", passphrase_file=new).code == 0


def test_cli_check_ok(cli) -> None:  # type: ignore[no-untyped-def]
    cli.init()
    r = cli("check")
    assert r.code == 0 and "intact" in r.err


def test_cli_usage_error_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("frobnicate")
    assert r.code == 2
    assert "Traceback" not in r.err


def test_cli_missing_vault(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("info")
    assert r.code == 1 and "No vault was found" in r.err


def test_cli_no_tty_and_no_passphrase_file(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("bayyina-cli")
    with open(os.devnull) as devnull:
        r = run([str(exe), "info", "--vault", str(tmp_path / "x.bayyina")], stdin=devnull,
                env={**os.environ, "LANG": "C"})
    assert r.returncode == 2
    assert "--passphrase-file" in r.stderr and "Traceback" not in r.stderr


def test_cli_passphrase_from_stdin(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("bayyina-cli")
    vault = tmp_path / "s.bayyina"
    r = run([str(exe), "init", "--kdf-profile", "test", "--vault", str(vault),
             "--passphrase-file", "-"], input="from stdin\n")
    assert r.returncode == 0, r.stderr
    r = run([str(exe), "info", "--json", "--vault", str(vault), "--passphrase-file", "-"],
            input="from stdin\n")
    assert r.returncode == 0 and '"items": 0' in r.stdout
