# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Every mutation of a valid bundle is rejected with VerificationFailed and a specific code."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from app.bundle import SigningKey, verify_bundle, write_bundle
from app.bundle.manifest import canonical_json, loads_strict
from app.errors import VerificationFailed

from .conftest import make_spec, read_members, rezip

Members = list[tuple[str, bytes]]


def _reject(path: Path, code: str, **kwargs: object) -> VerificationFailed:
    with pytest.raises(VerificationFailed) as exc:
        verify_bundle(path, **kwargs)  # type: ignore[arg-type]
    assert exc.value.code == code, exc.value
    assert exc.value.exit_code == 4
    return exc.value


def _mutate(plain: Path, tmp_path: Path, fn: Callable[[Members], Members]) -> Path:
    out = tmp_path / "mutated.zip"
    out.write_bytes(rezip(fn(read_members(plain))))
    return out


def _replace(name: str, fn: Callable[[bytes], bytes]) -> Callable[[Members], Members]:
    return lambda ms: [(n, fn(d) if n == name else d) for n, d in ms]


def _flip(data: bytes, at: int | None = None) -> bytes:
    i = len(data) // 2 if at is None else at
    return data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]


def test_tamper_valid_bundle_passes_with_pinned_key(plain_bundle: Path,
                                                    signing_key: SigningKey) -> None:
    v = verify_bundle(plain_bundle, signer=signing_key.public.minisign_file())
    assert v.signer_trusted and v.signer_fingerprint == signing_key.public.fingerprint
    assert v.item_count == 2 and v.seq == 1 and len(v.custody) == 2
    assert set(v.files) == {"custody-log.jsonl", "manifest.json", "report/report-ar.pdf",
                            "items/000001/sanitized.jpg", "items/000002/sanitized.jpg"}


def test_tamper_raw_byte_flip_in_item_is_caught_by_crc(plain_bundle: Path, tmp_path: Path) -> None:
    data = plain_bundle.read_bytes()
    members = read_members(plain_bundle)
    item = dict(members)["items/000001/sanitized.jpg"]
    at = data.index(item) + 100
    bad = tmp_path / "flipped.zip"
    bad.write_bytes(_flip(data, at))
    err = _reject(bad, "bundle.crc_mismatch")
    assert err.params["name"] == "items/000001/sanitized.jpg"


@pytest.mark.parametrize("name", ["items/000002/sanitized.jpg", "manifest.json",
                                  "custody-log.jsonl", "report/report-ar.pdf"])
def test_tamper_changed_file_with_valid_crc_is_hash_mismatch(plain_bundle: Path, tmp_path: Path,
                                                             name: str) -> None:
    err = _reject(_mutate(plain_bundle, tmp_path, _replace(name, _flip)), "bundle.hash_mismatch")
    assert err.params["name"] == name


@pytest.mark.parametrize("name", ["SHA256SUMS", "SHA256SUMS.minisig", "SHA256SUMS.sig"])
def test_tamper_changed_signature_material_is_bad_signature(plain_bundle: Path, tmp_path: Path,
                                                           signing_key: SigningKey,
                                                           name: str) -> None:
    def change(d: bytes) -> bytes:
        return d.replace(b"0", b"1", 1) if name == "SHA256SUMS" else _flip(d, len(d) - 10)

    _reject(_mutate(plain_bundle, tmp_path, _replace(name, change)), "bundle.bad_signature",
            signer=signing_key.public.fingerprint)


def test_tamper_edited_manifest_with_recomputed_sums_fails_signature(plain_bundle: Path,
                                                                     tmp_path: Path) -> None:
    def edit(ms: Members) -> Members:
        d = dict(ms)
        m = loads_strict(d["manifest.json"])
        m["items"][0]["notes"] = "edited"
        new_manifest = canonical_json(m) + b"\n"
        sums = d["SHA256SUMS"].replace(hashlib.sha256(d["manifest.json"]).hexdigest().encode(),
                                       hashlib.sha256(new_manifest).hexdigest().encode())
        d["manifest.json"], d["SHA256SUMS"] = new_manifest, sums
        return list(d.items())

    _reject(_mutate(plain_bundle, tmp_path, edit), "bundle.bad_signature")


