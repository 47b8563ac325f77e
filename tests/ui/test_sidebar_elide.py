# SPDX-License-Identifier: GPL-3.0-or-later
"""A sidebar name too long for the room is shortened in its own direction (issue 13): an Arabic
case in the English sidebar loses its logical end (the dots on its left), inside its isolate, and
its count stays whole — not "… Demo)" with the count cut off."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtWidgets

ARABIC = "حملة تجريبية ضد ليلى حداد على المنصات (Demo campaign)"
ENGLISH = "Anonymous account holder who writes every night"
FSI, PDI, LRI = "\u2068", "\u2069", "\u2066"


def _shown(view, index: QtCore.QModelIndex) -> str:  # type: ignore[no-untyped-def]
    option = QtWidgets.QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualRect(index)
    view.itemDelegate().initStyleOption(option, index)
    return str(option.text)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_long_names_elided_at_their_own_end(qtbot, styled, language: str) -> None:  # type: ignore[no-untyped-def]
    from ui.i18n import install
    from ui.views.sidebar import SidebarView

    install(language, styled)
    try:
        view = SidebarView()
        qtbot.addWidget(view)
        view.resize(230, 500)
        view.show()
        view.set_entries({"cases": [(ARABIC, {"case_ids": [1]}, 3)],
                          "perpetrators": [(ENGLISH, {"perpetrator_ids": [2]}, 12)]})
        qtbot.waitExposed(view)
        metrics = view.fontMetrics()
        for section, name, count in (("cases", ARABIC, "3"), ("perpetrators", ENGLISH, "12")):
            index = view.sections[section].child(0).index()
            text = _shown(view, index)
            room = view.visualRect(index).width()
            assert metrics.horizontalAdvance(text) <= room  # Qt has nothing left to cut
            assert FSI in text and PDI in text
            inner = text[text.index(FSI) + 1:text.index(PDI)]
            assert inner.endswith("\u2026")  # the logical end: the left of an RTL name
            kept = inner.removesuffix("\u2026").replace("\u200d", "")
            assert kept and name.startswith(kept) and len(kept) < len(name)
            after = text[text.index(PDI) + 1:].replace("٠", "0").translate(
                str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
            assert f"({count})" in after  # the count after the isolate, whole
        # wide enough: the whole name, no dots
        view.resize(900, 500)
        text = _shown(view, view.sections["cases"].child(0).index())
        assert ARABIC in text and "\u2026" not in text
        assert LRI not in text  # the name takes its own direction, not forced left-to-right
    finally:
        install("en", styled)
