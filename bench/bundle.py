# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Benchmark: export + verify of generated evidence, next to the stock ``age`` CLI.

    .venv/bin/python bench/bundle.py [--size-mb 1024] [--item-mb 8] [--quick]

Generates item files (random-ish, incompressible) in a temporary folder, then measures:
write_bundle (ZIP + sign + age X25519, streamed, read back), verify_bundle (decrypt + strict ZIP +
signature + hashes), next to stock ``age -r`` encrypting the same bytes to a synced file and
``age -d | sha256sum`` decrypting and hashing that file. Export's same-work baseline adds what
export does after writing: the file read back from the drive (``dd iflag=direct``), decrypted
and hashed. Item CRC-32s are known, as the vault stores them (``--no-crc``: a CRC pass first).
Several rounds (``--rounds``), the items read once before each round so that both sides start
from the same cache, the order alternated; the medians are compared. Peak RSS is the process's
VmHWM, reset before each phase through /proc/self/clear_refs. Target (issue 19): export and
verify >= 80 % of their baselines.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import shutil
import statistics
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
    ap.add_argument("--no-crc", action="store_true",
                    help="no known CRC-32s (a CRC pass over every file); the vault stores them")
    ap.add_argument("--quick", action="store_true", help="CI smoke: 24 MB")
    ap.add_argument("--rounds", type=int, default=3, help="rounds; medians are printed")
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
        if not args.no_crc:  # as the vault does: each blob's CRC-32 is stored at import
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
        has_age = shutil.which("age") is not None
        id_file = tmp / "identity.txt"
        id_file.write_text(identity + "\n")
        id_file.chmod(0o600)
        names = " ".join(str(p) for p, _s, _d in gen)
        mbs = total / MB
        rows: dict[str, list[float]] = {k: [] for k in ("export", "verify", "age", "age_rb",
                                                        "age_d", "age_null")}
        rss = {"export": 0.0, "verify": 0.0}
        res = None
        for rnd in range(args.rounds):
            out = tmp / "bundle.zip.age"
            age_out = tmp / "age-baseline.age"
            for stale in (out, age_out):
                stale.unlink(missing_ok=True)
            # the same caches for both sides: the items read once (warm) before each round,
            # every output written and synced to the same disk, each bundle read back warm
            subprocess.run(f"cat {names} > /dev/null", shell=True, check=True)  # noqa: S602
            # alternate who goes first, so that neither always meets a disk still flushing
            order = ["ours", "age"] if rnd % 2 == 0 else ["age", "ours"]
            for who in order:
                if who == "ours":
                    reset_hwm()
                    t = time.perf_counter()
                    res = write_bundle(out, manifest=manifest, files=files,
                                       custody_jsonl=b"\n".join(custody) + b"\n",
                                       signing_key=key, recipients=[recipient])
                    rows["export"].append(time.perf_counter() - t)
                    rss["export"] = max(rss["export"], vm_hwm_mb())
                    reset_hwm()
                    t = time.perf_counter()
                    v = verify_bundle(out, identity=identity, signer=key.public.fingerprint)
                    rows["verify"].append(time.perf_counter() - t)
                    rss["verify"] = max(rss["verify"], vm_hwm_mb())
                    assert v.item_count == len(gen)
                elif has_age:
                    # The same work as our export: read the items, encrypt, write a file
                    # beside the bundle and sync it (our export fsyncs before it says "done");
                    # as our verify: decrypt the file and hash every byte (stock age and
                    # sha256sum, as the bundle README tells a recipient to check by hand)
                    t = time.perf_counter()
                    subprocess.run(f"cat {names} | age -r {recipient} -o {age_out} "  # noqa: S602
                                   f"&& sync {age_out}", shell=True, check=True)
                    rows["age"].append(time.perf_counter() - t)
                    # our export also reads its file back from the drive (O_DIRECT) and
                    # verifies all of it before it is published: the same with stock tools
                    t2 = time.perf_counter()
                    subprocess.run(f"dd if={age_out} iflag=direct bs=1M status=none | "  # noqa: S602
                                   f"age -d -i {id_file} | sha256sum > /dev/null",
                                   shell=True, check=True)
                    rows["age_rb"].append(rows["age"][-1] + time.perf_counter() - t2)
                    t = time.perf_counter()
                    subprocess.run(f"age -d -i {id_file} {age_out} | sha256sum > /dev/null",  # noqa: S602
                                   shell=True, check=True)
                    rows["age_d"].append(time.perf_counter() - t)
                    t = time.perf_counter()
                    subprocess.run(f"cat {names} | age -r {recipient} -o /dev/null",  # noqa: S602
                                   shell=True, check=True)
                    rows["age_null"].append(time.perf_counter() - t)
            if has_age:
                print(f"round {rnd + 1}: export/age {rows['age'][-1] / rows['export'][-1]:.0%}"
                      f"  export/(age + read-back) {rows['age_rb'][-1] / rows['export'][-1]:.0%}"
                      f"  verify/age -d {rows['age_d'][-1] / rows['verify'][-1]:.0%}")

        def med(key: str) -> float:
            return statistics.median(rows[key]) if rows[key] else float("nan")

        assert res is not None
        print(f"bundle size            {res.size / MB:.1f} MB ({len(gen)} items), "
              f"{args.rounds} rounds, medians")
        print(f"export (incl. readback) {mbs / med('export'):7.1f} MB/s  {med('export'):.2f}s  "
              f"peak RSS {rss['export']:.0f} MB")
        print(f"verify                 {mbs / med('verify'):7.1f} MB/s  {med('verify'):.2f}s  "
              f"peak RSS {rss['verify']:.0f} MB")
        print(f"age -r to a file+sync  {mbs / med('age'):7.1f} MB/s  {med('age'):.2f}s  "
              "(written only)")
        print(f"  + read back, -d, hash {mbs / med('age_rb'):7.1f} MB/s  {med('age_rb'):.2f}s  "
              "(the same work as export: write, sync, read back from the drive, verify)")
        print(f"age -d | sha256sum     {mbs / med('age_d'):7.1f} MB/s  {med('age_d'):.2f}s  "
              "(verify's baseline)")
        print(f"age -r to /dev/null    {mbs / med('age_null'):7.1f} MB/s  {med('age_null'):.2f}s"
              "  (reference)")
        print(f"ratio export/(age + read-back) {med('age_rb') / med('export'):.0%}")
        print(f"ratio export/age       {med('age') / med('export'):7.0%}   verify/age -d "
              f"{med('age_d') / med('verify'):.0%}   (target >= 80% both; export against "
              f"/dev/null: {med('age_null') / med('export'):.0%})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
