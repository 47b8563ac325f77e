# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Entry point of the desktop app (``bayyina``): umask, logging, application, language, windows.

``bayyina [--vault PATH] [--lang ar|en] [--self-test]``. Modes are read here, once, and passed on
explicitly (docs/development.md, GUI conventions). The language is fixed before any window is built;
changing it needs a restart.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__

if TYPE_CHECKING:
    from ui.settings import UiSettings

log = logging.getLogger("ui")


def _parse(argv: list[str]) -> argparse.Namespace:
    from app import argparse_i18n
    from app.i18n import N_, normalize_language, translations

    pre = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--lang"), None)
    tr = translations(normalize_language(pre))
    argparse_i18n.install(tr)
    _ = tr.gettext
    parser = argparse.ArgumentParser(prog="bayyina", description=_(N_("Bayyina desktop app")))
    parser.add_argument("--vault", type=Path, help=_(N_("vault folder to open")))
    parser.add_argument("--lang", choices=("ar", "en"), help=_(N_("interface language")))
    parser.add_argument("--self-test", action="store_true",
                        help=_(N_("offscreen end-to-end check; exits 0 when all holds")))
    parser.add_argument("--version", action="version", version=f"bayyina {__version__}")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def choose_language(args_lang: str | None, settings: UiSettings, *, save: bool = True) -> str:
    from ui.dialogs.language import LanguageDialog
    from ui.settings import save_settings

    if args_lang:
        return args_lang
    if settings.language:
        return str(settings.language)
    dialog = LanguageDialog()
    dialog.exec()
    settings.language = dialog.chosen
    if save:
        save_settings(settings)
    return dialog.chosen


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from app.hardening import harden_process

    harden_process()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = _parse(argv)
    if args.self_test:
        from ui.selftest import run_self_test

        return run_self_test()

    from ui import camouflage
    from ui.application import create_application
    from ui.controller import AppController
    from ui.i18n import install
    from ui.settings import load_settings
    from ui.shell import Shell

    settings = load_settings()
    camouflage.prepare_process(settings.neutral_title)  # WM_CLASS is read at the first window
    app = create_application([sys.argv[0], *[a for a in argv if a.startswith("-platform")]])
    camouflage.apply(app, settings.neutral_title)
    camouflage.sync_desktop_entry(settings.neutral_title)
    lang = choose_language(args.lang, settings)
    install(lang, app)
    controller = AppController()
    app.session_watch.start()
    shell = Shell(app, controller, settings, vault_path=args.vault)
    shell.show()
    code = app.exec()
    controller.lock("quit")
    controller.runner.wait_for_done(5000)
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
