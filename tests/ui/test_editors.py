# SPDX-License-Identifier: GPL-3.0-or-later
"""Case and perpetrator editors through the real controller: the vault changes, custody grows."""

from __future__ import annotations

from app.cases import list_cases, list_perpetrators
from tests.ui.conftest import unlock


def _actions(shell) -> list[str]:  # type: ignore[no-untyped-def]
    return [r[0] for r in shell.controller.vault.read("SELECT action FROM custody ORDER BY seq")]


def test_case_create_edit_delete(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    window, c = shell.main_window, shell.controller
    with qtbot.waitSignal(shell.flows.records.dialog_shown, timeout=10000) as shown:
        window.new_case_action.trigger()
    dialog = shown.args[0]
    assert dialog.case_id is None and not dialog.save_button.isEnabled()
    dialog.title_edit.setText("حملة آذار")
    dialog.description_edit.setPlainText("تشهير منظم")
    dialog.starts.check.setChecked(True)
    dialog.starts.edit.setDate(dialog.starts.edit.date().fromString("2026-03-01", "yyyy-MM-dd"))
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000) as saved:
        dialog.save_button.click()
    assert saved.args[0] == "case.add"
    [case] = list_cases(c.vault)
    assert (case.title, case.description, case.starts_on[:10]) == ("حملة آذار", "تشهير منظم",
                                                             "2026-03-01")
    assert dialog.case_id == case.id and "case.create" in _actions(shell)[-1]
    # edit: clear the start date, add notes
    dialog.starts.check.setChecked(False)
    dialog.notes_edit.setPlainText("notes")
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000):
        dialog.save_button.click()
    [case] = list_cases(c.vault)
    assert case.starts_on is None and case.notes == "notes"
    assert _actions(shell)[-1] == "case.update"
    # the sidebar lists it; double-click opens the editor again
    qtbot.waitUntil(lambda: window.sidebar.sections["cases"].child(0).text().startswith(
        "\u200e\u2068حملة"), timeout=10000)
    index = window.sidebar.sections["cases"].child(0).index()
    assert window.sidebar.entry_at(index) == ("case", case.id)
    assert [t for t, _f in window.sidebar.context_actions(index)][:2] == ["Edit case…",
                                                                           "Timeline…"]
    # delete needs the confirming click
    dialog.delete_button.click()
    assert dialog.confirm_button.isVisibleTo(dialog)
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000):
        dialog.confirm_button.click()
    assert list_cases(c.vault) == [] and _actions(shell)[-1] == "case.delete"


def test_a_date_edited_beside_an_unticked_box_is_saved(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    """Changing the start date sets it: the date a defender typed was dropped on the first save
    while its box stayed unticked (issue 13)."""
    unlock(qtbot, shell)
    window, c = shell.main_window, shell.controller
    with qtbot.waitSignal(shell.flows.records.dialog_shown, timeout=10000) as shown:
        window.new_case_action.trigger()
    dialog = shown.args[0]
    dialog.title_edit.setText("April")
    assert not dialog.starts.check.isChecked() and dialog.starts.edit.isEnabled()
    dialog.starts.edit.setDate(dialog.starts.edit.date().fromString("2026-04-02", "yyyy-MM-dd"))
    assert dialog.starts.check.isChecked() and dialog.starts.iso() == "2026-04-02"
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000):
        dialog.save_button.click()
    [case] = list_cases(c.vault)
    assert case.starts_on[:10] == "2026-04-02" and case.ends_on is None


def test_case_error_is_shown(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    from app.cases import add_case

    unlock(qtbot, shell)
    add_case(shell.controller.vault, "dup")
    with qtbot.waitSignal(shell.flows.records.dialog_shown, timeout=10000) as shown:
        shell.main_window.case_edit_requested.emit(0)
    dialog = shown.args[0]
    dialog.title_edit.setText("dup")
    with qtbot.waitSignal(shell.flows.records.record_failed, timeout=10000):
        dialog.save_button.click()
    assert "dup" in dialog.error_label.text() and "{" not in dialog.error_label.text()


def test_perpetrator_create_accounts_delete(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    c = shell.controller
    with qtbot.waitSignal(shell.flows.records.dialog_shown, timeout=10000) as shown:
        shell.main_window.new_perpetrator_action.trigger()
    dialog = shown.args[0]
    qtbot.waitUntil(lambda: dialog.platform_combo.count() > 5, timeout=10000)
    dialog.label_edit.setText("شبكة أ")
    dialog.anonymous_check.setChecked(True)
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000):
        dialog.save_button.click()
    [perp] = list_perpetrators(c.vault)
    assert perp.label == "شبكة أ" and perp.anonymous and dialog.perpetrator_id == perp.id
    assert dialog.accounts_box.isEnabled()
    dialog.platform_combo.setCurrentIndex(dialog.platform_combo.findData("x"))
    dialog.handle_edit.setText("@troll_1")
    dialog.display_edit.setText("المتصيد")
    dialog.url_edit.setText("https://x.com/troll_1")
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000) as saved:
        dialog.add_account_button.click()
    assert saved.args[0] == "account.add"
    [perp] = list_perpetrators(c.vault)
    [account] = perp.accounts
    assert (account.platform, account.handle, account.display_name, account.profile_url) == (
        "x", "troll_1", "المتصيد", "https://x.com/troll_1")
    assert dialog.accounts_table.rowCount() == 1
    assert dialog.accounts_table.item(0, 1).text() == "\u2066@troll_1\u2069"  # LTR-isolated
    assert dialog.handle_edit.text() == ""
    dialog.accounts_table.selectRow(0)
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000):
        dialog.unlink_button.click()
    assert list_perpetrators(c.vault)[0].accounts == ()
    assert dialog.accounts_table.rowCount() == 0
    assert _actions(shell)[-1] == "account.link_perpetrator"
    dialog.delete_button.click()
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000):
        dialog.confirm_button.click()
    assert list_perpetrators(c.vault) == [] and _actions(shell)[-1] == "perpetrator.delete"


