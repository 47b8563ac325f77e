# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole journey at 1366×768, in Arabic and in English, one PNG per step (run, not collected
by pytest): the defender creates a vault, imports 20 Arabic screenshots and 3 phone photos with GPS
(generated here), tags a batch, writes a report (page 1 rendered with ``pdftoppm``), exports a
bundle for the organisation's key and locks; the organisation creates its vault, receives the
bundle after comparing fingerprints and finds an item by an Arabic word.

``.venv/bin/python -m tools.make_journey_screenshots [OUT_DIR]`` (default ``/work/journey``,
outside the repository: ``OUT_DIR/{ar,en}/NN-step.png``). Without ``QT_QPA_PLATFORM`` it runs on
an offscreen 1366×768 screen of its own.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

if "QT_QPA_PLATFORM" not in os.environ:  # a 1366x768 screen, as tests/ui/test_geometry.py does
    _screen = Path(tempfile.mkdtemp(prefix="bayyina-journey-")) / "screen.json"
    _screen.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
        "logicalDpi": 96, "logicalBaseDpi": 96}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"

from PySide6 import QtCore, QtGui, QtWidgets

from tools.make_screenshots import PASSPHRASE, _grab, _wait_for, close_shell, open_shell

ORG_PASSPHRASE = "organisation passphrase"
SEARCH_WORD = "بالقتل"  # in one screenshot's notes (they go with the bundle)
ACCOUNTS = ("@sawt_alhaqiqa", "@mirsad_news", "@abu_fulan_2024")
POSTS = (
    "ستدفعين ثمن كلامك قريباً",
    "نعرف أين تسكنين وأين تعملين",
    "هذه الناشطة عميلة للخارج، شاركوا المنشور",
    "اسكتي وإلا سننشر صورك",
    "كل من يدعمها خائن",
    "سنراك عند باب المكتب غداً",
    "لن تكوني في أمان بعد اليوم",
    "من يعرف رقم هاتفها فليرسله",
    "هذا آخر تحذير لكِ",
    "صورها الخاصة ستكون عند الجميع",
)


def _screenshot(n: int, account: str, text: str) -> QtGui.QImage:
    """A portrait phone screenshot of an Arabic post, drawn with Qt (shaped, right to left)."""
    image = QtGui.QImage(540, 1080, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor(250, 250, 250))
    p = QtGui.QPainter(image)
    p.fillRect(0, 0, 540, 70, QtGui.QColor(*[(29, 155, 240), (24, 119, 242), (0, 0, 0)][n % 3]))
    font = QtGui.QFont("DejaVu Sans", 20)
    p.setFont(font)
    p.setPen(QtGui.QColor("white"))
    p.drawText(QtCore.QRect(20, 0, 500, 70), QtCore.Qt.AlignmentFlag.AlignVCenter,
               "عينة خيالية · FICTIONAL SAMPLE")
    p.setPen(QtGui.QColor(30, 30, 30))
    p.setBrush(QtGui.QColor((60 + 15 * n) % 200, 90, 120))
    p.drawEllipse(450, 110, 60, 60)
    p.setFont(QtGui.QFont("DejaVu Sans", 18))
    p.drawText(QtCore.QRect(20, 110, 410, 60),
               QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter, account)
    p.setFont(QtGui.QFont("DejaVu Sans", 26))
    option = QtGui.QTextOption(QtCore.Qt.AlignmentFlag.AlignRight)
    option.setTextDirection(QtCore.Qt.LayoutDirection.RightToLeft)
    option.setWrapMode(QtGui.QTextOption.WrapMode.WordWrap)
    p.drawText(QtCore.QRectF(30, 200, 480, 500), text, option)
    p.setFont(QtGui.QFont("DejaVu Sans", 14))
    p.setPen(QtGui.QColor(110, 110, 110))
    p.drawText(QtCore.QRect(20, 1000, 500, 40), QtCore.Qt.AlignmentFlag.AlignLeft,
               f"2024-02-{n + 1:02d} 21:{10 + n:02d}  #{n + 1:03d}")
    p.end()
    return image


def _gps_photo(path: Path, n: int) -> None:
    """A phone photo with maker, model, time and GPS in its EXIF (as a phone writes it)."""
    from PIL import Image

    img = Image.new("RGB", (300, 400), (40 + 60 * n, 120, 160 - 30 * n))
    exif = Image.Exif()
    exif[0x010F] = "samsung"
    exif[0x0110] = "SM-A515F"
    exif[0x0132] = f"2024:02:1{n} 14:03:00"
    exif.get_ifd(0x8769)[0x9003] = f"2024:02:1{n} 14:02:59"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (33.0, 18.0 + n, 36.0), "E", (44.0, 21.0, 36.0 + n)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    path.write_bytes(buf.getvalue())


