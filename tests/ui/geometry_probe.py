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
    yield "find similar", _similar, ("show_button", "tag_button", "buttons")
    yield "campaign: reposts", lambda: _campaign(0), ("tag_button", "show_button", "buttons")
    yield "campaign: accounts", lambda: _campaign(1), ("buttons",)
    yield "campaign: escalation", lambda: _campaign(2), ("apply_button", "buttons")
    yield "correct text", _correct_text, ("buttons",)
    yield "apply tags to a cluster", _cluster_tags, ("buttons",)
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


# --- the campaign lens, with a campaign's worth of rows: 30 clusters, 30 accounts whose names
# are long and Arabic, 30 days of posts -------------------------------------------------------
_NAMES = ("الحساب الرسمي لمتابعة أخبار المدافعات عن حقوق الإنسان في المنطقة",
          "صفحة الحقيقة الكاملة بلا رتوش ولا مجاملات", "Truth Mirror — مرآة الحقيقة الأصلية",
          "أخبار العاصمة العاجلة على مدار الساعة")
_PLATFORMS = ("facebook", "x", "telegram", "tiktok")
_PLATFORM_NAMES = {"facebook": ("Facebook", "فيسبوك"), "x": ("X", "إكس"),
                   "telegram": ("Telegram", "تيليغرام"), "tiktok": ("TikTok", "تيك توك")}


def _cluster(n: int) -> Any:
    from app.cases.similar import Cluster

    members = tuple(range(10 * n + 1, 10 * n + 3 + n % 9))
    accounts = tuple(f"{_PLATFORMS[(n + k) % 4]}:{'mirror_account_' * (k % 2 + 1)}{n}_{k}"
                     for k in range(2 + n % 12))
    return Cluster(members, accounts, tuple(sorted({a.split(":")[0] for a in accounts})),
                   f"2026-07-{1 + n % 20:02d}T10:00:00Z", f"2026-08-{1 + n % 28:02d}T21:30:00Z")


def _similar() -> Any:
    from ui.dialogs.lens import SimilarDialog
    from ui.jobs.lens import SimilarRow, SimilarView

    rows = tuple(SimilarRow(100 + n, n, ("whole", "inner", "centre:3", "page:2")[n % 4],
                            "whole", f"{_NAMES[n % 4]} — لقطة شاشة {n}.jpg")
                 for n in range(30))
    dialog = SimilarDialog()
    dialog.show_similar(SimilarView(1, "صورة الحملة الأصلية التي نشرها الحساب الأول.png", rows,
                                    _cluster(5)))
    return dialog


def _escalation() -> Any:
    from app.cases.accounts_stats import Escalation

    days = tuple(f"2026-07-{d:02d}" for d in range(1, 31))
    per_day = {d: {p: (n * (k + 3)) % 7 + (20 if n == 11 else 0) for k, p in enumerate(_PLATFORMS)}
               for n, d in enumerate(days)}
    weeks = ("2026-W27", "2026-W28", "2026-W29", "2026-W30", "2026-W31")
    per_week = {w: {p: 10 + n + k for k, p in enumerate(_PLATFORMS)} for n, w in enumerate(weeks)}
    total = sum(sum(v.values()) for v in per_day.values())
    return Escalation(days, per_day, weeks, per_week, 12.0, (days[11],), _PLATFORM_NAMES, total)


def _campaign(tab: int) -> Any:
    from app.cases.accounts_stats import AccountSummary
    from ui.dialogs.campaign import CampaignDialog
    from ui.jobs.lens import CampaignView, ClusterRow

    accounts = tuple(AccountSummary(
        n + 1, _PLATFORMS[n % 4], f"mirror_account_{n}", _NAMES[n % 4],
        "حملة التشهير المنظمة ضد الناشطة" if n % 3 else None, 3 + n, (n % 5, (n + 1) % 5),
        "2026-07-01T10:00:00Z", "2026-08-18T22:00:00Z", (("defamation", 2 + n), ("threat", 1)),
        n % 4, n % 7 == 0, 1 + n % 5 if n % 6 else 0) for n in range(30))
    dialog = CampaignDialog()
    dialog.show_campaign(CampaignView(tuple(ClusterRow(_cluster(n)) for n in range(30)), accounts,
                                      _escalation(), _PLATFORM_NAMES))
    dialog.tabs.setCurrentIndex(tab)
    first = dialog.clusters.topLevelItem(0)
    if first is not None:
        dialog.clusters.setCurrentItem(first)
    return dialog


def _correct_text() -> Any:
    from ui.dialogs.lens import CorrectTextDialog

    lines = ["الحكومة تكذب على الشعب والصحفية نشرت الخبر اليوم في المدينة",
             "@anon_mirror_demo https://x.example/status/1234567890",
             "The journalist published the story today — share it everywhere"]
    return CorrectTextDialog(7, "\n".join(lines * 10))


def _cluster_tags() -> Any:
    from ui.dialogs.lens import ClusterTagsDialog

    return ClusterTagsDialog(tuple(range(1, 31)), ["حملة التشهير المنظمة ضد الناشطة", "Case"])


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
