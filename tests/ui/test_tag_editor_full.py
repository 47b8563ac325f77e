# SPDX-License-Identifier: GPL-3.0-or-later
"""The full tag editor of the detail panel: seen at, deleted by the source, free tags, categories
of abuse, accounts involved and platform reports, saved through the controller into the core."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import PASSPHRASE
from tests.ui.conftest import png_bytes, unlock


def _seed(vault_dir: Path) -> list[int]:
    from app.ingest import import_paths
    from app.vault import open_vault

    src = vault_dir.parent / "seed"
    src.mkdir()
    for i, color in enumerate([(200, 0, 0), (0, 200, 0)]):
        (src / f"shot-{i}.png").write_bytes(png_bytes(color, (80 + i, 60)))
    vault = open_vault(vault_dir, PASSPHRASE)
    try:
        summary = import_paths(vault, sorted(src.iterdir()), method="file")
        return [int(o.item_id) for o in summary.outcomes]
    finally:
        vault.lock()


def _open_item(qtbot, shell, item_id: int):  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    window = shell.main_window
    editor = window.detail.tag_editor
    qtbot.waitUntil(lambda: window.model.rowCount() == 2
                    and editor.category_picker.count() > 5
                    and editor.accounts_editor.platform_combo.count() > 5, timeout=30000)
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000):
        window.select_item(item_id)
    assert editor.changes() == {}
    return window, editor


def _read(vault_dir: Path, fn):  # type: ignore[no-untyped-def]
    from app.vault import open_vault

    vault = open_vault(vault_dir, PASSPHRASE)
    try:
        return fn(vault)
    finally:
        vault.lock()


def _save(qtbot, shell, editor) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(shell.flows.tagging.item_tagged, timeout=30000):
        editor.save_button.click()
    # the list reloads, the item is selected again and its tags reloaded
    qtbot.waitUntil(lambda: editor.changes() == {} and editor.save_button.isEnabled(),
                    timeout=30000)


def _stop(shell) -> None:  # type: ignore[no-untyped-def]
    shell.controller.lock("test")
    shell.controller.runner.wait_for_done(30000)


def test_tag_seen_categories_accounts_free_tags(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from app.cases import ItemId, get_item_tags

    ids = _seed(vault_dir)
    window, editor = _open_item(qtbot, shell, ids[0])
    editor.seen_edit.setText("2026-02-19T08:30+03:00")
    editor.deleted_check.setChecked(True)
    editor.tags_edit.setText("#حملة_تشهير، fake-news")  # setText: never keyClicks non-ASCII
    editor.category_picker.set_key_checked("death-threat", True)
    editor.category_picker.set_key_checked("doxing", True)
    accounts = editor.accounts_editor
    accounts.platform_combo.setCurrentIndex(accounts.platform_combo.findData("x"))
    accounts.handle_edit.setText("@troll_account")
    accounts.add_button.click()
    accounts.platform_combo.setCurrentIndex(accounts.platform_combo.findData("telegram"))
    accounts.handle_edit.setText("@قناة_التهديد")
    accounts.add_button.click()
    assert accounts.account_list.count() == 2 and accounts.handle_edit.text() == ""
    shown = accounts.account_list.item(0).text()
    assert "\u2066@troll_account\u2069" in shown  # handle isolated left to right
    changes = editor.changes()
    assert changes["seen_at"] == "2026-02-19T08:30+03:00" and changes["deleted_by_source"] is True
    _save(qtbot, shell, editor)
    tags = _read(vault_dir, lambda v: get_item_tags(v, ItemId(ids[0])))
    assert tags.seen_at == "2026-02-19T05:30:00Z"
    assert tags.deleted_by_source is True
    assert set(tags.categories) == {"death-threat", "doxing"}
    assert set(tags.tags) == {"حملة_تشهير", "fake-news"}
    assert {(a.platform, a.handle.lstrip("@")) for a in tags.accounts} == {
        ("x", "troll_account"), ("telegram", "قناة_التهديد")}
    # the editor shows what was saved
    assert editor.seen_edit.text() == "19/2/2026 05:30 +00:00"  # day/month/year, stored in UTC
    assert editor.category_picker.checked() == {"death-threat", "doxing"}

    # remove one category and one account, keep the rest
    editor.category_picker.set_key_checked("doxing", False)
    row = next(i for i in range(accounts.account_list.count())
               if accounts.account_list.item(i).data(256)[0] == "x")
    accounts.account_list.setCurrentRow(row)
    accounts.remove_button.click()
    changes = editor.changes()
    assert changes["remove_categories"] == ("doxing",)
    assert [a.platform for a in changes["remove_accounts"]] == ["x"]
    assert set(changes) == {"remove_categories", "remove_accounts"}
    _save(qtbot, shell, editor)
    _stop(shell)
    tags = _read(vault_dir, lambda v: get_item_tags(v, ItemId(ids[0])))
    assert tags.categories == ("death-threat",)
    assert [(a.platform, a.handle.lstrip("@")) for a in tags.accounts] == [
        ("telegram", "قناة_التهديد")]
    assert tags.deleted_by_source is True and set(tags.tags) == {"حملة_تشهير", "fake-news"}


def test_add_then_update_platform_report(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from app.cases import ItemId, list_reports

    ids = _seed(vault_dir)
    window, editor = _open_item(qtbot, shell, ids[1])
    reports = editor.reports_list
    assert reports.table.rowCount() == 0 and not reports.edit_button.isEnabled()
    with qtbot.waitSignal(editor.report_dialog_shown, timeout=10000) as shown:
        reports.add_button.click()
    dialog = shown.args[0]
    dialog.platform_combo.setCurrentIndex(dialog.platform_combo.findData("facebook"))
    dialog.reported_edit.setText("2026-02-20T10:00+03:00")
    dialog.channel_edit.setText("نموذج الإبلاغ")
    dialog.reference_edit.setText("FB-4471")
    with qtbot.waitSignal(shell.flows.tagging.platform_reports_saved, timeout=30000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert reports.table.rowCount() == 1
    assert reports.table.item(0, 3).text() == "Pending"
    assert reports.table.item(0, 5).text() == ""

    reports.select_report(0)
    assert reports.edit_button.isEnabled()
    with qtbot.waitSignal(editor.report_dialog_shown, timeout=10000) as shown:
        reports.edit_button.click()
    dialog = shown.args[0]
    assert not dialog.platform_combo.isEnabled() and dialog.reference_edit.text() == "FB-4471"
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("removed"))
    dialog.answered_edit.setText("2026-02-19T10:00+03:00")  # before the report: refused
    with qtbot.waitSignal(shell.flows.tagging.platform_report_failed, timeout=30000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.error_label.text() and dialog.buttons.isEnabled()
    assert reports.table.item(0, 3).text() == "Pending"
    dialog.answered_edit.setText("2026-02-23T10:00+03:00")
    with qtbot.waitSignal(shell.flows.tagging.platform_reports_saved, timeout=30000) as saved:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert saved.args[0] == ids[1]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert reports.table.item(0, 3).text() == "Removed"
    assert reports.table.item(0, 5).text() == "3 days"
    _stop(shell)

    def check(vault):  # type: ignore[no-untyped-def]
        return (list_reports(vault, item_id=ItemId(ids[1])),
                [r[0] for r in vault.read("SELECT action FROM custody ORDER BY seq")])

    found, actions = _read(vault_dir, check)
    assert len(found) == 1
    report = found[0]
    assert (report.platform, report.status, report.reference) == ("facebook", "removed", "FB-4471")
    assert report.channel == "نموذج الإبلاغ"
    assert report.reported_at == "2026-02-20T07:00:00Z"
    assert report.answered_at == "2026-02-23T07:00:00Z" and report.days_to_answer == 3.0
    assert actions.count("report.create") == 1 and actions.count("report.update") == 1
    assert actions.index("report.create") < actions.index("report.update")


def test_tag_editor_arabic(qtbot, ar, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from app.cases import AccountRef, ItemId, TagChanges, add_report, tag_item
    from app.vault import open_vault
    from tests.ui.test_arabic import _assert_arabic

    ids = _seed(vault_dir)
    vault = open_vault(vault_dir, PASSPHRASE)
    try:
        tag_item(vault, ItemId(ids[0]), TagChanges(
            platform="x", add_categories=("deepfake",), add_tags=("وسم",),
            add_accounts=(AccountRef("x", "@troll_account"),)))
        add_report(vault, ItemId(ids[0]), "x", "2026-02-20T10:00Z", status="no-answer",
                   answered_at="2026-03-05T10:00Z")
    finally:
        vault.lock()
    window, editor = _open_item(qtbot, shell, ids[0])
    window.detail.tabs.setCurrentWidget(editor)
    assert editor.isRightToLeft() and editor.reports_list.table.isRightToLeft()
    assert editor.reports_list.table.item(0, 3).text() == "لا رد"
    assert editor.reports_list.table.item(0, 5).text() == "١٣ يومًا"
    _assert_arabic(editor, {"troll_account"})
    with qtbot.waitSignal(editor.report_dialog_shown, timeout=10000) as shown:
        editor.reports_list.add_button.click()
    dialog = shown.args[0]
    assert dialog.isRightToLeft()
    _assert_arabic(dialog)
    dialog.reject()
    _stop(shell)


def test_new_category_from_the_tag_editor(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """"New category…": one name is enough; the category is created (custody entry), listed,
    checked for the open item without losing what was checked before, and saved with it."""
    from app.cases import ItemId, get_item_tags, list_categories

    ids = _seed(vault_dir)
    _window, editor = _open_item(qtbot, shell, ids[0])
    editor.category_picker.set_key_checked("doxing", True)  # checked, not saved yet
    with qtbot.waitSignal(editor.category_dialog_shown, timeout=10000) as shown:
        editor.new_category_button.click()
    dialog = shown.args[0]
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # no name yet
    dialog.ar_edit.setText("تهديد باسم الشرف")
    assert ok.isEnabled()
    with qtbot.waitSignal(shell.flows.tagging.category_created, timeout=30000) as made:
        ok.click()
    key = made.args[0]
    assert key.startswith("custom")
    qtbot.waitUntil(lambda: key in editor.category_picker.checked(), timeout=30000)
    assert "doxing" in editor.category_picker.checked()
    _save(qtbot, shell, editor)
    _stop(shell)
    tags = _read(vault_dir, lambda v: get_item_tags(v, ItemId(ids[0])))
    assert set(tags.categories) == {"doxing", key}
    made_cat = _read(vault_dir, lambda v: [c for c in list_categories(v) if c.key == key][0])
    assert made_cat.name_ar == made_cat.name_en == "تهديد باسم الشرف"
