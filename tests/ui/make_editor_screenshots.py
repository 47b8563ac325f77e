# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the case editor, its timeline, the perpetrator editor and the address book, in
Arabic and English, over the demo vault (run, not collected by pytest).

``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.make_editor_screenshots [OUT_DIR]``
Writes ``case-editor-{lang}.png``, ``timeline-{lang}.png``, ``perpetrator-{lang}.png`` and
``address-book-{lang}.png`` under ``docs/screenshots/``. Same setup as ``make_screenshots``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.ui.make_screenshots import PASSPHRASE, ROOT, _grab, _wait_for


def main(out: Path) -> int:
    from app.addressbook import add_recipient
    from app.bundle import keygen_recipient
    from app.cases import list_cases, list_perpetrators
    from app.cases.demo import fill_demo
    from app.vault import KdfParams, create_vault
    from ui.controller import AppController
    from ui.i18n import install
    from ui.main import create_application
    from ui.settings import UiSettings
    from ui.shell import Shell

    app = create_application([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bayyina-shots-") as tmp:
        vault_path = Path(tmp) / "demo.bayyina"
        vault = create_vault(vault_path, PASSPHRASE, KdfParams.testing())
        fill_demo(vault)
        case_id = int(list_cases(vault)[0].id)
        perp = max(list_perpetrators(vault), key=lambda p: len(p.accounts))
        add_recipient(vault, "شبكة المدافعات (Defenders network)", keygen_recipient()[1])
        add_recipient(vault, "Legal aid clinic", keygen_recipient()[1])
        vault.lock()
        for lang in ("ar", "en"):
            install(lang, app)
            controller = AppController(kdf=KdfParams.testing())
            shell = Shell(app, controller, UiSettings(language=lang), vault_path=vault_path,
                          save=False)
            shell.show()
            start = shell.start_window
            start.unlock_view.passphrase_edit.setText(PASSPHRASE)
            start.unlock_view.unlock_button.click()
            _wait_for(lambda s=shell: s.main_window is not None)
            window = shell.main_window
            _wait_for(lambda: not controller.runner.running)
            editors = shell.editors
            window.case_edit_requested.emit(case_id)
            _wait_for(lambda e=editors: e.case_dialog is not None and e.case_dialog.isVisible()
                      and not controller.runner.running)
            case_d = editors.case_dialog
            _grab(case_d, out / f"case-editor-{lang}.png")
            case_d.open_timeline()
            _wait_for(lambda d=case_d: d.timeline.day_totals() != {}
                      and not controller.runner.running)
            _grab(case_d, out / f"timeline-{lang}.png")
            case_d.close()
            window.perpetrator_edit_requested.emit(int(perp.id))
            _wait_for(lambda e=editors: e.perpetrator_dialog is not None
                      and e.perpetrator_dialog.isVisible() and not controller.runner.running)
            perp_d = editors.perpetrator_dialog
            perp_d.accounts_table.selectRow(0)
            _grab(perp_d, out / f"perpetrator-{lang}.png")
            perp_d.close()
            window.address_book_requested.emit()
            _wait_for(lambda e=editors: e.address_dialog is not None
                      and e.address_dialog.table.rowCount() == 2
                      and not controller.runner.running)
            _grab(editors.address_dialog, out / f"address-book-{lang}.png")
            editors.address_dialog.close()
            controller.lock("user")
            controller.runner.wait_for_done(30000)
            start.close()
            from PySide6 import QtCore

            QtCore.QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1
                          else ROOT / "docs" / "screenshots"))
