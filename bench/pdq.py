# SPDX-License-Identifier: GPL-3.0-or-later
"""``./dev bench pdq``: matching a new picture against 100,000 PDQ hashes in a real vault (the
multi-index against a brute-force scan, measured in the same run), and the share of generated
reposts found per transformation (including a picture re-shared as a PDF page or inside a
video, found through the page's picture and the video's keyframes), with the false matches among
unrelated pictures; then text-only posts on one platform template (the demo vault's and generated
ones): false matches between different posts and the share of copies found. Each share is
printed for the whole-picture hash alone (the baseline) and for every hash an item gets
(``inner``, ``centre:N``, ``text`` with its stricter limit), measured in the same run.

    python bench/pdq.py [--hashes 100000] [--pictures 40] [--text-posts 12]
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.cases import similar
from app.media import pdq
from app.media.lenspictures import keyframes, page_pictures
from app.media.pdq import PdqHash
from app.vault import KdfParams, create_vault
from bench import _lens_synth as synth
from bench._util import row

TARGET_MS = 10.0


def _fill(vault: object, n: int, rng: random.Random) -> list[str]:
    """``n`` hashes: families of near-duplicates (1–8 members within 0–24 bits) of random
    bases, as a campaign's reposts would be."""
    hashes: list[str] = []
    while len(hashes) < n:
        base = rng.getrandbits(256)
        for _ in range(rng.randint(1, 8)):
            value = base
            for bit in rng.sample(range(256), rng.randint(0, 24)):
                value ^= 1 << bit
            hashes.append(f"{value:064x}")
    hashes = hashes[:n]
    with vault.write() as tx:  # type: ignore[attr-defined]
        for h in hashes:
            cur = tx.execute(
                "INSERT INTO items (uuid, sha256, size, media_type, kind, import_method, "
                "imported_at, imported_utc_offset) VALUES (?, ?, 1, 'image/png', 'image', "
                "'bench', '2026-07-01T00:00:00Z', 0)", (str(uuid.uuid4()), uuid.uuid4().hex))
            similar.store_hashes_tx(tx.conn, int(cur.lastrowid), [PdqHash("whole", h, 100)])
    return hashes


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 2 else values[0]


def bench_matching(n: int) -> None:
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        vault = create_vault(Path(tmp) / "bench.bayyina", "bench pass", KdfParams.testing())
        t0 = time.perf_counter()
        hashes = _fill(vault, n, rng)
        row(f"stored {n} hashes (item rows + 16 index rows each)",
            f"{time.perf_counter() - t0:.1f} s")
        queries = []
        for _ in range(200):
            value = int(rng.choice(hashes), 16)
            for bit in rng.sample(range(256), rng.randint(0, 30)):
                value ^= 1 << bit
            queries.append(f"{value:064x}")
        similar.match(vault.conn, queries[0])  # warm the page cache
        mih: list[float] = []
        cpu: list[float] = []
        brute: list[float] = []
        agree = 0
        for q in queries:
            t, c = time.perf_counter(), time.process_time()
            a = similar.match(vault.conn, q)
            mih.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            if len(brute) < 30:
                t = time.perf_counter()
                b = similar.brute_force_match(vault.conn, q, 31)
                brute.append((time.perf_counter() - t) * 1000)
                agree += a == b
        row("match, multi-index: p50 / p95",
            f"{statistics.median(mih):.2f} / {_pct(mih, 95):.2f} ms (target < {TARGET_MS} ms)")
        # CPU time leaves out the time other programs took the processor from the bench
        row("match, multi-index, CPU time: p50 / p95",
            f"{statistics.median(cpu):.2f} / {_pct(cpu, 95):.2f} ms")
        row("match, brute-force scan: p50 / p95",
            f"{statistics.median(brute):.1f} / {_pct(brute, 95):.1f} ms")
        row("multi-index results equal brute force", f"{agree} / {len(brute)} queries")
        t = time.perf_counter()
        found = similar.cluster_members(vault.conn)
        row(f"clusters of all {n} hashes", f"{len(found)} in {time.perf_counter() - t:.1f} s")
        vault.lock()


def _as_page(im: Image.Image, seed: int) -> Image.Image:
    other = synth.photo(5000 + seed)
    return dict(page_pictures(synth.pdf([other, im])))[2]


def _as_keyframe(im: Image.Image, seed: int) -> Image.Image:
    clip = synth.video([(synth.photo(6000 + seed, im.size), 1.0), (im, 1.0)])
    return dict(keyframes(clip, "video/mp4"))[1000]


