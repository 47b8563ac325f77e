# SPDX-License-Identifier: GPL-3.0-or-later
"""The digits and Hijri options apply at once while the vault is open (issue 13): the cards, the
sidebar's counts and the detail's dates follow without a reload, and what she typed stays."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tests.ui.conftest import unlock
from tests.ui.test_workbench_views import _seed, _select

ARABIC_INDIC = set("٠١٢٣٤٥٦٧٨٩")


def _has_arabic_digits(text: str) -> bool:
    return bool(ARABIC_INDIC & set(text))


def test_digits_and_hijri_change_the_open_window_at_once(qtbot, shell, vault_dir: Path, ar) -> None:  # type: ignore[no-untyped-def]
    from ui.models.evidence_table import CardLinesRole, ItemIdRole
    from ui.widgets.date_field import set_display

    ids = _seed(vault_dir)
    unlock(qtbot, shell)
    window = shell.main_window
    sidebar = window.sidebar
    qtbot.waitUntil(lambda: window.model.rowCount() == 3
                    and sidebar.sections["platforms"].rowCount() >= 1, timeout=30000)
    _select(qtbot, shell, ids[1])
    posted = window.detail.tag_editor.posted_field
    typed = posted.text()
    assert typed  # the seeded posted date

    def card() -> str:
        for row in range(window.proxy.rowCount()):
            index = window.proxy.index(row, 0)
            if index.data(ItemIdRole) == ids[1]:
                return " ".join(index.data(CardLinesRole))
        raise AssertionError("card not found")

    def platform_entry() -> str:
        return str(sidebar.sections["platforms"].child(0).text())

    try:
        shell.apply_settings(dataclasses.replace(shell.settings, digits="arabic-indic",
                                                 hijri=False))
        assert _has_arabic_digits(card()) and "2024" not in card()
        assert _has_arabic_digits(platform_entry())
        assert _has_arabic_digits(sidebar.all_item.text())
        assert _has_arabic_digits(window.count_label.text())
        assert _has_arabic_digits(posted.words_label.text())
        assert "هـ" not in posted.words_label.text()
        imported = window.detail.date_label
        assert _has_arabic_digits(imported.text())  # "imported" in the local form too

        shell.apply_settings(dataclasses.replace(shell.settings, digits="western", hijri=True))
        assert not _has_arabic_digits(card()) and "2024" in card()
        assert not _has_arabic_digits(platform_entry()) and "(2)" in platform_entry()
        assert "(3)" in sidebar.all_item.text()
        assert not _has_arabic_digits(window.count_label.text())
        words = posted.words_label.text()
        assert not _has_arabic_digits(words) and "2024" in words and "1445" in words  # Hijri
        assert not _has_arabic_digits(imported.text()) and "20" in imported.text()
        assert posted.text() == typed  # nothing she typed was replaced
        assert window.model.rowCount() == 3  # no reload emptied the list
    finally:
        set_display("auto", False)
