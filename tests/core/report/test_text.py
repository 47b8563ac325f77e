# SPDX-License-Identifier: GPL-3.0-or-later
"""Line breaking in logical order, long tokens, splitting across frames, value isolation."""

from __future__ import annotations

import gettext

from reportlab.pdfbase import pdfmetrics

from app.report.layout import BODY
from app.report.strings import ReportStrings, arabic_plural, isolate_tokens
from app.report.text import BidiText, Line, layout

LRI, PDI = "\u2066", "\u2069"
WORDS = ["الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة",
         "التاسعة", "العاشرة"]


def _visual(line: Line, font: str = BODY.font) -> str:
    """A laid-out line as the text its glyphs stand for, left to right (each glyph's text)."""
    texts = pdfmetrics.getFont(font)._texts
    return "".join("".join(texts.get(ord(ch), ch) for ch in piece) for _, piece in line[0])


def _logical(line: Line) -> list[str]:
    """Words of one RTL line back in logical order (right to left)."""
    return [w[::-1] for w in _visual(line).split()][::-1]


def test_rtl_paragraph_wraps_in_logical_order() -> None:
    lines = layout(" ".join(WORDS), BODY, 120, rtl=True)
    assert len(lines) >= 3
    words = [w for line in lines for w in _logical(line)]
    assert words == WORDS  # line 1 holds the first words, not the last ones
    assert all(width <= 120 for _, width in lines)


def test_long_hash_is_broken_to_fit() -> None:
    h = "ab" * 32
    lines = layout(f"{LRI}{h}{PDI}", BODY.derive(size=9), 100, rtl=True)
    assert len(lines) > 1
    assert "".join(_visual(line) for line in lines) == h
    assert all(w <= 100 for _, w in lines)


def test_bidi_text_splits_by_lines() -> None:
    para = BidiText(" ".join(WORDS * 4), BODY, rtl=True)
    _, height = para.wrap(150, 1000)
    parts = para.split(150, height / 2)
    assert len(parts) == 2
    h1 = parts[0].wrap(150, 1000)[1]
    h2 = parts[1].wrap(150, 1000)[1]
    assert abs(h1 + h2 - height) < 0.01


def test_isolate_tokens_in_notes() -> None:
    text = "من @user_123 على +964 770 123 4567 في 2026-10-14 22:15 https://x.example/a?b=1."
    out = isolate_tokens(text)
    for token in ("@user_123", "+964 770 123 4567", "2026-10-14 22:15", "https://x.example/a?b=1"):
        assert f"{LRI}{token}{PDI}" in out
    assert out.endswith(f"{PDI}.")


def test_arabic_plural_forms() -> None:
    from babel.messages.plurals import get_plural

    babel_ar = get_plural("ar")  # the header the shared catalog uses
    assert babel_ar.num_plurals == 6
    samples = (0, 1, 2, 3, 10, 11, 19, 99, 100, 102, 103, 111, 1000)
    assert [arabic_plural(n) for n in samples] == [0, 1, 2, 3, 3, 5, 5, 5, 4, 4, 3, 5, 4]
    header = gettext.c2py(babel_ar.plural_expr)  # the C expression, as gettext evaluates it
    assert all(arabic_plural(n) == header(n) for n in range(1200))


def test_strings_use_drafts_and_plurals() -> None:
    ar, en = ReportStrings("ar"), ReportStrings("en")
    assert ar.rtl and not en.rtl
    assert ar.gettext("Page {page} of {total}") == "صفحة {page} من {total}"
    assert en.gettext("Page {page} of {total}") == "Page {page} of {total}"
    # the shared catalog wins over the drafts; either way Arabic has its dual and plural forms
    assert "عنصران" in ar.ngettext("{count} item", "{count} items", 2)
    assert ar.ngettext("{count} item", "{count} items", 5).format(count=5) == "5 عناصر"
    assert ar.ngettext("{days} day", "{days} days", 2) == "يومان"
    assert en.ngettext("{count} item", "{count} items", 5).format(count=5) == "5 items"


def test_titles_and_names_get_their_tokens_isolated() -> None:
    s = ReportStrings("ar")
    out = s.untrusted("حملة @user_123 منذ 2026-10-14\u202e")
    assert f"{LRI}@user_123{PDI}" in out and f"{LRI}2026-10-14{PDI}" in out
    assert "\u202e" not in out


def test_timeline_folds_long_periods_into_weeks() -> None:
    from datetime import date, timedelta

    from app.report.chart import bucket
    from app.report.model import DayCount

    short = [DayCount(date(2026, 10, 1), 2), DayCount(date(2026, 10, 4), 1)]
    keys, values, weekly = bucket(short)
    assert not weekly and len(keys) == 4 and values == [2, 0, 0, 1]
    long = [DayCount(date(2026, 1, 1) + timedelta(days=i), 1) for i in range(0, 120, 3)]
    keys, values, weekly = bucket(long)
    assert weekly and all(k.weekday() == 0 for k in keys) and sum(values) == len(long)
