# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings › "My signing key": her fingerprint grouped in fours, selectable and copyable, as words
to read aloud (the same words the organisation's receive dialog shows for it) and as a QR code
drawn in memory; the receive dialog's fingerprint is whole, not clipped."""

from __future__ import annotations

import segno

from app.bundle.fingerprint_words import WORDS_AR, grouped_words
from app.bundle.signing import display_fingerprint
from tests.ui.conftest import unlock

FP = "0f1e2d3c4b5a69788796a5b4c3d2e1f0" + "0112233445566778899aabbccddeeff0"


def test_section_shows_the_fingerprint_in_fours_words_and_qr(qtbot, en: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6 import QtCore, QtGui

    from ui.dialogs.my_key import MyKeySection

    section = MyKeySection(FP)
    qtbot.addWidget(section)
    section.show()
    view = section.view
    grouped = display_fingerprint(FP)
    assert view.hex_label.text() == grouped
    assert all(len(g) == 4 for g in grouped.split(" ")) and len(grouped.split(" ")) == 16
    flags = view.hex_label.textInteractionFlags()
    assert flags & QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
    assert flags & QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard
    # the words: English in an English interface, Arabic at a choice, 8 lines of 4
    assert view.words() == grouped_words(FP, "en")
    from app.bundle.fingerprint_words import WORDS_EN

    assert WORDS_EN[0x0F] in view.words_label.text() and "1. " in view.words_label.text()
    view.words_combo.setCurrentIndex(view.words_combo.findData("ar"))
    assert view.words() == grouped_words(FP, "ar")
    assert WORDS_AR[0x0F] in view.words_label.text()
    # copy
    with qtbot.waitSignal(view.copied, timeout=5000) as blocker:
        view.copy_button.click()
    assert blocker.args == [grouped]
    assert QtGui.QGuiApplication.clipboard().text() == grouped
    # the QR code holds the grouped fingerprint: its pixels are segno's matrix, in memory
    assert section.qr.encoded() == grouped
    image = section.qr.pixmap().toImage()
    rows = [list(r) for r in segno.make(grouped, error="m", micro=False).matrix_iter(
        scale=1, border=4)]
    assert image.width() == image.height() == len(rows) * 4
    for y in range(0, len(rows), 3):
        for x in range(0, len(rows), 3):
            dark = QtGui.QColor(image.pixel(x * 4 + 2, y * 4 + 2)).lightness() < 128
            assert dark == bool(rows[y][x])


def test_section_shows_no_words_for_a_broken_fingerprint(qtbot, en: str) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.my_key import MyKeySection

    section = MyKeySection("not a key")
    qtbot.addWidget(section)
    assert section.view.words() == []
    assert not section.view.copy_button.isEnabled()
    assert section.qr.encoded() == ""


def test_settings_has_my_signing_key_with_the_vaults_fingerprint(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    fp = shell.controller.vault.fingerprint()
    shell.show_settings()
    qtbot.waitUntil(lambda: shell.settings_dialog is not None, timeout=30000)
    dialog = shell.settings_dialog
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "My signing key" in titles
    area = dialog.tabs.widget(titles.index("My signing key"))
    from ui.dialogs.my_key import MyKeySection

    section = area.widget().findChild(MyKeySection)
    assert section.view.fingerprint() == display_fingerprint(fp)
    dialog.reject()


def test_receive_dialog_shows_the_same_words_whole(qtbot, ar: str) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.my_key import MyKeySection
    from ui.dialogs.receive import ReceiveDialog

    dialog = ReceiveDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ask_trust(FP)
    qtbot.waitUntil(dialog.fingerprint_label.isVisible, timeout=5000)
    section = MyKeySection(FP)
    qtbot.addWidget(section)
    assert dialog.fingerprint_view.words() == section.view.words() == grouped_words(FP, "ar")
    label = dialog.fingerprint_label
    assert label.text() == display_fingerprint(FP)
    # not clipped: the label is as tall as its wrapped text needs, and inside the dialog
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=5000)
    corner = label.mapTo(dialog, label.rect().bottomRight())
    assert corner.x() <= dialog.width() and corner.y() <= dialog.height()
    assert label.fontMetrics().horizontalAdvance("0f1e 2d3c") <= label.width()
