# SPDX-License-Identifier: GPL-3.0-or-later
"""What she sees of her evidence (issue 13): what was removed in her words with the values, the
original and the clean copy side by side, "Save clean copy…" and "Delete…", grid cards that
differ, received items' thumbnails, titles and provenance, sidebar filters that combine, and a
detail that stops showing an item the search hid."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtGui

from tests.core.media.test_removed_phrases import gps_phone_jpeg
from tests.helpers import PASSPHRASE
from tests.ui.conftest import png_bytes, unlock


def _seed(vault_dir: Path) -> list[int]:
    """A GPS phone photo (sensitive), and two screenshots of one account on facebook."""
    from app.cases import AccountRef, TagChanges, tag_item
    from app.ingest import import_paths
    from app.vault import open_vault

    src = vault_dir.parent / "seed"
    src.mkdir()
    gps_phone_jpeg(src / "A-photo.jpg")  # sorts first
    for i in range(2):
        (src / f"Screenshot_20240211-1402{i}9_Facebook.png").write_bytes(
            png_bytes((10 * i, 90, 90), (90, 200)))
    vault = open_vault(vault_dir, PASSPHRASE)
    try:
        ids = [int(o.item_id) for o in import_paths(vault, sorted(src.iterdir()),
                                                    method="file").outcomes]
        tag_item(vault, ids[0], TagChanges(add_sensitive=("graphic",), add_cases=("حملة",)))
        for n, i in enumerate(ids[1:]):
            tag_item(vault, i, TagChanges(platform="facebook", add_cases=("حملة",),
                                          posted_at=f"2024-02-1{n + 1}T14:02:00+03:00",
                                          add_accounts=(AccountRef("facebook", "abu.x"),)))
    finally:
        vault.lock()
    return ids


def _select(qtbot, shell, item_id: int):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000) as loaded:
        assert shell.main_window.select_item(item_id)
    return loaded.args[0]


def test_detail_says_what_was_removed_and_shows_both_copies(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(vault_dir)
    unlock(qtbot, shell)
    window = shell.main_window
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=30000)
    loaded = _select(qtbot, shell, ids[0])
    text = window.detail.removed_label.text()
    assert "the place where the photo was taken (" in text and "33.31 N, 44.36 E" in text
    assert "the phone or camera model (" in text and "SM-A515F" in text
    assert "when it was taken" in text and "removed from the clean copy" in text
    assert "exif" not in text.lower() and "gps" not in text.lower()
    detail = window.detail
    # both copies decoded from the vault, side by side; sensitive: both blurred
    assert loaded.original_image is not None and loaded.image is not None
    assert (loaded.original_image.width(), loaded.original_image.height()) == (40, 80)
    assert detail.original_viewer.blurred and detail.clean_viewer.blurred
    _select(qtbot, shell, ids[1])
    assert not detail.original_viewer.blurred
    assert "technical details" in detail.removed_label.text() or \
        detail.removed_label.text() == "Nothing needed removing."
    # a received-like item's provenance line and perpetrators (from the record)
    from ui.views.evidence_detail import item_title, provenance_text

    prov = {"source": "bundle", "signer": "ab12cd34ef56ab78cd90", "bundle_id": "0193d2c4-aaaa",
            "bundle_seq": 4, "received_at": "2026-11-30T09:15:00Z"}
    line = provenance_text({"provenance": prov}, ["الذباب الإلكتروني"])
    assert "AB12" not in line and "ab12 cd34 ef56 ab78 cd90" in line
    assert "number \u2066" in line and "4" in line  # the time in the local form, as written:
    assert "30 Nov 2026" in line and "09:15" in line
    assert "الذباب الإلكتروني" in line
    assert item_title({"original_name": None}, None) == "(no name)"


def test_save_clean_copy_and_delete(qtbot, shell, vault_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.vault import open_vault

    ids = _seed(vault_dir)
    unlock(qtbot, shell)
    window = shell.main_window
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=30000)
    _select(qtbot, shell, ids[0])
    index = window.evidence.grid.selectionModel().currentIndex()
    texts = [t for t, _fn in window.evidence.context_actions(index)]
    assert texts == ["Save clean copy…", "Save original…", "Find similar…", "Delete…"]
    out = tmp_path / "for-the-form"
    out.mkdir()
    browse = shell.flows.browse
    with qtbot.waitSignal(browse.copy_saved, timeout=30000) as saved:
        browse.save_copy_to(ids[0], out)
    written = Path(saved.args[0]["path"])
    assert written.parent == out and written.name.startswith(f"bayyina-item-{ids[0]}-clean.")
    assert b"SM-A515F" not in written.read_bytes() and b"samsung" not in written.read_bytes()
    with qtbot.waitSignal(browse.item_action_failed, timeout=30000) as failed:
        browse.save_copy_to(ids[0], out)  # never replaces a file
    assert "already exists" in failed.args[0]
    with qtbot.waitSignal(browse.items_deleted, timeout=30000):
        browse.delete_now([ids[0]])
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=30000)
    assert not window.detail.content.isVisible()  # the deleted item is not left on screen
    shell.controller.lock("test")
    shell.controller.runner.wait_for_done(30000)
    vault = open_vault(vault_dir, PASSPHRASE)
    try:
        assert vault.verify_custody().ok
        assert vault.read("SELECT count(*) FROM blobs WHERE item_id = ?", (ids[0],))[0][0] == 0
    finally:
        vault.lock()


def test_grid_cards_differ_and_fit_portrait_screenshots(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.models.evidence_table import ItemIdRole
    from ui.views.evidence_list import ICON

    ids = _seed(vault_dir)
    unlock(qtbot, shell)
    window = shell.main_window
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=30000)
    grid = window.evidence.grid
    metrics = QtGui.QFontMetrics(grid.font())
    width = grid.gridSize().width() - 8
    lines = {}
    for row in range(window.proxy.rowCount()):
        index = window.proxy.index(row, 0)
        lines[int(index.data(ItemIdRole))] = window.evidence.card_delegate.lines(
            index, metrics, width)
    screenshot_cards = [lines[i] for i in ids[1:]]
    assert screenshot_cards[0] != screenshot_cards[1]
    assert screenshot_cards[0][0] == "\u2068Facebook\u2069 · \u2068abu.x\u2069"
    assert "Posted" in screenshot_cards[0][1] and "11 Feb 2024" in screenshot_cards[0][1]
    assert all(metrics.horizontalAdvance(t) <= width for card in lines.values() for t in card)
    assert ICON.height() > ICON.width() and grid.iconSize().height() >= 220  # portrait cells


def test_sidebar_filters_combine_and_hidden_item_leaves(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(vault_dir)
    unlock(qtbot, shell)
    window = shell.main_window
    sidebar = window.sidebar
    qtbot.waitUntil(lambda: window.model.rowCount() == 3
                    and sidebar.sections["reported"].rowCount() == 2, timeout=30000)

    def child(section: str, starts: str):  # type: ignore[no-untyped-def]
        sec = sidebar.sections[section]
        return next(sec.child(r) for r in range(sec.rowCount())
                    if starts in sec.child(r).text())

    case = child("cases", "حملة")
    assert "(3)" in case.text() or "(٣)" in case.text()
    facebook = child("platforms", "Facebook")
    assert "(2)" in facebook.text()
    sidebar.clicked.emit(case.index())
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=30000)
    sidebar.clicked.emit(child("platforms", "Facebook").index())  # AND, not instead
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=30000)
    assert set(sidebar.combined_filter()) == {"case_ids", "platforms"}
    sidebar.clicked.emit(child("reported", "Not reported").index())
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=30000)
    sidebar.choose_date_range("2024-02-12", "2024-02-12")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=30000)
    assert window.model.row_for(0).item_id == ids[2]
    assert child("platforms", "Facebook").checkState() == QtGui.Qt.CheckState.Checked
    sidebar.clicked.emit(sidebar.all_item.index())
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=30000)
    assert sidebar.combined_filter() == {}
    # a search that hides the item shown: the detail stops showing it
    _select(qtbot, shell, ids[0])
    assert window.detail.content.isVisible()
    window.search_edit.setText("no-such-word-anywhere")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=30000)
    qtbot.waitUntil(lambda: not window.detail.content.isVisible(), timeout=5000)


def test_no_thumbnail_drawn_from_clean_copy(qapp, vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Received items carry no thumbnail blob (bundles hold the clean copy only)."""
    from app.ingest import import_bytes
    from ui.jobs.evidence import list_rows, load_thumbnails

    item = import_bytes(vault, png_bytes((5, 6, 7), (90, 200)), name="r.png").item_id
    with vault.write() as tx:  # as app.handover.receive stores an item: no thumbnail
        tx.conn.execute("DELETE FROM blobs WHERE item_id = ? AND role = 'thumbnail'", (item,))
    assert list_rows(vault)[0].has_thumbnail
    images = load_thumbnails(vault, [int(item)], 240)
    assert images[int(item)].height() == 200 and images[int(item)].width() == 90
