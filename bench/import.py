# SPDX-License-Identifier: GPL-3.0-or-later
"""./dev bench import [SCREENSHOTS PHOTOS] — import throughput against a floor measured
in the same run.

Inputs (generated in a private temp folder, deleted afterwards): phone screenshots (1080×2400 PNG
with UI-like content: bars, bubbles, text, an avatar) and camera photos (4000×3000 JPEG with EXIF,
GPS and a thumbnail), plus the real-file corpus in ../shared/corpus (or $BAYYINA_CORPUS).

Figures, all on the same files in the same run:
- floor: read + SHA-256 + one full decode per file, one process of its own (the least any
  importer must do);
- Bayyina: the whole import into a fresh vault (seal, metadata, sanitise with pixel proof,
  thumbnail, encrypt, custody), using both cores;
- exiftool -all=: writing stripped copies (no proof, no vault), for reference;
- where the time goes: each stage per kind of file (--stages N files of each kind, one process).
Targets (issue 19): Bayyina ≤ 1.5× the floor; peak RSS < 300 MB (issue 3: 2.5×, 400 MB).
"""

from __future__ import annotations

import cProfile
import hashlib
import io
import os
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw

from app.ingest import import_paths
from app.media import Limits, sniff
from app.vault import KdfParams, create_vault
from bench._util import children_peak_rss_mb, peak_rss_mb, row

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BAYYINA_CORPUS", ROOT.parent / "shared" / "corpus"))
if not CORPUS.is_dir() and Path("/work/shared/corpus").is_dir():  # a git worktree of the repo
    CORPUS = Path("/work/shared/corpus")


def screenshot(i: int) -> bytes:
    rnd = random.Random(i)
    im = Image.new("RGB", (1080, 2400), (245, 246, 248))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, 1080, 90), fill=(30, 30, 30))  # status bar
    d.rectangle((0, 90, 1080, 260), fill=(59, 89, 152))  # app bar
    d.ellipse((40, 120, 180, 240), fill=(rnd.randrange(256), 120, 90))
    y = 320
    while y < 2200:
        h = rnd.randrange(120, 380)
        x0 = 60 if rnd.random() < 0.5 else 300
        d.rounded_rectangle((x0, y, x0 + 700, y + h), 30, fill=(255, 255, 255),
                            outline=(210, 210, 210))
        for line in range(y + 30, y + h - 30, 44):
            d.rectangle((x0 + 30, line, x0 + 30 + rnd.randrange(200, 640), line + 22),
                        fill=(rnd.randrange(40, 90),) * 3)
        y += h + 40
    d.rectangle((0, 2260, 1080, 2400), fill=(255, 255, 255))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def photo(i: int) -> bytes:
    rnd = random.Random(1000 + i)
    base = Image.effect_noise((500, 375), 60).convert("RGB").resize((4000, 3000), Image.BILINEAR)
    d = ImageDraw.Draw(base)
    for _ in range(30):
        x, y = rnd.randrange(4000), rnd.randrange(3000)
        d.ellipse((x, y, x + rnd.randrange(100, 900), y + rnd.randrange(100, 900)),
                  fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0131] = "BenchCam", f"Model {i}", "Bench 1.0"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (33.0, 18.0, 5.0), "E", (44.0, 22.0, 1.0)
    buf = io.BytesIO()
    base.save(buf, "JPEG", quality=92, exif=exif.tobytes())
    return buf.getvalue()


