# SPDX-License-Identifier: GPL-3.0-or-later
"""Authors' colours in the chat view read on their bubble: every hue, against the bubble's
background (the palette's Base) in dark palettes as in light ones, at least 3:1 (WCAG 2, bold
text); the colour the model reports is the one painted."""

from __future__ import annotations

import pytest
from PySide6 import QtGui

from ui.jobs.chats import ChatRow
from ui.models.chat_messages import (
    _HUES,
    AuthorColourRole,
    author_colour,
    author_hue,
    contrast,
)

# Base colours of common themes: Adwaita dark, Breeze dark, Windows dark, a black OLED theme,
# a dim grey; light ones for comparison
DARK_BASES = ("#242424", "#1b1e20", "#202020", "#000000", "#3c3f41", "#505050")
LIGHT_BASES = ("#ffffff", "#f0f0f0", "#fcfcfc", "#e0e0e0")


def _one_author_per_hue() -> list[str]:
    names: dict[int, str] = {}
    n = 0
    while len(names) < len(_HUES):
        name = f"author {n}"
        names.setdefault(author_hue(name), name)
        n += 1
    return list(names.values())


def _palette(base: str) -> QtGui.QPalette:
    dark = QtGui.QColor(base).lightness() < 128
    palette = QtGui.QPalette(QtGui.QColor("#353535" if dark else "#efefef"))
    palette.setColor(QtGui.QPalette.ColorRole.Base, QtGui.QColor(base))
    palette.setColor(QtGui.QPalette.ColorRole.Text, QtGui.QColor("#eeeeee" if dark else "#111111"))
    return palette


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast(QtGui.QColor("#000000"), QtGui.QColor("#ffffff")) == pytest.approx(21.0)
    grey, white = QtGui.QColor("#777777"), QtGui.QColor("#ffffff")
    assert contrast(grey, white) == pytest.approx(4.48, abs=0.01)
    # the old fixed colours of a dark theme did not reach 3:1 on a grey bubble for every hue
    old = [QtGui.QColor.fromHsl(h, 170, 175) for h in _HUES]
    assert min(contrast(c, QtGui.QColor("#505050")) for c in old) < 3


@pytest.mark.parametrize("base", DARK_BASES + LIGHT_BASES)
def test_every_author_colour_reads_on_its_bubble(qtbot, styled, base: str) -> None:  # type: ignore[no-untyped-def]
    """The theme's palette is the application's (as a dark system theme sets it), under the
    application's style sheet."""
    old = styled.palette()
    styled.setPalette(_palette(base))
    try:
        _check_bubbles(qtbot, base)
    finally:
        styled.setPalette(old)


def _check_bubbles(qtbot, base: str) -> None:  # type: ignore[no-untyped-def]
    from app.chats.query import Chat
    from ui.views.chat_view import ChatWindow

    authors = _one_author_per_hue()
    win = ChatWindow()
    qtbot.addWidget(win)
    rows = [ChatRow(i, f"2024-03-02T09:{i:02d}:00", a, "message text", False, False, False, "",
                    (), False) for i, a in enumerate(authors)]
    win.set_chat(Chat(1, "u", "0" * 64, "whatsapp", "t", "whatsapp-android-txt",
                      tuple(authors), None, len(rows), None, "given", ()), rows)
    bubble = win.list.palette().color(QtGui.QPalette.ColorRole.Base)
    assert bubble.name() == base
    colours = [win.model.index(r, 0).data(AuthorColourRole) for r in range(len(rows))]
    ratios = [contrast(c, bubble) for c in colours]
    assert min(ratios) >= 3.0, list(zip(authors, [c.name() for c in colours], ratios,
                                        strict=True))
    assert len({c.name() for c in colours}) == len(_HUES)  # still one colour per hue
    assert all(c == author_colour(a, background=bubble) for a, c in zip(authors, colours,
                                                                         strict=True))
    # the painted names are in these colours
    win.resize(900, 700)
    win.show()
    for row, colour in enumerate(colours):
        index = win.model.index(row, 0)
        win.list.scrollTo(index)
        qtbot.waitUntil(lambda i=index: win.list.viewport().rect().contains(
            win.list.visualRect(i)))
        image = win.list.viewport().grab(win.list.visualRect(index)).toImage()
        painted = {image.pixelColor(x, y).name() for x in range(image.width())
                   for y in range(image.height())}
        assert colour.name() in painted, (authors[row], colour.name())
