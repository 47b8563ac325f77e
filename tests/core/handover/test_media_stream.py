# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Recordings too large for memory (issue 20): cleaned by streaming through the vault's chunks
(``app.media.avstream``), with the very proof of the in-memory path; exported and received.

The in-memory limit is lowered (``AvLimits.max_file_bytes = 1``) so that small generated media go
through the streaming path; the in-memory import of the same files is the reference. Peak memory
on large files is measured by ``bench/media.py`` (``--loop``), not asserted here."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from app.bundle import keygen_recipient
from app.handover import export_from_vault, receive_into_vault
from app.handover.checks import SameBytes
from app.ingest import import_paths
from app.media import Limits
from app.media.types import AvLimits
from app.media.window import BLOCK, RangeReader
from app.tasks import CancelToken
from app.vault import KdfParams, create_vault
from app.vault.blobs import BlobWriter, read_blob
from app.vault.items import get_item
from tests.core.media import avbuild as B
from tests.helpers import PASSPHRASE

pytestmark = pytest.mark.skipif(
    not (B.HAVE_FFMPEG and B.HAVE_EXIFTOOL and shutil.which("age")),
    reason="needs Debian's ffmpeg, exiftool and age as oracles")

STREAM = Limits(av=AvLimits(max_file_bytes=1))
BUILDERS = ("phone_mp4", "rotated_mov", "voice_opus", "m4a", "mp3_cover", "flac_picture", "wav",
            "webm", "mkv_everything", "avi", "threegp", "amr")
_ISO_BMFF = {"video/mp4", "video/quicktime", "video/3gpp", "audio/mp4"}
_IDENTIFYING = ("GPS", "Location", "Make", "Model", "Artist", "Title", "Comment", "Encoder",
                "Software", "XMP", "2024")


