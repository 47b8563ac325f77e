# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the GUI in Arabic and English over the demo vault (run, not collected by pytest).

``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.make_screenshots [OUT_DIR]``
Writes ``start-{lang}.png``, ``create-{lang}.png``, ``main-{lang}.png``, ``main-table-{lang}.png``,
``detail-{lang}.png``, ``import-summary-{lang}.png``, ``export-{lang}.png`` and
``settings-{lang}.png`` under ``docs/screenshots/``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore, QtWidgets

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "screenshot passphrase"


def _wait_for(predicate, timeout_ms: int = 120000) -> None:  # type: ignore[no-untyped-def]
    timer = QtCore.QElapsedTimer()
    timer.start()
    while not predicate():
        if timer.elapsed() > timeout_ms:
            raise RuntimeError("timed out")
        QtCore.QCoreApplication.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _grab(widget: QtWidgets.QWidget, path: Path) -> None:
    QtCore.QCoreApplication.processEvents()
    widget.grab().save(str(path))
    print(path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path)


# --- shared by the screenshot scripts (make_*_screenshots.py) ---------------------------------
@contextlib.contextmanager
def demo_vault(prepare: Callable[[Any], Any] | None = None) -> Iterator[tuple[Path, Path, Any]]:
    """A temporary folder with the demo vault in it (locked again): ``(folder, vault path, what
    prepare(vault) returned)``. ``prepare`` adds to the vault or reads ids from it."""
    from app.cases.demo import fill_demo
    from app.vault import KdfParams, create_vault

    with tempfile.TemporaryDirectory(prefix="bayyina-shots-") as tmp:
        vault_path = Path(tmp) / "demo.bayyina"
        vault = create_vault(vault_path, PASSPHRASE, KdfParams.testing())
        fill_demo(vault)
        extra = prepare(vault) if prepare is not None else None
        vault.lock()
        yield Path(tmp), vault_path, extra


def open_shell(app: Any, vault_path: Path, lang: str, **settings: Any) -> tuple[Any, Any]:
    """The windows in ``lang`` over ``vault_path``, start window shown: (shell, controller)."""
    from app.vault import KdfParams
    from ui.controller import AppController
    from ui.i18n import install
    from ui.settings import UiSettings
    from ui.shell import Shell

    install(lang, app)
    controller = AppController(kdf=KdfParams.testing())
    shell = Shell(app, controller, UiSettings(language=lang, **settings), vault_path=vault_path,
                  save=False)
    shell.show()
    return shell, controller


def unlock(shell: Any) -> Any:
    """Unlock from the start window; the main window once shown."""
    shell.start_window.unlock_view.passphrase_edit.setText(PASSPHRASE)
    shell.start_window.unlock_view.unlock_button.click()
    _wait_for(lambda: shell.main_window is not None)
    return shell.main_window


def close_shell(shell: Any, controller: Any) -> None:
    controller.lock("user")
    controller.runner.wait_for_done(30000)
    shell.start_window.close()
    QtCore.QCoreApplication.processEvents()


def run(main: Callable[[Path], int]) -> None:
    """``python -m tools.make_…screenshots [OUT_DIR]`` (default ``docs/screenshots``)."""
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1
                          else ROOT / "docs" / "screenshots"))


def main(out: Path) -> int:
    from ui.application import create_application

    app = create_application([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    with demo_vault() as (tmp, vault_path, _):
        for lang in ("ar", "en"):
            shell, controller = open_shell(app, vault_path, lang)
            start = shell.start_window
            start.resize(640, 480)
            _grab(start, out / f"start-{lang}.png")
            start.show_create()
            start.create_view.passphrase_edit.setText("two words only")
            start.create_view.confirm_edit.setText("two words")
            _grab(start, out / f"create-{lang}.png")
            start.show_unlock()
            window = unlock(shell)
            window.resize(1280, 800)
            _wait_for(lambda w=window: w.model.rowCount() > 0 and not controller.runner.running)
            window.evidence.select_row(3)  # a picture (row 0 may be an attachment)
            _wait_for(lambda w=window: w.detail.content.isVisible()
                      and not controller.runner.running)
            _grab(window, out / f"main-{lang}.png")
            window.table_action.trigger()
            _grab(window, out / f"main-table-{lang}.png")
            _grab(window.detail, out / f"detail-{lang}.png")
            src = tmp / "import"
            src.mkdir(exist_ok=True)
            from tests.ui.conftest import png_bytes

            (src / f"new-{lang}.png").write_bytes(png_bytes((30, 90, 200), (300, 200)))
            (src / "empty.jpg").write_bytes(b"")
            (src / "notes.txt").write_bytes(b"plain text notes")
            dialogs: list[object] = []
            shell.flows.imports.summary_shown.connect(dialogs.append)
            shell.flows.imports.import_paths([src], "folder")
            _wait_for(lambda d=dialogs: bool(d))
            _grab(dialogs[0], out / f"import-summary-{lang}.png")  # type: ignore[arg-type]
            dialogs[0].close()  # type: ignore[attr-defined]
            window.evidence.select_row(3)
            window.export_action.trigger()
            export = shell.flows.export.dialog
            usb = tmp / f"usb-{lang}"
            usb.mkdir()
            export.folder_edit.setText(str(usb))
            export.passphrase_edit.setText("a separate passphrase")
            export.confirm_edit.setText("a separate passphrase")
            done: list[object] = []
            shell.flows.export.finished.connect(lambda *a: done.append(a))
            export.export_button.click()
            _wait_for(lambda d=done: bool(d))
            _grab(export, out / f"export-{lang}.png")
            export.close()
            from ui.dialogs.settings import SettingsDialog

            settings = SettingsDialog(shell.settings, window)
            settings.show()
            _grab(settings, out / f"settings-{lang}.png")
            settings.close()
            close_shell(shell, controller)
    return 0


if __name__ == "__main__":
    run(main)
