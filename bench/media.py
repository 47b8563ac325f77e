# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Benchmark: a large generated video imported, exported and received, next to a stock remux.

    ./dev bench media [--mb 240] [--loop] [--copy-only] [--keep DIR]

ffmpeg's ``testsrc2`` is encoded (H.264 ultrafast, with a phone-like location and make/model)
into a temporary directory to about ``--mb`` megabytes (``--loop``: a 20 s clip is encoded and
repeated with ``-stream_loop … -c copy`` up to that size, which takes seconds, not minutes, for
gigabytes). Then, each in its own process so that
every peak RSS is that phase's own: ``import_paths`` (seal, remux in a worker, proof, encrypt),
``export_from_vault`` with the original (encrypted bundle), ``receive_into_vault`` into a second
vault (re-clean and check the copy in a worker), and the baseline ``ffmpeg -map_metadata -1 -c
copy`` of the same file. Also the storage floor (``store``): the file's bytes written twice into
an empty vault's chunks, in one transaction, as an import stores original and copy, with nothing
else. Printed: seconds and peak RSS of the process and of its workers.

Recordings are cleaned in memory up to ``AvLimits.max_file_bytes`` (16 MiB); above, by
streaming through the vault's chunks (``app.media.avstream``): ``--mb 1024 --loop`` measures
that path. ``--copy-only``: the bundle carries the clean copy without the original (a bundle is a
ZIP without ZIP64: at most 4 GiB in all, so a 3 GB recording can leave only without its original).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._util import children_peak_rss_mb, peak_rss_mb

PASSPHRASE = "bench passphrase"  # throwaway vaults


def _generate(out: Path, mb: int) -> None:
    bitrate = 40  # Mbit/s: seconds of video = mb * 8 / bitrate
    seconds = max(2, mb * 8 // bitrate)
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size=1280x720:rate=30:duration={seconds}", "-f", "lavfi", "-i",
                    f"sine=frequency=440:sample_rate=48000:duration={seconds}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-b:v", f"{bitrate}M",
                    "-minrate", f"{bitrate}M", "-maxrate", f"{bitrate}M", "-bufsize", "8M",
                    "-x264-params", "nal-hrd=cbr", "-c:a", "aac", "-metadata",
                    "location=+48.8577+002.2950/", "-metadata", "make=BenchPhone",
                    "-metadata", "model=BenchPhone 1", str(out)],
                   check=True, stdin=subprocess.DEVNULL)


def _generate_loop(out: Path, mb: int) -> None:
    clip = out.with_name("clip.mp4")
    _generate(clip, 100)  # 20 s at 40 Mbit/s
    repeat = max(0, -(-mb * 1_000_000 // clip.stat().st_size) - 1)
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-stream_loop",
                    str(repeat), "-i", str(clip), "-c", "copy", "-metadata",
                    "location=+48.8577+002.2950/", "-metadata", "make=BenchPhone", "-metadata",
                    "model=BenchPhone 1", str(out)], check=True, stdin=subprocess.DEVNULL)
    clip.unlink()


