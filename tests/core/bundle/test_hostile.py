# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Hostile archives and age headers (docs/design.md §Bundles, Hostile input), crafted byte by
byte."""

from __future__ import annotations

import functools
import io
import re
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pyrage
import pytest

from app.bundle import verify_bundle
from app.bundle.agecrypt import encrypt_stream, read_header
from app.bundle.layout import classify
from app.bundle.zipreader import StrictZipReader, ZipLimits
from app.errors import UsageError, VerificationFailed

from .conftest import read_members, rezip


def entry(name: str, data: bytes, *, method: int = 0, flags: int = 0x800, version: int = 20,
          extra: bytes = b"", csize: int | None = None, offset: int = 0) -> tuple[bytes, bytes]:
    """(local header + data, central record) for one entry."""
    raw = name.encode()
    crc = zlib.crc32(data)
    size = len(data) if csize is None else csize
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, version, flags, method, 0, 0x21, crc,
                        size, len(data), len(raw), len(extra)) + raw + extra + data
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, version, version, flags, method, 0,
                          0x21, crc, size, len(data), len(raw), 0, 0, 0, 0, 0, offset) + raw
    return local, central


def archive(*entries: tuple[str, bytes], **kw: object) -> bytes:
    body, cds = b"", b""
    for name, data in entries:
        local, central = entry(name, data, offset=len(body), **kw)  # type: ignore[arg-type]
        body += local
        cds += central
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cds),
                       len(body), 0)
    return body + cds + eocd


def _read(data: bytes, chunk: int = 7) -> None:
    reader = StrictZipReader(classify, None, ZipLimits(max_entries=50))
    for i in range(0, len(data), chunk):
        reader.feed(data[i : i + chunk])
    reader.close()


def _code(data: bytes, tmp_path: Path) -> str:
    """The code from the low-level reader, checked to equal verify_bundle's on the same file."""
    with pytest.raises(VerificationFailed) as exc:
        _read(data)
    path = tmp_path / "hostile.zip"
    path.write_bytes(data)
    with pytest.raises(VerificationFailed) as exc2:
        verify_bundle(path)
    assert exc2.value.code == exc.value.code
    return exc.value.code


def test_hostile_crafted_well_formed_archive_is_read(tmp_path: Path) -> None:
    _read(archive(("README-VERIFY.txt", b"hi"), ("items/000001/sanitized.jpg", b"x" * 100)))


@pytest.mark.parametrize("name", ["../evil.txt", "../../tmp/evil.txt", "/etc/passwd",
                                  "C:/win.txt", "..\\..\\evil.txt", "\\\\server\\share",
                                  "items/../../x", "items/000001/..\\x"])
def test_hostile_zip_slip_names(tmp_path: Path, name: str) -> None:
    assert _code(archive((name, b"x")), tmp_path) == "bundle.zip_slip"


@pytest.mark.parametrize("name", ["items/000001/sanitized .jpg", "évil.txt", "items//a.jpg",
                                  "./manifest.json", "items/000001/"])
def test_hostile_bad_names(tmp_path: Path, name: str) -> None:
    assert _code(archive((name, b"x")), tmp_path) == "bundle.bad_name"


def test_hostile_unexpected_layout(tmp_path: Path) -> None:
    assert _code(archive(("payload.exe", b"MZ")), tmp_path) == "bundle.unexpected_file"


@pytest.mark.parametrize("second", ["README-VERIFY.txt", "readme-verify.TXT"])
def test_hostile_duplicates(tmp_path: Path, second: str) -> None:
    data = archive(("README-VERIFY.txt", b"a"), (second, b"b"))
    assert _code(data, tmp_path) == "bundle.duplicate_name"


