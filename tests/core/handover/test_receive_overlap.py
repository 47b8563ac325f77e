# SPDX-License-Identifier: GPL-3.0-or-later
"""Receiving overlaps its stages (issue 19): the staged bytes are written by a thread of their own
while the bundle is still decrypted and hashed, and pictures' clean copies are checked by the
workers as soon as each one's hash matched. What the receipt promises is unchanged: nothing is
imported unless the whole bundle verifies, a failed write fails the receipt, nothing stays
staged."""

from __future__ import annotations

import importlib
import io
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app.errors import AppError, VerificationFailed
from app.handover import export_from_vault, receive_into_vault
from app.ingest import import_bytes
from app.vault.items import get_item

staging = importlib.import_module("app.handover.staging")
checks = importlib.import_module("app.handover.checks")
receive_mod = importlib.import_module("app.handover.receive")


def _noise_png(side: int, seed: int) -> bytes:
    buf = io.BytesIO()
    rnd = os.urandom(side * side * 3) if seed < 0 else bytes(
        (i * seed) % 251 for i in range(side * side * 3))
    Image.frombytes("RGB", (side, side), rnd).save(buf, "PNG", compress_level=1)
    return buf.getvalue()


@pytest.fixture
def sent(vault: Any, tmp_path: Path) -> tuple[Path, str, list[int]]:
    """A bundle of five pictures with their originals: several staging batches (16 MiB each)."""
    ids = []
    for n in range(5):
        outcome = import_bytes(vault, _noise_png(1400, -1), name=f"n{n}.png")
        assert outcome.item_id is not None
        ids.append(outcome.item_id)
    bundle = export_from_vault(vault, tmp_path / "b.zip", encrypt=False,
                               include_originals=True).path
    assert bundle.stat().st_size > 2 * staging.STAGE_BATCH
    return bundle, vault.fingerprint(), ids


def _left_staged(vault: Any) -> int:
    return int(vault.read("SELECT (SELECT COUNT(*) FROM bundle_pending) + (SELECT COUNT(*) FROM "
                          "blobs WHERE item_id IS NULL)")[0][0])


def _staging_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "bayyina-staging"]


def test_copies_are_checked_while_the_bundle_is_still_being_verified(
        sent: tuple[Path, str, list[int]], org: Any, vault: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    bundle, signer, ids = sent
    events: list[str] = []
    real_submit = checks.CopyChecker.submit_early
    real_verify = receive_mod.verify_bundle

    def submit(self, path: str, sha256: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
        events.append(f"early {path}")
        real_submit(self, path, sha256, data)

    def verify(*a: Any, **k: Any) -> Any:
        result = real_verify(*a, **k)
        events.append("verified")
        return result

    monkeypatch.setattr(checks.CopyChecker, "submit_early", submit)
    monkeypatch.setattr(receive_mod, "verify_bundle", verify)
    org.read("SELECT 1")  # this thread's connection is open
    conns = len(org._conns)
    r = receive_into_vault(org, bundle, trust_signer=signer)
    assert r.status == "received" and len(r.added) == 5 and not r.quarantined
    early = [e for e in events if e.startswith("early")]
    assert len(early) == 5 and all(e.endswith(".png") and "sanitized" in e for e in early)
    assert events[-1] == "verified"  # every copy went to a worker before verification ended
    for mine, theirs in zip(r.added, ids, strict=True):
        got, want = get_item(org, mine), get_item(vault, theirs)
        assert got["sanitized_sha256"] == want["sanitized_sha256"]
        assert got["sha256"] == want["sha256"] and set(got["copies"]) >= {"original",
                                                                          "sanitized"}
    assert _left_staged(org) == 0
    assert not _staging_threads()
    assert len(org._conns) == conns  # the staging thread's connection was closed


def test_a_failed_staging_write_fails_the_receipt_and_leaves_nothing(
        sent: tuple[Path, str, list[int]], org: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle, signer, _ids = sent
    real = staging.StagingSink._write
    calls: list[int] = []

    def failing(self, rows):  # type: ignore[no-untyped-def]
        calls.append(len(rows))
        if len(calls) == 2:
            raise AppError("vault.busy")
        real(self, rows)

    monkeypatch.setattr(staging.StagingSink, "_write", failing)
    org.read("SELECT 1")  # this thread's connection is open
    conns = len(org._conns)
    with pytest.raises(AppError) as err:
        receive_into_vault(org, bundle, trust_signer=signer)
    assert err.value.code == "vault.busy"
    assert org.read("SELECT COUNT(*) FROM items")[0][0] == 0
    assert _left_staged(org) == 0
    assert org.read("SELECT COUNT(*) FROM meta WHERE key LIKE 'receipt:%'")[0][0] == 0
    assert org.read("SELECT COUNT(*) FROM bundle_ledger")[0][0] == 0
    assert not _staging_threads() and len(org._conns) == conns
    monkeypatch.setattr(staging.StagingSink, "_write", real)
    again = receive_into_vault(org, bundle, trust_signer=signer)  # and it can be received again
    assert again.status == "received" and len(again.added) == 5


def test_a_bundle_that_fails_late_imports_nothing_although_its_copies_were_checked(
        sent: tuple[Path, str, list[int]], org: Any, tmp_path: Path) -> None:
    """The last bytes of the file are cut: every item's hash matched and its copy went to a
    worker, but the ZIP's central directory is missing, so nothing is imported."""
    bundle, signer, _ids = sent
    cut = tmp_path / "cut.zip"
    data = bundle.read_bytes()
    cut.write_bytes(data[: len(data) - 40])
    with pytest.raises(VerificationFailed):
        receive_into_vault(org, cut, trust_signer=signer)
    assert org.read("SELECT COUNT(*) FROM items")[0][0] == 0
    assert _left_staged(org) == 0
    assert not _staging_threads()
