# SPDX-License-Identifier: GPL-3.0-or-later
"""`bayyina-cli`'s top level: no command, --version, --lang, a group without its action, --debug,
internal errors and Ctrl-C told in one sentence (English and Arabic), the module entry point."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from app import __version__
from app.cli.main import main as cli_main
from tests.core.cli.kit import _main, snapshot
from tests.helpers import PASSPHRASE, Cli, ar, msg, run

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
