# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Terminal input and output for ``bayyina-cli``: passphrases, messages, JSON.

Messages go to standard error as one translated sentence; JSON goes to standard output. Every
untrusted value printed to a terminal is stripped of control characters (no terminal escapes from
metadata or file names).

When the reader of standard output goes away (``bayyina-cli log show | head -1``), a write fails
with a broken pipe; :func:`app.cli.main.main` then stops quietly with :data:`EXIT_PIPE_CLOSED`, as
Unix tools killed by SIGPIPE do (see :func:`reader_gone`).
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import AppError, UsageError
from app.i18n import Translations, translations
from app.textsafety import clean_untrusted


@dataclass
class Context:
    """What every command receives: parsed global options and the output helpers."""

    lang: str
    json: bool
    debug: bool
    vault_path: Path
    passphrase_file: str | None
    tr: Translations = field(init=False)

    def __post_init__(self) -> None:
        self.tr = translations(self.lang)

    # gettext shorthands
    def _(self, message: str) -> str:
        return self.tr.gettext(message)

    def n_(self, singular: str, plural: str, n: int) -> str:
        return self.tr.ngettext(singular, plural, n)

    def say(self, message: str) -> None:
        """A message for the user, on standard error."""
        print(message, file=sys.stderr, flush=True)

    def out(self, text: str) -> None:
        """Human-readable result on standard output (untrusted parts already cleaned)."""
        print(text, flush=True)

    def emit_json(self, obj: Any) -> None:
        print(json.dumps(obj, ensure_ascii=False, indent=None, sort_keys=True), flush=True)

    def passphrase(self, prompt: str, *, confirm: bool = False, file: str | None = None) -> str:
        """From ``--passphrase-file`` (``-`` = stdin), else a no-echo prompt on a TTY."""
        source = file if file is not None else self.passphrase_file
        if source is not None:
            return read_passphrase_file(source)
        if not sys.stdin.isatty():
            raise UsageError("cli.no_tty")
        first = getpass.getpass(prompt)
        if confirm:
            again = getpass.getpass(self._("Repeat the passphrase: "))
            if again != first:
                raise AppError("vault.passphrase_mismatch")
        return first


def read_passphrase_file(source: str) -> str:
    try:
        raw = sys.stdin.buffer.readline() if source == "-" else Path(source).read_bytes()
    except OSError:
        raise UsageError("cli.passphrase_file", path=source) from None
    try:
        text = raw.decode("utf-8", errors="strict").splitlines()
    except UnicodeDecodeError:
        raise UsageError("cli.passphrase_file", path=source) from None
    return text[0] if text else ""


EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE: what a shell reports for a Unix tool whose reader left


def is_broken_pipe(exc: BaseException) -> bool:
    """The reader of a pipe we write to has gone (EPIPE)."""
    return isinstance(exc, BrokenPipeError) or (
        isinstance(exc, OSError) and exc.errno in (errno.EPIPE, errno.ESHUTDOWN))


def reader_gone() -> int:
    """Standard output's reader went away: silence standard output and give the exit code.
    Nothing is printed: the reader chose to stop."""
    silence_stdout()
    return EXIT_PIPE_CLOSED


def silence_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's final flush of what
    is still buffered cannot fail ("Exception ignored ... BrokenPipeError")."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(fd, sys.stdout.fileno())
        finally:
            os.close(fd)
    except (OSError, ValueError, AttributeError):  # no real stdout (tests capture it in memory)
        pass


def safe(value: object, max_len: int = 500) -> str:
    """An untrusted value made safe for a terminal."""
    return clean_untrusted(str(value), max_len)
