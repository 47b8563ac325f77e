# SPDX-License-Identifier: GPL-3.0-or-later
"""`bayyina-cli` vault commands end to end: init, info, check, passwd (and --rekey), log
verify|show, and the passphrase sources (file, standard input, a terminal prompt); exit codes
and languages."""

from __future__ import annotations

import hashlib
import io
import os
import sys
from pathlib import Path

import pytest

from app.vault import open_vault
from app.vault.connection import PAGE_SIZE
from app.vault.core import DB_FILE
from tests.core.cli.kit import HEX, _main, _png, _tamper_custody, snapshot
from tests.helpers import PASSPHRASE, Cli, ar, msg, prompting, run


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
    # the databases untouched; the key file counts the failed attempts (issue 16)
    snap = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in cli.vault.iterdir()
            if p.name != "vault.key"}
    bad = tmp_path / "bad.txt"
    bad.write_text("nope\n")
    r = cli("info", passphrase_file=bad)
    assert r.code == 3
    assert r.err.strip() == "Wrong passphrase. Nothing in the vault was changed."
    r = cli("info", passphrase_file=bad, lang="ar")
    assert r.code == 3 and "عبارة المرور خاطئة" in r.err
    assert "Traceback" not in r.err
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in cli.vault.iterdir() if p.name != "vault.key"} == snap


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


# --- init, info, check ------------------------------------------------------------------------


