# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence view: lazy thumbnails, detail panel (image, removed, metadata), sensitive blur, search,
sidebar filters."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore

from tests.helpers import PASSPHRASE
from tests.ui.conftest import png_bytes, unlock


def _seed(vault_dir: Path) -> list[int]:
    """Three images; the second described in Arabic and flagged sensitive (done in the core)."""
    from app.cases import TagChanges, tag_item
    from app.ingest import import_paths
    from app.vault import open_vault

    src = vault_dir.parent / "seed"
    src.mkdir()
    for i, color in enumerate([(200, 0, 0), (0, 200, 0), (0, 0, 200)]):
        (src / f"shot-{i}.png").write_bytes(png_bytes(color, (90 + i, 60)))
    vault = open_vault(vault_dir, PASSPHRASE)
    try:
        summary = import_paths(vault, sorted(src.iterdir()), method="file")
        ids = [o.item_id for o in summary.outcomes]
        tag_item(vault, ids[1], TagChanges(description="تهديد من حساب مجهول",
                                           add_sensitive=("graphic",)))
        tag_item(vault, ids[2], TagChanges(description="harassment thread"))
    finally:
        vault.lock()
    return [int(i) for i in ids]


def test_evidence_detail_and_sensitive_blur(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(vault_dir)
    unlock(qtbot, shell)
    window = shell.main_window
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=30000)
    # lazy thumbnails: asking for the decoration (painting does) loads them through the controller
    for row in range(3):
        window.model.data(window.model.index(row, 0), QtCore.Qt.ItemDataRole.DecorationRole)
    rows = {window.model.row_for(r).item_id: r for r in range(3)}
    qtbot.waitUntil(lambda: window.model.thumbnail_cached(ids[0])
                    and window.model.thumbnail_cached(ids[2]), timeout=30000)
    assert not window.model.thumbnail_cached(ids[1])  # sensitive: its pixels are not even loaded
    assert window.model.row_for(rows[ids[1]]).sensitive

    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000):
        window.evidence.select_row(window.proxy.mapFromSource(
            window.model.index(rows[ids[0]], 0)).row())
    detail = window.detail
    assert detail.content.isVisible()
    assert detail.name_label.full_text() == "shot-0.png"
    assert not detail.viewer.blurred
    assert detail.meta_table.rowCount() > 0
    groups = detail.sha_label.full_text().split()  # in groups of four (it wraps between them)
    assert len(groups) == 16 and all(len(g) == 4 for g in groups)
    assert detail.sha_label.wordWrap()
    zoom = detail.viewer.zoom_factor()
    detail.zoom_in_button.click()
    assert detail.viewer.zoom_factor() > zoom

    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000):
        window.evidence.select_row(window.proxy.mapFromSource(
            window.model.index(rows[ids[1]], 0)).row())
    assert detail.viewer.blurred  # sensitive: blurred until clicked
    with qtbot.waitSignal(detail.viewer.revealed):
        qtbot.mouseClick(detail.viewer.viewport(), QtCore.Qt.MouseButton.LeftButton)
    assert not detail.viewer.blurred


def test_evidence_search_and_sidebar(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    _seed(vault_dir)
    unlock(qtbot, shell)
    window = shell.main_window
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=30000)
    window.search_edit.setText("تهديد")  # Arabic through setText, never keyClicks
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=30000)
    assert window.model.row_for(0).untrusted_description.startswith("تهديد")
    window.search_edit.setText("harassment")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1
                    and window.model.row_for(0).untrusted_description == "harassment thread",
                    timeout=30000)
    window.search_edit.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=30000)
    assert window.sidebar.all_item.text() == "All evidence (3)"
    # a sidebar filter (categories are built in): the platform filter narrows to nothing here
    platforms = window.sidebar.sections["platforms"]
    assert platforms.rowCount() > 0
    window.sidebar.clicked.emit(platforms.child(0).index())
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=30000)
    window.sidebar.clicked.emit(window.sidebar.all_item.index())
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=30000)


def test_evidence_model_scales_to_10000_rows(qtbot, styled) -> None:  # type: ignore[no-untyped-def]
    from ui.jobs.evidence import EvidenceRow
    from ui.models.evidence_filter import EvidenceFilterModel
    from ui.models.evidence_table import EvidenceTableModel
    from ui.views.evidence_list import GRID, EvidenceListView

    model = EvidenceTableModel()
    rows = [EvidenceRow(i, f"file-{i}.png", "image/png", "image", "2026-11-28T10:00:00+03:00")
            for i in range(10000)]
    model.set_rows(rows)
    proxy = EvidenceFilterModel()
    proxy.setSourceModel(model)
    view = EvidenceListView(proxy)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.set_mode(GRID)
    wanted: list[list[int]] = []
    model.thumbnails_wanted.connect(wanted.append)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: bool(wanted), timeout=10000)
    requested = sum(len(w) for w in wanted)
    assert 0 < requested < 200  # only what is on screen, not 10,000


def test_tag_editor_saves_through_the_core(qtbot, shell, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from app.cases import get_item_tags
    from app.vault import open_vault

    ids = _seed(vault_dir)
    unlock(qtbot, shell)
    window = shell.main_window
    qtbot.waitUntil(lambda: window.model.rowCount() == 3
                    and window.detail.tag_editor.platform_combo.count() > 1, timeout=30000)
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000):
        window.select_item(ids[0])
    editor = window.detail.tag_editor
    assert editor.changes() == {}
    editor.platform_combo.setCurrentIndex(editor.platform_combo.findData("telegram"))
    editor.description_edit.setText("رسالة تهديد من @user_123")  # setText: Arabic is safe
    editor.case_combo.setCurrentText("حملة تشهير")
    editor.sensitive_checks["personal-info"].setChecked(True)
    with qtbot.waitSignal(shell.flows.tagging.item_tagged, timeout=30000):
        editor.save_button.click()
    # the list reloads and the same item is selected again, its detail reloaded
    qtbot.waitUntil(lambda: window.evidence.selected_ids() == [ids[0]], timeout=30000)
    qtbot.waitUntil(lambda: (editor.changes() == {}
                             and editor._current.get("platform") == "telegram"),
                    timeout=30000)
    # the sidebar's lists reload in a job of their own, which may end after the detail's
    qtbot.waitUntil(lambda: any("حملة تشهير" in window.sidebar.sections["cases"].child(i).text()
                                for i in range(window.sidebar.sections["cases"].rowCount())),
                    timeout=30000)
    shell.controller.lock("test")
    shell.controller.runner.wait_for_done(30000)
    vault = open_vault(vault_dir, PASSPHRASE)
    try:
        tags = get_item_tags(vault, ids[0])
    finally:
        vault.lock()
    assert tags.platform == "telegram" and tags.description == "رسالة تهديد من @user_123"
    assert tags.sensitive == ("personal-info",) and tags.cases == ("حملة تشهير",)
