# SPDX-License-Identifier: GPL-3.0-or-later
"""The case timeline: its data matches compute_stats per day; it paints in English and Arabic."""

from __future__ import annotations

import pytest

from tests.ui.conftest import png_bytes, unlock


def _case_with_items(vault):  # type: ignore[no-untyped-def]
    from app.cases import TagChanges, add_case, tag_item
    from app.ingest import import_bytes

    case = add_case(vault, "حملة")
    days = [("2026-03-01T10:00:00Z", "x"), ("2026-03-01T11:00:00Z", "facebook"),
            ("2026-03-01T23:30:00-05:00", "x"), ("2026-03-04T08:00:00Z", None)]
    for n, (posted, platform) in enumerate(days):
        item = import_bytes(vault, png_bytes((n, 2 * n, 50)), name=f"{n}.png").item_id
        tag_item(vault, item, TagChanges(add_cases=(case.title,), posted_at=posted,
                                         platform=platform))
    return case


def _open_timeline(qtbot, shell, case_id):  # type: ignore[no-untyped-def]
    """The case's timeline dialog, as the main window opens it."""
    with qtbot.waitSignal(shell.flows.records.dialog_shown, timeout=10000) as shown:
        shell.main_window.timeline_requested.emit(case_id)
    return shown.args[0]


@pytest.mark.parametrize("lang", ["en", "ar"], indirect=True)
def test_timeline_matches_stats_and_paints(qtbot, lang, shell) -> None:  # type: ignore[no-untyped-def]
    from app.cases import compute_stats

    unlock(qtbot, shell)
    case = _case_with_items(shell.controller.vault)
    shell.flows.browse.load_sidebar()
    dialog = _open_timeline(qtbot, shell, case.id)
    qtbot.waitUntil(lambda: bool(dialog.timeline.day_totals()), timeout=10000)
    stats = compute_stats(shell.controller.vault, case.id)
    assert dialog.timeline.day_totals() == {c.key: c.count for c in stats.per_day}
    assert sum(dialog.timeline.day_totals().values()) == stats.items == 4
    assert dialog.tabs.currentIndex() == 1
    assert set(dialog.timeline.platforms()) == {"x", "facebook", ""}
    assert dialog.isRightToLeft() is (lang == "ar")
    assert dialog.timeline.isRightToLeft() is (lang == "ar")
    image = dialog.timeline.grab().toImage()
    assert not image.isNull() and image.width() >= 420
    # bars are drawn: some pixel has the X colour
    from ui.widgets.timeline import COLOURS

    x_colour = COLOURS["x"].lstrip("#").lower()
    assert any(f"{image.pixelColor(px, py).name()[1:]}" == x_colour
               for px in range(0, image.width(), 2) for py in range(0, image.height(), 3))
    if lang == "ar":
        assert dialog.timeline_summary.text().startswith("٤ عناصر")


