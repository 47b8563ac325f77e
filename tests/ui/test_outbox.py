# SPDX-License-Identifier: GPL-3.0-or-later
"""The outbox and destinations windows (issue 18), against a real inbox server on 127.0.0.1 (a
child process, as is the sender: this test process keeps its sockets disabled, so "the GUI
process opens no socket" holds here too).

A signed card is added from a file, a bundle is exported into the outbox, "Send now" sends it:
the window says "sent" and the server holds the very bytes. A card pinning another certificate
is refused with a clear sentence; a dead Tor proxy sends nothing and never goes direct. The same
windows in Arabic show no English."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtCore

from app.bundle import SigningKey, display_fingerprint, keygen_recipient
from app.errors import AppError
from app.messages import describe
from app.send.contact import make_card
from tests.core.send.helpers import Inbox, free_port, make_cert, start_inbox
from tests.ui.conftest import png_bytes, unlock
from tests.ui.test_arabic import _assert_arabic

TIMEOUT = 120000


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Inbox]:
    cert, key, fp = make_cert(tmp_path_factory.mktemp("certs"))
    server = start_inbox(tmp_path_factory.mktemp("inbox"), cert, key, fp)
    yield server
    server.stop()


def _card(tmp: Path, inbox: Inbox, name: str, cert: Path | None = None) -> tuple[Path, str]:
    """A card signed by a new organisation key; its path and the signing fingerprint."""
    key = SigningKey.generate()
    card = make_card(key, name=name, recipient=keygen_recipient()[1], url=inbox.url,
                     cert_pem=(cert or inbox.cert).read_bytes())
    path = tmp / f"{name}.card"
    path.write_bytes(card)
    return path, key.public.fingerprint


def _open(qtbot, shell, action: str) -> Any:  # type: ignore[no-untyped-def]
    flow = shell.flows.send
    with qtbot.waitSignal(flow.dialog_shown, timeout=TIMEOUT) as shown, \
            qtbot.waitSignal(flow.state_loaded, timeout=TIMEOUT):
        getattr(shell.main_window, action).trigger()
    return shown.args[0]


def _add_card(qtbot, shell, contacts, path: Path, monkeypatch) -> Any:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(contacts, "choose_card", lambda: path)
    with qtbot.waitSignal(shell.flows.send.contact_added, timeout=TIMEOUT) as added, \
            qtbot.waitSignal(shell.flows.send.state_loaded, timeout=TIMEOUT):
        contacts.add_button.click()
    return added.args[0]


def _import_one(qtbot, shell, tmp: Path) -> None:  # type: ignore[no-untyped-def]
    picture = tmp / "picture.png"
    picture.write_bytes(png_bytes())
    with qtbot.waitSignal(shell.flows.imports.summary_shown, timeout=TIMEOUT) as blocker:
        shell.flows.imports.import_paths([picture], "file")
    blocker.args[0].close()


def _choose(outbox, name: str) -> None:  # type: ignore[no-untyped-def]
    outbox.contact_combo.setCurrentIndex(outbox.contact_combo.findData(name))


def _queue(qtbot, shell, outbox, folder: Path) -> Any:  # type: ignore[no-untyped-def]
    flow = shell.flows.send
    with qtbot.waitSignal(flow.dialog_shown, timeout=TIMEOUT) as shown:
        outbox.queue_button.click()
    dialog = shown.args[0]
    dialog.scope.all_radio.setChecked(True)
    dialog.report_check.setChecked(False)
    dialog.folder_edit.setText(str(folder))
    with qtbot.waitSignal(flow.queued, timeout=TIMEOUT) as queued, \
            qtbot.waitSignal(flow.state_loaded, timeout=TIMEOUT):
        dialog.queue_button.click()
    assert "SHA-256" in dialog.result_label.text()
    dialog.close()
    return queued.args[0]


def _send(qtbot, shell, outbox) -> Any:  # type: ignore[no-untyped-def]
    flow = shell.flows.send
    with qtbot.waitSignal(flow.send_finished, timeout=TIMEOUT) as finished:
        outbox.send_button.click()
    qtbot.waitUntil(lambda: not shell.controller.runner.running, timeout=TIMEOUT)
    return finished.args[0]


def test_card_outbox_send_now_sent_and_held(qtbot, shell, inbox: Inbox, tmp_path: Path,  # type: ignore[no-untyped-def]
                                            monkeypatch) -> None:
    unlock(qtbot, shell)
    _import_one(qtbot, shell, tmp_path)
    card, signing_fp = _card(tmp_path, inbox, "Helpline")
    outbox = _open(qtbot, shell, "outbox_action")
    assert outbox.empty_label.isVisibleTo(outbox)
    assert not outbox.send_button.isEnabled()  # no destination yet
    contacts = _open(qtbot, shell, "contacts_action")
    contact = _add_card(qtbot, shell, contacts, card, monkeypatch)
    # what the card says, for her to compare: name, address, fingerprints in groups of four
    assert contacts.name_value.text() == "\u2068Helpline\u2069"  # isolated: untrusted
    assert inbox.url in contacts.url_value.text()
    assert contacts.signing_view.fingerprint() == display_fingerprint(signing_fp)
    assert contacts.cert_value.text() == display_fingerprint(inbox.fingerprint)
    assert "Compare the signing fingerprint" in contacts.message_label.text()
    contacts.close()

    _choose(outbox, "Helpline")
    assert outbox.route_label.text() == "direct (pinned certificate)"
    entry = _queue(qtbot, shell, outbox, tmp_path)
    bundle = Path(entry.path)
    assert bundle.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert entry.contact == contact.name
    assert outbox.status_of(entry.id) == "Queued"

    report = _send(qtbot, shell, outbox)
    assert report.sent == [entry.id], report.failed
    assert outbox.status_of(entry.id) == "Sent, waiting for the receipt"
    assert "Route: direct (not through Tor)" in outbox.message_label.text()
    assert "1 bundle sent." in outbox.message_label.text()
    row = next(r for r in range(outbox.table.rowCount())
               if outbox.table.item(r, 3).text() == "Sent, waiting for the receipt")
    assert outbox.table.item(row, 4).text() == "direct (pinned certificate)"
    held = [p for p in inbox.uploads()
            if hashlib.sha256(p.read_bytes()).hexdigest() == entry.sha256]
    assert len(held) == 1, "the server does not hold the bundle"

    # remove: refused while the bundle waits for its receipt, nothing removed
    contacts = _open(qtbot, shell, "contacts_action")
    monkeypatch.setattr(contacts, "confirm_remove", lambda c: True)
    with qtbot.waitSignal(shell.flows.send.failed, timeout=TIMEOUT) as failed:
        contacts.remove_button.click()
    assert "still has bundles in the outbox" in failed.args[0]
    assert contacts.error_label.text() == failed.args[0]
    assert contacts.table.rowCount() == 1


def test_wrong_certificate_and_dead_proxy_are_said(qtbot, shell, inbox: Inbox,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path, monkeypatch) -> None:
    unlock(qtbot, shell)
    _import_one(qtbot, shell, tmp_path)
    other_cert, _key, _fp = make_cert(tmp_path, "impostor")
    card, _ = _card(tmp_path, inbox, "Pinned elsewhere", other_cert)
    outbox = _open(qtbot, shell, "outbox_action")
    contacts = _open(qtbot, shell, "contacts_action")
    _add_card(qtbot, shell, contacts, card, monkeypatch)
    contacts.close()
    _choose(outbox, "Pinned elsewhere")
    before = set(inbox.uploads())
    entry = _queue(qtbot, shell, outbox, tmp_path)

    report = _send(qtbot, shell, outbox)
    assert report.sent == []
    wrong = describe(AppError("send.wrong_certificate"), _tr())
    assert outbox.error_label.isVisibleTo(outbox)
    assert outbox.error_label.text() == wrong
    assert outbox.status_of(entry.id) == "Queued"
    row = next(r for r in range(outbox.table.rowCount())
               if outbox.table.item(r, 0).data(QtCore.Qt.ItemDataRole.UserRole) == entry.id)
    assert outbox.table.item(row, 5).text() == wrong
    assert set(inbox.uploads()) == before  # not one byte went to a server showing another cert

    # through Tor: the route is said, and a proxy that is not there sends nothing, not direct
    dead = f"127.0.0.1:{free_port()}"
    outbox.proxy_edit.setText(dead)
    with qtbot.waitSignal(shell.flows.send.route_saved, timeout=TIMEOUT) as saved, \
            qtbot.waitSignal(shell.flows.send.state_loaded, timeout=TIMEOUT):
        outbox.tor_check.setChecked(True)
    assert saved.args[0].via == f"socks5://{dead}"
    assert outbox.route_label.text() == f"through Tor at \u2066{dead}\u2069"
    report = _send(qtbot, shell, outbox)
    assert report.sent == []
    assert describe(AppError("send.proxy_unreachable", proxy=f"socks5://{dead}"), _tr()) \
        in outbox.error_label.text()
    assert outbox.status_of(entry.id) == "Queued"
    assert set(inbox.uploads()) == before


def _tr() -> Any:
    from ui.i18n import current

    return current()


def test_outbox_and_destinations_in_arabic(qtbot, ar, shell, inbox: Inbox,  # type: ignore[no-untyped-def]
                                           tmp_path: Path, monkeypatch) -> None:
    unlock(qtbot, shell)
    _import_one(qtbot, shell, tmp_path)
    card, signing_fp = _card(tmp_path, inbox, "Helpline")
    # hex digits are not English words, and a random fingerprint may hold "dbac" or "cafe"
    hexes = {display_fingerprint(signing_fp), display_fingerprint(inbox.fingerprint)}
    outbox = _open(qtbot, shell, "outbox_action")
    _assert_arabic(outbox)
    contacts = _open(qtbot, shell, "contacts_action")
    _assert_arabic(contacts)
    _add_card(qtbot, shell, contacts, card, monkeypatch)
    _assert_arabic(contacts, {"Helpline", inbox.url, *hexes})
    contacts.close()
    _choose(outbox, "Helpline")
    entry = _queue(qtbot, shell, outbox, tmp_path)
    report = _send(qtbot, shell, outbox)
    assert report.sent == [entry.id], report.failed
    name = Path(entry.path).name
    _assert_arabic(outbox, {"Helpline", name, inbox.url})
    assert outbox.status_of(entry.id) == "أُرسلت، في انتظار الإيصال"
    with qtbot.waitSignal(shell.flows.send.dialog_shown, timeout=TIMEOUT) as shown:
        outbox.queue_button.click()
    _assert_arabic(shown.args[0], {"Helpline"})
    shown.args[0].close()
    outbox.close()
    shell.main_window.export_action.trigger()
    wizard = shell.flows.export.dialog
    qtbot.waitUntil(lambda: wizard.outbox_combo.count() == 2, timeout=TIMEOUT)
    wizard.outbox_combo.setCurrentIndex(1)
    _assert_arabic(wizard, {"Helpline", wizard.key_edit.text(),  # the key and its fingerprint
                                 wizard.key_fingerprint.text()})


def _core_destination(shell, inbox: Inbox, tmp: Path, name: str, size: int) -> Any:  # type: ignore[no-untyped-def]
    """A destination and one bundle of ``size`` random bytes in its outbox, made through the
    core on the session's vault (a big bundle, without exporting one)."""
    from app.send.outbox import add_contact
    from tests.core.send.helpers import queue_random

    card, _ = _card(tmp, inbox, name)
    contact = add_contact(shell.controller.vault, card.read_bytes())
    return queue_random(shell.controller.vault, contact, tmp / f"{name}.age", size, seed=18)


