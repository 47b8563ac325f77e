# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the workbench at 1366×768 in Arabic and English, light and dark, over the demo
vault (run, not collected by pytest).

``QT_QPA_PLATFORM="offscreen:configfile=SCREEN.json" .venv/bin/python -m
tools.make_workbench_screenshots [OUT_DIR]`` (SCREEN.json: a 1366×768 screen, as
``tests/ui/test_geometry.py`` writes it). Writes ``main-1366-{lang}.png``,
``main-1366-dark-{lang}.png``, ``guide-{page}-{lang}.png`` (the first-run guide),
``case-notes-{lang}.png`` (an Arabic and an English note in a case),
``tag-notes-1366-{lang}.png`` (the same in the item's notes), ``settings-break-{lang}.png`` and
``break-{lang}.png`` (the reminder) under ``docs/screenshots/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore, QtWidgets

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
    from ui.application import create_application
    from ui.break_reminder import break_box
    from ui.dialogs.case_editor import CaseEditorDialog
    from ui.dialogs.first_run_guide import FirstRunGuideDialog
    from ui.dialogs.settings import SettingsDialog
    from ui.style import apply_theme

    app = create_application([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    with demo_vault() as (_tmp, vault_path, _):
        for lang in ("ar", "en"):
            shell, controller = open_shell(app, vault_path, lang, blur_sensitive=True)
            window = unlock(shell)
            window.showMaximized()
            _wait_for(lambda w=window: w.model.rowCount() > 0 and not controller.runner.running)
            window.evidence.select_row(3)
            _wait_for(lambda w=window: w.detail.content.isVisible()
                      and not controller.runner.running)
            QtCore.QCoreApplication.processEvents()
            _grab(window, out / f"main-1366-{lang}.png")
            editor = window.detail.tag_editor
            window.detail.tabs.setCurrentWidget(editor)
            editor.sections.setCurrentIndex(editor.sections.indexOf(
                editor.notes_edit.parentWidget()))
            editor.notes_edit.setPlainText("رسالة تهديد ثانية من الحساب نفسه بعد يومين.\n"
                                           "Same wording as the post of 12 February.")
            _grab(window, out / f"tag-notes-1366-{lang}.png")
            for scheme, name in ((QtCore.Qt.ColorScheme.Dark, "dark"),
                                 (QtCore.Qt.ColorScheme.Light, "")):
                apply_theme(app, scheme)
                if name:
                    _grab(window, out / f"main-1366-{name}-{lang}.png")
            apply_theme(app)
            guide = FirstRunGuideDialog(window)
            guide.show()
            for page in range(3):
                guide.show_page(page)
                _grab(guide, out / f"guide-{page + 1}-{lang}.png")
            guide.close()
            case = CaseEditorDialog(parent=window)
            case.title_edit.setText("حملة تشهير" if lang == "ar" else "Smear campaign")
            case.description_edit.setPlainText("حملة منسّقة من حسابات مجهولة بعد المقابلة.")
            case.notes_edit.setPlainText("Accounts created the same week; see the timeline.")
            case.show()
            _grab(case, out / f"case-notes-{lang}.png")
            case.close()
            settings = SettingsDialog(shell.settings, window)
            settings.break_check.setChecked(True)
            settings.show()
            _grab(settings, out / f"settings-break-{lang}.png")
            settings.close()
            box = break_box(window, 20)
            box.show()
            _grab(box, out / f"break-{lang}.png")
            box.close()
            QtWidgets.QApplication.processEvents()
            close_shell(shell, controller)
    return 0


if __name__ == "__main__":
    run(main)
