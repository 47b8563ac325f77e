# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the detail panel with the full tag editor, in Arabic and English, over the demo
vault (run, not collected by pytest).

``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.make_tag_screenshots [OUT_DIR]``
Writes ``detail-tags-ar.png`` and ``detail-tags-en.png`` under ``docs/screenshots/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore

from tools.make_screenshots import (
    _grab,
    _wait_for,
    close_shell,
    demo_vault,
    open_shell,
    run,
    unlock,
)


def main(out: Path) -> int:
    from app.cases import list_reports
    from ui.application import create_application

    app = create_application([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    with demo_vault(lambda v: [r.item_id for r in list_reports(v)]) as (_t, vault_path, reported):
        for lang in ("ar", "en"):
            shell, controller = open_shell(app, vault_path, lang, blur_sensitive=False)
            window = unlock(shell)
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
            close_shell(shell, controller)
    return 0


if __name__ == "__main__":
    run(main)