def test_stop_sending_then_send_now_resumes(qtbot, shell, inbox: Inbox,  # type: ignore[no-untyped-def]
                                            tmp_path: Path) -> None:
    unlock(qtbot, shell)
    entry = _core_destination(shell, inbox, tmp_path, "Big", 160 << 20)
    before = set(inbox.uploads())
    outbox = _open(qtbot, shell, "outbox_action")
    _choose(outbox, "Big")
    flow = shell.flows.send
    with qtbot.waitSignal(flow.send_finished, timeout=TIMEOUT) as finished:
        outbox.send_button.click()
        assert outbox.stop_button.isVisibleTo(outbox)
        qtbot.waitUntil(lambda: outbox.status_of(entry.id).startswith("Sending")
                        and outbox.status_of(entry.id) != "Sending 0 %", timeout=TIMEOUT)
        outbox.stop_button.click()
    report = finished.args[0]
    assert report.sent == []
    assert report.failed[entry.id].code == "task.cancelled"
    qtbot.waitUntil(lambda: not shell.controller.runner.running, timeout=TIMEOUT)
    stopped_at = outbox.status_of(entry.id)
    assert stopped_at.startswith("Sending") and stopped_at != "Sending 100 %", stopped_at
    assert not outbox.stop_button.isVisibleTo(outbox)
    [partial] = set(inbox.uploads()) - before
    assert partial.stat().st_size < entry.size  # the server holds only part of it

    report = _send(qtbot, shell, outbox)
    assert report.sent == [entry.id], report.failed
    assert outbox.status_of(entry.id) == "Sent, waiting for the receipt"
    assert set(inbox.uploads()) - before == {partial}  # the same upload, resumed
    assert hashlib.sha256(partial.read_bytes()).hexdigest() == entry.sha256


