# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The bundle file is read and hashed ahead by a thread of its own (app.bundle.verify): what the
checks read is the file in order, the hash is the file's, a read error reaches the checks, and
the thread ends whether the checks read to the end or stopped early."""

from __future__ import annotations

import hashlib
import io
import os
import threading
from pathlib import Path

import pytest

from app.bundle import keygen_recipient, verify_bundle
from app.bundle.verify import _READ, _CountingReader
from app.errors import VerificationFailed


def _threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name == "read-ahead"}


@pytest.mark.parametrize("sizes", [(1, 7, 65536), (_READ + 3, 5), (3 * _READ,)])
def test_reads_in_order_and_hashes_the_file(sizes: tuple[int, ...]) -> None:
    data = os.urandom(5 * _READ + 12345)
    src = _CountingReader(io.BytesIO(data), len(data), None, None)
    got = bytearray()
    i = 0
    while chunk := src.read(sizes[i % len(sizes)]):
        assert len(chunk) <= sizes[i % len(sizes)]
        got += chunk
        i += 1
    assert bytes(got) == data and src.count == len(data)
    assert src.finish() == hashlib.sha256(data).hexdigest()
    assert src.read(10) == b""


class _Failing(io.RawIOBase):
    def __init__(self) -> None:
        self.reads = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        self.reads += 1
        if self.reads > 2:
            raise OSError(5, "Input/output error")
        return b"x" * n


def test_a_read_error_reaches_the_reader_after_the_bytes_before_it() -> None:
    src = _CountingReader(_Failing(), 10 * _READ, None, None)  # type: ignore[arg-type]
    assert len(src.read(_READ)) == _READ and len(src.read(_READ)) == _READ
    with pytest.raises(OSError, match="Input/output error"):
        src.read(_READ)
    src.close()
    assert not _threads()


def test_stopping_early_ends_the_thread_of_a_large_file(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as fh:
        fh.truncate(64 * _READ)  # more than the read-ahead holds: the thread waits on the queue
    with big.open("rb") as fh:
        src = _CountingReader(fh, 64 * _READ, None, None)
        assert src.read(100) == bytes(100)
        src.close()
    assert not _threads()


def test_a_bundle_that_is_not_one_stops_at_once_and_leaves_no_thread(tmp_path: Path) -> None:
    identity, _ = keygen_recipient()
    bad = tmp_path / "b.zip.age"
    bad.write_bytes(b"age-encryption.org/v1\n-> X25519 nope\n" + os.urandom(20 * _READ))
    with pytest.raises(VerificationFailed):
        verify_bundle(bad, identity=identity)
    assert not _threads()