def test_init_json_shape_and_a_second_init_is_refused(cli: Cli) -> None:
    r = cli("init", "--kdf-profile", "test", "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert set(data) == {"path", "fingerprint", "kdf"}
    assert data["path"] == str(cli.vault)
    assert len(data["fingerprint"]) == 64 and set(data["fingerprint"]) <= HEX
    assert data["kdf"]["alg"] == "argon2id" and r.err == ""
    before = snapshot(cli.vault)
    again = cli.init()
    assert again.code == 1
    assert again.err.strip() == msg("vault.exists", path=str(cli.vault))
    again = cli("init", "--kdf-profile", "test", lang="ar")
    assert again.code == 1
    assert again.err.strip() == msg("vault.exists", "ar", path=str(cli.vault))
    assert "توجد خزنة بالفعل" in again.err
    assert snapshot(cli.vault) == before
    assert cli("key", "show", "--json").json()["fingerprint"] == data["fingerprint"]


def test_info_human_in_english_and_arabic(cli: Cli) -> None:
    cli.init()
    r = cli("info")
    assert r.code == 0 and r.err == ""
    lines = r.out.splitlines()
    assert lines[0] == f"Vault: {cli.vault}"
    assert "0 items" in lines and "1 custody entry" in lines
    assert any(line.startswith("Schema version: ") for line in lines)
    assert any(line.startswith("Key derivation: Argon2id, 1 passes, 8 MiB") for line in lines)
    warning = "Warning: this vault uses a cheap test key-derivation profile."
    assert lines[-1] == warning
    r = cli("info", lang="ar")
    assert r.code == 0
    assert ar(warning) != warning and r.out.splitlines()[-1] == ar(warning)
    assert "Schema version" not in r.out


def test_check_json_and_a_damaged_vault(cli: Cli) -> None:
    cli.init()
    r = cli("check", "--json")
    assert r.code == 0
    data = r.json()
    assert data["ok"] is True and data["custody_entries"] == 1 and len(data["head"]) == 64
    # Fill the database so that its last page holds nothing needed to open it, then flip a byte
    # there: the vault still opens, but `check` must find the bad page.
    with open_vault(cli.vault, PASSPHRASE) as v, v.write() as tx:
        tx.execute("CREATE TABLE filler (x BLOB)")
        for _ in range(40):
            tx.execute("INSERT INTO filler VALUES (randomblob(3000))")
    db = cli.vault / DB_FILE
    data_bytes = bytearray(db.read_bytes())
    data_bytes[len(data_bytes) - PAGE_SIZE + 100] ^= 0xFF
    db.write_bytes(bytes(data_bytes))
    r = cli("check")
    assert r.code == 1
    assert r.err.startswith("The vault is damaged and cannot be read safely (")
    assert "page" in r.err and "Traceback" not in r.err
    r = cli("check", "--json", lang="ar")
    assert r.code == 1 and r.out == ""
    template = ar("The vault is damaged and cannot be read safely ({reason}). Restore it from a "
                  "backup copy of the vault folder; it was not modified.")
    assert r.err.startswith(template.split("{")[0]) and "damaged" not in template


def test_check_and_log_verify_name_the_broken_custody_entry(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    assert cli("import", str(_png(tmp_path, "a.png", (5, 6, 7)))).code == 0
    _tamper_custody(cli.vault, "UPDATE custody SET action = 'forged' WHERE seq = 2")
    r = cli("check")
    assert r.code == 4
    assert r.err.strip() == msg("custody.broken", seq=2, reason="hash")
    r = cli("log", "verify", "--json")
    assert r.code == 4
    data = r.json()
    assert data["ok"] is False and data["first_bad_seq"] == 2 and data["reason"] == "hash"
    assert r.err.strip() == msg("custody.broken", seq=2, reason="hash")
    r = cli("log", "verify", lang="ar")
    assert r.code == 4 and r.err.strip() == msg("custody.broken", "ar", seq=2, reason="hash")


def test_log_verify_json_and_log_show(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    item = cli("import", str(_png(tmp_path, "a.png", (1, 1, 1))), "--json").json_lines()[0]
    r = cli("log", "verify", "--json")
    assert r.code == 0 and r.err == ""
    assert r.json() == {"ok": True, "entries": 3, "head": r.json()["head"],
                        "first_bad_seq": None, "reason": None}
    r = cli("log", "verify")
    assert r.code == 0 and r.err.startswith("The custody log verifies: 3 entries, head ")
    mine = cli("log", "show", "--item", str(item["item_id"]), "--json")
    assert mine.code == 0
    entries = mine.json()
    assert [e["action"] for e in entries] == ["import", "sanitize"]
    uuid = entries[0]["subjects"][0]
    assert uuid.startswith("item:") and all(uuid in e["subjects"] for e in entries)
    human = cli("log", "show")
    assert human.code == 0
    rows = human.out.splitlines()
    assert len(rows) == 3
    assert rows[0].split()[0] == "1" and "vault.create" in rows[0]
    assert "import" in rows[1] and uuid in rows[1]
    missing = cli("log", "show", "--item", "999")
    assert missing.code == 1 and missing.out == ""
    assert missing.err.strip() == msg("item.not_found", item=999)
    missing = cli("log", "show", "--item", "999", lang="ar")
    assert missing.code == 1 and missing.err.strip() == msg("item.not_found", "ar", item=999)
    assert msg("item.not_found", "ar", item=999) != msg("item.not_found", item=999)


# --- passwd -----------------------------------------------------------------------------------


def test_passwd_refusals_keep_the_old_passphrase(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    before = snapshot(cli.vault)
    new = tmp_path / "new.txt"
    new.write_text("a new passphrase\n", encoding="utf-8")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n", encoding="utf-8")
    r = cli("passwd", "--new-passphrase-file", str(new), passphrase_file=wrong)
    assert r.code == 3 and r.err.strip() == msg("vault.wrong_passphrase")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    r = cli("passwd", "--new-passphrase-file", str(empty))
    assert r.code == 1 and r.err.strip() == "The passphrase must not be empty."
    r = cli("passwd", "--new-passphrase-file", str(tmp_path / "absent.txt"))
    assert r.code == 2
    assert r.err.strip() == msg("cli.passphrase_file", path=str(tmp_path / "absent.txt"))
    r = cli("passwd")  # a passphrase file for the old one, but nothing for the new one
    assert r.code == 2 and "--new-passphrase-file" in r.err
    # the databases untouched; the key file only counted the wrong passphrase (issue 16)
    assert {k: v for k, v in snapshot(cli.vault).items() if k != "vault.key"} == \
        {k: v for k, v in before.items() if k != "vault.key"}
    assert cli("info").code == 0
    assert cli("info", passphrase_file=new).code == 3


def test_passwd_without_new_passphrase_file_is_told_in_arabic(cli: Cli) -> None:
    cli.init()
    r = cli("passwd", lang="ar")
    assert r.code == 2
    assert r.err.strip() == msg("cli.new_passphrase_file_needed", "ar")
    assert "--new-passphrase-file" in r.err and "أعطي" in r.err


# --- passphrase sources -----------------------------------------------------------------------


def test_prompted_passphrases_on_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    vault = str(tmp_path / "tty.bayyina")
    prompts = prompting(monkeypatch, ["first try", "second try"])
    code, _out, err = _main(capsys, "init", "--kdf-profile", "test", "--vault", vault,
                            "--lang", "en")
    assert code == 1 and err.strip() == msg("vault.passphrase_mismatch")
    assert prompts == ["New passphrase: ", "Repeat the passphrase: "]
    assert not Path(vault).exists()

    prompting(monkeypatch, ["same one", "same one"])
    code, out, _err = _main(capsys, "init", "--kdf-profile", "test", "--vault", vault,
                            "--lang", "en")
    assert code == 0 and "Signing-key fingerprint" in out
    prompts = prompting(monkeypatch, ["same one", "the next one", "the next one"])
    code, _out, err = _main(capsys, "passwd", "--vault", vault, "--lang", "ar")
    assert code == 0, err
    assert prompts == [ar("Current passphrase: "), ar("New passphrase: "),
                       ar("Repeat the passphrase: ")]
    assert prompts[0] != "Current passphrase: "
    prompting(monkeypatch, ["same one"])
    assert _main(capsys, "info", "--vault", vault)[0] == 3
    prompting(monkeypatch, ["the next one"])
    assert _main(capsys, "info", "--vault", vault)[0] == 0


def test_passphrase_from_standard_input_in_process(cli: Cli,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cli.init()
    stdin = io.TextIOWrapper(io.BytesIO((PASSPHRASE + "\nignored second line\n").encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    r = cli("info", "--json", passphrase_file=Path("-"))
    assert r.code == 0 and r.json()["items"] == 0


def test_unreadable_passphrase_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    before = snapshot(cli.vault)
    absent = tmp_path / "absent.txt"
    r = cli("info", passphrase_file=absent)
    assert r.code == 2 and r.out == ""
    assert r.err.strip() == msg("cli.passphrase_file", path=str(absent))
    r = cli("info", passphrase_file=absent, lang="ar")
    assert r.code == 2 and r.err.strip() == msg("cli.passphrase_file", "ar", path=str(absent))
    assert "تعذّرت قراءة ملف عبارة المرور" in r.err
    assert snapshot(cli.vault) == before


def test_passphrase_file_that_is_not_utf8_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("pässphrase\n".encode("latin-1"))
    r = cli("info", passphrase_file=bad)
    assert "Traceback" not in r.err
    assert r.err.strip() == msg("cli.passphrase_file", path=str(bad))
    assert r.code == 2
