# SPDX-License-Identifier: GPL-3.0-or-later
"""`bayyina-cli` beyond the happy path: the vault commands (init, info, check, passwd, log), the
passphrase sources (file, standard input, TTY prompt), the top-level error handling of
``main`` (usage, --debug, internal errors, Ctrl-C) and import/show/extract — exit codes, JSON
shapes, English and Arabic messages, and a vault left as it was when a command is refused."""

from __future__ import annotations

import hashlib
import io
import os
import sys
from pathlib import Path

import pytest
from PIL import Image

from app import __version__
from app.cli.main import main as cli_main
from app.vault import open_vault
from app.vault.core import DB_FILE
from tests.helpers import PASSPHRASE, Cli, ar, msg, prompting, run

HEX = set("0123456789abcdef")


def snapshot(vault: Path) -> dict[str, str]:
    """Every file of the vault folder and its SHA-256."""
    return {str(p.relative_to(vault)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(vault.rglob("*")) if p.is_file()}


def _png(tmp: Path, name: str, color: tuple[int, int, int]) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (24, 16), color).save(buf, "PNG")
    path = tmp / name
    path.write_bytes(buf.getvalue())
    return path


def _jpeg_with_exif(tmp: Path, name: str) -> Path:
    img = Image.new("RGB", (16, 16), (10, 200, 10))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    path = tmp / name
    path.write_bytes(buf.getvalue())
    return path


def _tamper_custody(vault: Path, sql: str) -> None:
    with open_vault(vault, PASSPHRASE) as v:
        v.conn.execute("DROP TRIGGER custody_no_update")
        v.conn.execute("DROP TRIGGER custody_no_delete")
        v.conn.execute(sql)


def _main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli_main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


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
    data_bytes[len(data_bytes) - 4096 + 100] ^= 0xFF
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
    assert snapshot(cli.vault) == before
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


# --- main: usage, --debug, internal errors, interruption --------------------------------------


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _main(capsys, "--lang", "en")
    assert code == 2 and out == ""
    assert err.startswith("usage: bayyina-cli") and "Bayyina: an offline" in err


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        cli_main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"bayyina {__version__}"


def test_lang_equals_form_and_usage_errors_in_arabic(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.bayyina"
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSPHRASE + "\n", encoding="utf-8")
    code, _out, err_en = _main(capsys, "info", "--vault", str(missing), "--passphrase-file",
                               str(pw), "--lang=en")
    assert code == 1 and "No vault was found" in err_en
    code, _out, err_ar = _main(capsys, "info", "--vault", str(missing), "--passphrase-file",
                               str(pw), "--lang=ar")
    assert code == 1 and "No vault was found" not in err_ar and str(missing) in err_ar
    assert any("\u0600" <= ch <= "\u06ff" for ch in err_ar)
    code, _out, err = _main(capsys, "frobnicate", "--lang", "ar")
    assert code == 2 and "frobnicate" in err and "invalid choice" not in err
    assert "Traceback" not in err
    code, _out, err = _main(capsys, "info", "--no-such-flag", "--lang", "en")
    assert code == 2 and "--no-such-flag" in err
    assert not missing.exists()


def test_group_without_action_says_which_actions_exist(cli: Cli) -> None:
    cli.init()
    r = cli("log")
    assert r.code == 2
    assert str(cli.vault) not in r.err


