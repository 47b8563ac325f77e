# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Fixtures for bundle tests: a signing key, an org identity, and a small generated bundle."""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.bundle import BundleFile, SigningKey, build_manifest, keygen_recipient, write_bundle
from app.bundle.layout import entry_sha256
from app.bundle.manifest import canonical_json

TS = "2026-11-28T18:00:00Z"


def custody_log(item_ids: list[str], first_seq: int = 1) -> tuple[bytes, str]:
    """A valid custody segment and its head hash."""
    lines, prev = [], None
    for n, item_id in enumerate(item_ids):
        entry: dict[str, Any] = {"seq": first_seq + n, "ts": TS, "action": "import",
                                 "item_id": item_id, "data_sha256": "0" * 64,
                                 "prev": prev if (first_seq + n) > 1 else None}
        entry["entry_sha256"] = entry_sha256(entry)
        prev = entry["entry_sha256"]
        lines.append(canonical_json(entry))
    return b"\n".join(lines) + b"\n", prev or ""


def item_entry(n: int, data: bytes, ext: str = "jpg") -> dict[str, Any]:
    digest = hashlib.sha256(data).hexdigest()
    return {
        "item_id": str(uuid.UUID(int=n + 1, version=4)),
        "original": {"sha256": "1" * 64, "size": 1234, "media_type": "image/jpeg",
                     "imported_at": TS, "import_method": "file", "included": False,
                     "path": None, "filename": None},
        "sanitized": {"sha256": digest, "size": len(data), "media_type": "image/jpeg",
                      "path": f"items/{n:06d}/sanitized.{ext}",
                      "pixels": {"sha256": "2" * 64, "mode": "RGB", "width": 4, "height": 4},
                      "pixels_equal_original": True, "orientation": 1,
                      "removed": ["exif.gps"], "converted_from": None,
                      "sanitizer": "bayyina-sanitize/1"},
        "tags": {"platform": "facebook", "abuse_types": ["threat"], "perpetrators": [],
                 "url": None, "posted_at": None, "seen_at": None},
        "notes": "ملاحظة",
        "platform_reports": [],
    }


@dataclass
class BundleSpec:
    manifest: dict[str, Any]
    files: list[BundleFile]
    custody: bytes
    datas: dict[str, bytes]


def make_spec(n_items: int = 2, seq: int = 1, item_size: int = 3000) -> BundleSpec:
    datas = {}
    items = []
    for n in range(1, n_items + 1):
        data = (f"item {n} ".encode() * (item_size // 7 + 1))[:item_size]
        entry = item_entry(n, data)
        items.append(entry)
        datas[entry["sanitized"]["path"]] = data
    custody, head = custody_log([i["item_id"] for i in items] or ["x"])
    manifest = build_manifest(items=items, bundle_seq=seq, custody_head_sha256=head,
                              app_version="0.1.0", libs={"pillow": "13.0.0"}, created_at=TS)
    files = [BundleFile(p, [d[:1000], d[1000:]], len(d), hashlib.sha256(d).hexdigest())
             for p, d in datas.items()]
    return BundleSpec(manifest, files, custody, datas)


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture(scope="session")
def org_identity() -> tuple[str, str]:
    return keygen_recipient()


@pytest.fixture
def plain_bundle(tmp_path: Path, signing_key: SigningKey) -> Path:
    spec = make_spec()
    out = tmp_path / "bundle.zip"
    write_bundle(out, manifest=spec.manifest, files=spec.files, custody_jsonl=spec.custody,
                 signing_key=signing_key, encrypt=False, report_pdf=b"%PDF-1.4 fake\n")
    return out


@pytest.fixture
def age_bundle(tmp_path: Path, signing_key: SigningKey, org_identity: tuple[str, str]) -> Path:
    spec = make_spec()
    out = tmp_path / "bundle.zip.age"
    write_bundle(out, manifest=spec.manifest, files=spec.files, custody_jsonl=spec.custody,
                 signing_key=signing_key, recipients=[org_identity[1]])
    return out


def read_members(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def rezip(members: list[tuple[str, bytes]]) -> bytes:
    """Our own deterministic writer, for crafting altered but well-formed archives."""
    from app.bundle.zipwriter import ZipEntry, write_zip

    buf = io.BytesIO()
    write_zip(buf, [ZipEntry(n, (d,)) for n, d in members])
    return buf.getvalue()