def test_timeline_empty_case(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.cases.timeline import TimelineData
    from ui.widgets.timeline import TimelineWidget

    w = TimelineWidget()
    qtbot.addWidget(w)
    w.set_data(TimelineData(1, "t", (), {}, {}, 0))
    assert w.day_totals() == {} and not w.grab().isNull()


@pytest.mark.parametrize(("last_day", "days", "words"), [
    ("2026-03-04", 4, "على مدى {days} أيام"),  # 3–10: plural of paucity
    ("2026-03-11", 11, "على مدى {days} يوماً"),  # 11–99: accusative singular
    ("2026-03-02", 2, "على مدى يومين"),  # dual, genitive after «مدى»
])
def test_timeline_summary_counts_days_in_arabic(qtbot, ar, last_day, days, words) -> None:  # type: ignore[no-untyped-def]
    from PySide6 import QtCore

    from app.cases.timeline import TimelineData
    from ui.widgets.timeline import TimelineWidget

    w = TimelineWidget()
    qtbot.addWidget(w)
    w.set_data(TimelineData(1, "t", ("2026-03-01", last_day),
                            {"2026-03-01": {"x": 3}, last_day: {"x": 2}}, {"x": ("X", "إكس")}, 5))
    digits = QtCore.QLocale().toString(days)
    assert digits != str(days)  # Arabic-Indic digits, as the rest of the Arabic UI
    assert w.summary() == "٥ عناصر " + words.format(days=digits)


def _long_data(days: int):  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    from app.cases.timeline import TimelineData

    first = date(2024, 1, 1)
    marks = [first + timedelta(days=n) for n in range(0, days, 37)]
    marks.append(first + timedelta(days=days - 1))
    counts = {d.isoformat(): {"x": 1 + n % 3} for n, d in enumerate(marks)}
    total = sum(v["x"] for v in counts.values())
    return TimelineData(1, "t", tuple(sorted(counts)), counts, {"x": ("X", "إكس")}, total)


@pytest.mark.parametrize("days", [30, 401, 900, 4000])
def test_timeline_draws_any_span_with_wide_bars(qtbot, days) -> None:  # type: ignore[no-untyped-def]
    from PySide6 import QtCore

    from ui.widgets.timeline import TimelineWidget

    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(900, 240)
    data = _long_data(days)
    w.set_data(data)
    periods = w.periods()
    # nothing cut: the periods run from the first to the last day and hold every item
    assert periods[0].first == data.days[0] and periods[-1].last == data.days[-1]
    assert sum(p.total for p in periods) == data.total
    assert w.unit() == ("day" if days == 30 else "week" if days == 401 else "month"
                        if days == 900 else "year")
    assert all(w.bar_rect(i).width() >= 6 for i in range(len(periods)))
    assert QtCore.QLocale().toString(days) in w.summary()


def test_timeline_is_mirrored_in_arabic(qtbot, ar) -> None:  # type: ignore[no-untyped-def]
    from PySide6 import QtCore

    from app.cases.timeline import TimelineData
    from ui.widgets.timeline import COLOURS, TimelineWidget

    w = TimelineWidget()
    qtbot.addWidget(w)
    w.setLayoutDirection(QtCore.Qt.LayoutDirection.RightToLeft)
    w.resize(500, 240)
    w.set_data(TimelineData(1, "t", ("2026-03-01", "2026-03-10"),
                            {"2026-03-01": {"x": 4}, "2026-03-10": {"facebook": 1}},
                            {"x": ("X", "إكس"), "facebook": ("Facebook", "فيسبوك")}, 5))
    oldest, newest = w.bar_rect(0), w.bar_rect(len(w.periods()) - 1)
    assert oldest.left() > newest.left()  # time runs right to left
    image = w.grab().toImage()
    y = int(oldest.bottom()) - 3
    assert image.pixelColor(int(oldest.center().x()), y).name() == COLOURS["x"]
    assert image.pixelColor(int(newest.center().x()), y).name() == COLOURS["facebook"]
    # the arrow keys move on screen: Right is back in time in Arabic
    w.setFocus()
    w.set_current_index(len(w.periods()) - 1)
    qtbot.keyClick(w, QtCore.Qt.Key.Key_Right)
    assert w.current_index() == len(w.periods()) - 2
    assert w.index_at(oldest.center().x()) == 0


def test_day_filter_matches_the_timeline_day_rule(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    from app.cases import ItemQuery, list_items

    unlock(qtbot, shell)
    vault = shell.controller.vault
    case = _case_with_items(vault)
    # 2026-03-01T23:30-05:00 is the 1st where it was posted (the 2nd in UTC)
    rows = list_items(vault, ItemQuery(case_ids=(case.id,), day_from="2026-03-01",
                                       day_to="2026-03-01"))
    assert len(rows) == 3
    assert len(list_items(vault, ItemQuery(day_from="2026-03-02", day_to="2026-03-04"))) == 1


@pytest.mark.parametrize("lang", ["en", "ar"], indirect=True)
def test_clicking_or_pressing_enter_on_a_bar_filters_the_list(qtbot, lang, shell) -> None:  # type: ignore[no-untyped-def]
    from PySide6 import QtCore

    unlock(qtbot, shell)
    case = _case_with_items(shell.controller.vault)
    shell.flows.browse.load_sidebar()
    dialog = _open_timeline(qtbot, shell, case.id)
    qtbot.waitUntil(lambda: bool(dialog.timeline.periods()), timeout=10000)
    tl = dialog.timeline
    assert [p.first for p in tl.periods() if p.total] == ["2026-03-01", "2026-03-04"]
    last = len(tl.periods()) - 1
    rect = tl.bar_rect(last)
    with qtbot.waitSignal(shell.flows.browse.items_loaded, timeout=10000) as loaded:
        qtbot.mouseClick(tl, QtCore.Qt.MouseButton.LeftButton,
                         pos=QtCore.QPoint(int(rect.center().x()), int(rect.bottom()) - 2))
    assert len(loaded.args[0]) == 1
    assert shell.flows.browse.current_query().day_from == "2026-03-04"
    assert not dialog.isVisible()  # the list is in view
    sidebar = shell.main_window.sidebar
    assert sidebar.combined_filter() == {"case_ids": (case.id,), "day_from": "2026-03-04",
                                         "day_to": "2026-03-04"}
    # the keyboard: Home (the oldest day) then Enter
    tl = _open_timeline(qtbot, shell, case.id).timeline
    qtbot.waitUntil(lambda: bool(tl.periods()), timeout=10000)
    tl.setFocus()
    assert tl.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus
    qtbot.keyClick(tl, QtCore.Qt.Key.Key_Home)
    with qtbot.waitSignal(shell.flows.browse.items_loaded, timeout=10000) as loaded:
        qtbot.keyClick(tl, QtCore.Qt.Key.Key_Return)
    assert len(loaded.args[0]) == 3
    assert tl.accessibleName()
