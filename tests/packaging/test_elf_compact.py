# SPDX-License-Identifier: GPL-3.0-or-later
"""packaging/elf_compact.py: the patchelf padding of wheel libraries removed, nothing else changed.

On the real tesserocr and pikepdf wheels of the venv: copied to a temporary folder, compacted,
then imported from there by a fresh interpreter, which reads a rendered word with Tesseract
(libtesseract → leptonica → libtiff, libwebpmux, libpng, libjpeg, libjbig: the padded ones) and
writes a PDF with qpdf. The frozen self-test does the same in the build (test_frozen.py).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("elf_compact", ROOT / "packaging" / "elf_compact.py")
assert _spec and _spec.loader
elf_compact = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(elf_compact)

TESSDATA = sorted(Path("/usr/share/tesseract-ocr").glob("*/tessdata/eng.traineddata"))

_PROBE = """
import io, sys
import tesserocr, pikepdf
from PIL import Image, ImageDraw, ImageFont
assert tesserocr.__file__.startswith(sys.argv[1]) and pikepdf.__file__.startswith(sys.argv[1])
im = Image.new("L", (420, 90), 255)
ImageDraw.Draw(im).text((20, 20), "Compacted", fill=0, font=ImageFont.load_default(size=44))
with tesserocr.PyTessBaseAPI(path=sys.argv[2], lang="eng") as api:
    api.SetImage(im)
    print(api.GetUTF8Text().strip())
pdf = pikepdf.new(); pdf.add_blank_page(); out = io.BytesIO(); pdf.save(out)
print(out.getvalue()[:5].decode())
"""


def _wheel_copy(tmp: Path) -> Path:
    spec = importlib.util.find_spec("tesserocr")
    assert spec is not None and spec.origin is not None
    site = Path(spec.origin).parent.parent
    for name in ("tesserocr", "tesserocr.libs", "pikepdf", "pikepdf.libs"):
        src = site / name
        if not src.exists():
            pytest.skip(f"{name} is not in this environment")
        shutil.copytree(src, tmp / name)
    return tmp


@pytest.mark.skipif(not TESSDATA, reason="tesseract-ocr-eng is not installed")
def test_compacted_wheel_libraries_load_and_work(tmp_path: Path) -> None:
    copy = _wheel_copy(tmp_path)
    libs = sorted(p for p in copy.glob("*.libs/*.so*") if p.is_file())
    before = {p: p.stat().st_size for p in libs}
    shrunk = {}
    for p in libs:
        new = elf_compact.compact(p.read_bytes())
        if new is not None:
            p.write_bytes(new)
            shrunk[p.name] = (before[p], len(new))
    # the padded ones (2 MiB offsets) got small; the whole set lost most of its size
    assert {"libwebpmux", "libtiff", "libjpeg"} <= {n.split("-")[0] for n in shrunk}
    assert sum(n for _o, n in shrunk.values()) < sum(o for o, _n in shrunk.values()) / 3
    for p in libs:  # readelf still reads every one without a complaint
        r = subprocess.run(["readelf", "-lSdW", str(p)], capture_output=True, text=True,
                           check=False)
        assert r.returncode == 0 and not r.stderr, (p.name, r.stderr)
    r = subprocess.run([sys.executable, "-c", _PROBE, str(copy), str(TESSDATA[0].parent)],
                       capture_output=True, text=True, check=False, timeout=120,
                       env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(copy)})
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.split() == ["Compacted", "%PDF-"]


def test_compact_is_deterministic_and_idempotent(tmp_path: Path) -> None:
    copy = _wheel_copy(tmp_path)
    lib = next(copy.glob("tesserocr.libs/libwebpmux-*.so*"))
    data = lib.read_bytes()
    once = elf_compact.compact(data)
    assert once is not None and once == elf_compact.compact(data)
    assert elf_compact.compact(once) is None  # nothing left to gain: kept as it is
    # addresses unchanged: the same segments at the same virtual addresses, same sizes
    def segments(blob: bytes) -> list[tuple[int, int, int, int]]:
        p = tmp_path / "probe.so"
        p.write_bytes(blob)
        out = subprocess.run(["readelf", "-lW", str(p)], capture_output=True, text=True,
                             check=True).stdout
        return [(int(f[2], 16), int(f[4], 16), int(f[5], 16), f[6] == "RW")
                for f in (line.split() for line in out.splitlines()) if f and f[0] == "LOAD"]
    assert segments(once) == segments(data)


def test_not_an_elf_or_nothing_to_gain_is_left_alone() -> None:
    assert elf_compact.compact(b"not an ELF file") is None
    assert elf_compact.compact(Path(sys.executable).resolve().read_bytes()) is None