def test_tamper_added_removed_renamed_files(plain_bundle: Path, tmp_path: Path) -> None:
    extra_item = ("items/000009/sanitized.jpg", b"new")
    _reject(_mutate(plain_bundle, tmp_path, lambda ms: [*ms, extra_item]),
            "bundle.unexpected_file")
    _reject(_mutate(plain_bundle, tmp_path, lambda ms: [*ms, ("notes.txt", b"x")]),
            "bundle.unexpected_file")
    _reject(_mutate(plain_bundle, tmp_path,
                    lambda ms: [m for m in ms if m[0] != "items/000002/sanitized.jpg"]),
            "bundle.missing_file")
    _reject(_mutate(plain_bundle, tmp_path,
                    lambda ms: [m for m in ms if m[0] != "signer.pem"]), "bundle.missing_file")
    _reject(_mutate(plain_bundle, tmp_path,
                    lambda ms: [(n.replace("000002", "000003"), d) for n, d in ms]),
            "bundle.unexpected_file")


def test_tamper_checked_against_another_key(plain_bundle: Path) -> None:
    other = SigningKey.generate().public
    for pin in (other.minisign_file(), other.pem(), other.fingerprint,
                ":".join(other.fingerprint[i : i + 2] for i in range(0, 64, 2)).upper()):
        err = _reject(plain_bundle, "bundle.untrusted_signer", signer=pin)
        assert len(err.params["fingerprint"]) == 64


def test_tamper_resigned_by_attacker(tmp_path: Path, signing_key: SigningKey) -> None:
    attacker = SigningKey.generate()
    spec = make_spec()
    forged = tmp_path / "forged.zip"
    write_bundle(forged, manifest=spec.manifest, files=spec.files, custody_jsonl=spec.custody,
                 signing_key=attacker, encrypt=False)
    _reject(forged, "bundle.untrusted_signer", signer=signing_key.public.minisign_file())
    v = verify_bundle(forged)  # unpinned: verifies, but the caller sees it is untrusted
    assert not v.signer_trusted and v.signer_fingerprint == attacker.public.fingerprint
    # the attacker also swaps in the victim's public key: the signature no longer verifies
    swapped = _mutate(forged, tmp_path, _replace(
        "signer.pub", lambda _d: signing_key.public.minisign_file().encode()))
    _reject(swapped, "bundle.bad_signature", signer=signing_key.public.fingerprint)


def test_tamper_ciphertext_flip(age_bundle: Path, org_identity: tuple[str, str],
                                tmp_path: Path) -> None:
    data = age_bundle.read_bytes()
    for at in (len(data) // 2, len(data) - 5):
        bad = tmp_path / f"flip{at}.age"
        bad.write_bytes(_flip(data, at))
        _reject(bad, "bundle.decrypt_failed", identity=org_identity[0])
    cut = tmp_path / "cut.age"
    cut.write_bytes(data[:-100])
    _reject(cut, "bundle.decrypt_failed", identity=org_identity[0])


def test_tamper_on_item_sees_only_signed_items(plain_bundle: Path, signing_key: SigningKey,
                                               tmp_path: Path) -> None:
    class Sink:
        def __init__(self) -> None:
            self.events: list[tuple[str, str, int]] = []

        def begin_item(self, path: str, size: int, sha256: str) -> None:
            self.events.append(("begin", path, size))

        def item_data(self, path: str, chunk: bytes) -> None:
            self.events.append(("data", path, len(chunk)))

        def end_item(self, path: str, sha256: str) -> None:
            self.events.append(("end", path, 0))

    sink = Sink()
    verify_bundle(plain_bundle, signer=signing_key.public.fingerprint, on_item=sink)
    assert [e for e in sink.events if e[0] != "data"] == [
        ("begin", "items/000001/sanitized.jpg", 3000), ("end", "items/000001/sanitized.jpg", 0),
        ("begin", "items/000002/sanitized.jpg", 3000), ("end", "items/000002/sanitized.jpg", 0)]
    assert sum(e[2] for e in sink.events if e[0] == "data") == 6000
    # a forged SHA256SUMS: the signature fails before any item byte reaches the sink
    sink2 = Sink()
    bad = _mutate(plain_bundle, tmp_path,
                  _replace("SHA256SUMS", lambda d: d.replace(b"0", b"1", 1)))
    _reject(bad, "bundle.bad_signature", on_item=sink2)
    assert sink2.events == []
