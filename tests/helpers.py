# SPDX-License-Identifier: GPL-3.0-or-later
"""Small helpers shared by the tests (not fixtures)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main as cli_main
from app.errors import AppError
from app.i18n import translations
from app.messages import describe

PASSPHRASE = "correct horse ٹ battery بيّنة"


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def json_lines(self) -> list[Any]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


class Cli:
    """Runs ``bayyina-cli`` in-process against one vault with a passphrase file."""

    def __init__(self, tmp: Path, capsys: pytest.CaptureFixture[str], vault: Path | None = None):
        self.capsys = capsys
        self.vault = vault or tmp / "test.bayyina"
        self.pw = tmp / "pw.txt"
        self.pw.write_text(PASSPHRASE + "\n", encoding="utf-8")

    def __call__(self, *args: str, passphrase_file: Path | None = None,
                 lang: str = "en") -> CliResult:
        self.capsys.readouterr()
        argv = [*args, "--vault", str(self.vault), "--passphrase-file",
                str(passphrase_file or self.pw), "--lang", lang]
        code = cli_main(argv)
        captured = self.capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    def init(self) -> CliResult:
        return self("init", "--kdf-profile", "test")


def grep_tree(root: Path, needle: bytes) -> list[Path]:
    """Every file under ``root`` whose bytes contain ``needle``."""
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            try:
                if needle in path.read_bytes():
                    hits.append(path)
            except OSError:
                continue
    return hits


def run(cmd: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)


def msg(code: str, lang: str = "en", **params: Any) -> str:
    """The one sentence the CLI prints on standard error for this error code."""
    return describe(AppError(code, **params), translations(lang), isolate=lang == "ar")


def ar(text: str) -> str:
    """``text`` in the Arabic catalog."""
    return translations("ar").gettext(text)


class _Tty:
    def isatty(self) -> bool:
        return True


def prompting(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """Make the CLI believe it runs in a terminal; getpass answers from ``answers`` in order and
    the prompts it was given are returned."""
    prompts: list[str] = []
    it: Iterator[str] = iter(answers)

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(it)

    monkeypatch.setattr(sys, "stdin", _Tty())
    monkeypatch.setattr("getpass.getpass", fake_getpass)
    return prompts
