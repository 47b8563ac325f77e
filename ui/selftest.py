# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``bayyina --self-test``: an offscreen end-to-end check, exit 0 when all holds (docs/cli.md).

First the core half (``app.selftest``: vault, import, encrypted bundle exported and verified, Arabic
report), then the windows: a temporary vault (cheap test KDF, private temp folder) → unlock through
the controller → import of a generated image → main window in Arabic (right-to-left, translated)
and English → lock.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6 import QtCore


def _wait(signal: QtCore.SignalInstance, timeout_ms: int = 30000) -> tuple[Any, ...]:
    from PySide6 import QtCore

    loop = QtCore.QEventLoop()
    got: list[tuple[Any, ...]] = []

    def done(*args: Any) -> None:
        got.append(args)
        loop.quit()

    signal.connect(done)
    QtCore.QTimer.singleShot(timeout_ms, loop.quit)  # a deadline, not a wait
    loop.exec()
    signal.disconnect(done)
    if not got:
        raise RuntimeError("timed out")
    return got[0]


class SelfTestFailed(Exception):
    """One check of the self-test did not hold (explicit, so ``python -O`` cannot skip it)."""


def _require(condition: object, what: str) -> None:
    if not condition:
        raise SelfTestFailed(what)


def _check_text_services() -> None:
    """Qt's ICU data (slimmed to root/Arabic/English in the frozen build, packaging/icu_slim.py)
    still collates and names time zones. Without the data ICU falls back to code-point order."""
    from PySide6.QtCore import QCollator, QLocale, QTimeZone

    _require(QCollator(QLocale("en")).compare("a", "B") < 0, "no collation data (ICU)")
    _require(QCollator(QLocale("ar")).compare("\u0628", "b") < 0, "no Arabic collation (ICU)")
    zone = QTimeZone(b"Asia/Baghdad")
    _require(zone.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName,
                            QLocale("ar")), "no time-zone names (ICU)")


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image

    from app.selftest import run_core_self_test
    from app.vault import KdfParams, create_vault
    from ui.application import create_application
    from ui.controller import AppController
    from ui.i18n import install
    from ui.settings import UiSettings
    from ui.shell import Shell

    steps: list[str] = []
    try:
        steps += run_core_self_test()
        app = create_application([sys.argv[0]])
        _check_text_services()
        steps.append("collation ar/en")
        with tempfile.TemporaryDirectory(prefix="bayyina-selftest-") as tmp:
            base = Path(tmp)
            create_vault(base / "t.bayyina", "self-test passphrase", KdfParams.testing()).lock()
            steps.append("vault created")
            img = base / "evidence.png"
            buf = io.BytesIO()
            Image.new("RGB", (64, 48), (200, 30, 60)).save(buf, "PNG")
            img.write_bytes(buf.getvalue())
            for lang in ("ar", "en"):
                install(lang, app)
                controller = AppController(kdf=KdfParams.testing())
                shell = Shell(app, controller, UiSettings(language=lang), save=False,
                              vault_path=base / "t.bayyina")
                shell.show()
                controller.open_vault(base / "t.bayyina", "self-test passphrase")
                _wait(shell.main_window_shown)
                window = shell.main_window
                if window is None:
                    raise SelfTestFailed("no main window")
                if lang == "ar":
                    _require(window.isRightToLeft(), "main window is not right-to-left")
                    _require(window.import_files_action.text() != "Import files…", "untranslated")
                if lang == "ar":
                    shell.flows.imports.import_paths([img], "file")
                    summary = _wait(shell.flows.imports.finished)[0]
                    _require(summary.imported == 1, "import failed")
                    steps.append("imported")
                _wait(shell.flows.browse.items_loaded) if window.model.rowCount() == 0 else None
                _require(window.model.rowCount() == 1, "item not listed")
                steps.append(f"main window {lang}")
                controller.lock("user")
                _require(shell.main_window is None, "window open after lock")
                _require(controller.vault is None, "vault open after lock")
                steps.append(f"locked {lang}")
                shell.start_window.close()
                controller.runner.wait_for_done(10000)
    except Exception as exc:
        print(f"self-test FAILED after {steps}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print("self-test ok: " + ", ".join(steps))
    return 0
