# SPDX-License-Identifier: GPL-3.0-or-later
"""The campaign lens in the GUI (issue 15), over real vaults and real imports of generated
pictures (``bench/_lens_synth.py``): the queue reads them in the background after import and
after unlock, pauses, stops at a lock and resumes after the next unlock; the text read in an
Arabic screenshot is shown in the detail panel, right to left, and her correction is a custody
entry; "Find similar" lists a re-encoded, resized and cropped repost; a cluster is tagged as a
whole through the tagging flow; the accounts view groups accounts that posted the same picture;
the escalation view marks a day above three times the median."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from bench import _lens_synth as synth
from tests.helpers import PASSPHRASE
from tests.ui.conftest import png_bytes, unlock

_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN = re.compile("[A-Za-z]")
QUEUE_TIMEOUT = 180000  # ms: OCR of a few screenshots on a shared, loaded machine


def _pictures(folder: Path) -> dict[str, Path]:
    """An Arabic post screenshot, a photograph, its repost (re-encoded, resized to 60 %,
    cropped 1 %) and an unrelated photograph."""
    folder.mkdir()
    shot = synth.text_screenshot(3, "ar", "facebook", dark=True, font_name="noto-arabic",
                                 size=26, n_lines=2)
    src = synth.photo(11)
    repost = synth.crop(synth.resize(synth.reencode(src, 70), 0.6), 0.01, seed=2)
    paths = {"post": folder / "post.png", "photo": folder / "photo.png",
             "repost": folder / "repost.jpg", "other": folder / "other.png"}
    shot.image.save(paths["post"])
    src.save(paths["photo"])
    repost.save(paths["repost"], quality=80)
    synth.photo(12).save(paths["other"])
    (folder / "post.txt").write_text(shot.text, encoding="utf-8")
    return paths


def _import(qtbot, shell, paths: list[Path]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(shell.flows.imports.finished, timeout=60000) as done:
        assert shell.flows.imports.import_paths(paths, "file")
    by_name = {}
    for outcome in done.args[0].outcomes:
        assert outcome.status == "imported", outcome
        by_name[Path(outcome.path).stem] = int(outcome.item_id)
    return by_name


def _queue_empty(shell) -> bool:  # type: ignore[no-untyped-def]
    from app.cases import lens

    vault = shell.controller.vault
    return (vault is not None and not shell.flows.lens.is_running
            and lens.state(vault).queued == 0)


def _show(qtbot, shell, item_id: int):  # type: ignore[no-untyped-def]
    """Select the item in the list; its lens view once the detail panel shows it."""
    window = shell.main_window
    qtbot.waitUntil(lambda: any(window.model.row_for(r).item_id == item_id
                                for r in range(window.model.rowCount())), timeout=10000)
    with qtbot.waitSignal(shell.flows.lens.lens_shown, timeout=20000,
                          check_params_cb=lambda v: v.item_id == item_id) as shown:
        assert window.select_item(item_id)
    return shown.args[0]


@pytest.mark.parametrize("lang", ["en", "ar"], indirect=True)
def test_text_in_a_picture_shown_corrected_and_similar_found(  # type: ignore[no-untyped-def]
        qtbot, lang, shell, tmp_path: Path) -> None:
    from app.cases import lens
    from app.cases.textnorm import normalize
    from app.vault.custody import entries

    unlock(qtbot, shell)
    paths = _pictures(tmp_path / "in")
    ids = _import(qtbot, shell, list(paths.values()))
    window = shell.main_window
    # the import returned at once; the lens works behind it, its progress in the status bar
    qtbot.waitUntil(lambda: window.lens_status.isVisible() or _queue_empty(shell),
                    timeout=QUEUE_TIMEOUT)
    qtbot.waitUntil(lambda: _queue_empty(shell), timeout=QUEUE_TIMEOUT)
    assert lens.state(shell.controller.vault).failed == 0
    assert not window.lens_status.isVisible()

    view = _show(qtbot, shell, ids["post"])
    panel = window.detail.lens_panel
    assert view.ocr_state == "done" and panel.state == "done"
    assert window.detail.tabs.isTabVisible(window.detail.lens_tab)
    words = (tmp_path / "in" / "post.txt").read_text(encoding="utf-8").split()
    shown = set(normalize(panel.text()).split())
    assert len(shown & {normalize(w) for w in words}) >= len(set(words)) * 0.7
    assert panel.text_view.isReadOnly()
    assert QtCore.Qt.TextInteractionFlag.TextSelectableByMouse in \
        panel.text_view.textInteractionFlags()
    # Arabic lines are laid out right to left, whatever the interface language
    lines = panel.text().split("\n")
    arabic = [n for n, line in enumerate(lines) if _ARABIC.search(line) and
              not _LATIN.search(line)]
    assert len(arabic) >= 2, lines
    directions = panel.line_directions()
    assert len(directions) == len(lines)
    assert all(directions[n] == QtCore.Qt.LayoutDirection.RightToLeft for n in arabic)
    window.detail.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: len(panel.line_sides()) == len(lines), timeout=5000)
    assert all(panel.line_sides()[n] == "right" for n in arabic)
    assert panel.correct_button.isEnabled() and panel.similar_button.isEnabled()

    # a word found only inside the picture finds the item in the evidence list's search
    kept = {"حملة", "تشهير", "ضد", "الناشطة"}  # the words of her correction below
    word = max((w for w in words if normalize(w) in shown and w not in kept), key=len)
    lens_flow = shell.flows.lens
    with qtbot.waitSignal(lens_flow.lens_shown, timeout=20000,
                          check_params_cb=lambda v: v.item_id == ids["post"]), \
            qtbot.waitSignal(shell.flows.browse.items_loaded, timeout=20000) as first:
        shell.flows.browse.search(word)
    assert [r.item_id for r in first.args[0]] == [ids["post"]]
    with qtbot.waitSignal(lens_flow.lens_shown, timeout=20000,
                          check_params_cb=lambda v: v.item_id == ids["post"]):
        shell.flows.browse.search("")
    # "Correct text…": the dialog, her words, a custody entry, never overwritten
    panel.correct_button.click()
    dialog = shell.flows.lens.correct_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.edit.toPlainText() == panel.text()
    corrected = "حملة تشهير ضد الناشطة\n@anon_mirror_demo https://example.org/p/1"
    dialog.edit.setPlainText(corrected)
    with qtbot.waitSignal(shell.flows.lens.text_corrected, timeout=20000) as saved:
        dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save).click()
    assert saved.args[0].corrected and panel.text() == corrected
    assert panel.line_directions() == [QtCore.Qt.LayoutDirection.RightToLeft,
                                       QtCore.Qt.LayoutDirection.LeftToRight]
    qtbot.waitUntil(lambda: panel.line_sides() == ["right", "left"], timeout=5000)
    log = [e for e in entries(shell.controller.vault.conn) if e["action"] == "item.ocr_correct"]
    assert len(log) == 1 and log[0]["details"]["after"] == corrected
    assert normalize(log[0]["details"]["before"]) == normalize(view.text)
    assert (lens.ocr_text(shell.controller.vault, ids["post"]) or view).text == corrected

    # "Find similar…" on the photograph lists its repost, not the unrelated picture
    _show(qtbot, shell, ids["photo"])
    with qtbot.waitSignal(shell.flows.lens.similar_shown, timeout=20000) as found:
        panel.similar_button.click()
    similar = found.args[0]
    listed = similar.listed()
    assert [item for item, _d in listed] == [ids["repost"]]
    assert all(0 <= d <= 31 for _i, d in listed)
    assert similar.tag_button.isEnabled() and similar.threshold_box.value() == 31
    # a stricter largest distance than the repost's: it is no longer listed
    similar.threshold_box.setValue(listed[0][1] - 1)
    with qtbot.waitSignal(shell.flows.lens.similar_shown, timeout=20000):
        similar.threshold_box.editingFinished.emit()
    assert similar.listed() == [] and not similar.tag_button.isEnabled()
    similar.threshold_box.setValue(31)
    with qtbot.waitSignal(shell.flows.lens.similar_shown, timeout=20000):
        similar.threshold_box.editingFinished.emit()
    assert similar.listed() == listed
    assert similar.isRightToLeft() is (lang == "ar")
    if lang == "ar":
        assert similar.summary_label.text().startswith("تظهر هذه الصورة في عنصرين؛")
    else:
        assert similar.summary_label.text().startswith("This picture appears in 2 items;")
    similar.close()
    # … and from the evidence list's right-click menu, on the repost: the photograph
    from ui.models.evidence_table import ItemIdRole

    window = shell.main_window
    index = next(window.proxy.index(r, 0) for r in range(window.proxy.rowCount())
                 if window.proxy.index(r, 0).data(ItemIdRole) == ids["repost"])
    menu = dict(window.evidence.context_actions(index))
    find = menu["البحث عن المشابه…" if lang == "ar" else "Find similar…"]
    with qtbot.waitSignal(shell.flows.lens.similar_shown, timeout=20000) as found:
        find()
    assert [item for item, _d in found.args[0].listed()] == [ids["photo"]]
    found.args[0].close()

    # her correction replaced the machine's reading in the search too
    for query, found in ((word, []), ("anon_mirror_demo", [ids["post"]])):
        with qtbot.waitSignal(shell.flows.browse.items_loaded, timeout=20000) as hits:
            shell.flows.browse.search(query)
        assert [r.item_id for r in hits.args[0]] == found, query


@pytest.mark.parametrize("lang", ["en", "ar"], indirect=True)
def test_a_cluster_tagged_as_a_whole_and_the_accounts_behind_it(  # type: ignore[no-untyped-def]
        qtbot, lang, shell, tmp_path: Path) -> None:
    from app.cases import AccountRef, ItemId, TagChanges, get_item_tags, tag_item
    from app.vault.custody import entries

    unlock(qtbot, shell)
    paths = _pictures(tmp_path / "in")
    ids = _import(qtbot, shell, [paths["photo"], paths["repost"], paths["other"]])
    qtbot.waitUntil(lambda: _queue_empty(shell), timeout=QUEUE_TIMEOUT)
    vault = shell.controller.vault
    tag_item(vault, ItemId(ids["photo"]),
             TagChanges(platform="facebook", posted_at="2026-07-04T10:00Z",
                        add_accounts=(AccountRef.parse("facebook:hala"),)))
    tag_item(vault, ItemId(ids["repost"]),
             TagChanges(platform="x", posted_at="2026-07-18T09:00Z",
                        add_accounts=(AccountRef.parse("x:@a1"), AccountRef.parse("x:@a2"))))
    tag_item(vault, ItemId(ids["other"]),
             TagChanges(platform="telegram", add_accounts=(AccountRef.parse("telegram:alone"),)))
    shell.flows.browse.load_sidebar()

    with qtbot.waitSignal(shell.flows.lens.campaign_shown, timeout=30000) as shown:
        shell.main_window.lens_actions[0].trigger()
    dialog = shown.args[0]
    assert dialog.tabs.currentIndex() == 0
    assert dialog.cluster_members() == [tuple(sorted((ids["photo"], ids["repost"])))]
    sentence = dialog.clusters.topLevelItem(0).text(1)
    if lang == "ar":  # the counts declined after their prepositions, Arabic-Indic digits
        assert "نُشرت هذه الصورة من ٣ حسابات على منصتين بين ٤ يوليو ٢٠٢٦ و١٨ يوليو ٢٠٢٦ " \
               "(في عنصرين)." in sentence
    else:
        assert "This picture was posted by 3 accounts on 2 platforms between 4 July 2026 " \
               "and 18 July 2026 (in 2 items)." in sentence

    # accounts: the three that posted the same picture in one group, the fourth alone
    rows = dialog.account_rows()
    grouped = {r[0].strip("\u200e\u200f\u2066\u2069") for r in rows if r[4] == 1}
    assert grouped == {"hala", "a1", "a2"}
    alone = [r for r in rows if r[4] == 0]
    assert len(alone) == 1 and "alone" in alone[0][0] and alone[0][2:4] == (1, 0)
    assert all(r[2] == 1 and r[3] == 1 for r in rows if r[4] == 1)
    assert {r[1].strip("\u2068\u2069") for r in rows} == (
        {"فيسبوك", "إكس", "تيليغرام"} if lang == "ar" else {"Facebook", "X", "Telegram"})

    # "Apply tags to all members…": the tagging flow's batch, one custody entry per member
    dialog.tag_button.click()
    ask = shell.flows.lens.tags_dialog
    assert ask is not None and ask.isVisible()
    ok = ask.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    ask.tags_edit.setText("حملة، July")
    before = len(entries(vault.conn))
    with qtbot.waitSignal(shell.flows.lens.cluster_tagged, timeout=20000) as tagged:
        ok.click()
    assert tagged.args[1] == 2
    for item in (ids["photo"], ids["repost"]):
        assert set(get_item_tags(vault, ItemId(item)).tags) == {"حملة", "July"}
    assert get_item_tags(vault, ItemId(ids["other"])).tags == ()
    new = entries(vault.conn)[before:]
    assert [e["action"] for e in new] == ["item.tag", "item.tag"]
    assert ("تغيّر عنصران" if lang == "ar" else "2 items changed") in dialog.status_label.text()

    # "Show in the list": the evidence list holds the cluster's members only, the first
    # selected, and the sidebar says what filters it
    window = shell.main_window
    members = tuple(sorted((ids["photo"], ids["repost"])))
    dialog.clusters.setCurrentItem(dialog.clusters.topLevelItem(0))
    with qtbot.waitSignal(shell.flows.browse.items_loaded, timeout=20000) as listed:
        dialog.show_button.click()
    assert sorted(r.item_id for r in listed.args[0]) == list(members)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=10000)
    assert sorted(window.model.row_for(r).item_id for r in range(2)) == list(members)
    assert shell.flows.browse.current_query().item_ids == members
    qtbot.waitUntil(lambda: window.detail.item_id == members[0], timeout=10000)
    section = window.sidebar.sections["lens"]
    assert not window.sidebar.isRowHidden(section.row(), QtCore.QModelIndex())
    row = section.child(0)
    assert row.checkState() == QtCore.Qt.CheckState.Checked
    bare = "".join(c for c in row.text() if c not in "\u200e\u200f\u2066\u2067\u2068\u2069")
    assert bare.endswith("إعادات نشر الصورة نفسها (٢)" if lang == "ar"
                         else "Reposts of the same picture (2)")
    window.sidebar.clear_filters()  # "All evidence" again: the three items
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=10000)


def _dated_items(vault, days: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    from app.cases import ItemId, TagChanges, tag_item
    from app.ingest import import_bytes

    n = 0
    for day, count in days.items():
        for k in range(count):
            n += 1
            item = import_bytes(vault, png_bytes((n * 7 % 256, n * 13 % 256, 90), (40 + n, 30)),
                                name=f"{day}-{k}.png").item_id
            tag_item(vault, ItemId(int(item or 0)),
                     TagChanges(platform="x" if k % 2 else "facebook",
                                posted_at=f"{day}T10:00:00Z"))


@pytest.mark.parametrize("lang", ["en", "ar"], indirect=True)
def test_escalation_marks_a_day_above_three_times_the_median(  # type: ignore[no-untyped-def]
        qtbot, lang, shell) -> None:
    unlock(qtbot, shell)
    # 2025-01-10 and 2026-07-01: a span far beyond the case timeline's former 400-day cut
    days = {"2025-01-10": 1, "2026-06-28": 1, "2026-06-29": 2, "2026-06-30": 1,
            "2026-07-01": 7}
    _dated_items(shell.controller.vault, days)
    with qtbot.waitSignal(shell.flows.lens.campaign_shown, timeout=30000) as shown:
        shell.main_window.lens_actions[2].trigger()
    dialog = shown.args[0]
    assert dialog.tabs.currentIndex() == 2
    marked = dialog.marked_periods()
    assert [(d, n) for d, n, _p in marked] == list(days.items())
    assert [d for d, _n, peak in marked if peak] == ["2026-07-01"]
    assert sum(dialog.chart.day_totals().values()) == 12
    bars = dialog.chart.periods()  # grouped into weeks or months over 18 months
    assert dialog.chart.peak_bars() == [i for i, b in enumerate(bars)
                                        if b.first <= "2026-07-01" <= b.last]
    assert len(dialog.chart.peak_bars()) == 1
    dialog.unit_box.setCurrentIndex(1)  # per week: the week holding the peak day is marked
    weeks = dialog.marked_periods()
    assert weeks == [("2025-W02", 1, False), ("2026-W26", 1, False), ("2026-W27", 10, True)]
    # a span: From and To, typed as she writes dates
    dialog.from_field.edit.setText("29/6/2026")
    dialog.to_field.edit.setText("30/6/2026")
    with qtbot.waitSignal(shell.flows.lens.escalation_shown, timeout=20000) as esc:
        dialog.apply_button.click()
    assert esc.args[0].days == ("2026-06-29", "2026-06-30") and esc.args[0].peaks == ()
    dialog.unit_box.setCurrentIndex(0)
    assert [p for _d, _n, p in dialog.marked_periods()] == [False, False]
    assert dialog.isRightToLeft() is (lang == "ar")
    if lang == "ar":
        assert dialog.tabs.tabText(2) == "التصاعد"
        assert "٣" in dialog.table.topLevelItem(0).text(0) or "٢٩" in \
            dialog.table.topLevelItem(0).text(0)


def test_the_queue_pauses_stops_at_a_lock_and_resumes_after_unlock(  # type: ignore[no-untyped-def]
        qtbot, shell, tmp_path: Path) -> None:
    from app.cases import lens

    unlock(qtbot, shell)
    paths = _pictures(tmp_path / "in")
    flow = shell.flows.lens
    window = shell.main_window
    with qtbot.waitSignal(flow.queue_progressed, timeout=QUEUE_TIMEOUT):
        _import(qtbot, shell, list(paths.values()))
    # Pause: the worker stops after the picture in hand; the rest waits in the vault
    window.lens_status.pause_button.click()
    assert flow.paused and window.lens_status.pause_button.text() == "Resume"
    qtbot.waitUntil(lambda: not flow.is_running, timeout=QUEUE_TIMEOUT)
    waiting = lens.state(shell.controller.vault).queued
    assert waiting > 0
    qtbot.wait(300)
    assert lens.state(shell.controller.vault).queued == waiting  # nothing runs while paused
    assert window.lens_status.isVisible()
    window.lens_status.pause_button.click()  # Resume
    assert not flow.paused
    with qtbot.waitSignal(flow.queue_progressed, timeout=QUEUE_TIMEOUT):
        pass
    assert window.lens_status.isVisible() and window.lens_status.bar.isVisible()
    assert "Reading pictures:" in window.lens_status.label.text()
    # a lock in the middle: the task is cancelled, the vault closes cleanly
    vault = shell.controller.vault
    assert vault is not None
    waiting_at_lock = lens.state(vault).queued
    assert waiting_at_lock > 0
    shell.lock()
    assert not shell.controller.is_unlocked and not flow.is_running
    qtbot.waitUntil(lambda: shell.controller.runner.running == 0, timeout=30000)
    # the next unlock resumes where it stopped, until the queue is empty
    assert shell.main_window is None
    view = shell.start_window.unlock_view
    view.passphrase_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(shell.main_window_shown, timeout=30000):
        view.unlock_button.click()
    assert flow.is_running or _queue_empty(shell)
    qtbot.waitUntil(lambda: _queue_empty(shell), timeout=QUEUE_TIMEOUT)
    reopened = shell.controller.vault
    assert reopened is not None
    st = lens.state(reopened)
    assert st.failed == 0 and st.counts["ocr"]["done"] == 4 and st.counts["pdq"]["done"] == 4


@pytest.mark.parametrize("lang", ["en", "ar"], indirect=True)
def test_the_panel_says_why_a_picture_could_not_be_read(qtbot, lang) -> None:  # type: ignore[no-untyped-def]
    from app.errors import AppError
    from app.messages import describe
    from ui.i18n import current
    from ui.jobs.lens import LensView
    from ui.widgets.lens_text import LensTextPanel

    panel = LensTextPanel()
    qtbot.addWidget(panel)
    panel.reset(7, "image")
    assert panel.state == "loading" and not panel.correct_button.isEnabled()
    panel.show_lens(LensView(8, "image", ocr_state="failed"))  # another item's late answer
    assert panel.state == "loading"
    panel.show_lens(LensView(7, "image", ocr_state="failed", pdq_state="failed",
                             error="lens.no_picture"),
                    lambda code: describe(AppError(code, item=7), current()))
    assert panel.state == "failed" and not panel.retry_button.isHidden()
    want = describe(AppError("lens.no_picture", item=7), current())
    assert want in panel.state_label.text() and want.strip()
    assert panel.correct_button.isEnabled() and not panel.similar_button.isEnabled()
    with qtbot.waitSignal(panel.retry_requested, timeout=1000):
        panel.retry_button.click()
    panel.show_lens(LensView(7, "image", text="نص", ocr_state="done", pdq_state="done"))
    assert panel.retry_button.isHidden() and panel.similar_button.isEnabled()
    if lang == "ar":
        assert panel.state_label.text().startswith("قرأه الحاسوب")
