# SPDX-License-Identifier: GPL-3.0-or-later
"""A receive killed part-way leaves no staged bytes beyond the next unlock (issue 12, point 8):
open_vault — the one path of the CLI and the GUI — clears the receipts of dead processes, and
keeps those of a receipt still running in another process."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from app.handover import export_from_vault
from app.ingest import import_bytes
from app.session import open_session
from app.vault import KdfParams, create_vault, open_vault
from tests.helpers import PASSPHRASE

ROOT = Path(__file__).resolve().parents[3]

CHILD = r"""
import os, signal, sys, time
from pathlib import Path
from app.handover import staging
from app.handover import receive_into_vault
from app.vault import open_vault

real = staging.StagingSink._write

def write_then_stop(self, rows):
    real(self, rows)  # the first batch of staged bytes is committed (in the staging thread)
    Path(sys.argv[4]).write_text("staged")
    if sys.argv[3] == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(600)  # a receipt still running

staging.StagingSink._write = write_then_stop
v = open_vault(Path(sys.argv[1]), os.environ["BAYYINA_TEST_PW"])
receive_into_vault(v, Path(sys.argv[2]), trust_signer=os.environ["BAYYINA_TEST_SIGNER"])
"""


def _png(color: tuple[int, int, int], size: tuple[int, int]) -> bytes:
    buf = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buf, "PNG")
    return buf.getvalue()


def _receive_in_child(org: Path, bundle: Path, mode: str, signer: str,
                      marker: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), BAYYINA_TEST_PW=PASSPHRASE,
               BAYYINA_TEST_SIGNER=signer)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(org), str(bundle), mode,
                              str(marker)], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None or mode == "kill", child.stderr.read() if child.stderr else ""
        if mode == "kill" and child.poll() is not None:
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    if mode == "kill":
        assert child.wait(timeout=60) == -signal.SIGKILL
    return child


def _staged(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Rows staged and receipts registered, looked at without the clearing at unlock (the
    vault layer's open does no maintenance; the front ends' open_session does)."""
    with monkeypatch.context():
        v = open_vault(path, PASSPHRASE)
        try:
            return (int(v.read("SELECT COUNT(*) FROM blob_chunks c JOIN bundle_pending p "
                               "ON p.blob_id = c.blob_id")[0][0]),
                    int(v.read("SELECT COUNT(*) FROM meta WHERE key LIKE 'receipt:%'")[0][0]))
        finally:
            v.lock()


def _count(path: Path) -> tuple[int, int]:
    v = open_session(path, PASSPHRASE)  # the front ends' unlock, which clears dead receipts
    try:
        return (int(v.read("SELECT COUNT(*) FROM blobs WHERE item_id IS NULL")[0][0])
                + int(v.read("SELECT COUNT(*) FROM blob_chunks c JOIN blobs b "
                             "ON b.id = c.blob_id WHERE b.item_id IS NULL")[0][0]),
                int(v.read("SELECT COUNT(*) FROM meta WHERE key LIKE 'receipt:%'")[0][0]))
    finally:
        v.lock()


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, str]:
    sender = create_vault(tmp_path / "sender.bayyina", PASSPHRASE, KdfParams.testing())
    for i in range(2):
        assert import_bytes(sender, _png((i, 0, 0), (300, 200)), name=f"{i}.png").item_id
    bundle = export_from_vault(sender, tmp_path / "b.zip", encrypt=False).path
    signer = sender.fingerprint()
    sender.lock()
    org = create_vault(tmp_path / "org.bayyina", PASSPHRASE, KdfParams.testing())
    org.lock()
    return tmp_path / "org.bayyina", bundle, signer


def test_a_killed_receive_is_cleared_at_the_next_unlock(
        setup: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    org, bundle, signer = setup
    _receive_in_child(org, bundle, "kill", signer, tmp_path / "marker")
    rows, receipts = _staged(org, monkeypatch)
    assert rows > 0 and receipts == 1  # the killed receipt left its bytes behind
    assert _count(org) == (0, 0)


def test_a_receipt_running_in_another_process_is_kept(
        setup: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    org, bundle, signer = setup
    child = _receive_in_child(org, bundle, "live", signer, tmp_path / "marker")
    try:
        rows, receipts = _count(org)
        assert rows > 0 and receipts == 1  # still running: kept
    finally:
        child.kill()
        child.wait()
    assert _count(org) == (0, 0)  # now gone: cleared
