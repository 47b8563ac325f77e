# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Errors cross from the core to the CLI and GUI as data: a machine code plus named parameters.

No prose lives here. ``app.messages`` maps each code to a translatable sentence; the CLI and the GUI
render it in the user's language. Each subclass carries the CLI exit code of ``docs/cli.md``.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """Base class. ``code`` is a dotted machine name such as ``vault.wrong_passphrase``."""

    exit_code = 1

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, **{self.params!r})"

    def __str__(self) -> str:  # for logs and --debug only; users see app.messages.describe()
        return f"{self.code} {self.params}" if self.params else self.code


class UsageError(AppError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


class WrongPassphrase(AppError):
    """The passphrase does not open the vault (exit 3)."""

    exit_code = 3

    def __init__(self, code: str = "vault.wrong_passphrase", **params: Any) -> None:
        super().__init__(code, **params)


class VerificationFailed(AppError):
    """Tampering, a bad signature, a broken custody chain or an untrusted signer (exit 4)."""

    exit_code = 4


class InputRejected(AppError):
    """One input was refused (bad, hostile or unsupported file); the batch goes on (exit 5)."""

    exit_code = 5


class Cancelled(AppError):
    """The user cancelled a long operation; finished work is kept."""

    def __init__(self, code: str = "task.cancelled", **params: Any) -> None:
        super().__init__(code, **params)
