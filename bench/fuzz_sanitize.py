# SPDX-License-Identifier: GPL-3.0-or-later
"""python bench/fuzz_sanitize.py [N] — plant a marker in every kept structure, N times over.

Inputs are the generated files of ``tests/core/media/plant.py`` and the corpus images of the four
walked formats up to 300 kB (read from ../shared/corpus, or $BAYYINA_CORPUS; never copied). Each
input gets ``OWNER:+9647701234567`` wrapped in random bytes appended inside one kept structure
(lengths adjusted so the file stays well-formed), cycling over every (file, structure) pair with a
seeded generator until N planted inputs have run (default 10,000). Prints how many ran, how many
got a clean copy (pixel proof and byte accounting held, marker absent), how many were refused, and
how many clean copies still held the marker: that last number must be 0 (exit 1 otherwise).
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.core.media import plant

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BAYYINA_CORPUS", ROOT.parent / "shared" / "corpus"))
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")


def main() -> int:
    rnd = random.Random(20261202)
    inputs = list(plant.generated())
    if (CORPUS / "MANIFEST.json").is_file():
        inputs += list(plant.corpus_files(CORPUS))
    pairs = [(name, data, site) for name, data in inputs for site in plant.sites(data)]
    print(f"fuzz_sanitize: {len(inputs)} files, {len(pairs)} planting sites, {N} planted inputs")
    counts: Counter[str] = Counter()
    by_format: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    found: list[str] = []
    t0 = time.perf_counter()
    order = list(range(len(pairs)))
    while sum(counts.values()) < N:
        rnd.shuffle(order)
        for i in order:
            if sum(counts.values()) >= N:
                break
            name, data, site = pairs[i]
            kind, r = plant.outcome(plant.plant(data, site, plant.payloads(rnd)))
            counts[kind] += 1
            if kind == "refused":
                why = (r.sanitize_error or "") if r is not None else "original refused on import"
                reasons[why.split(":")[0]] += 1
            by_format[f"{plant.media_type(data)}:{kind}"] += 1
            if kind == "found":
                found.append(f"{name} {site}")
    elapsed = time.perf_counter() - t0
    print(f"  planted inputs  {sum(counts.values())}")
    print(f"  cleaned         {counts['cleaned']}")
    print(f"  refused         {counts['refused']}")
    print(f"  markers found   {counts['found']}")
    for key in sorted(by_format):
        print(f"    {key:<28} {by_format[key]}")
    for why, n in reasons.most_common():
        print(f"    refused: {why:<36} {n}")
    print(f"  {elapsed:.0f} s")
    for line in found[:20]:
        print("  FOUND", line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
