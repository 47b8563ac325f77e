# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``bayyina-cli``: the command-line contract of ``docs/cli.md``.

Every command is a thin layer over a function of :mod:`app`. Exit codes: 0 done, 1 error, 2 usage,
3 wrong passphrase, 4 verification failed, 5 some inputs rejected, 141 the reader of standard
output went away (``| head``: quiet, as a Unix tool ended by SIGPIPE). Errors are one translated
sentence on standard error, never a traceback (``--debug`` adds one).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__, argparse_i18n
from app.cli.io import Context, is_broken_pipe, reader_gone, silence_stdout
from app.errors import AppError, UsageError
from app.hardening import harden_process
from app.i18n import N_, is_rtl, normalize_language, translations
from app.messages import describe
from app.paths import default_vault_path

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

Handler = Callable[[Context, argparse.Namespace], int]

COMMAND_MODULES = ("app.cli.cmd_vault", "app.cli.cmd_evidence", "app.cli.cmd_cases",
                   "app.cli.cmd_bundle", "app.cli.cmd_report", "app.cli.cmd_lens",
                   "app.cli.cmd_takedown", "app.cli.cmd_tables", "app.cli.cmd_safety",
                   "app.cli.cmd_continuity", "app.cli.cmd_chats", "app.cli.cmd_send",
                   "app.cli.cmd_inbox", "app.cli.cmd_moment")


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError("cli.usage", detail=f"{self.prog}: {message}")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse ignores a failed write (--help into a closed pipe would exit 0, unbuffered);
        # let main see it, so that every command reports a gone reader the same way.
        if message:
            (file or sys.stderr).write(message)


def _pre_lang(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def build_parser(lang: str) -> Parser:
    tr = translations(lang)
    _ = tr.gettext
    argparse_i18n.install(tr)
    parser = Parser(prog="bayyina-cli",
                    description=_("Bayyina: an offline, encrypted evidence locker."))
    parser.add_argument("--version", action="version", version=f"bayyina {__version__}")
    _add_globals(parser, _, top=True)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=Parser)
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(sub, _, lambda p: _add_globals(p, _, top=False))
    return parser


def _add_globals(parser: argparse.ArgumentParser, _: Callable[[str], str], *, top: bool) -> None:
    """Global flags are accepted before and after the command name."""
    default = None if not top else argparse.SUPPRESS
    kw: dict[str, Any] = {"default": argparse.SUPPRESS} if not top else {}
    parser.add_argument("--vault", type=Path, metavar=_("PATH"),
                        help=_("the vault folder (default: default.bayyina in your data folder)"),
                        **kw)
    parser.add_argument("--passphrase-file", metavar=_("FILE"),
                        help=_("read the passphrase from FILE (- for standard input)"), **kw)
    parser.add_argument("--lang", choices=["ar", "en"], help=_("language of messages"), **kw)
    parser.add_argument("--json", action="store_true",
                        help=_("machine-readable output on standard output"), **kw)
    parser.add_argument("--debug", action="store_true",
                        help=_("show technical details when something fails"), **kw)
    del default


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code of ``docs/cli.md``."""
    try:
        try:
            return _main(argv)
        finally:  # also for --help/--version (SystemExit): output that fails fails here
            sys.stdout.flush()
    except OSError as err:
        if is_broken_pipe(err):
            return reader_gone()
        # standard output itself failed (a full disk): one sentence, not a traceback
        lang = normalize_language(_pre_lang(list(sys.argv[1:] if argv is None else argv)))
        print(describe(AppError("cli.internal"), translations(lang), isolate=is_rtl(lang)),
              file=sys.stderr)
        silence_stdout()
        return 1


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    harden_process()
    lang = normalize_language(_pre_lang(argv))
    tr = translations(lang)
    debug = "--debug" in argv
    try:
        parser = build_parser(lang)
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            parser.print_help(sys.stderr)
            return 2
        ctx = Context(lang=normalize_language(getattr(args, "lang", None) or lang),
                      json=bool(getattr(args, "json", False)), debug=debug,
                      vault_path=Path(getattr(args, "vault", None) or default_vault_path()),
                      passphrase_file=getattr(args, "passphrase_file", None))
        handler: Handler = args.handler
        return int(handler(ctx, args) or 0)
    except AppError as err:
        if debug:
            traceback.print_exc()
        print(describe(err, tr, isolate=is_rtl(lang)), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(tr.gettext(N_("Interrupted. Everything finished before the interruption was kept.")),
              file=sys.stderr)
        silence_stdout()
        return 1
    except Exception as exc:
        if is_broken_pipe(exc):
            raise
        if debug:
            traceback.print_exc()
        print(describe(AppError("cli.internal"), tr, isolate=is_rtl(lang)), file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
