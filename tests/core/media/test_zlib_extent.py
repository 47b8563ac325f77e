# SPDX-License-Identifier: GPL-3.0-or-later
"""Where a PNG image data stream ends: measured once per stream, the same answer every time."""

from __future__ import annotations

import os
import zlib

import pytest

from app.media import canonical as can


def _fresh(bodies: list[bytes], limit: int) -> tuple[int, int]:
    used, out, _ended = can._inflate_extent(bodies, limit)
    return used, out


def test_the_remembered_extent_is_the_measured_one_whole_and_cut() -> None:
    raw = os.urandom(100_000) + bytes(900_000)  # compressed ten times: worth remembering
    stream = zlib.compress(raw, 6)
    junk = b"after the end: not image data"
    bodies = [stream[:1000], stream[1000:] + junk]  # split across chunks, junk after the end
    limit = len(raw)
    can._EXTENTS.clear()
    assert can.zlib_extent(bodies, limit) == _fresh(bodies, limit) == (len(stream), len(raw))
    cut = [stream[:1000], stream[1000:]]  # what the sanitiser keeps
    assert (can.hashlib.sha256(b"".join(cut)).digest(), limit) in can._EXTENTS
    assert can.zlib_extent(cut, limit) == _fresh(cut, limit)
    # another limit is another question: measured, and refused when the data holds more
    assert can.zlib_extent(bodies, limit - 1)[1] > limit - 1
    assert not any(k[1] == limit - 1 for k in can._EXTENTS)  # refusals are never remembered


def test_a_changed_byte_is_a_new_stream() -> None:
    stream = bytearray(zlib.compress(os.urandom(50_000)))
    can._EXTENTS.clear()
    assert can.zlib_extent([bytes(stream)], 60_000)[1] == 50_000
    stream[len(stream) // 2] ^= 0xFF
    with pytest.raises(ValueError, match="png image data"):
        can.zlib_extent([bytes(stream)], 60_000)


def test_a_stream_that_hardly_compresses_is_measured_each_time() -> None:
    raw = os.urandom(200_000)
    stream = zlib.compress(raw, 1)
    can._EXTENTS.clear()
    assert can.zlib_extent([stream], len(raw)) == (len(stream), len(raw))
    assert not can._EXTENTS


def test_the_memory_stays_small() -> None:
    can._EXTENTS.clear()
    for n in range(3 * can._EXTENTS_KEPT):
        can.zlib_extent([zlib.compress(n.to_bytes(4, "big") * 100)], 1000)
    assert len(can._EXTENTS) <= 2 * can._EXTENTS_KEPT


@pytest.mark.parametrize("level", [1, 6, 9])
def test_the_extent_is_zlibs_own_and_a_broken_stream_is_refused(level: int) -> None:
    """The extent (measured with ISA-L's inflate) is where zlib's own inflate stops, for streams
    split anywhere; a wrong Adler-32, a cut stream and a corrupt block are refused."""
    raw = bytes(range(256)) * 300 + os.urandom(20_000)
    stream = zlib.compress(raw, level)
    dec = zlib.decompressobj()
    assert dec.decompress(stream + b"trailing") == raw
    assert dec.unused_data == b"trailing"  # zlib stops at len(stream)
    for split in (1, 7, len(stream) // 2, len(stream) - 3):
        bodies = [stream[:split], stream[split:] + b"trailing"]
        assert _fresh(bodies, len(raw)) == (len(stream), len(raw))
    wrong_check = stream[:-1] + bytes([stream[-1] ^ 1])
    with pytest.raises(ValueError, match="png image data"):
        _fresh([wrong_check], len(raw))
    with pytest.raises(ValueError, match="does not end"):
        _fresh([stream[:-10]], len(raw))
    corrupt = bytearray(stream)
    corrupt[2] = 0xFF  # the first block's header: an invalid block type
    with pytest.raises(ValueError, match="png image data"):
        _fresh([bytes(corrupt)], len(raw))
