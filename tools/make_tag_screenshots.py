# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the detail panel with the full tag editor, in Arabic and English, over the demo
vault (run, not collected by pytest).

``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.make_tag_screenshots [OUT_DIR]``
Writes ``detail-tags-ar.png`` and ``detail-tags-en.png`` under ``docs/screenshots/``, and the
whole window at 1366x768 (the common field laptop): ``tags-1366-{section}-{lang}.png`` for each
section of the tag editor and ``tags-1366-batch-{lang}.png`` with several items selected. Run with
``QT_QPA_PLATFORM="offscreen:configfile=..."`` giving a 1366x768 screen for the real geometry.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

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
            _window_1366(window, controller, out, lang)
            close_shell(shell, controller)
    return 0


def _window_1366(window: Any, controller: Any, out: Path, lang: str) -> None:
    """The main window as she sees it on 1366x768: each tag-editor section, then a batch."""
    detail = window.detail
    detail.viewer.setMaximumHeight(16777215)
    window.resize(1366, 768 - 30)  # a title bar and a panel take the rest
    window.splitter.setSizes([250, 580, 420])
    editor = detail.tag_editor
    editor.posted_edit.setText("11/2/2024 19:52 +03:00")
    for index, name in enumerate(("source", "abuse", "post", "notes", "reports")):
        editor.sections.setCurrentIndex(index)
        _grab(window, out / f"tags-1366-{name}-{lang}.png")
    editor.sections.setCurrentIndex(0)
    window.evidence.grid.selectAll()
    _wait_for(lambda: not controller.runner.running)
    _grab(window, out / f"tags-1366-batch-{lang}.png")


if __name__ == "__main__":
    run(main)