def _phase(name: str, work: Path) -> dict[str, float | str]:
    """Run inside a fresh process: one phase, its time and its own peak RSS."""
    from app.bundle import keygen_recipient
    from app.handover import export_from_vault, receive_into_vault
    from app.ingest import import_paths
    from app.vault import KdfParams, create_vault, open_vault

    t0 = time.perf_counter()
    note = ""
    if name == "store":
        # the storage floor: the file's bytes sealed twice (as original and copy would be), in
        # 1 MiB chunks, one transaction and its commit — no sniff, remux, proof or preview
        from app.vault.blobs import write_blob
        v = create_vault(work / "floor.bayyina", PASSPHRASE, KdfParams.testing())
        src = work / "big.mp4"
        with v.write() as tx:
            item = tx.execute(
                "INSERT INTO items (uuid, sha256, size, media_type, kind, import_method, "
                "imported_at, imported_utc_offset) VALUES ('floor', 'floor', ?, 'video/mp4', "
                "'attachment', 'file', '2026-01-01T00:00:00Z', 0)", (src.stat().st_size,)
            ).lastrowid
            for role in ("original", "sanitized"):
                with src.open("rb") as fh:
                    write_blob(tx.conn, int(item), role, "video/mp4",
                               iter(lambda fh=fh: fh.read(1 << 20), b""))
        v.lock()
        note = "the same bytes stored twice, nothing else"
    elif name == "import":
        v = create_vault(work / "s.bayyina", PASSPHRASE, KdfParams.testing())
        (o,) = import_paths(v, [work / "big.mp4"]).outcomes
        note = (f"{o.status}, {o.kind}, clean copy: {o.sanitized} "
                f"{o.sanitize_error or ''} {o.error_code or ''} {o.error_params or ''}")
        v.lock()
    elif name == "export":
        v = open_vault(work / "s.bayyina", PASSPHRASE)
        ident, rec = keygen_recipient()
        (work / "id.txt").write_text(ident)
        originals = not (work / "copy-only").exists()
        r = export_from_vault(v, work / "b.zip.age", recipients=[rec],
                              include_originals=originals)
        note = f"{r.size / 1e6:.0f} MB bundle, skipped {r.skipped}"
        v.lock()
    elif name == "receive":
        v = open_vault(work / "s.bayyina", PASSPHRASE)
        fp = v.fingerprint()
        v.lock()
        org = create_vault(work / "o.bayyina", PASSPHRASE, KdfParams.testing())
        got = receive_into_vault(org, work / "b.zip.age",
                                 identity=(work / "id.txt").read_text(), trust_signer=fp)
        note = f"{len(got.added)} added, {len(got.quarantined)} quarantined"
        org.lock()
    return {"seconds": time.perf_counter() - t0, "rss": peak_rss_mb(),
            "workers": children_peak_rss_mb(), "note": note}


def _ffmpeg(work: Path) -> dict[str, float | str]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i",
                             str(work / "big.mp4"), "-map_metadata", "-1", "-c", "copy",
                             str(work / "remux.mp4")], stdin=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return {"seconds": time.perf_counter() - t0, "rss": usage.ru_maxrss / 1024, "workers": 0.0,
            "note": "stock remux"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=240)
    ap.add_argument("--keep", type=Path, default=None)
    ap.add_argument("--loop", action="store_true", help="repeat a short clip (fast, any size)")
    ap.add_argument("--copy-only", action="store_true", help="export without the original")
    ap.add_argument("--phase", default=None)
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(_phase(args.phase, args.work)))
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        (_generate_loop if args.loop else _generate)(work / "big.mp4", args.mb)
        if args.copy_only:
            (work / "copy-only").touch()
        size = (work / "big.mp4").stat().st_size
        print(f"video: {size / 1e6:.0f} MB, generated in {time.perf_counter() - t0:.0f} s")
        rows = {"ffmpeg -map_metadata -1 -c copy": _ffmpeg(work)}
        for phase in ("store", "import", "export", "receive"):
            out = subprocess.run([sys.executable, __file__, "--phase", phase, "--work", str(work)],
                                 capture_output=True, text=True, check=False)
            if out.returncode != 0:
                print(f"{phase} failed: {out.stderr.strip().splitlines()[-1:]}")
                break
            rows[phase] = json.loads(out.stdout.strip().splitlines()[-1])
            if phase == "store":
                shutil.rmtree(work / "floor.bayyina")
        print(f"  {'step':<34} {'seconds':>8} {'RSS MB':>8} {'worker MB':>10}  note")
        for label, r in rows.items():
            print(f"  {label:<34} {r['seconds']:>8.1f} {r['rss']:>8.0f} {r['workers']:>10.0f}  "
                  f"{r['note']}")
        base = float(rows["ffmpeg -map_metadata -1 -c copy"]["seconds"])
        print(f"  import / stock remux: {float(rows['import']['seconds']) / base:.1f}x "
              "(target <= 2x)")
        if "store" in rows:
            print(f"  storage floor / stock remux: {float(rows['store']['seconds']) / base:.1f}x"
                  f"; import / storage floor: "
                  f"{float(rows['import']['seconds']) / float(rows['store']['seconds']):.1f}x")


if __name__ == "__main__":
    main()
