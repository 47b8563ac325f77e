# SPDX-License-Identifier: GPL-3.0-or-later
"""A received item whose "clean copy" failed this vault's checks is labelled quarantined in the
detail panel, with the reason, and has no picture and no thumbnail (issue 12, point 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_the_detail_panel_labels_a_quarantined_item_and_shows_no_picture(  # type: ignore[no-untyped-def]
        qtbot, en: str, vault: Any, tmp_path: Path) -> None:
    """Issue 12, point 3, in the GUI: a received HTML "clean copy" is no picture and says why."""
    from app.bundle import keygen_recipient
    from app.handover import export_from_vault, receive_into_vault
    from app.vault import KdfParams, create_vault
    from tests.core.handover.test_receive_checks import _import, _png, _swap_clean_copy
    from tests.helpers import PASSPHRASE
    from ui.jobs.evidence import load_detail, load_thumbnails
    from ui.views.evidence_detail import EvidenceDetailView

    iid = _import(vault, _png((200, 10, 10)), "b.png")
    _swap_clean_copy(vault, iid, b"<html><script>alert(1)</script></html>", "image/jpeg")
    ident, rec = keygen_recipient()
    b = export_from_vault(vault, tmp_path / "b.zip.age", recipients=[rec])
    org = create_vault(tmp_path / "org.bayyina", PASSPHRASE, KdfParams.testing())
    try:
        r = receive_into_vault(org, b.path, identity=ident, trust_signer=vault.fingerprint())
        [q] = r.quarantined
        detail = load_detail(org, q.item)
        assert load_thumbnails(org, [q.item], 64) == {}
    finally:
        org.lock()
    assert detail.image is None
    view = EvidenceDetailView()
    qtbot.addWidget(view)
    view.show_detail(detail)
    note = view.image_note.text()
    assert note.startswith("Quarantined: the clean copy in the bundle failed this vault's checks")
    assert "its content is \u2068text/html\u2069" in note or "its content is text/html" in note
