# SPDX-License-Identifier: GPL-3.0-or-later
"""Tagging a run of screenshots (issue 13): several selected items tagged at once, "save and
next" and "same as previous" from the keyboard, dates typed day/month/year and said back in words,
and the editor in sections that fit a 768-px screen without a scroll area."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from tests.helpers import PASSPHRASE
from tests.ui.conftest import png_bytes, unlock


def _seed(vault_dir: Path, n: int = 4) -> list[int]:
    from app.ingest import import_paths
    from app.vault import open_vault

    src = vault_dir.parent / "seed"
    src.mkdir()
    for i in range(n):
        (src / f"shot-{i}.png").write_bytes(png_bytes((40 * i, 90, 200 - 40 * i), (60, 100 + i)))
    vault = open_vault(vault_dir, PASSPHRASE)
    try:
        summary = import_paths(vault, sorted(src.iterdir()), method="file")
        return [int(o.item_id) for o in summary.outcomes]
    finally:
        vault.lock()


def _read(vault_dir: Path, fn):  # type: ignore[no-untyped-def]
    from app.vault import open_vault

    vault = open_vault(vault_dir, PASSPHRASE)
    try:
        return fn(vault)
    finally:
        vault.lock()


def _ready(qtbot, shell, n: int):  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    window = shell.main_window
    editor = window.detail.tag_editor
    qtbot.waitUntil(lambda: window.model.rowCount() == n and editor.category_picker.count() > 5
                    and editor.accounts_editor.platform_combo.count() > 5, timeout=30000)
    return window, editor


def _stop(shell) -> None:  # type: ignore[no-untyped-def]
    shell.controller.lock("test")
    shell.controller.runner.wait_for_done(30000)


def test_several_selected_items_are_tagged_at_once(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from app.cases import ItemId, get_item_tags

    ids = _seed(vault_dir)
    window, editor = _ready(qtbot, shell, len(ids))
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000):
        window.select_item(ids[0])
    assert not editor.is_batch()
    window.evidence.grid.selectAll()  # Ctrl+A in the grid
    assert editor.is_batch() and editor.batch_label.isVisible()
    assert "4" in editor.save_button.text()
    assert not editor.sections.isTabVisible(editor._post_tab)  # per-item fields are hidden
    editor.platform_combo.setCurrentIndex(editor.platform_combo.findData("telegram"))
    accounts = editor.accounts_editor
    accounts.platform_combo.setCurrentIndex(accounts.platform_combo.findData("telegram"))
    accounts.handle_edit.setText("@قناة_التهديد")
    accounts.add_button.click()
    editor.case_combo.setCurrentText("حملة الخريف")
    editor.category_picker.set_key_checked("death-threat", True)
    editor.sensitive_checks["graphic"].setChecked(True)
    with qtbot.waitSignal(shell.flows.tagging.batch_tagged, timeout=30000) as done:
        editor.save_button.click()
    assert done.args[1] == len(ids)
    _stop(shell)
    for item_id in ids:
        tags = _read(vault_dir, lambda v, i=item_id: get_item_tags(v, ItemId(i)))
        assert tags.platform == "telegram" and tags.cases == ("حملة الخريف",)
        assert tags.categories == ("death-threat",) and tags.sensitive == ("graphic",)
        assert [a.handle.lstrip("@") for a in tags.accounts] == ["قناة_التهديد"]


def test_save_next_and_same_as_previous_by_keys(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from app.cases import ItemId, get_item_tags
    from ui.models.evidence_table import ItemIdRole

    ids = _seed(vault_dir, 3)
    window, editor = _ready(qtbot, shell, len(ids))
    order = [int(window.proxy.index(r, 0).data(ItemIdRole)) for r in range(3)]  # as listed
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000):
        window.select_item(order[0])
    first = editor._item_id
    editor.platform_combo.setCurrentIndex(editor.platform_combo.findData("x"))
    editor.accounts_editor.add_account("x", "@troll_1")
    editor.case_combo.setCurrentText("spring")
    editor.case_combo.setFocus()
    assert not editor.same_button.isEnabled()
    with qtbot.waitSignal(shell.flows.tagging.item_tagged, timeout=30000):
        qtbot.keyClick(editor.case_combo, QtCore.Qt.Key.Key_Return,
                       QtCore.Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter: save and next
    qtbot.waitUntil(lambda: editor._item_id != first and editor.save_button.isEnabled(),
                    timeout=30000)
    second = editor._item_id
    assert second == order[1]
    assert editor.changes() == {} and editor.same_button.isEnabled()
    editor.platform_combo.setFocus()
    qtbot.keyClick(editor.platform_combo, QtCore.Qt.Key.Key_D,
                   QtCore.Qt.KeyboardModifier.ControlModifier)  # Ctrl+D: same as previous
    changes = editor.changes()
    assert changes["platform"] == "x" and changes["add_cases"] == ("spring",)
    assert [(a.platform, a.handle) for a in changes["add_accounts"]] == [("x", "@troll_1")]
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000):
        editor.save_next_button.click()
    qtbot.waitUntil(lambda: editor._item_id not in (first, second), timeout=30000)
    # Alt+PgUp goes back without saving
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000):
        qtbot.keyClick(editor.platform_combo, QtCore.Qt.Key.Key_PageUp,
                       QtCore.Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: editor._item_id == second, timeout=30000)
    _stop(shell)
    for item_id in (first, second):
        tags = _read(vault_dir, lambda v, i=item_id: get_item_tags(v, ItemId(i)))
        assert tags.platform == "x" and tags.cases == ("spring",)
        assert [a.handle.lstrip("@") for a in tags.accounts] == ["troll_1"]
    third = next(i for i in ids if i not in (first, second))
    assert _read(vault_dir, lambda v: get_item_tags(v, ItemId(third))).platform is None


def test_a_date_typed_day_first_is_said_back_and_kept(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from app.cases import ItemId, get_item_tags

    ids = _seed(vault_dir, 1)
    window, editor = _ready(qtbot, shell, 1)
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000):
        window.select_item(ids[0])
    editor.sections.setCurrentWidget(editor.posted_field.parentWidget())
    editor.posted_edit.setText("11/2/2024 19:52 +03:00")
    assert editor.posted_field.words_label.isVisible()
    words = editor.posted_field.words_label.text()
    assert "February" in words and "2024" in words and "Sunday" in words and "+03:00" in words
    editor.seen_edit.setText("12/2/2024")
    assert "Monday" in editor.seen_field.words_label.text()
    assert ":" not in editor.seen_field.words_label.text()  # a date: no invented time
    editor.seen_edit.setText("2/30/2024")
    assert editor.seen_field.words_label.objectName() == "error"
    editor.seen_edit.setText("12/2/2024")
    with qtbot.waitSignal(shell.flows.tagging.item_tagged, timeout=30000):
        editor.save_button.click()
    qtbot.waitUntil(lambda: editor.changes() == {} and editor.save_button.isEnabled(),
                    timeout=30000)
    assert editor.posted_edit.text() == "11/2/2024 19:52 +03:00"
    assert editor.seen_edit.text() == "12/2/2024"
    _stop(shell)
    tags = _read(vault_dir, lambda v: get_item_tags(v, ItemId(ids[0])))
    assert (tags.posted_at, tags.posted_tz, tags.seen_at) == ("2024-02-11T16:52:00Z", "+03:00",
                                                              "2024-02-12")


def test_the_calendar_picks_the_day_and_keeps_the_time(qtbot, en: str) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets.date_field import DateFieldWidget

    field = DateFieldWidget()
    qtbot.addWidget(field)
    field.edit.setText("11/2/2024 19:52 +03:00")
    field.calendar.clicked.emit(QtCore.QDate(2024, 3, 5))
    assert field.value() == "2024-03-05T19:52:00+03:00"


def test_arabic_words_digits_and_hijri(qtbot, ar: str) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets.date_field import DateFieldWidget, set_display

    field = DateFieldWidget()
    qtbot.addWidget(field)
    try:
        set_display("arabic-indic", True)
        field.edit.setText("١١/٢/٢٠٢٤")
        words = field.words_label.text()
        assert "فبراير" in words or "شباط" in words
        assert "٢٠٢٤" in words and "2024" not in words
        assert "شعبان" in words and "١٤٤٥" in words  # 1 Shaban 1445 (civil)
        set_display("western", False)  # Western digits chosen in Arabic
        field.edit.setText("11/2/2024")
        assert "2024" in field.words_label.text() and "١٤٤٥" not in field.words_label.text()
    finally:
        set_display("auto", False)
    field.edit.setText("12/2/2024")  # the default: the language's own digits
    assert "٢٠٢٤" in field.words_label.text() and "2024" not in field.words_label.text()


def test_the_editor_has_no_scroll_area_and_fits_768(qtbot, en: str) -> None:  # type: ignore[no-untyped-def]
    from ui.views.tag_editor import TagEditorView

    editor = TagEditorView()
    qtbot.addWidget(editor)
    assert editor.findChildren(QtWidgets.QScrollArea) == []
    # the detail panel's share of a 1366x768 window (the tabs above, the status bar below)
    editor.resize(430, 560)
    editor.show()
    for index in range(editor.sections.count()):
        editor.sections.setCurrentIndex(index)
        page = editor.sections.widget(index)
        assert page.minimumSizeHint().height() <= editor.sections.height(), index
    for button in (editor.save_button, editor.save_next_button, editor.same_button):
        assert editor.rect().contains(button.geometry())


def test_the_digits_setting_reaches_the_pdf_and_the_date_fields(qtbot, shell, vault_dir: Path,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    import dataclasses
    import shutil
    import subprocess

    import pytest

    from app.report.requests import ReportRequest
    from ui.settings import UiSettings, load_settings, save_settings
    from ui.widgets.date_field import DISPLAY, DateFieldWidget

    # the two display fields are saved, loaded and checked like the others
    save_settings(UiSettings("ar", digits="arabic-indic", hijri=True), tmp_path / "gui.json")
    assert load_settings(tmp_path / "gui.json") == UiSettings("ar", digits="arabic-indic",
                                                              hijri=True)
    assert UiSettings(digits="roman").normalized().digits == "auto"
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils missing")
    _seed(vault_dir, 1)
    _ready(qtbot, shell, 1)
    shell._save = False
    try:
        shell.apply_settings(dataclasses.replace(shell.settings, digits="arabic-indic",
                                                 hijri=True))
        assert (DISPLAY.digits, DISPLAY.hijri) == ("arabic-indic", True)
        field = DateFieldWidget()
        qtbot.addWidget(field)
        field.edit.setText("11/2/2024")
        assert "٢٠٢٤" in field.words_label.text() and "1445" not in field.words_label.text()
        out = tmp_path / "r.pdf"
        with qtbot.waitSignal(shell.flows.report.finished, timeout=60000):
            shell.flows.report.start(ReportRequest(out, lang="en"))
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert "٢٠" in text and " AH" in text  # Arabic-Indic digits and the Hijri date
    finally:
        shell.apply_settings(dataclasses.replace(shell.settings, digits="auto", hijri=False))
        _stop(shell)


def test_the_main_window_with_an_item_fits_768(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """As tests/ui/test_geometry.py asks of every window (the screen less 40 px of panels), with
    an item in the detail panel and each section of its tag editor open, then a batch."""
    ids = _seed(vault_dir, 2)
    window, editor = _ready(qtbot, shell, len(ids))
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000):
        window.select_item(ids[0])
    editor.posted_edit.setText("11/2/2024 19:52 +03:00")  # the words under both date fields
    editor.seen_edit.setText("12/2/2024")
    for index in range(editor.sections.count()):
        editor.sections.setCurrentIndex(index)
        QtWidgets.QApplication.processEvents()
        assert window.minimumSizeHint().height() <= 768 - 40, index
    window.evidence.grid.selectAll()
    QtWidgets.QApplication.processEvents()
    assert window.minimumSizeHint().height() <= 768 - 40
    _stop(shell)
