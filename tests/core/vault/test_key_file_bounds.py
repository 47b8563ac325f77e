# SPDX-License-Identifier: GPL-3.0-or-later
"""A tampered key file is refused before any derivation, and a key file from another vault is told
as such (issue 12, point 7)."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from pathlib import Path
from typing import Any

import pytest

from app.errors import AppError, VerificationFailed, WrongPassphrase
from app.vault import KdfParams, create_vault, migrations, open_vault
from app.vault.connection import connect
from app.vault.core import DB_FILE, KEY_FILE
from app.vault.keys import KeyFile, _canonical, calibrate
from tests.helpers import PASSPHRASE, Cli, msg


def _edit(path: Path, change: Any) -> None:
    """Edit the key file as an attacker would: change a field, recompute the checksum."""
    body = json.loads((path / KEY_FILE).read_text())
    body.pop("checksum")
    change(body)
    body["checksum"] = hashlib.sha256(_canonical(body)).hexdigest()
    (path / KEY_FILE).write_text(json.dumps(body))


def _kdf(field: str, value: Any) -> Any:
    return lambda body: body["kdf"].__setitem__(field, value)


def _b64_of(n: int) -> str:
    import base64

    return base64.b64encode(b"\x00" * n).decode()


TAMPERED = {
    "memory 2**40": _kdf("memory_kib", 2**40),
    "memory 2 GiB": _kdf("memory_kib", 2 * 1024 * 1024),
    "memory 0": _kdf("memory_kib", 0),
    "iterations 10**9": _kdf("iterations", 10**9),
    "iterations 0": _kdf("iterations", 0),
    "iterations -1": _kdf("iterations", -1),
    "lanes 2**24": _kdf("lanes", 2**24),
    "lanes 0": _kdf("lanes", 0),
    "all huge": lambda b: b["kdf"].update(memory_kib=2**40, iterations=10**9, lanes=2**24),
    "alg argon2i": _kdf("alg", "argon2i"),
    "salt 1 byte": _kdf("salt", _b64_of(1)),
    "salt 1 MB": _kdf("salt", _b64_of(1_000_000)),
    "slot 64 KB": lambda b: b["slots"][1].__setitem__("wrapped", _b64_of(65536)),
    "nonce 0 bytes": lambda b: b["slots"][0].__setitem__("nonce", ""),
    "wrapped 1 MB": lambda b: b["slots"][3].__setitem__("wrapped", _b64_of(1_000_000)),
    "5 slots": lambda b: b["slots"].append(b["slots"][0]),
    "3 slots": lambda b: b["slots"].pop(),
    "wipe after 0": lambda b: b["attempts"].__setitem__("wipe_after", 0),
    "failed -1": lambda b: b["attempts"].__setitem__("failed", -1),
    "seen mac 1 KB": lambda b: b["attempts"]["seen"].__setitem__("mac", _b64_of(1024)),
    "vault id 10 KB": lambda b: b.__setitem__("vault_id", "a" * 10_000),
    "db salt 3 bytes": lambda b: b.__setitem__("db_salt", "abcdef"),
}


@pytest.mark.parametrize("name", list(TAMPERED))
def test_key_file_out_of_bounds_refused_before_deriving(tmp_path: Path, name: str) -> None:
    path = tmp_path / "v.bayyina"
    create_vault(path, PASSPHRASE, KdfParams.testing()).lock()
    _edit(path, TAMPERED[name])
    t0 = time.monotonic()
    with pytest.raises(VerificationFailed) as info:
        open_vault(path, PASSPHRASE)
    assert time.monotonic() - t0 < 2.0
    assert info.value.code == "vault.key_file_tampered"
    assert info.value.exit_code == 4


@pytest.mark.parametrize("value", [1e999, "12", None, [], 1.5e300])
def test_key_file_non_integer_kdf_is_damage(tmp_path: Path, value: Any) -> None:
    path = tmp_path / "v.bayyina"
    create_vault(path, PASSPHRASE, KdfParams.testing()).lock()
    _edit(path, _kdf("memory_kib", value))
    t0 = time.monotonic()
    with pytest.raises(AppError) as info:
        open_vault(path, PASSPHRASE)
    assert time.monotonic() - t0 < 2.0
    assert info.value.code in {"vault.key_file_damaged", "vault.key_file_tampered"}


def test_key_file_bounds_admit_everything_calibrate_makes() -> None:
    for params in (KdfParams.testing(), calibrate(target_s=0.01, memory_kib=8 * 1024, lanes=1),
                   KdfParams(iterations=12, memory_kib=256 * 1024, lanes=4),
                   KdfParams(iterations=2, memory_kib=256 * 1024, lanes=4)):
        params.check_bounds()
    kf = KeyFile.create(PASSPHRASE, KdfParams.testing(), secrets.token_bytes(32))
    assert KeyFile.from_json(kf.to_json()).vault_id == kf.vault_id


def test_key_file_from_another_vault_is_told_as_such(tmp_path: Path) -> None:
    a, b = tmp_path / "a.bayyina", tmp_path / "b.bayyina"
    create_vault(a, PASSPHRASE, KdfParams.testing()).lock()
    create_vault(b, "the other vault's passphrase", KdfParams.testing()).lock()
    (a / KEY_FILE).write_bytes((b / KEY_FILE).read_bytes())
    for passphrase in (PASSPHRASE, "the other vault's passphrase"):
        t0 = time.monotonic()
        with pytest.raises(AppError) as info:
            open_vault(a, passphrase)
        assert info.value.code == "vault.key_file_foreign"
        assert time.monotonic() - t0 < 2.0


def _old_vault(path: Path) -> None:
    """A vault as Bayyina made it before issue 12: random database salt, no db_salt."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path.mkdir()
    master = secrets.token_bytes(32)
    key_file = KeyFile.create_v1(PASSPHRASE, KdfParams.testing(), master)
    conn = connect(path / DB_FILE, master, create=True)
    migrations.upgrade(conn)
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    conn.execute("INSERT INTO meta (key, value) VALUES ('signing_key', ?)", (raw,))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    (path / KEY_FILE).write_bytes(key_file.to_json())
    assert b"db_salt" not in (path / KEY_FILE).read_bytes()