def test_hostile_nfc_duplicate_is_caught_before_charset() -> None:
    reader = StrictZipReader(lambda n: "small")
    nfc, nfd = "caf\u00e9", "cafe\u0301"
    with pytest.raises(VerificationFailed) as exc:
        reader.feed(archive((nfc, b"a"), (nfd, b"b")))
    assert exc.value.code == "bundle.bad_name"  # the first name is already refused
    seen = StrictZipReader(lambda n: "small")
    seen._seen.add(nfc.casefold())  # as if the first had passed: the NFD twin is a duplicate
    with pytest.raises(VerificationFailed) as exc:
        seen.feed(archive((nfd, b"b")))
    assert exc.value.code == "bundle.duplicate_name"


def test_hostile_zip_bomb_deflated_entry_rejected_fast(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("items/000001/sanitized.jpg", b"\0" * (64 * 1024 * 1024))
    assert len(buf.getvalue()) < 200_000
    t = time.monotonic()
    assert _code(buf.getvalue(), tmp_path) == "bundle.not_stored"
    assert time.monotonic() - t < 1.0


def test_hostile_encrypted_deflate64_zip64_descriptor(tmp_path: Path) -> None:
    name = "items/000001/sanitized.jpg"
    assert _code(archive((name, b"x"), flags=0x801), tmp_path) == "bundle.encrypted_entry"
    assert _code(archive((name, b"x"), method=99), tmp_path) == "bundle.encrypted_entry"
    assert _code(archive((name, b"x"), method=9), tmp_path) == "bundle.not_stored"
    assert _code(archive((name, b"x"), flags=0x808), tmp_path) == "bundle.data_descriptor"
    z64 = struct.pack("<HHQQ", 1, 16, 1, 1)
    assert _code(archive((name, b"x"), extra=z64), tmp_path) == "bundle.zip64"
    assert _code(archive((name, b"x"), version=45), tmp_path) == "bundle.zip64"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z, z.open(name, "w", force_zip64=True) as f:
        f.write(b"x")
    assert _code(buf.getvalue(), tmp_path) in {"bundle.zip64", "bundle.data_descriptor"}


def test_hostile_overlapping_central_offsets(tmp_path: Path) -> None:
    a = entry("README-VERIFY.txt", b"a" * 50, offset=0)
    b = entry("SHA256SUMS", b"b" * 50, offset=0)  # claims to start where the first one does
    cds = a[1] + b[1]
    data = a[0] + b[0] + cds + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(cds),
                                           len(a[0]) + len(b[0]), 0)
    assert _code(data, tmp_path) == "bundle.central_mismatch"


