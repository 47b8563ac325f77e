# SPDX-License-Identifier: GPL-3.0-or-later
"""The sender in the frozen build: ``sys.executable`` is the app's launcher there, so the vault
side starts it as ``bayyina --bayyina-sender`` and the frozen entry point
(packaging/pyinstaller/entry.py) runs :mod:`app.send.sender`. Here a stand-in launcher runs that
entry point from source (the PyInstaller build itself is tested in tests/packaging)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from app.send import launch
from app.send.outbox import list_outbox
from app.vault import Vault
from tests.core.send.helpers import (
    ROOT,
    Inbox,
    add_destination,
    entry,
    queue_random,
    random_bundle,
    run_sender,
    sha256_file,
)

ENTRY = ROOT / "packaging" / "pyinstaller" / "entry.py"


def _launcher(tmp: Path) -> Path:
    """What the frozen ``bayyina`` is to the vault side: one executable running entry.py."""
    exe = tmp / "bayyina"
    exe.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" "{ENTRY}" "$@"\n',
                   encoding="utf-8")
    exe.chmod(0o700)
    return exe


def test_the_switch_is_the_same_on_both_sides() -> None:
    text = ENTRY.read_text(encoding="utf-8")
    m = re.search(r'^SENDER_SWITCH = "([^"]+)"', text, re.M)
    assert m and m.group(1) == launch.FROZEN_SENDER_SWITCH


def test_frozen_sender_command_uses_the_launcher(monkeypatch: pytest.MonkeyPatch) -> None:
    assert launch.sender_command() == [sys.executable, "-m", "app.send.sender"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/bayyina/bayyina")
    assert launch.sender_command() == ["/opt/bayyina/bayyina", "--bayyina-sender"]
    # frozen: no source tree to put on PYTHONPATH; the environment's proxies are never passed on
    monkeypatch.setenv("HTTPS_PROXY", "http://192.0.2.1:3128")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    env = launch._env()
    assert "HTTPS_PROXY" not in env and "PYTHONPATH" not in env


def test_entry_point_with_the_switch_uploads(inbox: Inbox, tmp_path: Path) -> None:
    bundle = tmp_path / "b.age"
    sha = random_bundle(bundle, 2 << 20, seed=9)
    run = run_sender({"proxy": None, "entries": [entry(inbox, bundle, sha)]},
                     command=[str(_launcher(tmp_path)), launch.FROZEN_SENDER_SWITCH], timeout=120)
    assert run.code == 0, run.events[-3:]
    sent = run.last("sent")
    assert sent is not None
    upload = inbox.root / "uploads" / sent["location"].rstrip("/").rsplit("/", 1)[1]
    assert sha256_file(upload) == sha
    upload.unlink()


def test_send_outbox_in_a_frozen_app_starts_the_launcher(
        vault: Vault, inbox: Inbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    contact = add_destination(vault, inbox)
    queued = queue_random(vault, contact, tmp_path / "q.age", 1 << 20, seed=3)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(_launcher(tmp_path)))
    report = launch.send_outbox(vault)
    assert report.failed == {} and report.sent == [queued.id]
    [done] = list_outbox(vault)
    assert done.status == "sent" and done.route == "direct"
    [upload] = [p for p in inbox.uploads() if sha256_file(p) == queued.sha256]
    upload.unlink()
