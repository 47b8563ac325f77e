# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Benchmark: a 200-item report with phone-sized screenshots, in Arabic and English.

    .venv/bin/python bench/report.py [--items 200] [--width 1080 --height 2400] [--lang ar,en]

Generates the sample case of :mod:`app.report.sample` (fictional; 3 of 4 screenshots PNG, 1 of 4
JPEG), then times :func:`app.report.build_report` per language. Peak RSS is VmHWM from
/proc/self/status, reset before each build through /proc/self/clear_refs. Target: < 10 s and
< 500 MB for 200 items.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.report import build_report
from app.report.sample import sample_report
from bench._util import peak_rss_mb, row


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--width", type=int, default=1080)
    ap.add_argument("--height", type=int, default=2400)
    ap.add_argument("--lang", default="ar,en")
    ap.add_argument("--redact", action="store_true")
    args = ap.parse_args()
    print(f"report benchmark: {args.items} items, {args.width}x{args.height} screenshots")
    ok = True
    for lang in args.lang.split(","):
        t0 = time.perf_counter()
        data = sample_report(lang, args.items, image_size=(args.width, args.height))
        gen = time.perf_counter() - t0
        image_mb = sum(len(it.image or b"") for it in data.items) / 1e6
        _reset_peak()
        base = peak_rss_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        pdf = build_report(data, lang=lang, redact_sensitive=args.redact)
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        peak = peak_rss_mb()
        row(f"[{lang}] generate sample data (not timed)", f"{gen:.1f} s, images {image_mb:.1f} MB")
        row(f"[{lang}] build_report", f"{took:.2f} s wall, {cpu:.2f} s CPU (all threads)")
        row(f"[{lang}] load average (other processes share the cores)",
            " ".join(f"{x:.1f}" for x in os.getloadavg()))
        row(f"[{lang}] PDF size", f"{len(pdf) / 1e6:.1f} MB")
        row(f"[{lang}] peak RSS (VmHWM) during build", f"{peak:.0f} MB (before: {base:.0f} MB)")
        ok &= took < 10 and peak < 500
        del pdf, data
    print("target (< 10 s, < 500 MB):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
