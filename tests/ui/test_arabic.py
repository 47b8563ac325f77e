# SPDX-License-Identifier: GPL-3.0-or-later
"""Arabic first: every window right-to-left, no English left on screen, every UI string
translated."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from tests.ui.conftest import png_bytes, unlock

ROOT = Path(__file__).resolve().parents[2]
LATIN = re.compile(r"[A-Za-z]{2,}")
ARABIC = re.compile(r"[\u0600-\u06ff]")
# Latin that is right inside Arabic: names of things, keys, our language list, paths, hashes.
ALLOWED_LATIN = {"English", "SHA", "Ctrl", "PNG", "image", "png", "age", "https"}


def _ui_messages() -> list[str | tuple[str, str]]:
    from babel.messages.extract import extract_from_dir

    from tools.i18n_tools import KEYWORDS, METHOD_MAP

    out: list[str | tuple[str, str]] = []
    for _f, _l, msg, _c, _ctx in extract_from_dir(str(ROOT / "ui"), METHOD_MAP, keywords=KEYWORDS):
        key = msg if isinstance(msg, str) else (msg[0], msg[1])
        if key not in out:
            out.append(key)
    return out


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_ui_string_has_arabic(ar) -> None:  # type: ignore[no-untyped-def]
    from ui.i18n import current

    tr = current()
    missing = []
    for key in _ui_messages():
        if isinstance(key, tuple):
            forms = [tr.ngettext(key[0], key[1], n) for n in (0, 1, 2, 3, 11, 100)]
            if any(f in key for f in forms):
                missing.append(key[0])
            for form in forms:
                assert _fields(form) <= _fields(key[1]), (key, form)
        else:
            text = tr.gettext(key)
            if text == key and not re.fullmatch(r"[{}\w() ]*", key.replace("name", "").replace(
                    "count", "")):
                missing.append(key)
            assert _fields(text) == _fields(key), (key, text)
    assert missing == []


def _visible_texts(widget: QtWidgets.QWidget) -> list[str]:
    texts = [widget.windowTitle()]
    for w in [widget, *widget.findChildren(QtWidgets.QWidget)]:
        if not w.isVisibleTo(widget) and w is not widget:
            continue
        for attr in ("text", "placeholderText", "title", "suffix"):
            fn = getattr(w, attr, None)
            if callable(fn):
                try:
                    value = fn()
                except TypeError:
                    continue
                if isinstance(value, str):
                    texts.append(value)
        if isinstance(w, (QtWidgets.QTableView, QtWidgets.QTreeView, QtWidgets.QListView)) \
                and w.isVisibleTo(widget) and w.model() is not None:
            model = w.model()
            try:
                columns, rows = model.columnCount(), model.rowCount()
            except TypeError:  # list models take a parent argument
                columns, rows = 1, model.rowCount(QtCore.QModelIndex())
            for section in range(columns):
                texts.append(str(model.headerData(section, QtCore.Qt.Orientation.Horizontal) or ""))
            for row in range(min(rows, 20)):
                texts.append(str(model.index(row, 0).data() or ""))
        for action in w.actions():
            if action.isVisible():
                texts.append(action.text())
    return [t for t in texts if t]


def _assert_arabic(widget: QtWidgets.QWidget, untrusted: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    assert widget.isRightToLeft(), widget
    english = {k if isinstance(k, str) else k[0] for k in _ui_messages()}
    bad = []
    for text in _visible_texts(widget):
        if text in english and not ARABIC.search(text) and LATIN.search(text):
            bad.append(text)
            continue
        words = set(LATIN.findall(text)) - ALLOWED_LATIN
        words = {w for w in words if not any(w in u for u in untrusted)}
        if words and not ARABIC.search(text):
            bad.append(text)
    assert bad == [], f"{type(widget).__name__}: {bad}"


def test_start_window_arabic(qtbot, ar, shell) -> None:  # type: ignore[no-untyped-def]
    start = shell.start_window
    path = str(start.unlock_view.path_edit.text())
    _assert_arabic(start, {path})
    start.show_create()
    _assert_arabic(start, {path})
    # Qt's own strings come from qtbase_ar (the line-edit context menu, standard buttons)
    box = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
    assert ARABIC.search(box.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel).text())


def test_main_window_and_dialogs_arabic(qtbot, ar, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.about import AboutDialog
    from ui.dialogs.export_bundle import ExportBundleDialog
    from ui.dialogs.receive import ReceiveDialog
    from ui.dialogs.report import ReportDialog
    from ui.dialogs.settings import SettingsDialog
    from ui.settings import UiSettings

    unlock(qtbot, shell)
    window = shell.main_window
    _assert_arabic(window)
    evidence = tmp_path / "صورة-evidence.png"
    evidence.write_bytes(png_bytes())
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with qtbot.waitSignal(shell.flows.imports.summary_shown, timeout=60000) as blocker:
        shell.flows.imports.import_paths([evidence, empty], "file")
    summary = blocker.args[0]
    assert summary.imported_label.text() == "استُورد عنصر واحد (١)"
    reason = summary.reasons.item(0).text()
    assert "\u2068empty.png\u2069" in reason  # the untrusted file name is isolated
    _assert_arabic(summary, {"empty.png", "evidence"})
    summary.close()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=30000)
    window.table_action.trigger()
    _assert_arabic(window, {"evidence", "image", "png"})
    for dialog in (SettingsDialog(UiSettings(language="ar")), AboutDialog(),
                   ExportBundleDialog([1], ["حملة"]), ReportDialog([1], ["حملة"]),
                   ReceiveDialog()):
        qtbot.addWidget(dialog)
        dialog.show()
        _assert_arabic(dialog)


def _core_has_arabic(code: str) -> bool:
    from app.messages import template_for
    from ui.i18n import UiTranslations

    template = template_for(code)
    return template is not None and UiTranslations("ar").gettext(template) != template


def test_core_import_reasons_have_arabic() -> None:
    """The refusal reasons in the import summary are the core's: they must have Arabic too."""
    from app.messages import all_codes

    codes = [c for c in all_codes() if c.startswith("import.")]
    assert codes and all(_core_has_arabic(c) for c in codes)


