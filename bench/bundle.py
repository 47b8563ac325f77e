# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Benchmark: export + verify of generated evidence, next to the stock ``age`` CLI.

    .venv/bin/python bench/bundle.py [--size-mb 1024] [--item-mb 8] [--quick]

Generates item files (random-ish, incompressible) in a temporary folder, then measures:
write_bundle (ZIP + sign + age X25519, streamed, read back), verify_bundle (decrypt + strict ZIP +
signature + hashes), and ``age -r`` encrypting the same bytes. Peak RSS is the process's VmHWM,
reset before each phase through /proc/self/clear_refs. Target: export >= 50% of age's MB/s.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.bundle import (
    BundleFile,
    SigningKey,
    build_manifest,
    keygen_recipient,
    verify_bundle,
    write_bundle,
)
from app.bundle.layout import entry_sha256
from app.bundle.manifest import canonical_json

MB = 1024 * 1024


class FileChunks:
    """Re-iterable 1 MiB chunks of a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[bytes]:
        with self.path.open("rb") as fh:
            while chunk := fh.read(MB):
                yield chunk


def vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_hwm() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def generate(folder: Path, total: int, item: int) -> list[tuple[Path, int, str]]:
    seed = os.urandom(MB)
    out = []
    n = 0
    while n * item < total:
        size = min(item, total - n * item)
        p = folder / f"item{n:06d}.bin"
        h = hashlib.sha256()
        with p.open("wb") as fh:
            written = 0
            while written < size:
                block = (hashlib.sha256(f"{n}:{written}".encode()).digest()
                         + seed)[: size - written]
                block = block[:MB]
                fh.write(block)
                h.update(block)
                written += len(block)
        out.append((p, size, h.hexdigest()))
        n += 1
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--item-mb", type=int, default=8)
    ap.add_argument("--with-crc", action="store_true", help="pass known CRC-32s (no CRC pass)")
    ap.add_argument("--quick", action="store_true", help="CI smoke: 24 MB")
    args = ap.parse_args()
    total = (24 if args.quick else args.size_mb) * MB
    tmp = Path(tempfile.mkdtemp(prefix="bayyina-bench-"))
    try:
        src = tmp / "items"
        src.mkdir()
        t = time.perf_counter()
        gen = generate(src, total, args.item_mb * MB)
        print(f"generated {len(gen)} items, {total / MB:.0f} MB in {time.perf_counter() - t:.1f}s")
        items, files, custody, prev = [], [], [], None
        crcs: dict[Path, int] = {}
        if args.with_crc:  # as if the vault stored each item's CRC-32 at import
            import zlib
            for p, _s, _d in gen:
                crcs[p] = zlib.crc32(p.read_bytes())
        for i, (p, size, digest) in enumerate(gen, start=1):
            path = f"items/{i:06d}/sanitized.png"
            item_id = str(uuid.uuid4())
            items.append({
                "item_id": item_id,
                "original": {"sha256": digest, "size": size, "media_type": "image/png",
                             "imported_at": "2026-01-01T00:00:00Z", "import_method": "file",
                             "included": False, "path": None, "filename": None},
                "sanitized": {"sha256": digest, "size": size, "media_type": "image/png",
                              "path": path, "pixels": None, "pixels_equal_original": True,
                              "orientation": None, "removed": [], "converted_from": None,
                              "sanitizer": "bench"}})
            files.append(BundleFile(path, FileChunks(p), size, digest, crcs.get(p)))
            entry = {"seq": i, "ts": "2026-01-01T00:00:00Z", "action": "import",
                     "item_id": item_id, "data_sha256": digest, "prev": prev}
            entry["entry_sha256"] = prev = entry_sha256(entry)
            custody.append(canonical_json(entry))
        key = SigningKey.generate()
        identity, recipient = keygen_recipient()
        manifest = build_manifest(items=items, bundle_seq=1, custody_head_sha256=prev or "",
                                  app_version="bench")
        out = tmp / "bundle.zip.age"
        reset_hwm()
        t = time.perf_counter()
        res = write_bundle(out, manifest=manifest, files=files,
                           custody_jsonl=b"\n".join(custody) + b"\n", signing_key=key,
                           recipients=[recipient])
        t_export = time.perf_counter() - t
        rss_export = vm_hwm_mb()
        reset_hwm()
        t = time.perf_counter()
        v = verify_bundle(out, identity=identity, signer=key.public.fingerprint)
        t_verify = time.perf_counter() - t
        rss_verify = vm_hwm_mb()
        assert v.item_count == len(gen)
        t_age = t_age_null = float("nan")
        if shutil.which("age"):
            # The same work as our export: read the items, encrypt, write a file beside the
            # bundle and sync it to disk (our export fsyncs before it says "done"). The /dev/null
            # figure (no write, no sync) is printed too, for reference.
            names = " ".join(str(p) for p, _s, _d in gen)
            age_out = tmp / "age-baseline.age"
            t = time.perf_counter()
            # a shell pipeline of our own temp file names, the baseline the figures compare to
            subprocess.run(f"cat {names} | age -r {recipient} -o {age_out} && sync {age_out}",  # noqa: S602
                           shell=True, check=True)
            t_age = time.perf_counter() - t
            age_out.unlink()
            t = time.perf_counter()
            subprocess.run(f"cat {names} | age -r {recipient} -o /dev/null", shell=True,  # noqa: S602
                           check=True)
            t_age_null = time.perf_counter() - t
        mbs = total / MB
        print(f"bundle size            {res.size / MB:.1f} MB ({len(gen)} items)")
        print(f"export (incl. readback) {mbs / t_export:7.1f} MB/s  {t_export:.2f}s  "
              f"peak RSS {rss_export:.0f} MB")
        print(f"verify                 {mbs / t_verify:7.1f} MB/s  {t_verify:.2f}s  "
              f"peak RSS {rss_verify:.0f} MB")
        print(f"age CLI to a file+sync {mbs / t_age:7.1f} MB/s  {t_age:.2f}s  "
              "(same work: baseline)")
        print(f"age CLI to /dev/null   {mbs / t_age_null:7.1f} MB/s  {t_age_null:.2f}s  "
              "(reference)")
        print(f"ratio export/age       {t_age / t_export:7.0%}   verify/age {t_age / t_verify:.0%}"
              f"   (target >= 50%; against /dev/null: {t_age_null / t_export:.0%})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
