# SPDX-License-Identifier: GPL-3.0-or-later
"""./dev bench unlock — KDF parameters chosen on this machine, unlock time, open time after the KDF.

Baseline measured in the same run: one bare Argon2id derivation with the same parameters, and
opening the SQLCipher database with the raw key alone.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from app.vault import create_vault, open_vault
from app.vault.connection import connect
from bench._util import peak_rss_mb, row


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.bayyina"
        t0 = time.perf_counter()
        vault = create_vault(path, "bench passphrase")  # calibrated default profile
        create_s = time.perf_counter() - t0
        kdf = vault.kdf
        master = bytes(vault._master_key or b"")
        vault.lock()

        unlock, kdf_only, raw_open = [], [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            v = open_vault(path, "bench passphrase")
            v.info()
            unlock.append(time.perf_counter() - t0)
            v.lock()
            t0 = time.perf_counter()
            Argon2id(salt=b"s" * 16, length=32, iterations=kdf.iterations, lanes=kdf.lanes,
                     memory_cost=kdf.memory_kib).derive(b"bench passphrase")
            kdf_only.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            c = connect(path / "vault.db", master)
            c.execute("SELECT count(*) FROM items").fetchone()
            raw_open.append(time.perf_counter() - t0)
            c.close()

    print("bench unlock")
    row("KDF", f"Argon2id t={kdf.iterations} m={kdf.memory_kib // 1024} MiB p={kdf.lanes}")
    row("create vault (calibration + KDF + schema)", f"{create_s:.3f} s")
    row("unlock (KDF + unwrap + open + info), median", f"{statistics.median(unlock):.3f} s")
    row("  bare Argon2id, same parameters, median", f"{statistics.median(kdf_only):.3f} s")
    row("  open with raw key after the KDF, median", f"{statistics.median(raw_open) * 1000:.2f} ms")
    row("unlock / bare KDF", f"{statistics.median(unlock) / statistics.median(kdf_only):.2f}x")
    row("peak RSS", f"{peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