def _rows(summary: Any) -> list[Any]:
    assert all(o.status == "imported" for o in summary.outcomes), summary.outcomes
    return list(summary.outcomes)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The same files imported in memory (reference) and by streaming."""
    d = tmp_path_factory.mktemp("rec")
    files = {name: getattr(B, name)(d) for name in BUILDERS}
    ref = create_vault(tmp_path_factory.mktemp("r") / "r.bayyina", PASSPHRASE,
                       KdfParams.testing())
    big = create_vault(tmp_path_factory.mktemp("s") / "s.bayyina", PASSPHRASE,
                       KdfParams.testing())
    mem = _rows(import_paths(ref, list(files.values())))
    streamed = _rows(import_paths(big, list(files.values()), limits=STREAM))
    yield files, ref, big, mem, streamed
    ref.lock()
    big.lock()


def test_a_streamed_clean_copy_has_the_in_memory_proof(both: Any, tmp_path: Path) -> None:
    files, ref, big, mem, streamed = both
    for name, m, s in zip(BUILDERS, mem, streamed, strict=True):
        a, b = get_item(ref, m.item_id), get_item(big, s.item_id)
        # the streamed path decides as the in-memory one (AVI with MP3: no copy in either,
        # tests/core/media/test_avmedia.py::test_timing_proof_refuses_a_copy_whose_packets_...)
        assert (s.sanitized, s.sanitize_error) == (m.sanitized, m.sanitize_error), name
        if name == "avi":
            assert not s.sanitized and "sanitized" not in b["copies"]
            assert b["original_pixels"] == a["original_pixels"]
            continue
        assert s.sanitized and b["pixels_equal"], (name, s.sanitize_error)
        assert (b["kind"], b["media_type"], b["sanitized_media_type"]) == \
            (a["kind"], a["media_type"], a["sanitized_media_type"]), name
        # the same packets, the same proof, the same facts kept in the vault
        assert b["original_pixels"] == a["original_pixels"] == b["sanitized_pixels"], name
        assert b["removed"] == a["removed"], name
        assert b["metadata"]["recording"] == a["metadata"]["recording"], name
        assert b["metadata"].get("location") == a["metadata"].get("location"), name
        assert read_blob(big.conn, s.item_id, "original") == files[name].read_bytes()
        copy = read_blob(big.conn, s.item_id, "sanitized")
        assert b["sanitized_sha256"] == hashlib.sha256(copy).hexdigest()
        assert b["sanitized_size"] == len(copy)
        assert B.MARK.encode() not in copy, name
        if b["media_type"] not in _ISO_BMFF:  # the same muxer, the same packets: the same bytes
            assert copy == read_blob(ref.conn, m.item_id, "sanitized"), name
        out = tmp_path / f"{name}.copy"
        out.write_bytes(copy)
        if name != "amr":  # exiftool does not read AMR (which has no metadata to carry)
            bad = [ln for ln in B.exiftool(out).splitlines()
                   if B.MARK in ln or any(w in ln for w in _IDENTIFYING)]
            assert bad == [], (name, bad)
        want = [f"{i},{x['kind'][0]},SHA256={x['sha256']}"
                for i, x in enumerate(b["original_pixels"]["streams"])]
        assert B.streamhash(out) == B.streamhash(files[name]) == want, name
        if b["kind"] == "video":  # the poster frame, and the rotation that displays it upright
            assert "thumbnail" in b["copies"], name
            assert B.rotation(B.ffprobe(out)) == B.rotation(B.ffprobe(files[name])), name
        custody = big.read("SELECT details FROM custody WHERE action = 'sanitize' AND "
                           "subjects LIKE ?", (f'%{b["uuid"]}%',))
        assert custody and b["sanitized_sha256"] in custody[0][0], name


def test_a_truncated_recording_streamed_is_sealed_without_a_copy(
        both: Any, tmp_path: Path) -> None:
    files, _ref, big, _mem, _streamed = both
    whole = files["phone_mp4"].read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole[: len(whole) // 2])
    fast = tmp_path / "fast.mp4"  # index first: a cut file still opens, with packets missing
    B.ffmpeg("-i", files["phone_mp4"], "-c", "copy", "-movflags", "+faststart", fast)
    cut_fast = tmp_path / "cut_fast.mp4"
    cut_fast.write_bytes(fast.read_bytes()[: fast.stat().st_size * 2 // 3])
    many = B.many_streams(tmp_path)
    s = import_paths(big, [cut, cut_fast, many], limits=STREAM)
    got = {Path(o.path).name: (o.status, o.kind, o.sanitized, o.error_code) for o in s.outcomes}
    assert got == {"cut.mp4": ("imported", "attachment", False, None),
                   "cut_fast.mp4": ("imported", "video", False, None),
                   "many.mkv": ("rejected", None, False, "import.av_too_many_streams")}
    mp4, part = (get_item(big, o.item_id) for o in s.outcomes[:2])
    assert mp4["sanitize_error"].startswith("sanitize.unreadable: import.av_unreadable")
    assert part["sanitize_error"].startswith("sanitize.truncated")
    for rec, data in ((mp4, cut), (part, cut_fast)):
        assert "sanitized" not in rec["copies"] and rec["sanitized_sha256"] is None
        assert read_blob(big.conn, rec["id"], "original") == data.read_bytes()
    # the refused file left nothing behind (its transaction was rolled back)
    assert big.read("SELECT COUNT(*) FROM items WHERE original_name = 'many.mkv'")[0][0] == 0


def _unpack(bundle: Path, ident: str, d: Path) -> Path:
    (d / "id.txt").write_text(ident)
    run = subprocess.run(["age", "-d", "-i", str(d / "id.txt"), "-o", str(d / "b.zip"),
                          str(bundle)], capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(d / "b.zip") as z:
        z.extractall(d / "x")
    return d / "x"


@pytest.mark.parametrize("limits", [STREAM, Limits()], ids=["streamed", "in-memory"])
def test_streamed_copies_round_trip_export_verify_receive(both: Any, tmp_path: Path,
                                                          limits: Limits) -> None:
    """Received by streaming (the copies are "too large"), or in memory: a copy that keeps its
    index last (ISO-BMFF cleaned by streaming) is checked by streaming too, and kept."""
    files, _ref, big, _mem, streamed = both
    ids = [o.item_id for o in streamed if o.sanitized]
    assert len(ids) == len(BUILDERS) - 1  # all but the AVI
    ident, rec = keygen_recipient()
    res = export_from_vault(big, tmp_path / "b.zip.age", recipients=[rec], item_ids=ids,
                            include_originals=True)
    assert res.skipped == [] and len(res.item_ids) == len(ids)
    d = _unpack(res.path, ident, tmp_path)
    run = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=d,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    org = create_vault(tmp_path / "org.bayyina", PASSPHRASE, KdfParams.testing())
    try:
        got = receive_into_vault(org, res.path, identity=ident, trust_signer=big.fingerprint(),
                                 limits=limits)
        assert got.quarantined == [] and len(got.added) == len(ids)
        by_uuid = {get_item(big, i)["uuid"]: i for i in ids}
        for local in got.added:
            mine = get_item(org, local)
            theirs = get_item(big, by_uuid[mine["uuid"]])
            assert mine["kind"] == theirs["kind"]
            assert mine["sanitized_pixels"] == theirs["sanitized_pixels"]
            assert read_blob(org.conn, local, "sanitized") == \
                read_blob(big.conn, theirs["id"], "sanitized")
    finally:
        org.lock()


def test_a_received_copy_that_is_not_clean_is_quarantined_when_streamed(
        both: Any, tmp_path: Path) -> None:
    """A "clean copy" that is the original (location, make, tags and all) is not itself once
    cleaned again: quarantined, by the streaming check as by the in-memory one."""
    files = both[0]
    # a vault of its own: the module's vaults are shared by the other tests, which must find
    # the clean copies the import made (this test replaces one with its original)
    big = create_vault(tmp_path / "own.bayyina", PASSPHRASE, KdfParams.testing())
    s = import_paths(big, [files["phone_mp4"]], limits=STREAM)
    (o,) = s.outcomes
    item = o.item_id
    original = files["phone_mp4"].read_bytes()
    from app.vault.blobs import write_blob

    with big.write() as tx:
        tx.execute("DELETE FROM blobs WHERE item_id = ? AND role = 'sanitized'", (item,))
        _size, sha = write_blob(tx.conn, item, "sanitized", "video/mp4", original)
        tx.execute("UPDATE items SET sanitized_sha256 = ?, sanitized_size = ? WHERE id = ?",
                   (sha, len(original), item))
    ident, rec = keygen_recipient()
    res = export_from_vault(big, tmp_path / "q.zip.age", recipients=[rec], item_ids=[item])
    org = create_vault(tmp_path / "org.bayyina", PASSPHRASE, KdfParams.testing())
    try:
        got = receive_into_vault(org, res.path, identity=ident, trust_signer=big.fingerprint(),
                                 limits=STREAM)
        assert [q.code for q in got.quarantined] == ["handover.copy_not_clean"]
        assert "sanitized" not in get_item(org, got.quarantined[0].item)["copies"]
    finally:
        org.lock()
        big.lock()


def test_blob_writer_patches_and_reads_back(tmp_path: Path) -> None:
    v = create_vault(tmp_path / "v.bayyina", PASSPHRASE, KdfParams.testing())
    try:
        data = bytearray(bytes(range(256)) * (3 * BLOCK // 256 + 7))
        with v.write() as tx:
            tx.execute("INSERT INTO items (uuid, sha256, size, media_type, kind, imported_at, "
                       "import_method, imported_utc_offset) VALUES ('u', 'x', 1, 'video/mp4', "
                       "'video', 'now', 'file', 0)")
            w = BlobWriter(tx.conn, 1, "sanitized", None, max_size=len(data))
            for i in range(0, len(data), 100_000):
                w.append(bytes(data[i : i + 100_000]))
            # rewrites in a stored chunk, across two stored chunks, and in the unstored tail
            for offset, piece in ((40, b"MDAT"), (BLOCK - 2, b"ACROSS"),
                                  (len(data) - 3, b"END")):
                w.patch(offset, piece)
                data[offset : offset + len(piece)] = piece
            assert w.read_at(BLOCK - 4, 10) == bytes(data[BLOCK - 4 : BLOCK + 6])
            with pytest.raises(Exception, match="patch outside"):
                w.patch(len(data) - 1, b"xx")
            size, sha = w.finish("video/mp4")
        assert (size, sha) == (len(data), hashlib.sha256(data).hexdigest())
        assert read_blob(v.conn, 1, "sanitized") == bytes(data)
    finally:
        v.lock()


def test_same_bytes_tells_a_patched_copy_from_a_different_one() -> None:
    received = bytes(range(256)) * (2 * BLOCK // 256 + 5)
    reader = RangeReader(lambda o, n: received[o : o + n], len(received))

    def feed(target: SameBytes, data: bytes) -> None:
        for i in range(0, len(data), BLOCK):
            target.append(data[i : i + BLOCK])

    placeholder = b"\0" * 8 + received[8:]  # a size written as zeros, filled in at the end
    same = SameBytes(reader)
    feed(same, placeholder)
    assert not same.equal()
    same.patch(0, received[:8])
    assert same.equal() and same.read_at(0, 16) == received[:16]
    other = SameBytes(reader)
    feed(other, received[:-1] + b"X")
    assert not other.equal()
    shorter = SameBytes(reader)
    feed(shorter, received[:-1])
    assert not shorter.equal()


class _CancelAfter(CancelToken):
    """Cancelled from the ``polls``-th time it is asked (the streaming loop asks at every
    message): a cancel that lands in the middle of a recording cleaned by streaming."""

    def __init__(self, polls: int) -> None:
        super().__init__()
        self.left = polls

    @property
    def cancelled(self) -> bool:
        self.left -= 1
        if self.left <= 0:
            self.cancel()
        return super().cancelled


def test_cancel_stops_a_streamed_clean_copy_and_stores_nothing(both: Any, tmp_path: Path) -> None:
    files = both[0]
    v = create_vault(tmp_path / "c.bayyina", PASSPHRASE, KdfParams.testing())
    try:
        token = _CancelAfter(6)
        s = import_paths(v, [files["phone_mp4"]], limits=STREAM, cancel=token)
        assert token.left <= 0 and s.cancelled
        assert [(o.status, o.error_code) for o in s.outcomes] == [("rejected", "task.cancelled")]
        assert v.read("SELECT COUNT(*) FROM items")[0][0] == 0
        assert v.read("SELECT COUNT(*) FROM blob_chunks")[0][0] == 0
    finally:
        v.lock()
