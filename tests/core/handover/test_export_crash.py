# SPDX-License-Identifier: GPL-3.0-or-later
"""A crash at any step of an export never gives its bundle number again, and the organisation
accepts what follows, recording the gap (issue 12, point 5)."""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app.bundle import keygen_recipient
from app.errors import AppError
from app.handover import export_from_vault, receive_into_vault
from app.ingest import import_bytes
from app.vault import KdfParams, create_vault, open_vault
from app.vault.core import Tx
from tests.helpers import PASSPHRASE

ROOT = Path(__file__).resolve().parents[3]


def _png(color: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (10, 8), color).save(buf, "PNG")
    return buf.getvalue()


class Crash(Exception):
    pass


def _raise(*a: Any, **k: Any) -> Any:
    raise Crash("power cut")


def _after(real: Any) -> Any:
    def run(*a: Any, **k: Any) -> Any:
        real(*a, **k)
        raise Crash("power cut just after")
    return run


def _custody_raises(action: str) -> Any:
    real = Tx.custody

    def custody(self: Tx, act: str, *a: Any, **k: Any) -> Any:
        if act == action:
            raise Crash(f"power cut at {action}")
        return real(self, act, *a, **k)
    return custody


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict[str, Any]]:
    ident, rec = keygen_recipient()
    sender = create_vault(tmp_path / "sender.bayyina", PASSPHRASE, KdfParams.testing())
    org = create_vault(tmp_path / "org.bayyina", PASSPHRASE, KdfParams.testing())
    for color in ((200, 10, 10), (10, 200, 10)):
        assert import_bytes(sender, _png(color), name="x.png").item_id is not None
    out = tmp_path / "out"
    out.mkdir()
    b1 = export_from_vault(sender, out / "b1.age", recipients=[rec])
    assert receive_into_vault(org, b1.path, identity=ident,
                              trust_signer=sender.fingerprint()).seq == 1
    yield {"sender": sender, "org": org, "ident": ident, "rec": rec, "b1": b1, "out": out}
    sender.lock()
    org.lock()


# (name, where, replacement, whether the number was taken when it failed)
STEPS: list[tuple[str, str, str, Any, bool]] = [
    ("select items", "app.handover.export", "_select_items", _raise, False),
    ("build an item", "app.handover.export", "_manifest_item", _raise, False),
    ("reserve", "app.vault.core.Tx", "custody", _custody_raises("export.reserve"), False),
    ("custody segment", "app.handover.export", "custody_segment", _raise, True),
    ("manifest", "app.handover.export", "build_manifest", _raise, True),
    ("signing key", "app.handover.export", "SigningKey", _raise, True),
    ("zip stream", "app.bundle.writer", "iter_zip", _raise, True),
    ("encrypt", "app.bundle.agecrypt", "encrypt_stream", _raise, True),
    ("fsync", "app.safefile.os", "fsync", _raise, True),
    ("drop cache", "app.safefile", "drop_cache", _raise, True),
    ("read back", "app.bundle.writer", "read_back", _raise, True),
    ("record written", "app.handover.export", "record_written", _raise, True),
    ("after record written", "app.handover.export", "record_written", "after", True),
    ("publish", "app.safefile", "_publish", _raise, True),
    ("after publish", "app.safefile", "_publish", "after", True),
    ("fsync dir", "app.safefile", "fsync_dir", _raise, True),
    ("completion", "app.vault.core.Tx", "custody", _custody_raises("export"), True),
]


@pytest.mark.parametrize("step", STEPS, ids=[s[0] for s in STEPS])
def test_a_failure_at_every_step_of_an_export(world: dict[str, Any],
                                              monkeypatch: pytest.MonkeyPatch,
                                              step: tuple[str, str, str, Any, bool]) -> None:
    _name, where, attr, fake, taken = step
    sender, org, out, b1 = world["sender"], world["org"], world["out"], world["b1"]
    target: Any
    if where.endswith(".Tx"):
        target = Tx
    elif where.endswith(".os"):
        target = os
    else:
        target = importlib.import_module(where)
    real = getattr(target, attr)
    monkeypatch.setattr(target, attr, _after(real) if fake == "after" else fake)
    with pytest.raises(Crash):
        export_from_vault(sender, out / "crashed.age", recipients=[world["rec"]])
    monkeypatch.undo()
    # the vault is consistent; nothing is left on the drive; the number is used or not at all
    assert sorted(p.name for p in out.iterdir()) == ["b1.age"]
    assert sender.verify_custody().ok
    assert sender.read("SELECT key FROM meta WHERE key LIKE 'export_pending:%'") == []
    assert int(sender.meta("bundle_seq")) == (2 if taken else 1)
    assert sender.meta("bundle_last_sha256") == b1.sha256
    if taken:
        last = sender.read("SELECT action, details FROM custody ORDER BY seq DESC LIMIT 1")[0]
        assert last[0] == "export.failed" and json.loads(last[1])["bundle_seq"] == 2
    # the retry takes a new number, chains to bundle 1, and the organisation records the gap
    retry = export_from_vault(sender, out / "retry.age", recipients=[world["rec"]])
    assert retry.seq == (3 if taken else 2)
    assert retry.manifest["vault"]["previous_bundle_sha256"] == b1.sha256
    got = receive_into_vault(org, retry.path, identity=world["ident"])
    assert got.status == "received" and not got.out_of_order
    assert got.missing == ((2, 2) if taken else None) and got.gap is taken
    entry = json.loads(org.read("SELECT details FROM custody WHERE action = 'receive' "
                                "ORDER BY seq DESC LIMIT 1")[0][0])
    assert entry["missing_bundle_seqs"] == ([2, 2] if taken else None)
    assert org.verify_custody().ok