def test_perpetrator_rename_through_controller(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    from app.cases import add_perpetrator, get_perpetrator

    unlock(qtbot, shell)
    c = shell.controller
    add_perpetrator(c.vault, "old ring", notes="first")
    add_perpetrator(c.vault, "taken")
    perp = get_perpetrator(c.vault, "old ring")
    with qtbot.waitSignal(shell.flows.records.dialog_shown, timeout=10000) as shown:
        shell.main_window.perpetrator_edit_requested.emit(perp.id)
    dialog = shown.args[0]
    assert dialog.perpetrator_id == perp.id
    assert dialog.label_edit.isEnabled() and dialog.notes_edit.isEnabled()
    assert dialog.anonymous_check.isEnabled()
    assert dialog.save_button.isVisibleTo(dialog) and not dialog.save_button.isEnabled()
    # a label another perpetrator has: the error is shown, nothing changes
    dialog.label_edit.setText("taken")
    with qtbot.waitSignal(shell.flows.records.record_failed, timeout=10000):
        dialog.save_button.click()
    assert "taken" in dialog.error_label.text() and "{" not in dialog.error_label.text()
    assert get_perpetrator(c.vault, "old ring").id == perp.id
    # rename, new notes, flag set: one perpetrator.update entry
    dialog.label_edit.setText("شبكة الصقر")  # setText: keyClicks aborts on non-ASCII
    dialog.notes_edit.setPlainText("ملاحظات جديدة")
    dialog.anonymous_check.setChecked(True)
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000) as saved:
        dialog.save_button.click()
    assert saved.args[0] == "perpetrator.update"
    [renamed] = [p for p in list_perpetrators(c.vault) if p.id == perp.id]
    assert (renamed.label, renamed.notes, renamed.anonymous) == ("شبكة الصقر", "ملاحظات جديدة",
                                                                 True)
    assert _actions(shell)[-1] == "perpetrator.update"
    assert dialog.label_edit.text() == "شبكة الصقر" and not dialog.save_button.isEnabled()
    assert "شبكة الصقر" in dialog.windowTitle()
    assert c.vault.verify_custody().ok


def test_saved_filter_round_trip(qtbot, shell, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6 import QtWidgets

    from app.cases.filters import list_filters

    unlock(qtbot, shell)
    window, c, browse = shell.main_window, shell.controller, shell.flows.browse
    window.search_edit.setText("تهديد")
    window.filter_requested.emit({"platforms": ("x",)})
    qtbot.waitUntil(lambda: browse._text == "تهديد", timeout=10000)
    monkeypatch.setattr(QtWidgets.QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("تهديدات إكس", True)))
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000):
        window.save_filter_action.trigger()
    [saved] = list_filters(c.vault)
    assert saved.query.text == "تهديد" and saved.query.platforms == ("x",)
    section = window.sidebar.saved_section
    qtbot.waitUntil(lambda: section.child(0).text() == "\u2068تهديدات إكس\u2069", timeout=10000)
    # choosing it restores the search text and the filter
    window.search_edit.setText("")
    qtbot.waitUntil(lambda: browse._text == "", timeout=10000)
    window.filter_requested.emit({})
    window.sidebar._on_self_clicked(section.child(0).index())
    assert window.search_edit.text() == "تهديد"
    assert browse._text == "تهديد" and browse._filters == {"platforms": ("x",)}
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000):
        window.sidebar.context_actions(section.child(0).index())[-1][1]()
    assert list_filters(c.vault) == []
    qtbot.waitUntil(lambda: not section.child(0).isEnabled(), timeout=10000)  # "None yet"
