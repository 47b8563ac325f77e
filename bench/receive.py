# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Benchmark: receiving a bundle into a vault, next to verifying the same bundle.

    .venv/bin/python bench/receive.py [--items 16] [--side 2048]

A defender vault imports noise PNGs (incompressible, ~12 MB each at 2048 px), exports them with
their originals, encrypted; the organisation's vault then receives the bundle. Baseline, in the
same run: ``verify_bundle`` of the same file (decrypt, strict ZIP, signature, every hash) without
storing anything. The ratio receive / verify is the cost of storing the bytes in the encrypted
vault (SQLCipher, WAL, synchronous=FULL). Also printed: the longest time another writer had to
wait for the vault during the receipt (a thread saving a tag every 50 ms).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from app.bundle import keygen_recipient, verify_bundle
from app.handover import export_from_vault, receive_into_vault
from app.ingest import import_bytes
from app.vault import KdfParams, create_vault
from bench._util import peak_rss_mb, reset_peak_rss, row

PASSPHRASE = "bench passphrase"  # a throwaway vault


def _noise_png(side: int) -> bytes:
    buf = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buf, "PNG",
                                                                          compress_level=1)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=16)
    ap.add_argument("--side", type=int, default=2048)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bayyina-bench-") as tmp:
        base = Path(tmp)
        defender = create_vault(base / "d.bayyina", PASSPHRASE, KdfParams.testing())
        for n in range(args.items):
            outcome = import_bytes(defender, _noise_png(args.side), name=f"n{n}.png")
            assert outcome.status == "imported", outcome
        identity, recipient = keygen_recipient()
        bundle = base / "b.zip.age"
        export_from_vault(defender, bundle, recipients=[recipient], include_originals=True)
        fp = defender.fingerprint()
        defender.lock()
        size_mb = bundle.stat().st_size / 1e6

        t0 = time.perf_counter()
        verify_bundle(bundle, identity=identity, signer=fp)
        t_verify = time.perf_counter() - t0

        org = create_vault(base / "o.bayyina", PASSPHRASE, KdfParams.testing())
        stop, waits = threading.Event(), [0.0]

        def other_writer() -> None:
            while not stop.is_set():
                t = time.perf_counter()
                with org.write() as tx:
                    tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('bench', ?)",
                               (str(t),))
                waits[0] = max(waits[0], time.perf_counter() - t)
                time.sleep(0.05)

        writer = threading.Thread(target=other_writer)
        writer.start()
        before = peak_rss_mb()
        fresh = reset_peak_rss()
        t0 = time.perf_counter()
        result = receive_into_vault(org, bundle, identity=identity, trust_signer=fp)
        t_receive = time.perf_counter() - t0
        during = peak_rss_mb()
        stop.set()
        writer.join()
        assert len(result.added) == args.items
        org.lock()
    print(f"bundle: {args.items} items, {size_mb:.0f} MB")
    row("verify (baseline)", f"{t_verify:.2f} s  {size_mb / t_verify:.0f} MB/s")
    row("receive into the vault", f"{t_receive:.2f} s  {size_mb / t_receive:.0f} MB/s")
    row("receive / verify", f"{t_receive / t_verify:.2f}x")
    row("longest wait of another writer", f"{waits[0] * 1000:.0f} ms")
    row("peak RSS before receiving (import, export)", f"{before:.0f} MB")
    row("peak RSS while receiving", f"{during:.0f} MB" if fresh else "(not measurable here)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