def bench_reposts(pictures: int) -> None:
    rng = random.Random(2)
    transforms = {
        "re-encode JPEG q=70": lambda im, s: synth.reencode(im, 70),
        "re-encode JPEG q=40": lambda im, s: synth.reencode(im, 40),
        "resize 50 %": lambda im, s: synth.resize(im, 0.5),
        "resize 25 %": lambda im, s: synth.resize(im, 0.25),
        "crop 1 %": lambda im, s: synth.crop(im, 0.01, s),
        "crop 2 %": lambda im, s: synth.crop(im, 0.02, s),
        "crop 3 %": lambda im, s: synth.crop(im, 0.03, s),
        "crop 5 %": lambda im, s: synth.crop(im, 0.05, s),
        "inside a screenshot (bars, text, margins)": lambda im, s: synth.in_screenshot(
            im, synth.PLATFORMS[s % 4], dark=bool(s % 2), seed=s),
    }
    sources = [synth.photo(1000 + i, rng.choice([(640, 480), (480, 640), (800, 800)]))
               for i in range(pictures)]
    transforms["the picture of a PDF page (JPEG inside)"] = _as_page
    transforms["a keyframe of an H.264 video"] = _as_keyframe
    whole = [pdq.hash_image(im)[0] for im in sources]
    own = [pdq.hashes_of(im) for im in sources]
    print(f"\n  reposts found (distance <= 31), {pictures} pictures each: "
          "whole hash against the copy's hashes (baseline) -> every hash of both")
    for name, fn in transforms.items():
        hits, all_hits, dists = 0, 0, []
        for i, im in enumerate(sources):
            got = fn(im, i)
            # a page's picture and a keyframe are hashed as parts are (no centre hashes)
            found = (pdq.hashes_of_parts([("part", got)], min_quality=0, dedupe=-1)
                     if fn in (_as_page, _as_keyframe) else pdq.hashes_of(got))
            d = min(pdq.distance(whole[i], h.hash) for h in found)
            dists.append(d)
            hits += d <= pdq.DEFAULT_THRESHOLD
            all_hits += _meet(own[i], found)
        row(name, f"{100 * hits / pictures:5.1f} % -> {100 * all_hits / pictures:5.1f} %  "
                  f"(median distance {statistics.median(dists)})")
    pairs = list(itertools.combinations(range(pictures), 2))
    false = sum(pdq.distance(whole[a], whole[b]) <= pdq.DEFAULT_THRESHOLD for a, b in pairs)
    false_all = sum(_meet(own[a], own[b]) for a, b in pairs)
    row("false matches among unrelated pictures",
        f"{false} -> {false_all} / {len(pairs)} pairs ({100 * false_all / len(pairs):.2f} %)")


def _meet(a: list[PdqHash], b: list[PdqHash], threshold: int = pdq.DEFAULT_THRESHOLD) -> bool:
    """Whether two items match as :mod:`app.cases.similar` matches them (every pair of hashes,
    a text-only picture's within the stricter limit)."""
    return any(pdq.distance(x.hash, y.hash) <= pdq.pair_threshold(x.kind, y.kind, threshold)
               for x in a for y in b)


def _demo_posts() -> list[Image.Image]:
    import io
    from datetime import datetime

    from app.cases import demo_content as content
    from app.cases.demo import render_post

    return [Image.open(io.BytesIO(render_post(post, content.ACCOUNTS[post.account],
                                              datetime(2026, 7, 1), n))).convert("RGB")
            for n, post in enumerate(content.POSTS, start=1)]


def bench_text_posts(per_template: int) -> None:
    sets = {"the demo vault's posts (16, 7 platforms)": _demo_posts()}
    for platform in synth.PLATFORMS:
        for dark in (False, True):
            sets[f"generated {platform} {'dark' if dark else 'light'}"] = [
                synth.text_screenshot(s, "ar" if s % 2 else "en", platform, dark=dark,
                                      font_name=("noto-arabic", "amiri")[s % 2], size=26 + s % 3)
                .image for s in range(per_template)]
    print("\n  text-only posts on one template: false matches between different posts, "
          "whole hash at <= 31 (baseline) -> every hash")
    shots: list[Image.Image] = []
    total = [0, 0, 0]
    for name, images in sets.items():
        shots += images
        whole = [pdq.hash_image(im)[0] for im in images]
        own = [pdq.hashes_of(im) for im in images]
        pairs = list(itertools.combinations(range(len(images)), 2))
        false = sum(pdq.distance(whole[a], whole[b]) <= pdq.DEFAULT_THRESHOLD for a, b in pairs)
        false_all = sum(_meet(own[a], own[b]) for a, b in pairs)
        total = [total[0] + false, total[1] + false_all, total[2] + len(pairs)]
        row(name, f"{false} -> {false_all} / {len(pairs)} pairs")
    row("all templates", f"{total[0]} -> {total[1]} / {total[2]} pairs")
    print("\n  copies of a text-only post found (baseline -> every hash)")
    own = [pdq.hashes_of(im) for im in shots]
    for name, fn in {"re-encode JPEG q=70": lambda im: synth.reencode(im, 70),
                     "re-encode JPEG q=40": lambda im: synth.reencode(im, 40),
                     "resize 50 %": lambda im: synth.resize(im, 0.5),
                     "resize 25 %": lambda im: synth.resize(im, 0.25)}.items():
        hits = hits_all = 0
        for i, im in enumerate(shots):
            got = fn(im)
            hits += pdq.distance(own[i][0].hash, pdq.hash_image(got)[0]) <= pdq.DEFAULT_THRESHOLD
            hits_all += _meet(own[i], pdq.hashes_of(got))
        row(name, f"{100 * hits / len(shots):5.1f} % -> {100 * hits_all / len(shots):5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hashes", type=int, default=100_000)
    parser.add_argument("--pictures", type=int, default=40)
    parser.add_argument("--text-posts", type=int, default=12)
    args = parser.parse_args()
    print("bench pdq")
    bench_matching(args.hashes)
    bench_reposts(args.pictures)
    bench_text_posts(args.text_posts)


if __name__ == "__main__":
    main()