CHILD = r"""
import os, signal, sys
from pathlib import Path
import app.bundle.writer as w
from app.handover import export_from_vault
from app.vault import open_vault

def die(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)

point = sys.argv[3]
try:
    import app.safefile as sf
except ImportError:  # the code before the safe-publish helper: die at the same moment
    sf = None
if point == "published":
    if sf is not None:
        sf.fsync_dir = die
    else:
        w._fsync_dir = die
elif point == "writing":
    sf.drop_cache = die
elif point == "recorded":
    sf._publish = die
v = open_vault(Path(sys.argv[1]), os.environ["BAYYINA_TEST_PW"])
export_from_vault(v, Path(sys.argv[2]), encrypt=False)
"""


def _export_killed(vault: Path, out: Path, point: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), BAYYINA_TEST_PW=PASSPHRASE)
    r = subprocess.run([sys.executable, "-c", CHILD, str(vault), str(out), point], env=env,
                       capture_output=True, text=True, check=False, timeout=120)
    assert r.returncode == -9, r.stderr


@pytest.mark.parametrize("point", ["published", "recorded", "writing"])
def test_an_export_killed_mid_way(tmp_path: Path, point: str) -> None:
    """A real process killed (SIGKILL) after publishing the bundle, after recording its hash, or
    while writing it. The retry takes the next number; an organisation that received the
    crashed bundle accepts the retry after it, one that did not records the gap."""
    path = tmp_path / "sender.bayyina"
    sender = create_vault(path, PASSPHRASE, KdfParams.testing())
    for color in ((1, 2, 3), (4, 5, 6)):
        import_bytes(sender, _png(color), name="x.png")
    orgs = [create_vault(tmp_path / f"org{i}.bayyina", PASSPHRASE, KdfParams.testing())
            for i in (1, 2)]
    b1 = export_from_vault(sender, tmp_path / "b1.zip", encrypt=False)
    for org in orgs:
        receive_into_vault(org, b1.path, trust_signer=sender.fingerprint())
    sender.lock()

    crashed = tmp_path / "b2.zip"
    _export_killed(path, crashed, point)
    assert crashed.exists() is (point == "published")
    sender = open_vault(path, PASSPHRASE)
    try:
        assert sender.verify_custody().ok
        retry = export_from_vault(sender, tmp_path / "b3.zip", encrypt=False)
        assert retry.seq == 3  # never 2 again
        interrupted = [json.loads(d[0]) for d in sender.read(
            "SELECT details FROM custody WHERE action = 'export.interrupted'")]
        assert [(i["bundle_seq"], i["may_exist"]) for i in interrupted] == \
            [(2, point != "writing")]
        assert sender.read("SELECT key FROM meta WHERE key LIKE 'export_pending:%'") == []
        if point == "published":
            got = receive_into_vault(orgs[0], crashed)
            assert got.status == "received" and got.seq == 2
        r3 = receive_into_vault(orgs[0], retry.path)
        assert r3.status == "received" and not r3.out_of_order
        assert r3.missing == (None if point == "published" else (2, 2))
        r3b = receive_into_vault(orgs[1], retry.path)
        assert r3b.status == "received" and r3b.missing == (2, 2)
        for org in orgs:
            assert org.verify_custody().ok
        if point == "writing":  # the killed write leaves its random temporary, nothing named
            assert [p.name for p in tmp_path.iterdir() if p.name.startswith("b2.zip")] and \
                all(p.name.endswith(".partial") for p in tmp_path.glob("b2.zip*"))
    finally:
        sender.lock()
        for org in orgs:
            org.lock()


def test_two_exports_at_once_never_fork_the_chain(world: dict[str, Any],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Export B runs to its end while A is between its reservation and the recording of its file:
    A is refused (its number stays used), B chains to bundle 1 and the next one to B."""
    from app.handover import export as handover

    sender, org, out, rec = world["sender"], world["org"], world["out"], world["rec"]
    real = handover.record_written
    inner: list[Any] = []

    def b_runs_first(*a: Any, **k: Any) -> None:
        if not inner:
            monkeypatch.setattr(handover, "record_written", real)
            inner.append(export_from_vault(sender, out / "b.age", recipients=[rec]))
        real(*a, **k)

    monkeypatch.setattr(handover, "record_written", b_runs_first)
    with pytest.raises(AppError) as info:
        export_from_vault(sender, out / "a.age", recipients=[rec])
    assert info.value.code == "handover.concurrent_export"
    b = inner[0]
    assert b.seq == 3 and b.manifest["vault"]["previous_bundle_sha256"] == world["b1"].sha256
    assert sorted(p.name for p in out.iterdir()) == ["b.age", "b1.age"]
    c = export_from_vault(sender, out / "c.age", recipients=[rec])
    assert c.seq == 4 and c.manifest["vault"]["previous_bundle_sha256"] == b.sha256
    got_b = receive_into_vault(org, b.path, identity=world["ident"])
    assert got_b.missing == (2, 2)
    got_c = receive_into_vault(org, c.path, identity=world["ident"])
    assert got_c.status == "received" and got_c.missing is None and not got_c.out_of_order
    assert sender.verify_custody().ok and org.verify_custody().ok
