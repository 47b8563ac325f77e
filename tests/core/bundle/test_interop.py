# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Our bundles open and verify with the stock tools alone (age, unzip-equivalent, minisign,
openssl, sha256sum), exactly as README-VERIFY.txt tells a third party."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from app.bundle import SigningKey, verify_bundle
from app.bundle.layout import UNSUMMED

from .conftest import read_members

pytestmark = pytest.mark.skipif(not (shutil.which("age") and shutil.which("minisign")
                                     and shutil.which("sha256sum")),
                                reason="stock tools age/minisign/sha256sum not installed")


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


def _decrypt_extract(bundle: Path, identity: str, tmp_path: Path) -> Path:
    (tmp_path / "org.txt").write_text(identity)
    zpath = tmp_path / "bundle.zip"
    res = _run("age", "-d", "-i", str(tmp_path / "org.txt"), "-o", str(zpath), str(bundle))
    assert res.returncode == 0, res.stderr
    out = tmp_path / "b"
    out.mkdir()
    with zipfile.ZipFile(zpath) as z:  # names were validated by our reader in verify_bundle
        for info in z.infolist():
            target = out / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(info))
    return out


def test_interop_age_minisign_sha256sum(age_bundle: Path, org_identity: tuple[str, str],
                                        signing_key: SigningKey, tmp_path: Path) -> None:
    d = _decrypt_extract(age_bundle, org_identity[0], tmp_path)
    pub_line = signing_key.public.minisign_file().splitlines()[1]
    res = _run("minisign", "-Vm", "SHA256SUMS", "-P", pub_line, cwd=d)
    assert res.returncode == 0, res.stderr
    assert "Signature and comment signature verified" in res.stdout + res.stderr
    assert "bayyina bundle_id=" in res.stdout
    res = _run("sha256sum", "-c", "--strict", "SHA256SUMS", cwd=d)
    assert res.returncode == 0, res.stdout + res.stderr
    listed = {ln.split("  ", 1)[1] for ln in (d / "SHA256SUMS").read_text().splitlines()}
    on_disk = {str(p.relative_to(d)) for p in d.rglob("*") if p.is_file()}
    assert on_disk == listed | set(UNSUMMED)
    assert "report/report-ar.pdf" not in listed  # this fixture has no report
    assert {"manifest.json", "custody-log.jsonl", "items/000001/sanitized.jpg"} <= listed


def test_interop_minisign_rejects_tampered_sums(age_bundle: Path, org_identity: tuple[str, str],
                                                signing_key: SigningKey, tmp_path: Path) -> None:
    d = _decrypt_extract(age_bundle, org_identity[0], tmp_path)
    sums = d / "SHA256SUMS"
    sums.write_bytes(sums.read_bytes().replace(b"0", b"1", 1))
    pub_line = signing_key.public.minisign_file().splitlines()[1]
    assert _run("minisign", "-Vm", "SHA256SUMS", "-P", pub_line, cwd=d).returncode != 0


def test_interop_minisign_pubkey_file_and_sha256sum_detects_item_change(
        plain_bundle: Path, signing_key: SigningKey, tmp_path: Path) -> None:
    d = tmp_path / "p"
    d.mkdir()
    for name, data in read_members(plain_bundle):
        (d / name).parent.mkdir(parents=True, exist_ok=True)
        (d / name).write_bytes(data)
    (tmp_path / "k.pub").write_text(signing_key.public.minisign_file())
    assert _run("minisign", "-Vm", "SHA256SUMS", "-p", str(tmp_path / "k.pub"),
                cwd=d).returncode == 0
    assert (d / "report/report-ar.pdf").exists()
    item = d / "items/000001/sanitized.jpg"
    item.write_bytes(b"X" + item.read_bytes()[1:])
    assert _run("sha256sum", "-c", "--strict", "SHA256SUMS", cwd=d).returncode != 0


@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl not installed")
def test_interop_openssl_pkeyutl(plain_bundle: Path, signing_key: SigningKey,
                                 tmp_path: Path) -> None:
    members = dict(read_members(plain_bundle))
    (tmp_path / "SHA256SUMS").write_bytes(members["SHA256SUMS"])
    (tmp_path / "SHA256SUMS.sig").write_bytes(members["SHA256SUMS.sig"])
    (tmp_path / "enrolled.pem").write_text(signing_key.public.pem())
    args = ("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "enrolled.pem", "-rawin",
            "-in", "SHA256SUMS", "-sigfile", "SHA256SUMS.sig")
    res = _run(*args, cwd=tmp_path)
    assert res.returncode == 0 and "Signature Verified Successfully" in res.stdout
    (tmp_path / "SHA256SUMS").write_bytes(members["SHA256SUMS"] + b"\n")
    assert _run(*args, cwd=tmp_path).returncode != 0


def test_interop_zip_is_deterministic_and_plain(plain_bundle: Path) -> None:
    with zipfile.ZipFile(plain_bundle) as z:
        infos = z.infolist()
        assert z.comment == b""
        for info in infos:
            assert info.compress_type == zipfile.ZIP_STORED
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.extra == b""
            assert info.flag_bits == 0x800
            assert not info.is_dir()
            assert info.external_attr == 0
    assert verify_bundle(plain_bundle).signer_trusted is False


def test_interop_age_python_decrypts_age_cli_output(tmp_path: Path,
                                                    org_identity: tuple[str, str],
                                                    plain_bundle: Path,
                                                    signing_key: SigningKey) -> None:
    out = tmp_path / "cli.zip.age"
    res = _run("age", "-r", org_identity[1], "-o", str(out), str(plain_bundle))
    assert res.returncode == 0, res.stderr
    v = verify_bundle(out, identity=org_identity[0], signer=signing_key.public.fingerprint)
    assert v.encrypted and v.signer_trusted and v.item_count == 2
