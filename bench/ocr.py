# SPDX-License-Identifier: GPL-3.0-or-later
"""``./dev bench ocr``: word recall of the OCR on generated screenshots in the look of Facebook,
X, Telegram and WhatsApp (Arabic and English, light and dark, several fonts and sizes), after the
search normalisation of :mod:`app.cases.textnorm`, and pages per minute.

    python bench/ocr.py [--per-language 32]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.cases.textnorm import normalize
from app.media import ocr
from bench import _lens_synth as synth
from bench._util import row

TARGETS = {"ar": 90.0, "en": 97.0}
FONTS = {"ar": ("amiri", "noto-arabic"), "en": ("dejavu", "noto-arabic")}
SIZES = (20, 24, 28, 34)


def run(per_language: int) -> None:
    print("bench ocr")
    total_pages, total_time = 0, 0.0
    for language in ("ar", "en"):
        fonts = tuple(f for f in FONTS[language] if f in synth.font_paths())
        combos = list(itertools.product(synth.PLATFORMS, (False, True), fonts, SIZES))
        want_n = found_n = 0
        worst: dict[str, list[int]] = {}
        for i in range(per_language):
            platform, dark, font, size = combos[i % len(combos)]
            shot = synth.text_screenshot(i, language, platform, dark=dark, font_name=font,
                                         size=size)
            t = time.perf_counter()
            got = set(normalize(ocr.recognise(shot.image).text).split())
            total_time += time.perf_counter() - t
            total_pages += 1
            want = normalize(shot.text).split()
            hits = sum(w in got for w in want)
            want_n += len(want)
            found_n += hits
            key = f"{font} {size}px {'dark' if dark else 'light'}"
            worst.setdefault(key, [0, 0])
            worst[key][0] += hits
            worst[key][1] += len(want)
        recall = 100 * found_n / max(1, want_n)
        row(f"word recall, {language} ({per_language} screenshots)",
            f"{recall:.1f} % (target >= {TARGETS[language]:.0f} %)")
        for key, (h, n) in sorted(worst.items(), key=lambda kv: kv[1][0] / kv[1][1])[:3]:
            row(f"  lowest: {key}", f"{100 * h / n:.1f} %")
    row("pages per minute (one thread)", f"{60 * total_pages / total_time:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-language", type=int, default=32)
    run(parser.parse_args().per_language)


if __name__ == "__main__":
    main()