def floor(files: list[Path]) -> float:
    """One decode of every file the app decodes (HEIC/HEIF via pillow-heif, as the app does)."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    Image.MAX_IMAGE_PIXELS = Limits().max_pixels
    t0 = time.perf_counter()
    for f in files:
        data = f.read_bytes()
        hashlib.sha256(data).hexdigest()
        media_type, kind = sniff(data[:65536])
        if kind != "image":
            continue
        try:
            with Image.open(io.BytesIO(data)) as im:
                im.load()
        except Exception:  # noqa: S110 - the baseline decodes what it can, like the app
            pass
    return time.perf_counter() - t0


# --- where the time goes: each stage per kind of file, in this process -------------------------

_STAGES = (  # (label, module, function, only when called from)
    ("container walk", "app/media/process.py", "_walk", None),
    ("open (headers, limits)", "app/media/pixels.py", "open_image", "process"),
    ("decode + pixel hash", "app/media/pixels.py", "digest_frames", "process"),
    ("  of which thumbnail", "app/media/pixels.py", "thumbnail", None),
    ("metadata", "app/media/metadata.py", "read_metadata", None),
    ("sanitise (rebuild the copy)", "app/media/process.py", "_sanitize", None),
    ("proof: decode + pixel hash", "app/media/pixels.py", "digest_frames", "_prove"),
    ("  pixel hash of both decodes (pack + SHA-256)", "app/media/pixels.py", "_hash_frame", None),
    ("proof: re-scan", "app/media/verify.py", "rescan", None),
    ("proof: account for every byte", "app/media/account.py", "account", None),
)


def _kind_of(path: Path, data: bytes) -> str:
    if path.parent.name == "shots":
        return "screenshot PNG"
    if path.parent.name == "photos":
        return "camera JPEG"
    return "corpus " + sniff(data[:65536])[0].split("/")[-1]


def _cum(stats: pstats.Stats, module: str, name: str, caller: str | None) -> float:
    total = 0.0
    for (file, _line, func), (_cc, _nc, _tt, ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if func != name or not file.endswith(module):
            continue
        if caller is None:
            total += ct
        else:
            total += sum(v[3] for (_f, _l, c), v in callers.items() if c == caller)
    return total


def stage_table(files: list[Path], tmp: Path, per_kind: int) -> list[str]:
    """One process, ``per_kind`` files of each kind: the parent's stages timed around the same
    calls the importer makes, the worker's (:func:`app.media.process.process`) under cProfile."""
    from app.media.process import process
    from app.vault.blobs import write_blob

    by_kind: dict[str, list[tuple[Path, bytes]]] = {}
    for f in files:
        data = f.read_bytes()
        group = by_kind.setdefault(_kind_of(f, data), [])
        if len(group) < per_kind:
            group.append((f, data))
    vault = create_vault(tmp / "stages.bayyina", "bench", KdfParams.testing())
    rows: list[tuple[str, int, dict[str, float]]] = []
    for kind, group in sorted(by_kind.items()):
        t: dict[str, float] = {}
        prof = cProfile.Profile()
        for i, (f, _) in enumerate(group):
            t0 = time.perf_counter()
            data = f.read_bytes()
            t1 = time.perf_counter()
            hashlib.sha256(data).hexdigest()
            t2 = time.perf_counter()
            sniff(data[:65536])
            t3 = time.perf_counter()
            prof.enable()
            try:
                media = process(data)
            except Exception:  # refused files still cost their stages
                media = None
            prof.disable()
            t4 = time.perf_counter()
            with vault.write() as tx:
                cur = tx.execute("INSERT INTO items (uuid, sha256, size, media_type, kind, "
                                 "import_method, imported_at, imported_utc_offset) VALUES "
                                 "(?, ?, ?, 'x', 'image', 'file', '2026-01-01T00:00:00Z', 0)",
                                 (f"{kind}-{i}", f"{kind}-{i}", len(data)))
                item = int(cur.lastrowid)
                write_blob(tx.conn, item, "original", None, data)
                for role in ("sanitized", "thumbnail"):
                    blob = getattr(media, role, None) if media is not None else None
                    if blob:
                        write_blob(tx.conn, item, role, None, blob)
                t5 = time.perf_counter()
            t6 = time.perf_counter()
            for key, value in (("read", t1 - t0), ("SHA-256", t2 - t1), ("sniff", t3 - t2),
                               ("worker: process() in all", t4 - t3),
                               ("encrypt + store (original, copy, thumbnail)", t5 - t4),
                               ("commit (WAL, fsync)", t6 - t5)):
                t[key] = t.get(key, 0.0) + value
        stats = pstats.Stats(prof)
        for label, module, name, caller in _STAGES:
            t[label] = _cum(stats, module, name, caller)
        rows.append((kind, len(group), t))
    vault.lock()
    labels = ["read", "SHA-256", "sniff", "worker: process() in all",
              *(s[0] for s in _STAGES), "encrypt + store (original, copy, thumbnail)",
              "commit (WAL, fsync)"]
    out = [f"where the time goes (ms per file, one process; {per_kind} files of each kind)",
           f"  {'stage':<44}" + "".join(f"{k[:14]:>15}" for k, _, _ in rows)]
    out += [f"  {label:<44}" + "".join(f"{t.get(label, 0.0) * 1000 / n:>15.1f}"
                                       for _, n, t in rows) for label in labels]
    return out


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("screenshots", nargs="?", type=int, default=300)
    ap.add_argument("photos", nargs="?", type=int, default=50)
    ap.add_argument("--no-corpus", action="store_true", help="generated files only")
    ap.add_argument("--stages", type=int, default=4, metavar="N",
                    help="time each stage on N files of each kind afterwards (0: not)")
    ap.add_argument("--floor-of", type=Path, help=argparse.SUPPRESS)  # the floor's own process
    args = ap.parse_args()
    if args.floor_of is not None:
        print(floor(sorted(p for p in args.floor_of.rglob("*") if p.is_file())))
        return
    n_shots, n_photos = args.screenshots, args.photos
    with tempfile.TemporaryDirectory(prefix="bayyina-bench-") as tmp:
        src = Path(tmp) / "inputs"
        (src / "shots").mkdir(parents=True)
        (src / "photos").mkdir()
        t0 = time.perf_counter()
        for i in range(n_shots):
            (src / "shots" / f"s{i:04d}.png").write_bytes(screenshot(i))
        for i in range(n_photos):
            (src / "photos" / f"p{i:03d}.jpg").write_bytes(photo(i))
        if CORPUS.is_dir() and not args.no_corpus:
            shutil.copytree(CORPUS, src / "corpus", ignore=shutil.ignore_patterns("*.json", "*.md"))
        gen_s = time.perf_counter() - t0
        files = sorted(p for p in src.rglob("*") if p.is_file())
        total_mb = sum(p.stat().st_size for p in files) / 1e6

        vault = create_vault(Path(tmp) / "bench.bayyina", "bench", KdfParams.testing())
        t0 = time.perf_counter()
        summary = import_paths(vault, [src])
        import_s = time.perf_counter() - t0
        vault.lock()
        parent_rss = peak_rss_mb()
        child_rss = children_peak_rss_mb()
        # afterwards, in a process of its own: its decodes count in neither peak above
        floor_s = float(subprocess.run([sys.executable, __file__, "--floor-of", str(src)],
                                       capture_output=True, text=True,
                                       check=True).stdout.split()[-1])

        exif_s = None
        if shutil.which("exiftool"):
            out = Path(tmp) / "stripped"
            out.mkdir()
            t0 = time.perf_counter()
            subprocess.run(["exiftool", "-q", "-q", "-m", "-all=", "-r", "-o", f"{out}/%d%f.%e",
                            str(src)], capture_output=True, check=False, cwd=tmp)
            exif_s = time.perf_counter() - t0
        stages = stage_table(files, Path(tmp), args.stages) if args.stages > 0 else []

    print("bench import")
    row("inputs", f"{len(files)} files, {total_mb:.0f} MB ({n_shots} screenshots 1080x2400 PNG, "
                  f"{n_photos} photos 4000x3000 JPEG, corpus) — generated in {gen_s:.0f} s")
    row("imported / duplicates / refused",
        f"{summary.imported} / {summary.duplicates} / {summary.rejected}")
    row("floor: read + SHA-256 + one decode (1 process)", f"{floor_s:.1f} s")
    row("Bayyina import (2 workers)", f"{import_s:.1f} s, {len(files) / import_s:.1f} items/s, "
                                      f"{total_mb / import_s:.1f} MB/s")
    row("Bayyina / floor (target ≤ 1.5)", f"{import_s / floor_s:.2f}x")
    if exif_s is not None:
        row("exiftool -all= writing stripped copies", f"{exif_s:.1f} s "
                                                      f"({exif_s / floor_s:.2f}x the floor)")
    row("peak RSS: importer process / largest worker", f"{parent_rss:.0f} MB / {child_rss:.0f} MB "
                                                      "(target < 300 MB)")
    for line in stages:
        print(line)


if __name__ == "__main__":
    main()
