# SPDX-License-Identifier: GPL-3.0-or-later
"""What each dependency adds to the frozen build (unpacked MB), and the libraries shipped twice.

Usage: ``python packaging/size_report.py dist/bayyina`` (build.sh runs it after every build).
Sizes are bytes of regular files (symbolic links count nothing), in MB (10^6), the measure of the
size gate in tests/packaging/test_frozen.py. Each file of ``_internal/`` is attributed to the first
group whose pattern matches its path; ``--json`` prints the same table as JSON.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

# (group, pattern on the path relative to _internal/), first match wins
GROUPS: list[tuple[str, str]] = [
    ("PyAV (FFmpeg)", r"^av(\.libs)?/"),
    ("numpy", r"^numpy(\.libs)?/"),
    ("pikepdf (qpdf)", r"^pikepdf(\.libs)?/"),
    ("lxml", r"^lxml/"),
    ("tesserocr (libtesseract, leptonica)", r"^tesserocr(\.libs)?/"),
    ("Tesseract trained data (ara, eng)", r"^resources/tessdata/"),
    ("pdqhash", r"^pdqhash"),
    ("ICU (Qt)", r"^PySide6/Qt/lib/libicu"),
    ("Qt plugins", r"^PySide6/Qt/plugins/"),
    ("Qt libraries", r"^PySide6/Qt/"),
    ("PySide6 bindings, shiboken", r"^(PySide6|shiboken6)/"),
    ("Pillow and its codecs", r"^(PIL|pillow\.libs)/"),
    ("pillow-heif (HEIC)", r"^pillow_heif"),
    ("cryptography", r"^cryptography"),
    ("SQLCipher", r"^sqlcipher3"),
    ("pyrage", r"^pyrage"),
    ("ReportLab", r"^reportlab"),
    ("fonts (Amiri, Noto Sans Arabic)", r"^fontpkg"),
    ("Babel (ar, en)", r"^babel/"),
    ("Python (libpython, stdlib)", r"^(libpython|python3\.\d+/|base_library\.zip)"),
    ("app resources and catalogs", r"^(resources|i18n)/"),
    ("system libraries", r"^lib[^/]*\.so"),
]
_HASHED = re.compile(r"^(lib[A-Za-z0-9_+]+?)(-[0-9a-f]{8})?\.so(\.[0-9.]+)?$")


def file_size(p: Path) -> int:
    return p.lstat().st_size if p.is_file() and not p.is_symlink() else 0


def report(app: Path) -> dict[str, float]:
    """MB per group; the launcher and everything unmatched are groups of their own."""
    internal = app / "_internal"
    sizes: dict[str, int] = defaultdict(int)
    compiled = [(name, re.compile(pat)) for name, pat in GROUPS]
    for p in sorted(app.rglob("*")):
        size = file_size(p)
        if not size:
            continue
        if not p.is_relative_to(internal):
            sizes["launcher (Python archive), desktop files"] += size
            continue
        rel = p.relative_to(internal).as_posix()
        group = next((name for name, rx in compiled if rx.search(rel)), "other")
        sizes[group] += size
    return {k: round(v / 1e6, 1) for k, v in sorted(sizes.items(), key=lambda kv: -kv[1])}


def duplicates(app: Path) -> dict[str, list[str]]:
    """Libraries present more than once under different file names (each wheel vendors its own
    copy, renamed with a hash: PyInstaller keeps every soname), e.g. libpng in Pillow and in
    tesserocr. Name -> the copies with their size."""
    found: dict[str, list[str]] = defaultdict(list)
    for p in sorted(app.rglob("*.so*")):
        m = _HASHED.match(p.name)
        if m and file_size(p):
            found[m.group(1)].append(f"{p.relative_to(app)} ({file_size(p) / 1e6:.1f} MB)")
    return {k: v for k, v in sorted(found.items()) if len(v) > 1}


def main(argv: list[str]) -> int:
    app = Path(argv[1]) if len(argv) > 1 else Path("dist/bayyina")
    table = report(app)
    if "--json" in argv:
        print(json.dumps({"groups_mb": table, "duplicates": duplicates(app)}, indent=1))
        return 0
    total = sum(table.values())
    print(f"{'':40} {'MB':>7}")
    for name, mb in table.items():
        print(f"{name:40} {mb:7.1f}")
    print(f"{'total':40} {total:7.1f}")
    dup = duplicates(app)
    if dup:
        print("libraries shipped more than once:")
        for name, copies in dup.items():
            print(f"  {name}: " + ", ".join(copies))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