def test_debug_adds_a_traceback_to_app_errors(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope\n", encoding="utf-8")
    r = cli("info", passphrase_file=wrong)
    assert r.code == 3 and "Traceback" not in r.err
    r = cli("info", "--debug", passphrase_file=wrong)
    assert r.code == 3
    assert "Traceback (most recent call last)" in r.err
    assert r.err.strip().splitlines()[-1] == msg("vault.wrong_passphrase")


def test_internal_errors_are_one_sentence_and_change_nothing(
        cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli.init()
    before = snapshot(cli.vault)

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("app.cli.cmd_vault.open_session", boom)
    r = cli("info")
    assert r.code == 1 and r.out == ""
    assert r.err.strip() == msg("cli.internal")
    assert "secret internal detail" not in r.err and "Traceback" not in r.err
    r = cli("info", lang="ar")
    assert r.code == 1 and r.err.strip() == msg("cli.internal", "ar")
    assert msg("cli.internal", "ar") != msg("cli.internal")
    r = cli("info", "--debug")
    assert r.code == 1 and "Traceback" in r.err and "secret internal detail" in r.err
    assert r.err.strip().splitlines()[-1] == msg("cli.internal")
    assert snapshot(cli.vault) == before


def test_interruption_is_reported_not_raised(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli.init()

    def interrupted(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("app.cli.cmd_vault.open_session", interrupted)
    sentence = "Interrupted. Everything finished before the interruption was kept."
    r = cli("info")
    assert r.code == 1 and r.err.strip() == sentence
    r = cli("info", lang="ar")
    assert r.code == 1 and r.err.strip() == ar(sentence) != sentence


def test_module_entry_point_runs_main(tmp_path: Path) -> None:
    r = run([sys.executable, "-m", "app.cli.main", "frobnicate", "--lang", "en"],
            cwd=str(Path(__file__).resolve().parents[3]),
            env={**os.environ, "HOME": str(tmp_path)})
    assert r.returncode == 2
    assert "frobnicate" in r.stderr and "Traceback" not in r.stderr


# --- import, show, extract --------------------------------------------------------------------


def test_import_human_lines_say_what_was_removed_and_what_stays_sealed(
        cli: Cli, tmp_path: Path) -> None:
    cli.init()
    jpg = _jpeg_with_exif(tmp_path, "phone.jpg")
    txt = tmp_path / "chat.txt"
    txt.write_text("a threatening message", encoding="utf-8")
    r = cli("import", str(jpg), str(txt))
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].startswith("Imported phone.jpg as item 1. Removed from the copy: ")
    assert lines[1] == "Imported chat.txt as item 2. Kept sealed, without a sanitised copy."
    assert r.err.strip() == "2 imported · 0 already in the vault · 0 refused"
    r = cli("import", str(txt), lang="ar")
    assert r.code == 0 and r.out == ""
    assert "Imported" not in r.err and "already in the vault" not in r.err
    assert cli("info", "--json").json()["items"] == 2


def test_import_of_missing_files_is_refused_and_adds_nothing(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    before = cli("log", "show", "--json").json()
    missing = tmp_path / "nope.png"
    r = cli("import", str(missing))
    assert r.code == 5 and r.out == ""
    err = r.err.strip().splitlines()
    assert err[0] == "nope.png could not be read (No such file or directory)."
    assert err[1] == "0 imported · 0 already in the vault · 1 refused"
    r = cli("import", str(missing), lang="ar")
    assert r.code == 5 and "تعذّرت قراءة" in r.err and "could not be read" not in r.err
    r = cli("import", str(missing), "--json")
    assert r.code == 5
    line = r.json_lines()[0]
    assert line["status"] == "rejected" and line["item_id"] is None
    assert line["error"] == err[0] and line["error_code"].startswith("import.")
    assert cli("log", "show", "--json").json() == before
    assert cli("info", "--json").json()["items"] == 0


def test_show_human_for_a_sanitised_and_a_sealed_item(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    jpg = _jpeg_with_exif(tmp_path, "phone.jpg")
    txt = tmp_path / "chat.txt"
    txt.write_text("hello", encoding="utf-8")
    outcomes = cli("import", str(jpg), str(txt), "--json").json_lines()
    photo, sealed = (o["item_id"] for o in outcomes)
    r = cli("show", str(photo))
    assert r.code == 0
    assert r.out.startswith(f"Item {photo}\nOriginal: phone.jpg, {jpg.stat().st_size} bytes, "
                            "image/jpeg\n")
    assert f"SHA-256 of the original: {outcomes[0]['sha256']}" in r.out
    assert "SHA-256 of the sanitised copy: " in r.out
    assert f"SHA-256 of the pixels: {outcomes[0]['pixels_sha256']} (copy identical: yes)" in r.out
    assert "Removed from the copy: " in r.out and "SecretPhoneMaker" in r.out
    r = cli("show", str(sealed))
    assert r.code == 0
    assert "No sanitised copy: " in r.out and "SHA-256 of the sanitised copy" not in r.out
    r = cli("show", str(photo), lang="ar")
    assert r.code == 0 and "SHA-256 of the original" not in r.out and outcomes[0]["sha256"] in r.out
    tiff = tmp_path / "scan.tiff"
    Image.new("RGB", (8, 8), (90, 90, 9)).save(tiff, "TIFF")
    converted = cli("import", str(tiff), "--json").json_lines()[0]
    assert converted["converted_from"] == "image/tiff"
    r = cli("show", str(converted["item_id"]))
    assert r.code == 0 and "Converted from image/tiff to a lossless PNG." in r.out


def test_show_and_extract_of_an_unknown_item(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    r = cli("show", "999")
    assert r.code == 1 and r.out == "" and r.err.strip() == msg("item.not_found", item=999)
    r = cli("show", "999", "--json", lang="ar")
    assert r.code == 1 and r.out == "" and r.err.strip() == msg("item.not_found", "ar", item=999)
    out = tmp_path / "out.png"
    r = cli("extract", "999", "--out", str(out))
    assert r.code == 1 and r.err.strip() == msg("item.not_found", item=999)
    assert not out.exists()


def test_extract_json_and_a_sealed_item(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    png = _png(tmp_path, "shot.png", (40, 50, 60))
    txt = tmp_path / "chat.txt"
    txt.write_text("sealed words", encoding="utf-8")
    photo, sealed = (o["item_id"] for o in cli("import", str(png), str(txt),
                                                "--json").json_lines())
    copy = tmp_path / "copy.png"
    r = cli("extract", str(photo), "--out", str(copy), "--json")
    assert r.code == 0
    data = r.json()
    assert data["item_id"] == photo and data["path"] == str(copy)
    assert copy.read_bytes().startswith(b"\x89PNG")
    target = tmp_path / "sealed-copy.txt"
    r = cli("extract", str(sealed), "--out", str(target))
    assert r.code == 1 and "--original" in r.err and not target.exists()
    r = cli("extract", str(sealed), "--out", str(target), "--original")
    assert r.code == 0
    assert r.err.startswith("Warning: the original may carry identifying metadata")
    assert f"Wrote item {sealed} (original) to {target}." in r.err
    assert target.read_bytes() == b"sealed words"
    r = cli("extract", str(photo), "--out", str(tmp_path / "c2.png"))
    assert r.code == 0 and "(sanitised copy)" in r.err
