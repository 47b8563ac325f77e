# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""write_bundle: atomicity, input cross-checks, determinism; manifest and signing helpers."""

from __future__ import annotations

import base64
import copy
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.bundle import (
    BundleFile,
    SigningKey,
    display_fingerprint,
    normalize_fingerprint,
    parse_signer,
    verify_bundle,
    write_bundle,
)
from app.bundle.layout import verify_custody
from app.bundle.manifest import parse_manifest
from app.bundle.signing import verify_minisign
from app.errors import AppError, UsageError, VerificationFailed
from app.tasks import CancelToken

from .conftest import make_spec, read_members


class Exploding:
    """A re-iterable source that fails on its second chunk (mid-write)."""

    def __iter__(self) -> Iterator[bytes]:
        yield b"a" * 1000
        raise OSError("disk vanished")


def _write(tmp_path: Path, key: SigningKey, name: str = "out.zip", **kw: object) -> Path:
    spec = make_spec()
    out = tmp_path / name
    kw.setdefault("encrypt", False)
    write_bundle(out, manifest=spec.manifest, files=spec.files, custody_jsonl=spec.custody,
                 signing_key=key, **kw)  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("encrypt", [False, True])
def test_writer_failure_mid_write_leaves_nothing(tmp_path: Path, signing_key: SigningKey,
                                                 org_identity: tuple[str, str],
                                                 encrypt: bool) -> None:
    spec = make_spec()
    f = spec.files[1]
    files = [spec.files[0], BundleFile(f.path, Exploding(), f.size, f.sha256)]
    out = tmp_path / "out.zip.age"
    kw = {"recipients": [org_identity[1]]} if encrypt else {"encrypt": False}
    with pytest.raises(OSError, match="disk vanished"):
        write_bundle(out, manifest=spec.manifest, files=files, custody_jsonl=spec.custody,
                     signing_key=signing_key, **kw)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_writer_source_changed_and_cancel_leave_nothing(tmp_path: Path,
                                                        signing_key: SigningKey) -> None:
    spec = make_spec()
    f = spec.files[0]
    class Changing:  # different bytes on each pass: the CRC pass and the write pass disagree
        def __init__(self) -> None:
            self.n = 0

        def __iter__(self) -> Iterator[bytes]:
            self.n += 1
            yield bytes([self.n]) * f.size

    for source, code in ((Changing(), "bundle.source_changed"),
                         ([b"other bytes".ljust(f.size, b"!")], "bundle.hash_mismatch")):
        files = [BundleFile(f.path, source, f.size, f.sha256), spec.files[1]]
        with pytest.raises(AppError) as exc:
            write_bundle(tmp_path / "o.zip", manifest=spec.manifest, files=files,
                         custody_jsonl=spec.custody, signing_key=signing_key, encrypt=False)
        assert exc.value.code == code
    token = CancelToken()
    token.cancel()
    with pytest.raises(AppError) as exc:
        write_bundle(tmp_path / "o.zip", manifest=spec.manifest, files=spec.files,
                     custody_jsonl=spec.custody, signing_key=signing_key, encrypt=False,
                     cancel=token)
    assert exc.value.code == "task.cancelled"
    assert list(tmp_path.iterdir()) == []


def test_writer_refuses_inconsistent_inputs(tmp_path: Path, signing_key: SigningKey) -> None:
    spec = make_spec()
    with pytest.raises(AppError) as exc:
        write_bundle(tmp_path / "o.zip", manifest=spec.manifest, files=spec.files[:1],
                     custody_jsonl=spec.custody, signing_key=signing_key, encrypt=False)
    assert exc.value.code == "bundle.manifest_mismatch"
    bad = copy.deepcopy(spec.manifest)
    bad["items"][0]["colour"] = "red"
    with pytest.raises(VerificationFailed) as vexc:
        write_bundle(tmp_path / "o.zip", manifest=bad, files=spec.files,
                     custody_jsonl=spec.custody, signing_key=signing_key, encrypt=False)
    assert vexc.value.code == "bundle.manifest_invalid"
    with pytest.raises(VerificationFailed) as vexc:
        write_bundle(tmp_path / "o.zip", manifest=spec.manifest, files=spec.files,
                     custody_jsonl=spec.custody.replace(b'"seq":2', b'"seq":3'),
                     signing_key=signing_key, encrypt=False)
    assert vexc.value.code == "bundle.custody_broken"
    with pytest.raises(UsageError):
        write_bundle(tmp_path / "o.zip", manifest=spec.manifest, files=spec.files,
                     custody_jsonl=spec.custody, signing_key=signing_key)  # no recipient
    (tmp_path / "exists.zip").write_bytes(b"keep me")
    with pytest.raises(UsageError) as uexc:
        _write(tmp_path, signing_key, "exists.zip")
    assert uexc.value.code == "bundle.exists"
    assert (tmp_path / "exists.zip").read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists.zip"]


