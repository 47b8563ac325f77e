# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the case editor, its timeline, the perpetrator editor and the address book, in
Arabic and English, over the demo vault (run, not collected by pytest).

``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.make_editor_screenshots [OUT_DIR]``
Writes ``case-editor-{lang}.png``, ``timeline-{lang}.png``, ``perpetrator-{lang}.png`` and
``address-book-{lang}.png`` under ``docs/screenshots/``. Same setup as ``make_screenshots``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tools.make_screenshots import (
    _grab,
    _wait_for,
    close_shell,
    demo_vault,
    open_shell,
    run,
    unlock,
)


def _prepare(vault: Any) -> tuple[int, int]:
    """The first case and the perpetrator with most accounts; two address-book entries."""
    from app.bundle import keygen_recipient
    from app.cases import list_cases, list_perpetrators
    from app.handover.recipients import add_recipient

    case_id = int(list_cases(vault)[0].id)
    perp = max(list_perpetrators(vault), key=lambda p: len(p.accounts))
    add_recipient(vault, "شبكة المدافعات (Defenders network)", keygen_recipient()[1])
    add_recipient(vault, "Legal aid clinic", keygen_recipient()[1])
    return case_id, int(perp.id)


def main(out: Path) -> int:
    from ui.application import create_application

    app = create_application([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    with demo_vault(_prepare) as (_tmp, vault_path, (case_id, perp_id)):
        for lang in ("ar", "en"):
            shell, controller = open_shell(app, vault_path, lang)
            window = unlock(shell)
            _wait_for(lambda: not controller.runner.running)
            editors = shell.flows.records
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
            window.perpetrator_edit_requested.emit(perp_id)
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
            close_shell(shell, controller)
    return 0


if __name__ == "__main__":
    run(main)
