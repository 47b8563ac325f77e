# SPDX-License-Identifier: GPL-3.0-or-later
"""Run in a child process on an offscreen screen of a given size and scale (test_geometry.py):
open every window and dialog in Arabic and English and print, as JSON, where each one and its
main buttons ended up."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


def _windows() -> Iterator[tuple[str, Callable[[], Any], tuple[str, ...]]]:
    from ui.dialogs import (
        about,
        address_book,
        backup,
        case_editor,
        change_passphrase,
        decoy,
        export_bundle,
        language,
        new_category,
        outbox_queue,
        perpetrator_editor,
        platform_report,
        receive,
        report,
        restore,
        settings,
    )
    from ui.settings import UiSettings
    from ui.windows.main_window import MainWindow
    from ui.windows.start_window import StartWindow

    platforms = [("facebook", "Facebook", "فيسبوك"), ("x", "X", "إكس")]
    yield "about", about.AboutDialog, ()
    yield "address book", address_book.AddressBookDialog, ()
    yield "change passphrase", change_passphrase.ChangePassphraseDialog, ()
    yield "language", language.LanguageDialog, ()
    yield "new category", new_category.NewCategoryDialog, ()
    yield "receive", receive.ReceiveDialog, ()
    yield "export", lambda: export_bundle.ExportBundleDialog([1, 2, 3], ["Case", "حملة"]), (
        "export_button", "close_button")
    yield "report", lambda: report.ReportDialog([1, 2], ["Case"]), ()
    yield "settings", lambda: settings.SettingsDialog(UiSettings()), ()
    yield "settings with safety", _settings_with_safety, ()
    yield "decoy", decoy.DecoyDialog, ()
    yield "backup", lambda: backup.BackupDialog([("Organisation", "age1x")]), (
        "backup_button", "close_button")
    yield "restore", lambda: restore.RestoreDialog(Path("/home/me/restored.bayyina")), (
        "restore_button", "close_button")
    yield "case editor", case_editor.CaseEditorDialog, ()
    yield "perpetrator editor", lambda: perpetrator_editor.PerpetratorEditorDialog(
        None, platforms), ("save_button", "close_button")
    yield "platform report", lambda: platform_report.PlatformReportDialog(
        [(k, e) for k, e, _ in platforms]), ()
    yield "outbox", _outbox, ("send_button", "close_button")
    yield "destinations", _destinations, ("add_button", "close_button")
    yield "new bundle for a destination", lambda: outbox_queue.QueueBundleDialog(
        "Helpline", "age1x", [1, 2], ["Case", "حملة"]), ("queue_button", "close_button")
    yield "import preview", _import_preview, ("import_button", "cancel_button")
    yield "import summary", _import_summary, ()
    yield "my signing key", _settings_with_my_key, ()
    yield "date range", _date_range, ()
    yield "first-run guide", _first_run_guide, ("next_button", "skip_button")
    yield "main window", MainWindow, ()
    yield "start window", lambda: StartWindow(None), ()


def _settings_with_safety() -> Any:
    from app.handover.reminder import SafetyState
    from ui.dialogs.settings import SettingsDialog
    from ui.dialogs.settings_safety import SafetySection
    from ui.jobs.safety import SafetyView
    from ui.settings import UiSettings

    dialog = SettingsDialog(UiSettings())
    view = SafetyView(SafetyState(10, True, "2026-12-01T22:14:00Z", 30), ["Case", "حملة"])
    dialog.add_section("Safety", SafetySection(view, dialog))
    dialog.tabs.setCurrentIndex(1)
    return dialog


def _send_sample() -> tuple[list[Any], list[Any]]:
    """Two destinations (one through Tor, with an onion address) and three outbox entries."""
    from app.send.outbox import Contact, OutboxEntry

    fp = "0123456789abcdef" * 4
    contacts = [Contact(1, "u1", "شبكة المدافعات (Defenders network)", "age1x",
                        "https://inbox.example.org:8443/files/", None, b"", fp, "", fp, True,
                        None, "2026-12-01T10:00:00Z"),
                Contact(2, "u2", "Legal aid clinic", "age1y", "https://clinic.example/files/",
                        "https://" + "a" * 56 + ".onion/files/", b"", fp, "", fp, False,
                        "socks5://127.0.0.1:9150", "2026-12-01T10:00:00Z")]
    path = "/media/usb/bayyina-20261201-101500.zip.age"
    entries = [OutboxEntry(i, f"e{i}", c.name, "b", path, 312 << 20, fp, status, sent, None,
                           route, error, "2026-12-01T10:15:00Z", None, None)
               for i, (c, status, sent, route, error) in enumerate((
                   (contacts[0], "sending", 120 << 20, "direct", None),
                   (contacts[1], "queued", 0, "socks5 socks5://127.0.0.1:9150 onion",
                    "send.proxy_unreachable"),
                   (contacts[0], "receipt", 312 << 20, "direct", None)), 1)]
    return contacts, entries


def _outbox() -> Any:
    from ui.dialogs.outbox import OutboxDialog

    dialog = OutboxDialog()
    dialog.set_state(*_send_sample())
    return dialog


def _destinations() -> Any:
    from ui.dialogs.contacts import ContactsDialog

    dialog = ContactsDialog()
    dialog.set_contacts(_send_sample()[0])
    return dialog


def _describe(code: str | None, params: dict[str, Any]) -> str:
    from app.errors import AppError
    from app.messages import describe
    from ui.i18n import current

    return describe(AppError(code or "generic.unexpected", **params), current(), isolate=True)


def _import_preview() -> Any:
    """The preview over real files: a dozen photos full of metadata and two it refuses."""
    import tempfile

    from app.ingest.preview import preview_paths
    from tests.core.media.gen import jpeg_full_of_metadata
    from ui.dialogs.import_preview import ImportPreviewDialog
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in range(12):
            (folder / f"screenshot_2024-02-{n + 10:02d}_mirror_account.jpg").write_bytes(
                jpeg_full_of_metadata())
        (folder / "empty.png").write_bytes(b"")
        (folder / "broken.jpg").write_bytes(b"\xff\xd8 not a picture")
        preview = preview_paths([folder], method="folder")
    dialog = ImportPreviewDialog(_describe)
    dialog.show_preview(preview)
    return dialog


def _import_summary() -> Any:
    from app.ingest.pipeline import ImportOutcome, ImportSummary
    from ui.dialogs.import_summary import ImportSummaryDialog

    removed = ["exif.gps", "exif.make", "exif.model", "exif.datetime", "png.chunk:pHYs",
               "xmp", "jpeg.comment"]
    outcomes = [ImportOutcome(f"/home/me/shot-{n}.jpg", "imported", item_id=n, removed=removed)
                for n in range(30)]
    outcomes += [ImportOutcome(f"/home/me/bad-{n}.jpg", "rejected", error_code="import.truncated")
                 for n in range(30)]
    return ImportSummaryDialog(ImportSummary(outcomes), _describe,
                               offer_clear_clipboard=True)


def _settings_with_my_key() -> Any:
    from ui.dialogs.my_key import MyKeySection
    from ui.dialogs.settings import SettingsDialog
    from ui.settings import UiSettings

    dialog = SettingsDialog(UiSettings())
    dialog.add_section("My signing key", MyKeySection("a1b2c3d4" * 8, dialog))
    dialog.tabs.setCurrentIndex(1)
    return dialog


def _date_range() -> Any:
    from ui.views.sidebar import DateRangeDialog

    return DateRangeDialog()


def _first_run_guide() -> Any:
    from ui.dialogs.first_run_guide import FirstRunGuideDialog

    return FirstRunGuideDialog()


def _rect(r: Any) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def main() -> None:
    from ui.application import create_application
    from ui.i18n import install

    app = create_application([sys.argv[0]])
    out: list[dict[str, Any]] = []
    for lang in ("en", "ar"):
        install(lang, app)
        for name, make, buttons in _windows():
            w = make()
            w.show()
            app.processEvents()
            seen = {}
            for b in buttons:
                button = getattr(w, b)
                top_left = button.mapTo(w, button.rect().topLeft())
                seen[b] = {"visible": button.isVisible(),
                           "rect": [top_left.x(), top_left.y(), button.width(), button.height()]}
            hint = w.minimumSizeHint()
            out.append({"lang": lang, "name": name, "frame": _rect(w.frameGeometry()),
                        "inner": [w.width(), w.height()],
                        "minimum": [hint.width(), hint.height()],
                        "screen": _rect(w.screen().availableGeometry()), "buttons": seen})
            w.close()
            w.deleteLater()
            app.processEvents()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