def test_send_when_connected_sends_without_asking(qtbot, shell, inbox: Inbox,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path) -> None:
    unlock(qtbot, shell)
    entry = _core_destination(shell, inbox, tmp_path, "Auto", 256 << 10)
    flow = shell.flows.send
    outbox = _open(qtbot, shell, "outbox_action")
    _choose(outbox, "Auto")
    assert flow.auto_timer.isActive()
    flow.auto_timer.setInterval(50)  # the check runs every five minutes in use
    with qtbot.waitSignal(flow.route_saved, timeout=TIMEOUT) as saved, \
            qtbot.waitSignal(flow.send_finished, timeout=TIMEOUT) as finished:
        outbox.auto_check.setChecked(True)
    assert saved.args[0].auto_send
    assert saved.args[0].via is None
    assert finished.args[0].sent == [entry.id]
    qtbot.waitUntil(lambda: outbox.status_of(entry.id) == "Sent, waiting for the receipt",
                    timeout=TIMEOUT)
    with qtbot.waitSignal(flow.route_saved, timeout=TIMEOUT):
        outbox.auto_check.setChecked(False)
    shell.controller.lock("test")
    assert not flow.auto_timer.isActive()  # nothing is sent while the vault is locked


def test_export_wizard_puts_the_bundle_in_a_destinations_outbox(qtbot, shell, inbox: Inbox,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    from app.send.outbox import add_contact, list_outbox

    unlock(qtbot, shell)
    _import_one(qtbot, shell, tmp_path)
    card, _ = _card(tmp_path, inbox, "Helpline")
    contact = add_contact(shell.controller.vault, card.read_bytes())
    shell.main_window.export_action.trigger()
    wizard = shell.flows.export.dialog
    qtbot.waitUntil(lambda: wizard.outbox_combo.count() == 2, timeout=TIMEOUT)
    assert wizard.outbox_combo.isVisibleTo(wizard)
    assert wizard.outbox_destination() is None  # the file only, unless she chooses
    wizard.outbox_combo.setCurrentIndex(wizard.outbox_combo.findData("Helpline"))
    # encrypted to the destination's key, and to nothing else she could type or pick
    assert wizard.key_radio.isChecked()
    assert wizard.key_edit.text() == contact.recipient
    assert wizard.key_edit.isReadOnly()
    assert not wizard.passphrase_radio.isEnabled()
    assert not wizard.save_key_check.isVisibleTo(wizard)
    wizard.report_check.setChecked(False)
    wizard.folder_edit.setText(str(tmp_path))
    with qtbot.waitSignal(shell.flows.export.queued, timeout=TIMEOUT) as queued:
        wizard.export_button.click()
    entry = queued.args[0]
    [listed] = list_outbox(shell.controller.vault)
    assert (listed.id, listed.contact, listed.status) == (entry.id, "Helpline", "queued")
    assert Path(listed.path).read_bytes().startswith(b"age-encryption.org/v1\n")
    assert "The bundle is in the outbox for" in wizard.result_label.text()
    assert "SHA-256" in wizard.result_label.text()
    wizard.outbox_combo.setCurrentIndex(0)  # back to the file only: the key is hers again
    assert not wizard.key_edit.isReadOnly()
    assert wizard.passphrase_radio.isEnabled()
