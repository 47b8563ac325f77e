# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the detail panel with the full tag editor, in Arabic and English, over the demo
vault (run, not collected by pytest).

``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.make_tag_screenshots [OUT_DIR]``
Writes ``detail-tags-ar.png`` and ``detail-tags-en.png`` under ``docs/screenshots/``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore

from tests.ui.make_screenshots import PASSPHRASE, ROOT, _grab, _wait_for


def main(out: Path) -> int:
    from app.cases import list_reports
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
        reported = [r.item_id for r in list_reports(vault)]
        vault.lock()
        for lang in ("ar", "en"):
            install(lang, app)
            controller = AppController(kdf=KdfParams.testing())
            shell = Shell(app, controller, UiSettings(language=lang, blur_sensitive=False),
                          vault_path=vault_path, save=False)
            shell.show()
            start = shell.start_window
            start.unlock_view.passphrase_edit.setText(PASSPHRASE)
            start.unlock_view.unlock_button.click()
            _wait_for(lambda s=shell: s.main_window is not None)
            window = shell.main_window
            window.resize(1500, 1500)
            _wait_for(lambda w=window: w.model.rowCount() > 0 and not controller.runner.running
                      and w.detail.tag_editor.category_picker.count() > 0)
            window.select_item(int(reported[0]))
            _wait_for(lambda w=window: w.detail.content.isVisible()
                      and w.detail.tag_editor.reports_list.table.rowCount() > 0
                      and not controller.runner.running)
            detail = window.detail
            detail.tabs.setCurrentWidget(detail.tag_editor)
            detail.viewer.setMaximumHeight(160)
            window.splitter.setSizes([220, 560, 720])
            QtCore.QCoreApplication.processEvents()
            _grab(detail, out / f"detail-tags-{lang}.png")
            controller.lock("user")
            controller.runner.wait_for_done(30000)
            start.close()
            QtCore.QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1
                          else ROOT / "docs" / "screenshots"))