@pytest.mark.parametrize("untrusted", ["<b>bold</b><img src='x'>", "evil\u202egnp.exe"])
def test_secure_label_is_plain_and_clean(qtbot, untrusted: str) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets.secure_label import SecureLabel

    label = SecureLabel(untrusted)
    qtbot.addWidget(label)
    label.setTextFormat(QtCore.Qt.TextFormat.RichText)
    assert label.textFormat() == QtCore.Qt.TextFormat.PlainText
    assert "\u202e" not in label.text()
    assert label.text().startswith("\u2068") and label.text().endswith("\u2069")


def test_settings_file_holds_no_paths(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.settings import UiSettings, load_settings, save_settings, settings_path

    save_settings(UiSettings(language="ar", auto_lock_minutes=7))
    raw = settings_path().read_text(encoding="utf-8")
    assert str(shell.start_window.unlock_view.path_edit.text()) not in raw
    data = __import__("json").loads(raw)
    assert set(data) == {"language", "auto_lock_minutes", "blur_sensitive", "neutral_title",
                         "remember_vaults", "recent_vaults", "main_geometry", "evidence_view",
                         "digits", "hijri", "guide_seen", "break_reminder"}
    # display and window state, the guide seen, the break reminder: nothing about evidence
    assert data["remember_vaults"] is False and data["recent_vaults"] == []  # opt-in only
    assert load_settings().auto_lock_minutes == 7
    assert oct(settings_path().stat().st_mode & 0o777) == "0o600"


def test_file_dialog_leaves_no_history(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets import file_picker

    secret = tmp_path / "secret-case-folder"
    secret.mkdir()
    dlg = file_picker.make_dialog(None, "x", folder=True)
    dlg.setDirectory(str(secret))
    dlg.show()
    dlg.done(QtWidgets.QDialog.DialogCode.Accepted)
    file_picker.finish(dlg)
    conf = Path(QtCore.QSettings(QtCore.QSettings.Scope.UserScope, "QtProject").fileName())
    if conf.exists():
        assert b"secret-case-folder" not in conf.read_bytes()


def test_pasted_image_never_touches_disk_as_png(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The clipboard image is encoded in memory; nothing under HOME or TMP gets a PNG."""
    import os
    import time

    unlock(qtbot, shell)
    started = time.time()
    QtGui.QGuiApplication.clipboard().setImage(QtGui.QImage.fromData(png_bytes((1, 2, 3))))
    with qtbot.waitSignal(shell.flows.imports.summary_shown, timeout=60000):
        shell.main_window.paste_action.trigger()
    for base in {Path(os.environ["HOME"]), Path(os.environ.get("TMPDIR", "/tmp"))}:
        hits = [p for p in base.rglob("*.png") if p.is_file() and p.stat().st_mtime >= started
                and "pytest" not in str(p)] if base.exists() else []
        assert hits == []


@pytest.mark.parametrize(("n", "expected"), [(0, "لم يُستورد أي عنصر (٠)"),
                                             (1, "استُورد عنصر واحد (١)"),
                                             (2, "استُورد عنصران (٢)"), (5, "استُوردت ٥ عناصر"),
                                             (16, "استُورد ١٦ عنصراً"), (100, "استُورد ١٠٠ عنصر")])
def test_arabic_plural_forms_follow_the_catalog_rule(ar, n: int, expected: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6 import QtCore

    from ui.i18n import ngettext

    text = ngettext("{count} item imported", "{count} items imported", n)
    assert text.format(count=QtCore.QLocale().toString(n)) == expected
