# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole real-file corpus through the worker pool (2 workers), checked with independent tools.

Expectations come from ``MANIFEST.json``: files Pillow 13 could not open or decode, and the
frame bomb, must be refused with a code; every other image must yield a clean, pixel-equal copy;
the copies are then checked by exiftool (written to ``tmp_path`` by the test only).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections import Counter
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageOps

from app.errors import InputRejected
from app.media import MediaWorkerPool, ProcessedMedia
from app.media.pixels import register_heif
from app.messages import template_for
from app.messages.ingest import MESSAGES

#: Decodable by Pillow but refused on purpose.
REFUSED_ON_PURPOSE = {
    # frame 2 outside a 100×100 canvas
    "pillow/decompression_bomb_extents.gif": "import.too_many_pixels",
    # Pillow opens these (the manifest says "ok") but fails to decode the pixels
    "pillow/broken_data_stream.png": "import.corrupt",
    "pillow/truncated_end_chunk.png": "import.truncated",
}
#: Decoded, but no clean copy can be made (documented in the report): Pillow cannot write PA as PNG.
NO_COPY = {"pillow/rdf.tif"}

FORBIDDEN_GROUPS = re.compile(
    r"^(GPS|XMP.*|IPTC|Photoshop|MakerNotes|IFD1|ExifIFD|InteropIFD|SubIFD.*|MPF\d*|MPImage\d*|JUMBF|C2PA|"
    r"Ducky|FlashPix|PrintIM|Canon.*|Nikon.*|Olympus.*|Sony.*|Panasonic.*|FujiFilm.*|Pentax.*|Samsung.*|"
    r"Apple.*|Kodak.*|Casio.*|Ricoh.*|Sanyo.*|Minolta.*|Reconyx.*|Leaf|Trailer|PreviewImage|ICC_Profile.*)$"
)
FORBIDDEN_TAGS = re.compile(
    r"(Make|Model|Serial|Artist|Author|Creator|Owner|Copyright|Software|Date|Time|Comment|Description|"
    r"Thumbnail|Preview|Text|Title|Keyword|Caption|Credit|By-line|Location|City|Country|Latitude|Longitude|"
    r"GPS|UniqueID|Trailer|History|Document|Instance)",
    re.IGNORECASE,
)
# about 100 s on the 2-core machine (HEIC decoding and PNG encoding dominate)
pytestmark = pytest.mark.slow

SYSTEM_GROUPS = {"System", "ExifTool", "File", "Composite", "SourceFile"}


_CACHE: dict[str, tuple[bytes, Any]] = {}


@pytest.fixture
def swept(corpus: Path) -> dict[str, tuple[bytes, Any]]:
    """One sweep per test session (``corpus`` is function-scoped, so the result is cached here)."""
    if not _CACHE:
        _CACHE.update(_sweep(corpus))
    return _CACHE


def _sweep(corpus: Path) -> dict[str, tuple[bytes, Any]]:
    entries = json.loads((corpus / "MANIFEST.json").read_text())
    out: dict[str, tuple[bytes, Any]] = {}
    with MediaWorkerPool(workers=2) as pool:
        futures: dict[str, tuple[bytes, Future[ProcessedMedia]]] = {}
        for e in entries:
            data = (corpus / e["file"]).read_bytes()
            futures[e["file"]] = (data, pool.submit(data))
        for name, (data, fut) in futures.items():
            try:
                out[name] = (data, fut.result(timeout=300))
            except InputRejected as exc:
                out[name] = (data, exc)
    out["__manifest__"] = (b"", {e["file"]: e for e in entries})
    return out


register_heif()


def _results(swept: dict[str, tuple[bytes, Any]]) -> dict[str, tuple[bytes, Any]]:
    return {k: v for k, v in swept.items() if k != "__manifest__"}


def _expected_refusal(entry: dict[str, Any]) -> bool:
    if entry["file"] in REFUSED_ON_PURPOSE:
        return True
    return entry["pillow_13_0_0"] != "ok" and not entry["container"].startswith("other:b'PNG")


def test_bad_files_are_refused_with_a_code(swept: dict[str, tuple[bytes, Any]]) -> None:
    manifest = swept["__manifest__"][1]
    for name, (_, result) in _results(swept).items():
        if _expected_refusal(manifest[name]):
            assert isinstance(result, InputRejected), (name, result)
            assert result.code in MESSAGES and template_for(result.code), result
            if name in REFUSED_ON_PURPOSE:
                assert result.code == REFUSED_ON_PURPOSE[name]
            if "decompression_bomb" in name or "reallybig" in name:
                assert result.code in ("import.too_many_pixels",
                                       "import.unsupported"), (name, result)
        else:
            assert not isinstance(result, InputRejected), (name, result)