def test_writer_is_deterministic_for_same_inputs(tmp_path: Path, signing_key: SigningKey) -> None:
    a = _write(tmp_path, signing_key, "a.zip")
    b = _write(tmp_path, signing_key, "b.zip")
    ma, mb = dict(read_members(a)), dict(read_members(b))
    ma.pop("README-VERIFY.txt"), mb.pop("README-VERIFY.txt")
    # bundle_id differs per export; everything else is byte-identical in structure
    assert [n for n in ma] == [n for n in mb]
    assert ma["items/000001/sanitized.jpg"] == mb["items/000001/sanitized.jpg"]


def test_writer_passphrase_bundle_round_trip(tmp_path: Path, signing_key: SigningKey) -> None:
    out = _write(tmp_path, signing_key, "pw.zip.age", encrypt=True, passphrase="correct horse")
    assert out.read_bytes().startswith(b"age-encryption.org/v1\n-> scrypt ")
    v = verify_bundle(out, passphrase="correct horse", signer=signing_key.public.fingerprint)
    assert v.encrypted and v.item_count == 2
    assert [p.name for p in tmp_path.iterdir()] == ["pw.zip.age"]


def test_writer_progress_reports_bytes(tmp_path: Path, signing_key: SigningKey) -> None:
    seen = []
    _write(tmp_path, signing_key, progress=seen.append)
    assert seen and seen[-1].done == seen[-1].total and seen[-1].stage == "bundle.export"


def test_signing_fingerprint_forms_and_minisign(signing_key: SigningKey) -> None:
    pub = signing_key.public
    shown = display_fingerprint(pub.fingerprint)
    assert len(shown.split(" ")) == 16
    assert normalize_fingerprint(shown.upper()) == pub.fingerprint
    assert parse_signer(pub.pem()).public_key == pub
    assert parse_signer(pub.minisign_file()).public_key == pub
    assert parse_signer(pub.minisign_file().splitlines()[1]).public_key == pub
    assert parse_signer(shown).public_key is None
    assert parse_signer(shown).fingerprint == pub.fingerprint
    with pytest.raises(UsageError):
        parse_signer("abc123")
    sig = signing_key.sign_minisign(b"data", "tc")
    assert verify_minisign(pub, b"data", sig.encode()) == "tc"
    forged = sig.replace("trusted comment: tc", "trusted comment: td")
    for bad_data, bad_sig in ((b"datA", sig), (b"data", forged)):
        with pytest.raises(VerificationFailed):
            verify_minisign(pub, bad_data, bad_sig.encode())
    raw = base64.b64decode(pub.minisign_file().splitlines()[1])
    assert raw[:2] == b"Ed" and raw[2:10] == pub.key_id and raw[10:] == pub.raw


def test_manifest_strict_json(tmp_path: Path, signing_key: SigningKey) -> None:
    out = _write(tmp_path, signing_key)
    good = dict(read_members(out))["manifest.json"]
    parse_manifest(good)
    for bad in (good.replace(b'{"bundle_id"', b'{"bundle_id":"x","bundle_id"', 1),
                good.replace(b'"format_version":1', b'"format_version":true'),
                good.replace(b'"format_version":1', b'"format_version":1,"extra":1'),
                good.replace(b'"bundle_seq":1', b'"bundle_seq":NaN'),
                b"[]", b"\xff"):
        with pytest.raises(VerificationFailed) as exc:
            parse_manifest(bad)
        assert exc.value.code == "bundle.manifest_invalid"
    custody = dict(read_members(out))["custody-log.jsonl"]
    assert len(verify_custody(custody)) == 2
    lines = custody.split(b"\n")
    with pytest.raises(VerificationFailed) as exc:
        verify_custody(lines[1] + b"\n" + lines[0] + b"\n")
    assert exc.value.code == "bundle.custody_broken"
    with pytest.raises(VerificationFailed) as exc:
        verify_custody(custody.replace(b'"import"', b'"delete"', 1))
    assert exc.value.params["line"] == 1
