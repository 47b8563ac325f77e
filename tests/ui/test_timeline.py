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


@pytest.mark.parametrize("lang", ["en", "ar"], indirect=True)
def test_timeline_matches_stats_and_paints(qtbot, lang, shell) -> None:  # type: ignore[no-untyped-def]
    from app.cases import compute_stats

    unlock(qtbot, shell)
    case = _case_with_items(shell.controller.vault)
    shell.flows.browse.load_sidebar()
    with qtbot.waitSignal(shell.flows.records.dialog_shown, timeout=10000) as shown:
        shell.main_window.timeline_requested.emit(case.id)
    dialog = shown.args[0]
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
