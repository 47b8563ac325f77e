# SPDX-License-Identifier: GPL-3.0-or-later
"""A URL field that is not a web address (here one received in a signed bundle) is shown as the
text it is, flagged, and never as a link (issue 12, point 10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtWidgets

from tests.core.cases.test_urls import HOSTILE, _tagged_vault


def _received_tags(vault: Any, tmp_path: Path) -> list[Any]:
    from app.bundle import keygen_recipient
    from app.cases import ItemId, get_item_tags
    from app.handover import export_from_vault, receive_into_vault
    from app.vault import KdfParams, create_vault
    from tests.helpers import PASSPHRASE

    _tagged_vault(vault)
    ident, rec = keygen_recipient()
    b = export_from_vault(vault, tmp_path / "b.zip.age", recipients=[rec])
    org = create_vault(tmp_path / "org.bayyina", PASSPHRASE, KdfParams.testing())
    try:
        r = receive_into_vault(org, b.path, identity=ident, trust_signer=vault.fingerprint())
        return [(i, get_item_tags(org, ItemId(i))) for i in r.added]
    finally:
        org.lock()


def _no_links(widget: QtWidgets.QWidget) -> None:
    for label in widget.findChildren(QtWidgets.QLabel):
        assert not label.openExternalLinks()
        assert label.textFormat() == QtCore.Qt.TextFormat.PlainText or "href" not in label.text()


def test_a_received_javascript_url_is_flagged_text_in_the_tag_editor(  # type: ignore[no-untyped-def]
        qtbot, en: str, vault: Any, tmp_path: Path) -> None:
    from ui.views.tag_editor import TagEditorView

    (bad_id, bad), (good_id, good) = _received_tags(vault, tmp_path)
    editor = TagEditorView()
    qtbot.addWidget(editor)
    editor.show()
    editor.sections.setCurrentWidget(editor.url_edit.parentWidget())  # the "Post" section
    editor.show_tags(bad_id, bad)
    assert editor.url_edit.text() == HOSTILE  # as given
    assert editor.url_flag.isVisible()
    assert editor.url_flag.text() == "Not a web address: shown as text only."
    _no_links(editor)
    editor.show_tags(good_id, good)
    assert not editor.url_flag.isVisible()
    editor.url_edit.setText("  file:///etc/passwd")  # typed by the user: flagged as well
    assert editor.url_flag.isVisible()


def test_the_flag_is_translated(qtbot, ar: str, vault: Any, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.views.tag_editor import TagEditorView

    (bad_id, bad), _good = _received_tags(vault, tmp_path)
    editor = TagEditorView()
    qtbot.addWidget(editor)
    editor.show()
    editor.sections.setCurrentWidget(editor.url_edit.parentWidget())  # the "Post" section
    editor.show_tags(bad_id, bad)
    assert editor.url_flag.isVisible()
    assert editor.url_flag.text() != "Not a web address: shown as text only."
    assert "ويب" in editor.url_flag.text()


def test_a_profile_url_that_is_not_a_web_address_is_flagged(en: str) -> None:
    from ui.dialogs.perpetrator_editor import _profile

    assert "not a web address" in _profile("javascript:alert(1)")
    assert "not a web address" not in _profile("https://example.com/u/1")
    assert _profile("") == ""

