# SPDX-License-Identifier: GPL-3.0-or-later
"""Grid cards: dates in the local form and the display option's digits; titles broken only
between words — a handle is elided, never cut in two ("fake.news.page.de / mo")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6 import QtGui, QtWidgets

HANDLES = ("fake.news.page.demo", "anon_mirror_demo", "قناة_الحقيقة_المزعومة_الرسمية",
           "a_very_long_account_name_that_cannot_fit_on_any_card_2024")


def _rows() -> list[Any]:
    from ui.jobs.evidence import EvidenceRow

    rows = [EvidenceRow(n + 1, f"shot-{n}.png", "image/png", "image",
                        "2026-11-28T19:02:15+00:00", platform="facebook", accounts=(handle,),
                        posted_at="2024-02-11T16:52:00Z",  # stored in UTC
                        posted_shown="2024-02-11T19:52:00+03:00")  # as the post showed it
            for n, handle in enumerate(HANDLES)]
    rows.append(EvidenceRow(9, "mirror_account_screenshot_of_the_threat_2024_02_11.png",
                            "image/png", "image", "2026-11-28T19:02:15+00:00",
                            posted_at="2024-02-11"))  # a date only: it stays a date
    return rows


@pytest.fixture
def cards(qtbot, styled) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    from ui.models.evidence_filter import EvidenceFilterModel
    from ui.models.evidence_table import EvidenceTableModel, ItemIdRole
    from ui.views.evidence_list import EvidenceListView

    def make(narrow: int = 0):  # type: ignore[no-untyped-def]
        model = EvidenceTableModel()
        proxy = EvidenceFilterModel()
        proxy.setSourceModel(model)
        view = EvidenceListView(proxy)
        qtbot.addWidget(view)
        model.set_platform_names({"facebook": "Facebook"})
        model.set_rows(_rows())
        grid = view.grid
        metrics = QtGui.QFontMetrics(grid.font())
        width = narrow or grid.gridSize().width() - 8
        by_id = {int(proxy.index(r, 0).data(ItemIdRole)):
                 view.card_delegate.lines(proxy.index(r, 0), metrics, width)
                 for r in range(proxy.rowCount())}
        out = [by_id[k] for k in sorted(by_id)]  # in the order of _rows()
        view._keep = (model, proxy)  # type: ignore[attr-defined]
        return out, metrics, width

    return make


def _plain(text: str) -> str:
    # bidi isolates; the joiner Qt adds where it elides an Arabic word (it keeps the shape)
    return "".join(ch for ch in text if ch not in "\u2066\u2067\u2068\u2069\u200d")


@pytest.mark.parametrize("narrow", [0, 150, 120])  # the card's own width, and narrower
def test_handles_are_elided_never_cut_mid_word(cards, en, narrow: int) -> None:  # type: ignore[no-untyped-def]
    lines, metrics, width = cards(narrow)
    for card, handle in zip(lines, HANDLES, strict=False):
        title = [_plain(t) for t in card[:-1]]
        assert all(metrics.horizontalAdvance(t) <= width for t in card)
        assert title[0] == "Facebook ·" or title == [f"Facebook · {handle}"]
        if len(title) == 2:  # the handle on a line of its own: whole, or elided in the middle
            shown = title[1]
            assert shown == handle or ("…" in shown and handle.startswith(shown.split("…")[0])
                                       and handle.endswith(shown.split("…")[-1]))
        for line in title:  # no line ends in a piece of a word
            for word in line.replace("…", " ").split():
                assert word in ("Facebook", "·") or word in handle
    # a handle that fits a line is never cut: on the title's line, or whole on a line of its own
    for card, handle in zip(lines[:2], HANDLES[:2], strict=True):
        if metrics.horizontalAdvance(handle) <= width:
            assert handle in [_plain(t).removeprefix("Facebook · ") for t in card[:-1]]
    assert narrow or metrics.horizontalAdvance(HANDLES[0]) <= width  # the card fits these
    elided = _plain(lines[3][1])
    assert "…" in elided and elided.endswith("2024")  # the end that tells them apart


def test_card_dates_local_form_and_digits(cards, en) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets.date_field import set_display

    lines, _metrics, _width = cards()
    assert _plain(lines[0][-1]) == "Posted 11 Feb 2024, 19:52"  # the time as written (+03:00)
    assert _plain(lines[-1][-1]) == "Posted 11 Feb 2024"  # a date only: no invented time
    try:
        set_display("arabic-indic", False)
        lines, _metrics, _width = cards()
        assert _plain(lines[0][-1]) == "Posted ١١ Feb ٢٠٢٤, ١٩:٥٢"
    finally:
        set_display("auto", False)


def test_card_dates_in_arabic(cards, ar) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets.date_field import set_display

    lines, metrics, width = cards()
    date = _plain(lines[-1][-1])
    assert "١١" in date and "٢٠٢٤" in date and "فبراير" in date and "2024" not in date
    try:
        set_display("western", False)
        lines, metrics, width = cards()
        assert "11" in _plain(lines[-1][-1]) and "2024" in _plain(lines[-1][-1])
    finally:
        set_display("auto", False)
    assert all(metrics.horizontalAdvance(t) <= width for card in lines for t in card)


def test_cards_grow_with_the_font(qtbot, styled) -> None:  # type: ignore[no-untyped-def]
    from ui.views.evidence_list import CARD, ICON, card_size

    base = card_size(QtGui.QFontMetrics(QtWidgets.QApplication.font()))
    big = QtGui.QFont(QtWidgets.QApplication.font())
    big.setPointSizeF(big.pointSizeF() * 2)
    large = card_size(QtGui.QFontMetrics(big))
    assert base.width() >= CARD.width() and base.height() >= CARD.height()
    metrics = QtGui.QFontMetrics(big)
    assert large.height() >= ICON.height() + 3 * metrics.height()  # three lines, never clipped
    assert large.width() > base.width()


def test_a_received_card_says_received(en) -> None:  # type: ignore[no-untyped-def]
    """Found on the journey walk: the organisation's cards said "Imported …" for what came in a
    bundle. Without a posted date a card names how the item arrived."""
    from ui.jobs.evidence import EvidenceRow
    from ui.models.evidence_table import EvidenceTableModel

    model = EvidenceTableModel()
    came = EvidenceRow(1, "", "image/png", "image", "2026-11-28T19:02:15+00:00", received=True)
    mine = EvidenceRow(2, "a.png", "image/png", "image", "2026-11-28T19:02:15+00:00")
    posted = EvidenceRow(3, "", "image/png", "image", "2026-11-28T19:02:15+00:00",
                         posted_at="2024-02-11", received=True)
    assert _plain(model._card(came)[1]).startswith("Received 28 Nov 2026")
    assert _plain(model._card(mine)[1]).startswith("Imported 28 Nov 2026")
    assert _plain(model._card(posted)[1]) == "Posted 11 Feb 2024"


def test_a_received_item_is_marked_by_the_core(vault) -> None:  # type: ignore[no-untyped-def]
    from app.ingest import import_bytes
    from tests.ui.conftest import png_bytes
    from ui.jobs.evidence import list_rows

    item = import_bytes(vault, png_bytes((5, 6, 7)), name="r.png").item_id
    assert [r.received for r in list_rows(vault)] == [False]
    with vault.write() as tx:  # as app.handover.receive stores an item
        tx.conn.execute("UPDATE items SET import_method = 'bundle' WHERE id = ?", (item,))
    assert [r.received for r in list_rows(vault)] == [True]
