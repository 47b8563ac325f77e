# SPDX-License-Identifier: GPL-3.0-or-later
"""Our age v1 encryption (X25519 stanza + STREAM payload) against two independent decrypters."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pyrage
import pytest

from app.bundle import agecrypt
from app.errors import UsageError

SIZES = [0, 1, 65535, 65536, 65537, 3 * 65536, 3 * 65536 + 17]


def _encrypt(data: bytes, recipients: list[str], piece: int = 10_000) -> bytes:
    out = io.BytesIO()
    chunks = (data[i:i + piece] for i in range(0, len(data), piece)) if data else iter(())
    agecrypt.encrypt_stream(chunks, out, recipients=recipients)
    return out.getvalue()


@pytest.mark.parametrize("size", SIZES)
def test_age_stream_decrypts_with_pyrage(size: int) -> None:
    ident = pyrage.x25519.Identity.generate()
    data = os.urandom(size)
    blob = _encrypt(data, [str(ident.to_public())])
    assert pyrage.decrypt(blob, [ident]) == data


def test_age_stream_two_recipients_each_can_decrypt() -> None:
    a, b = pyrage.x25519.Identity.generate(), pyrage.x25519.Identity.generate()
    data = os.urandom(200_000)
    blob = _encrypt(data, [str(a.to_public()), str(b.to_public())])
    assert pyrage.decrypt(blob, [a]) == data and pyrage.decrypt(blob, [b]) == data
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(blob, [pyrage.x25519.Identity.generate()])


@pytest.mark.skipif(shutil.which("age") is None, reason="age CLI not installed")
def test_age_stream_decrypts_with_age_cli(tmp_path: Path) -> None:
    identity, recipient = agecrypt.keygen_recipient()
    key = tmp_path / "key.txt"
    key.write_text(identity)
    data = os.urandom(3 * 65536 + 5)
    enc = tmp_path / "x.age"
    enc.write_bytes(_encrypt(data, [recipient], piece=65536))
    r = subprocess.run(["age", "-d", "-i", str(key), str(enc)], capture_output=True, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout == data


@pytest.mark.parametrize("bad", ["age1qqqq", "age1" + "q" * 58, "bob1xyz", "",
                                 "age1zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"])
def test_age_stream_refuses_bad_recipients(bad: str) -> None:
    with pytest.raises(UsageError):
        _encrypt(b"x", [bad])


def test_age_recipient_checksum_is_checked() -> None:
    _, recipient = agecrypt.keygen_recipient()
    flipped = recipient[:-1] + ("q" if recipient[-1] != "q" else "p")
    with pytest.raises(UsageError):
        agecrypt._recipient_key(flipped)
    assert len(agecrypt._recipient_key(recipient)) == 32