def test_every_decodable_image_gets_a_pixel_equal_copy(swept: dict[str, tuple[bytes, Any]]) -> None:
    for name, (data, r) in _results(swept).items():
        if isinstance(r, InputRejected) or r.kind != "image":
            continue
        if name in NO_COPY:
            assert r.sanitized is None and r.sanitize_error, name
            continue
        assert r.sanitized is not None, (name, r.sanitize_error)
        assert r.pixels_equal and r.sanitized_pixels == r.original_pixels, name
        # independent re-check of frame 0, outside the code under test
        a, b = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(r.sanitized))
        a.load()
        b.load()
        assert (a.mode, a.size) == (b.mode, b.size), name
        assert a.tobytes() == b.tobytes(), name
        assert (r.thumbnail is not None
                and max(Image.open(io.BytesIO(r.thumbnail)).size) <= 320), name


def test_displayed_orientation_is_unchanged(swept: dict[str, tuple[bytes, Any]]) -> None:
    checked = 0
    for name, (data, r) in _results(swept).items():
        if isinstance(r, InputRejected) or r.sanitized is None:
            continue
        if r.orientation in (None, 1) and r.converted_from not in ("image/heic", "image/avif"):
            continue
        a = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
        b = ImageOps.exif_transpose(Image.open(io.BytesIO(r.sanitized)))
        assert a.size == b.size and a.tobytes() == b.tobytes(), name
        checked += 1
    assert checked >= 20


def test_landscape_series_all_display_like_landscape_1(swept: dict[str, tuple[bytes, Any]]) -> None:
    def small(im: Image.Image) -> Image.Image:
        return im.convert("L").resize((60, 45))

    def diff(a: Image.Image, b: Image.Image) -> float:
        return (sum(abs(x - y) for x, y in zip(a.tobytes(), b.tobytes(), strict=True))
                / len(a.tobytes()))

    ref = small(ImageOps.exif_transpose(Image.open(io.BytesIO(
        swept["exif-samples/jpg/orientation/landscape_1.jpg"][1].sanitized))))
    wrong = [ref.transpose(t) for t in (Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.ROTATE_180,
                                        Image.Transpose.FLIP_TOP_BOTTOM)]
    for i in range(2, 9):
        r = swept[f"exif-samples/jpg/orientation/landscape_{i}.jpg"][1]
        assert r.orientation == i
        shown = ImageOps.exif_transpose(Image.open(io.BytesIO(r.sanitized)))
        assert shown.size == (600, 450)
        shown = small(shown)
        # the same picture (up to re-encoding noise) and clearly not a mirrored or rotated one
        assert diff(shown, ref) < 0.5 * min(diff(shown, w) for w in wrong), i


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool not installed")
def test_exiftool_finds_nothing_identifying_in_the_copies(swept: dict[str, tuple[bytes, Any]],
                                                          tmp_path: Path) -> None:
    names: dict[str, str] = {}
    for i, (name, (_, r)) in enumerate(_results(swept).items()):
        if isinstance(r, InputRejected) or r.sanitized is None:
            continue
        ext = r.sanitized_media_type.split("/")[1]
        path = tmp_path / f"copy{i}.{ext}"
        path.write_bytes(r.sanitized)
        names[str(path)] = name
    out = subprocess.run(["exiftool", "-a", "-u", "-G1", "-j", *names], capture_output=True,
                         text=True, timeout=120, check=True)
    reports = json.loads(out.stdout)
    assert len(reports) == len(names)
    problems = []
    for rep in reports:
        name = names[rep["SourceFile"]]
        for key, value in rep.items():
            group, _, tag = key.partition(":")
            if group in SYSTEM_GROUPS or not tag:
                continue
            if group.startswith("ICC") and _standard_icc(rep):
                continue
            if FORBIDDEN_GROUPS.match(group) or FORBIDDEN_TAGS.search(tag):
                problems.append((name, key, str(value)[:60]))
            if tag == "Warning" and re.search(r"trailer|after|unknown", str(value), re.I):
                problems.append((name, key, value))
        if "IFD0:Orientation" in rep:
            assert [k for k in rep if k.startswith("IFD0:")] == ["IFD0:Orientation"], name
    assert not problems, problems[:20]


def _standard_icc(rep: dict[str, Any]) -> bool:
    return (rep.get("ICC-header:ProfileCMMType") is not None
            and rep.get("ICC_Profile:ProfileDescription") in (
                "sRGB IEC61966-2.1", "Adobe RGB (1998)", "Display P3",
            ))


def test_report_counts(swept: dict[str, tuple[bytes, Any]]) -> None:
    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for _, (_, r) in _results(swept).items():
        if isinstance(r, InputRejected):
            counts["refused"] += 1
            reasons[r.code] += 1
        elif r.kind == "attachment":
            counts["attachments"] += 1
        else:
            counts["images"] += 1
            counts["converted"] += r.converted_from is not None
            counts["no_copy"] += r.sanitized is None
    print(f"\ncorpus: {dict(counts)} refused: {dict(reasons)}")
    assert counts["images"] + counts["attachments"] + counts["refused"] == len(_results(swept))
