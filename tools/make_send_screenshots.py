# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the outbox, the destinations and a new bundle for a destination (issue 18), in
Arabic and English, on a 1366×768 offscreen screen, over the demo vault (run, not collected by
pytest). No network: the outbox's states are recorded as the sender would report them.

``.venv/bin/python -m tools.make_send_screenshots [OUT_DIR]``
Writes ``outbox-{lang}.png``, ``outbox-tor-{lang}.png``, ``destinations-{lang}.png``,
``outbox-new-bundle-{lang}.png`` and ``export-outbox-{lang}.png`` (the export wizard putting the
bundle in a destination's outbox) under ``docs/screenshots/``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

if "QT_QPA_PLATFORM" not in os.environ:  # the field laptop's screen
    _config = Path(tempfile.mkdtemp(prefix="bayyina-screen-")) / "screen.json"
    _config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
        "logicalDpi": 96, "logicalBaseDpi": 96}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_config}"

from tools.make_screenshots import (
    _grab,
    _wait_for,
    close_shell,
    demo_vault,
    open_shell,
    run,
    unlock,
)


def _prepare(vault: Any) -> None:
    """Two destinations from signed cards (one through Tor, with an onion address) and three
    bundles in the outbox: one being sent, one sent with its receipt pending, one whose proxy
    could not be reached."""
    from app.bundle import SigningKey, keygen_recipient
    from app.send.contact import make_card
    from app.send.outbox import add_contact, record_event, set_send_when_connected
    from tests.core.send.helpers import make_cert, queue_random

    folder = Path(tempfile.mkdtemp(prefix="bayyina-shots-send-"))
    cert, _key, _fp = make_cert(folder)
    org = SigningKey.generate()
    network = add_contact(vault, make_card(
        org, name="شبكة المدافعات (Defenders network)", recipient=keygen_recipient()[1],
        url="https://inbox.defenders.example:8443/files/", cert_pem=cert.read_bytes()))
    clinic = add_contact(vault, make_card(
        SigningKey.generate(), name="Legal aid clinic", recipient=keygen_recipient()[1],
        url="https://clinic.example/files/", cert_pem=cert.read_bytes(),
        onion_url="https://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion/files/"))
    set_send_when_connected(vault, clinic.id, True, "socks5://127.0.0.1:9150")
    sending = queue_random(vault, network, folder / "bayyina-20261201-101500.zip.age",
                           3 << 20, seed=1)
    record_event(vault, {"event": "route", "entry": sending.id, "route": "direct"})
    record_event(vault, {"event": "progress", "entry": sending.id, "offset": 1234567,
                         "size": sending.size})
    sent = queue_random(vault, network, folder / "bayyina-20261128-174210.zip.age", 900 << 10,
                        seed=2)
    record_event(vault, {"event": "route", "entry": sent.id, "route": "direct"})
    record_event(vault, {"event": "sent", "entry": sent.id})
    tor = queue_random(vault, clinic, folder / "bayyina-20261202-083005.zip.age", 2 << 20,
                       seed=3)
    record_event(vault, {"event": "route", "entry": tor.id, "route": "socks5",
                         "proxy": "socks5://127.0.0.1:9150", "onion": "yes"})
    record_event(vault, {"event": "failed", "entry": tor.id, "code": "send.proxy_unreachable"})


def main(out: Path) -> int:
    from ui.application import create_application

    app = create_application([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    with demo_vault(_prepare) as (_tmp, vault_path, _):
        for lang in ("ar", "en"):
            shell, controller = open_shell(app, vault_path, lang)
            window = unlock(shell)
            _wait_for(lambda: not controller.runner.running)
            flow = shell.flows.send
            window.outbox_action.trigger()
            _wait_for(lambda f=flow: f.outbox_dialog is not None
                      and f.outbox_dialog.table.rowCount() == 3
                      and not controller.runner.running)
            outbox = flow.outbox_dialog
            outbox.table.setCurrentCell(0, 0)
            _grab(outbox, out / f"outbox-{lang}.png")
            outbox.contact_combo.setCurrentIndex(1)
            outbox.table.setCurrentCell(2, 0)
            _grab(outbox, out / f"outbox-tor-{lang}.png")
            outbox.contact_combo.setCurrentIndex(0)
            outbox.queue_button.click()
            _wait_for(lambda f=flow: f.queue_dialog is not None and f.queue_dialog.isVisible())
            flow.queue_dialog.folder_edit.setText("/media/usb")
            _grab(flow.queue_dialog, out / f"outbox-new-bundle-{lang}.png")
            flow.queue_dialog.close()
            window.contacts_action.trigger()
            _wait_for(lambda f=flow: f.contacts_dialog is not None
                      and f.contacts_dialog.table.rowCount() == 2
                      and not controller.runner.running)
            _grab(flow.contacts_dialog, out / f"destinations-{lang}.png")
            flow.contacts_dialog.close()
            outbox.close()
            window.export_action.trigger()
            wizard = shell.flows.export.dialog
            _wait_for(lambda w=wizard: w.outbox_combo.count() == 3
                      and not controller.runner.running)
            wizard.outbox_combo.setCurrentIndex(2)
            wizard.folder_edit.setText("/media/usb")
            _grab(wizard, out / f"export-outbox-{lang}.png")
            wizard.close()
            close_shell(shell, controller)
    return 0


if __name__ == "__main__":
    run(main)