def test_hostile_empty_truncated_not_zip_trailing(tmp_path: Path, plain_bundle: Path) -> None:
    assert _code(b"", tmp_path) == "bundle.empty"
    assert _code(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0, 0, 0, 0, 0), tmp_path) \
        == "bundle.empty"
    good = plain_bundle.read_bytes()
    for cut in (10, len(good) // 2, len(good) - 1):
        assert _code(good[:cut], tmp_path) == "bundle.truncated"
    assert _code(b"%PDF-1.7 this is not a zip" * 10, tmp_path) == "bundle.not_a_zip"
    assert _code(good + b"\0", tmp_path) == "bundle.trailing_data"


def test_hostile_caps(tmp_path: Path) -> None:
    many = archive(*[(f"items/{i:06d}/sanitized.jpg", b"x") for i in range(60)])
    with pytest.raises(VerificationFailed) as exc:
        _read(many)
    assert exc.value.code == "bundle.too_large"
    reader = StrictZipReader(classify, None, ZipLimits(max_entry_size=10))
    with pytest.raises(VerificationFailed) as exc:
        reader.feed(archive(("items/000001/sanitized.jpg", b"x" * 11)))
    assert exc.value.code == "bundle.too_large"
    reader = StrictZipReader(classify, None, ZipLimits(max_small_file=10))
    with pytest.raises(VerificationFailed) as exc:
        reader.feed(archive(("manifest.json", b"x" * 11)))
    assert exc.value.code == "bundle.too_large"


def test_hostile_rezip_with_python_zipfile_is_refused(plain_bundle: Path, tmp_path: Path) -> None:
    """A bundle repacked by a normal tool (deflate, extra fields) is not accepted as ours."""
    out = tmp_path / "repacked.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in read_members(plain_bundle):
            z.writestr(name, data)
    with pytest.raises(VerificationFailed) as exc:
        verify_bundle(out)
    assert exc.value.code == "bundle.not_stored"
    assert rezip(read_members(plain_bundle)) == plain_bundle.read_bytes()


# -- age header ------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _scrypt_blob() -> bytes:
    return pyrage.passphrase.encrypt(b"data", "pw")  # rage uses log2 N = 19 here: ~1 s, once


def _with_work_factor(log2n: int) -> bytes:
    blob = _scrypt_blob()
    return re.sub(rb"(-> scrypt \S+) \d+\n", rb"\1 " + str(log2n).encode() + rb"\n", blob, count=1)


@pytest.mark.parametrize("log2n", [21, 22, 30])
def test_hostile_scrypt_work_factor_rejected_fast(tmp_path: Path, log2n: int) -> None:
    path = tmp_path / "hostile.age"
    path.write_bytes(_with_work_factor(log2n))
    t = time.monotonic()
    with pytest.raises(VerificationFailed) as exc:
        verify_bundle(path, passphrase="pw")
    elapsed = time.monotonic() - t
    assert exc.value.code == "bundle.scrypt_work_factor" and exc.value.params["log2n"] == log2n
    assert elapsed < 0.1, elapsed


def _header_error(blob: bytes) -> str:
    with pytest.raises(VerificationFailed) as exc:
        read_header(io.BytesIO(blob))
    return exc.value.code


def test_hostile_age_headers(org_identity: tuple[str, str]) -> None:
    x = pyrage.encrypt(b"data", [pyrage.x25519.Recipient.from_str(org_identity[1])])
    s = _scrypt_blob()
    x_stanza = re.search(rb"-> X25519 .*\n.*\n", x).group(0)  # type: ignore[union-attr]
    s_stanza = re.search(rb"-> scrypt .*\n.*\n", s).group(0)  # type: ignore[union-attr]
    magic = b"age-encryption.org/v1\n"
    mac = b"--- " + b"A" * 43 + b"\n"
    assert read_header(io.BytesIO(x)).kind == "x25519"
    assert read_header(io.BytesIO(s)).kind == "scrypt"
    assert _header_error(magic + x_stanza + s_stanza + mac) == "bundle.age_header"
    assert _header_error(magic + s_stanza + s_stanza + mac) == "bundle.age_header"
    assert _header_error(magic + b"-> ssh-ed25519 abc\nAAAA\n" + mac) == "bundle.age_header"
    assert _header_error(magic + (b"-> X25519 " + b"A" * 5000 + b"\n") + mac) == "bundle.age_header"
    assert _header_error(magic + b"-> X25519 a\n" + b"A" * 64 + b"\n") == "bundle.age_header"
    assert _header_error(magic + x_stanza) == "bundle.age_header"  # truncated
    assert _header_error(b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n") == "bundle.age_armored"
    assert _header_error(b"age-encryption.org/v2\n") == "bundle.age_header"


def test_hostile_wrong_identity_and_passphrase(age_bundle: Path, tmp_path: Path) -> None:
    from app.bundle import keygen_recipient

    with pytest.raises(VerificationFailed) as exc:
        verify_bundle(age_bundle, identity=keygen_recipient()[0])
    assert exc.value.code == "bundle.wrong_identity"
    with pytest.raises(UsageError) as uexc:
        verify_bundle(age_bundle)
    assert uexc.value.code == "bundle.identity_required"
    with pytest.raises(UsageError):
        verify_bundle(age_bundle, identity="not an identity")
    pw = tmp_path / "pw.age"
    with pw.open("wb") as fh:
        encrypt_stream(iter([b"PK\x03\x04 whatever"]), fh, passphrase="right", scrypt_log2=10)
    with pytest.raises(VerificationFailed) as exc:
        verify_bundle(pw, passphrase="wrong")
    assert exc.value.code == "bundle.wrong_passphrase"
