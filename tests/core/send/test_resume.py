# SPDX-License-Identifier: GPL-3.0-or-later
"""tus upload against the real inbox server: the sender is killed at random points and resumes
from the server's offset; the received file's SHA-256 equals the sent one every time."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.core.send.helpers import (
    Inbox,
    entry,
    iter_bounded,
    random_bundle,
    run_sender,
    sha256_file,
)

KILL_ROUNDS = 22


def _received(inbox: Inbox, location: str) -> Path:
    return inbox.root / "uploads" / location.rstrip("/").rsplit("/", 1)[1]


def test_sender_resumes_after_kills_at_random_points(inbox: Inbox, tmp_path: Path) -> None:
    rng = random.Random(18)
    kills = 0
    for n in iter_bounded(KILL_ROUNDS, 240):
        size = rng.randrange(3 << 20, 7 << 20)
        bundle = tmp_path / f"b{n}.age"
        sha = random_bundle(bundle, size, seed=n)
        job = {"proxy": None, "chunk": 256 << 10, "entries": [entry(inbox, bundle, sha)]}
        first = run_sender(job, kill_after=rng.randrange(0, size),
                           kill_delay=rng.uniform(0.0, 0.02))
        created = first.last("created")
        assert created is not None, first.events
        if first.killed_at is not None:
            kills += 1
            assert first.code != 0
        job["entries"][0]["location"] = created["location"]
        second = run_sender(job, timeout=120)
        assert second.code == 0, second.events
        progress = [e["offset"] for e in second.events if e["event"] == "progress"]
        if first.killed_at is not None:
            # resumed from what the server acknowledged, not from zero
            assert progress[0] >= first.killed_at
        assert second.last("sent") is not None
        assert sha256_file(_received(inbox, created["location"])) == sha
        bundle.unlink()
        _received(inbox, created["location"]).unlink()
    assert kills >= 20


def test_sender_resumes_a_300_mb_bundle(inbox: Inbox, tmp_path: Path) -> None:
    """One full 300 MB run, killed three times (8 MiB chunks), resumed to the end."""
    rng = random.Random(300)
    size = 300 << 20
    bundle = tmp_path / "big.age"
    sha = random_bundle(bundle, size, seed=300)
    job = {"proxy": None, "entries": [entry(inbox, bundle, sha)]}
    location = None
    try:
        points = sorted(rng.randrange(1, size) for _ in range(3))
        for i, point in enumerate(points):
            run = run_sender(job, kill_after=point, kill_delay=rng.uniform(0.0, 0.05),
                             timeout=120)
            assert run.killed_at is not None, (i, run.events[-3:])
            location = location or run.last("created")["location"]  # type: ignore[index]
            job["entries"][0]["location"] = location
        final = run_sender(job, timeout=180)
        assert final.code == 0, final.events[-3:]
        assert final.last("sent") is not None
        assert sha256_file(_received(inbox, str(location))) == sha
    finally:
        bundle.unlink(missing_ok=True)
        if location:
            _received(inbox, location).unlink(missing_ok=True)


def test_a_changed_bundle_is_not_sent(inbox: Inbox, tmp_path: Path) -> None:
    bundle = tmp_path / "b.age"
    sha = random_bundle(bundle, 1 << 20)
    with bundle.open("r+b") as fh:
        fh.seek(1000)
        fh.write(b"X")
    run = run_sender({"proxy": None, "entries": [entry(inbox, bundle, sha)]})
    assert run.code == 1
    assert run.last("failed")["code"] == "send.bundle_changed"  # type: ignore[index]
    assert run.last("created") is None


@pytest.mark.parametrize("gone", [True, False])
def test_an_upload_the_server_lost_starts_again(inbox: Inbox, tmp_path: Path,
                                                gone: bool) -> None:
    bundle = tmp_path / "b.age"
    sha = random_bundle(bundle, 2 << 20, seed=7)
    job = {"proxy": None, "chunk": 256 << 10, "entries": [entry(inbox, bundle, sha)]}
    first = run_sender(job, kill_after=1 << 20)
    location = first.last("created")["location"]  # type: ignore[index]
    if gone:  # the organisation cleaned its inbox: the old upload is unknown there
        _received(inbox, location).unlink()
        (inbox.root / "uploads" / (_received(inbox, location).name + ".info")).unlink()
    job["entries"][0]["location"] = location
    second = run_sender(job)
    assert second.code == 0
    new = second.last("created")
    assert (new is not None) == gone
    final = new["location"] if new else location
    assert sha256_file(_received(inbox, final)) == sha
