# SPDX-License-Identifier: GPL-3.0-or-later
"""Neutral mode, complete (issue 16): no visible string, window title, application or
desktop-file name, or icon file of the lock screen, the main window and About names the program;
the per-user menu entry is renamed and restored."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets

from tests.ui.conftest import unlock

ENTRY = """[Desktop Entry]
Type=Application
Name=Bayyina
Name[ar]=بيّنة
GenericName=Evidence locker
Comment=Offline, encrypted evidence locker
Exec=/opt/x/run
Icon=/opt/x/bayyina.png
Terminal=false
"""


def _visible_strings(window: QtWidgets.QWidget) -> list[str]:
    """Titles, labels, buttons, tabs, tooltips and accessible names a person or a screen reader
    meets (not what she typed: a folder she named is hers)."""
    out = [window.windowTitle(), window.accessibleName(), window.toolTip()]
    for w in window.findChildren(QtWidgets.QWidget):
        if not w.isVisibleTo(window):
            continue
        out += [w.toolTip(), w.accessibleName(), w.windowTitle()]
        if isinstance(w, QtWidgets.QLabel | QtWidgets.QAbstractButton):
            out.append(w.text())
        if isinstance(w, QtWidgets.QLineEdit):
            out.append(w.placeholderText())
        if isinstance(w, QtWidgets.QTabWidget):
            out += [w.tabText(i) for i in range(w.count())]
    for action in window.findChildren(QtWidgets.QAbstractButton):
        out.append(action.text())
    return [s for s in out if s]


def _branded(strings: list[str]) -> list[str]:
    from ui.camouflage import BRAND_MARKS

    return [s for s in strings if any(m in s.lower() for m in BRAND_MARKS)]


def test_neutral_mode_names_nothing(qtbot, ar, shell) -> None:  # type: ignore[no-untyped-def]
    from ui import camouflage
    from ui.dialogs.about import AboutDialog
    from ui.settings import UiSettings

    app = QtWidgets.QApplication.instance()
    try:
        assert _branded(_visible_strings(shell.start_window))  # not neutral: it is named
        shell.apply_settings(UiSettings(language="en", neutral_title=True))
        assert _branded(_visible_strings(shell.start_window)) == []
        assert (app.applicationName(), app.organizationName(), app.desktopFileName()) == (
            "Documents", "Documents", "documents")
        assert not app.windowIcon().isNull()
        about = AboutDialog(shell.start_window, neutral=True)
        qtbot.addWidget(about)
        about.show()
        assert _branded(_visible_strings(about)) == []
        unlock(qtbot, shell)
        assert _branded(_visible_strings(shell.main_window)) == []
        shell.lock()
        assert _branded(_visible_strings(shell.start_window)) == []  # the lock screen
    finally:
        camouflage.apply(app, False)
    assert app.applicationName() == "Bayyina"


def test_desktop_entry_renamed_and_restored(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui import camouflage

    (tmp_path / "bayyina.desktop").write_text(ENTRY, encoding="utf-8")
    now = camouflage.sync_desktop_entry(True, tmp_path)
    assert now == tmp_path / "documents.desktop"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "documents.desktop"]
    text = now.read_text(encoding="utf-8")
    visible = [line for line in text.splitlines() if not line.startswith("Exec=")]
    assert _branded(visible) == [] and "Name=Documents" in text
    assert "StartupWMClass=documents" in text and "documents.png" in text
    assert "Exec=/opt/x/run" in text
    back = camouflage.sync_desktop_entry(False, tmp_path)
    assert back == tmp_path / "bayyina.desktop" and back.read_text(encoding="utf-8") == ENTRY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bayyina.desktop"]
    assert camouflage.sync_desktop_entry(True, tmp_path / "none") is None  # no install: nothing
    monkeypatch.delenv("RESOURCE_NAME", raising=False)
    camouflage.prepare_process(True)
    import os

    assert os.environ["RESOURCE_NAME"] == "documents"
    camouflage.prepare_process(False)
    assert "RESOURCE_NAME" not in os.environ