def make_inputs(folder: Path) -> Path:
    src = folder / "phone"
    src.mkdir()
    for n in range(20):
        name = f"لقطة_شاشة_{n + 1:02d}.png" if n % 2 else f"Screenshot_202402{n + 1:02d}-2110.png"
        _screenshot(n, ACCOUNTS[n % 3], POSTS[n % len(POSTS)]).save(str(src / name))
    for n in range(3):
        _gps_photo(src / f"IMG_2024021{n}_140259.jpg", n)
    return src


def _settle(controller: Any) -> None:
    _wait_for(lambda: not controller.runner.running)
    for _ in range(3):
        QtCore.QCoreApplication.processEvents()


class Journey:
    def __init__(self, app: Any, out: Path, lang: str, tmp: Path) -> None:
        self.app, self.out, self.lang, self.tmp = app, out / lang, lang, tmp
        self.out.mkdir(parents=True, exist_ok=True)
        self.step = 0

    def shot(self, widget: QtWidgets.QWidget, name: str) -> None:
        self.step += 1
        for _ in range(3):
            QtCore.QCoreApplication.processEvents()
        _grab(widget, self.out / f"{self.step:02d}-{name}.png")

    def create(self, path: Path, passphrase: str, who: str) -> tuple[Any, Any, Any]:
        shell, controller = open_shell(self.app, None, self.lang)  # type: ignore[arg-type]
        start = shell.start_window
        start.show_create()
        view = start.create_view
        view.path_edit.setText(str(path))
        view.passphrase_edit.setText(passphrase)
        view.confirm_edit.setText(passphrase)
        self.shot(start, f"{who}-create")
        view.create_button.click()
        _wait_for(lambda: shell.main_window is not None)
        window = shell.main_window
        window.showMaximized()
        _settle(controller)
        guide = shell.guide_dialog
        if guide is not None and guide.isVisible():
            self.shot(guide, f"{who}-first-run-guide")
            guide.close()
        self.shot(window, f"{who}-empty-vault")
        return shell, controller, window

    def defender(self, src: Path, recipient: str) -> Path:
        shell, controller, window = self.create(self.tmp / f"mine-{self.lang}.bayyina",
                                                PASSPHRASE, "defender")
        self.bring_in(shell, controller, window, src)
        self.tag(shell, controller, window)
        self.report(shell, controller, window)
        return self.export_and_lock(shell, controller, window, recipient)

    def bring_in(self, shell: Any, controller: Any, window: Any, src: Path) -> None:
        flows = shell.flows
        ready: list[object] = []
        flows.imports.preview_ready.connect(ready.append)
        flows.imports.preview([src], "folder")
        _wait_for(lambda: bool(ready))
        self.shot(flows.imports.preview_dialog, "import-preview")
        summaries: list[Any] = []
        flows.imports.summary_shown.connect(summaries.append)
        flows.imports.preview_dialog.import_button.click()
        _wait_for(lambda: bool(summaries))
        _settle(controller)
        self.shot(summaries[0], "import-summary")
        summaries[0].close()
        _wait_for(lambda: window.model.rowCount() == 23)
        _settle(controller)
        self.shot(window, "imported")
        # a phone photo: what was removed, in her words
        photo = next(r for r in range(window.model.rowCount())
                     if window.model.row_for(r).untrusted_name.startswith("IMG_"))
        window.select_item(window.model.row_for(photo).item_id)
        _wait_for(window.detail.content.isVisible)
        _settle(controller)
        detail = window.detail
        detail.tabs.setCurrentIndex(detail.tabs.indexOf(detail.removed_label.parentWidget()))
        self.shot(window, "photo-what-was-removed")
        detail.tabs.setCurrentWidget(detail.tag_editor)

    def tag(self, shell: Any, controller: Any, window: Any) -> None:
        flows = shell.flows
        # one screenshot described, then a batch of ten tagged at once
        shots = [window.model.row_for(r).item_id for r in range(window.model.rowCount())
                 if not window.model.row_for(r).untrusted_name.startswith("IMG_")]
        editor = window.detail.tag_editor
        window.select_item(shots[0])
        _wait_for(lambda: window.detail.content.isVisible() and editor._item_id == shots[0])
        _settle(controller)
        editor.notes_edit.setPlainText(f"تهديد {SEARCH_WORD} بعد المقابلة التلفزيونية.\n"
                                       "Same account as the post of 11 February.")
        editor.save_button.click()
        _settle(controller)
        grid = window.evidence.grid
        ids = set(shots[:10])
        from ui.models.evidence_table import ItemIdRole

        selection = QtCore.QItemSelection()
        for r in range(window.proxy.rowCount()):
            index = window.proxy.index(r, 0)
            if index.data(ItemIdRole) in ids:
                selection.select(index, index)
        grid.selectionModel().select(selection,
                                     QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect)
        _settle(controller)
        editor.platform_combo.setCurrentIndex(editor.platform_combo.findData("x"))
        accounts = editor.accounts_editor
        accounts.platform_combo.setCurrentIndex(accounts.platform_combo.findData("x"))
        accounts.handle_edit.setText(ACCOUNTS[0])
        accounts.add_button.click()
        editor.case_combo.setCurrentText("حملة تشهير" if self.lang == "ar" else "Smear campaign")
        keys = editor.category_picker.keys()
        editor.category_picker.set_key_checked("death-threat" if "death-threat" in keys
                                               else keys[0], True)
        self.shot(window, "batch-chosen")
        done: list[object] = []
        flows.tagging.batch_tagged.connect(lambda *a: done.append(a))
        editor.save_button.click()
        _wait_for(lambda: bool(done))
        _settle(controller)
        self.shot(window, "batch-tagged")
        grid.clearSelection()

    def report(self, shell: Any, controller: Any, window: Any) -> None:
        flows = shell.flows
        window.report_action.trigger()
        report = flows.report.dialog
        reports = self.tmp / f"reports-{self.lang}"
        reports.mkdir()
        report.lang_combo.setCurrentIndex(report.lang_combo.findData(self.lang))
        report.folder_edit.setText(str(reports))
        self.shot(report, "report-dialog")
        written: list[Path] = []
        flows.report.finished.connect(written.append)
        report.make_button.click()
        _wait_for(lambda: bool(written), 300000)
        _settle(controller)
        self.shot(report, "report-written")
        self.step += 1
        page = self.out / f"{self.step:02d}-report-page-1"
        pdftoppm = shutil.which("pdftoppm") or "pdftoppm"
        subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1",  # noqa: S603
                        "-singlefile", str(written[0]), str(page)], check=True)
        print(page.with_suffix(".png"))
        report.close()

    def export_and_lock(self, shell: Any, controller: Any, window: Any, recipient: str) -> Path:
        """The export wizard, for the organisation's key; then Lock."""
        flows = shell.flows
        window.export_action.trigger()
        export = flows.export.dialog
        usb = self.tmp / f"usb-{self.lang}"
        usb.mkdir()
        export.folder_edit.setText(str(usb))
        export.key_radio.setChecked(True)
        export.key_edit.setText(recipient)
        self.shot(export, "export-wizard")
        exported: list[Any] = []
        flows.export.finished.connect(lambda *a: exported.append(a))
        export.export_button.click()
        _wait_for(lambda: bool(exported), 300000)
        _settle(controller)
        self.shot(export, "export-done")
        export.close()
        bundles = sorted(usb.rglob("*.age"))
        window.lock_action.trigger()
        _wait_for(lambda: shell.main_window is None)
        _settle(controller)
        self.shot(shell.start_window, "locked")
        close_shell(shell, controller)
        return bundles[0]

    def organisation(self, bundle: Path, identity: str) -> None:
        shell, controller, window = self.create(self.tmp / f"org-{self.lang}.bayyina",
                                                ORG_PASSPHRASE, "organisation")
        flows = shell.flows
        window.receive_action.trigger()
        dialog = flows.receive.dialog
        dialog.bundle_edit.setText(str(bundle))
        dialog.set_identity_text(identity, "organisation.key")
        asked: list[object] = []
        flows.receive.needs_trust.connect(asked.append)
        dialog.receive_button.click()
        _wait_for(lambda: bool(asked), 300000)
        _settle(controller)
        self.shot(dialog, "receive-compare-fingerprints")
        received: list[object] = []
        flows.receive.finished.connect(received.append)
        dialog.trust_button.click()
        _wait_for(lambda: bool(received), 300000)
        _settle(controller)
        self.shot(dialog, "received")
        dialog.close()
        _wait_for(lambda: window.model.rowCount() == 23)
        _settle(controller)
        window.select_item(window.model.row_for(0).item_id)
        _wait_for(window.detail.content.isVisible)
        _settle(controller)
        detail = window.detail  # where it came from: the provenance line
        detail.tabs.setCurrentIndex(detail.tabs.indexOf(detail.removed_label.parentWidget()))
        self.shot(window, "organisation-items")
        detail.tabs.setCurrentWidget(detail.tag_editor)
        window.search_edit.setText(SEARCH_WORD)
        _wait_for(lambda: window.model.rowCount() == 1)
        window.select_item(window.model.row_for(0).item_id)
        _wait_for(window.detail.content.isVisible)
        _settle(controller)
        editor = detail.tag_editor  # the notes that hold the word
        editor.sections.setCurrentIndex(editor.sections.indexOf(editor.notes_edit.parentWidget()))
        self.shot(window, "found-by-an-arabic-word")
        controller.lock("user")
        controller.runner.wait_for_done(30000)
        close_shell(shell, controller)


def main(out: Path) -> int:
    from app.bundle import keygen_recipient
    from ui.application import create_application

    app = create_application([sys.argv[0]])
    identity, recipient = keygen_recipient()
    with tempfile.TemporaryDirectory(prefix="bayyina-journey-") as tmp_name:
        tmp = Path(tmp_name)
        src = make_inputs(tmp)
        langs = sys.argv[2:] or ["ar", "en"]
        for lang in langs:
            journey = Journey(app, out, lang, tmp)
            bundle = journey.defender(src, recipient)
            journey.organisation(bundle, identity)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/journey")))