def test_key_file_of_old_vault_opens_and_is_bound(tmp_path: Path) -> None:
    old, other = tmp_path / "old.bayyina", tmp_path / "other.bayyina"
    _old_vault(old)
    _old_vault(other)
    foreign = (other / KEY_FILE).read_bytes()
    with open_vault(old, PASSPHRASE) as v:
        assert v.fingerprint()
    assert json.loads((old / KEY_FILE).read_text())["db_salt"] == \
        (old / DB_FILE).read_bytes()[:16].hex()
    (old / KEY_FILE).write_bytes(foreign)  # an unbound foreign file: tried, then told as damage
    with pytest.raises(AppError) as info:
        open_vault(old, PASSPHRASE)
    assert info.value.code == "vault.damaged"


def test_cli_key_file_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(tmp_path, capsys)
    assert cli.init().code == 0
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n")
    assert cli("info", passphrase_file=wrong).code == 3
    good_key = (cli.vault / KEY_FILE).read_bytes()
    _edit(cli.vault, _kdf("memory_kib", 2**40))
    r = cli("info")
    assert r.code == 4 and msg("vault.key_file_tampered", reason="kdf memory") in r.err
    other = tmp_path / "other.bayyina"
    create_vault(other, PASSPHRASE, KdfParams.testing()).lock()
    (cli.vault / KEY_FILE).write_bytes((other / KEY_FILE).read_bytes())
    r = cli("info")
    assert r.code == 1 and msg("vault.key_file_foreign") in r.err
    (cli.vault / KEY_FILE).write_bytes(good_key)
    assert cli("info").code == 0
    with pytest.raises(WrongPassphrase):
        open_vault(cli.vault, "not it")
