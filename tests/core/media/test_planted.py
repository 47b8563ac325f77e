# SPDX-License-Identifier: GPL-3.0-or-later
"""Bytes hidden inside the structures a clean copy keeps never reach it (issue 12, point 2).

A kept structure is rebuilt from its fields (:mod:`app.media.canonical`) and the proof accounts
for every byte of the copy (:mod:`app.media.account`). The named cases of the issue come first,
then a seeded fuzz over generated files and the real corpus (``tests/core/media/plant.py``; the
10,000-input run is ``python bench/fuzz_sanitize.py``), then exiftool as an independent oracle.
"""

from __future__ import annotations

import base64
import io
import json
import random
import shutil
import struct
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from app.media import canonical as can
from app.media import icc, process
from app.media import sanitize as san
from app.media.account import account, account_bytes
from app.media.containers import walk_gif, walk_jpeg, walk_webp
from tests.core.media import plant
from tests.core.media.formats import ICC_WITH_ID, after_jfif, frames_of, jpeg_file, segment
from tests.core.media.plant import MARKER

# ------------------------------------------------------------------- the cases of the issue


def _clean(data: bytes) -> bytes:
    r = process(data)
    assert r.sanitize_error is None and r.pixels_equal, r.sanitize_error
    assert r.sanitized is not None
    return r.sanitized


def test_bytes_appended_to_an_adobe_segment_are_not_copied() -> None:
    data = after_jfif(jpeg_file(), segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01" + MARKER))
    copy = _clean(data)
    assert MARKER not in copy
    adobe = [p for p in walk_jpeg(copy).parts if p.kind == "APP14:Adobe"]
    assert len(adobe) == 1 and copy[adobe[0].body_start : adobe[0].body_end] == (
        b"Adobe\x00\x64\x00\x00\x00\x00\x01")
    assert "extra-bytes:APP14:Adobe" in process(data).removed


def test_a_cmyk_jpeg_keeps_its_adobe_transform_without_the_planted_bytes() -> None:
    buf = io.BytesIO()
    Image.new("CMYK", (24, 16), (10, 200, 30, 40)).save(buf, "JPEG")
    base = buf.getvalue()
    adobe = next(p for p in walk_jpeg(base).parts if p.kind == "APP14:Adobe")
    planted = plant.plant(base, (walk_jpeg(base).parts.index(adobe), "append"), MARKER)
    copy = _clean(planted)
    assert MARKER not in copy and frames_of(copy) == frames_of(base)


def _gif_with_netscape_extra() -> bytes:
    frames = [Image.new("P", (8, 6), i) for i in (1, 2)]
    for f in frames:
        f.putpalette(list(range(256)) * 3)
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], loop=7, duration=30)
    data = buf.getvalue()
    i = next(i for i, p in enumerate(walk_gif(data).parts) if p.kind == "app:NETSCAPE2.0")
    return plant.plant(data, (i, "sub-block"), MARKER)


def test_a_netscape_extension_keeps_only_its_loop_count() -> None:
    data = _gif_with_netscape_extra()
    copy = _clean(data)
    assert MARKER not in copy
    ext = [copy[p.start : p.end] for p in walk_gif(copy).parts if p.kind.startswith("app:")]
    assert ext == [b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x07\x00\x00"]
    assert Image.open(io.BytesIO(copy)).info["loop"] == 7


def test_other_gif_application_extensions_are_dropped() -> None:
    data = _gif_with_netscape_extra()
    at = walk_gif(data).parts[1].start
    data = data[:at] + b"\x21\xff\x0bANIMEXTS1.0\x03\x01\x02\x00\x00" + data[at:]
    copy = san.sanitize_gif(data, walk_gif(data))
    # the first looping extension is kept (rebuilt), the second dropped
    assert copy.data.count(b"\x21\xff") == 1 and b"NETSCAPE2.0\x03\x01\x02\x00\x00" in copy.data


def test_bytes_after_the_lzw_data_of_a_gif_frame_are_cut() -> None:
    data = dict(plant.generated())["anim.gif"]
    image = next(i for i, p in enumerate(walk_gif(data).parts) if p.kind == "image")
    copy = _clean(plant.plant(data, (image, "sub-block"), MARKER))
    assert MARKER not in copy and frames_of(copy) == frames_of(data)


def _animated_webp() -> bytes:
    return dict(plant.generated())["anim.webp"]


@pytest.mark.parametrize("variant", ["sub-chunk", "append"])
def test_an_anmf_frame_keeps_only_its_header_and_bitstream(variant: str) -> None:
    data = _animated_webp()
    i = next(i for i, p in enumerate(walk_webp(data).parts) if p.kind == "ANMF")
    planted = plant.plant(data, (i, variant), MARKER)
    body = walk_webp(planted).parts[i]
    copy = san.sanitize_webp(planted, walk_webp(planted), None)
    assert MARKER not in copy.data and "extra-bytes:ANMF" in copy.removed
    assert can.anmf_chunk(planted[body.body_start : body.body_end]) in copy.data
    assert frames_of(copy.data) == frames_of(data)  # libwebp reads the rebuilt frames
    assert account(copy.data, "image/webp", None) == []


def test_webp_vp8x_and_anim_are_rebuilt_at_their_fixed_sizes() -> None:
    data = _animated_webp()
    parts = walk_webp(data).parts
    vp8x, anim = data[parts[0].start : parts[0].end], data[parts[1].start : parts[1].end]
    # reserved VP8X bits and bytes set, a pad byte that is not zero: none of it is kept
    bad_vp8x = vp8x[:8] + bytes([vp8x[8] | 0xC1]) + b"\x01\x02\x03" + vp8x[12:]
    mangled = data[:12] + bad_vp8x + data[12 + len(vp8x) :]
    copy = san.sanitize_webp(mangled, walk_webp(mangled), None)
    assert copy.data[12 : 12 + len(vp8x)] == vp8x
    assert copy.data[12 + len(vp8x) : 12 + len(vp8x) + len(anim)] == anim
    assert len(anim) == 8 + 6


def test_png_fixed_chunks_longer_than_their_type_allows_are_cut_to_size() -> None:
    data = dict(plant.generated())["render-chunks.png"]
    for site in plant.sites(data):
        planted = plant.plant(data, site, MARKER)
        kind, r = plant.outcome(planted)
        assert kind in ("cleaned", "refused"), site
        if kind == "cleaned" and r is not None and r.sanitized is not None:
            assert account(r.sanitized, "image/png", None) == []


def test_png_image_data_after_the_end_of_the_zlib_stream_is_cut() -> None:
    data = dict(plant.generated())["rgb.png"]
    for site in [(1, "append"), (1, "stored-block"), (-1, "idat-after")]:
        copy = _clean(plant.plant(data, site, MARKER))
        assert MARKER not in copy and frames_of(copy) == frames_of(data)


def test_png_image_data_longer_than_the_image_is_refused() -> None:
    im = Image.new("L", (4, 4), 9)
    raw = b"".join(b"\x00" + im.tobytes()[y * 4 : y * 4 + 4] for y in range(4))
    ihdr = struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n" + can.png_chunk(b"IHDR", ihdr)
            + can.png_chunk(b"IDAT", zlib_of(raw + b"\x00" + MARKER)) + can.png_chunk(b"IEND", b""))
    assert Image.open(io.BytesIO(data)).convert("L").tobytes() == im.tobytes()
    r = process(data)
    assert r.sanitized is None and r.sanitize_error is not None
    assert "inflates to more than the image holds" in r.sanitize_error


def zlib_of(raw: bytes) -> bytes:
    import zlib

    return zlib.compress(raw)


def test_a_kept_icc_profile_loses_its_profile_id_and_odd_rendering_intent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(icc.STANDARD_PROFILES, icc.profile_key(ICC_WITH_ID), "test profile")
    secret = ICC_WITH_ID[84:98]
    assert secret == b"+9647701234567"
    for fmt in ("JPEG", "PNG", "WEBP"):
        buf = io.BytesIO()
        Image.new("RGB", (8, 8), (1, 2, 3)).save(buf, fmt, icc_profile=ICC_WITH_ID,
                                                 **({"lossless": True} if fmt == "WEBP" else {}))
        copy = _clean(buf.getvalue())
        assert secret not in copy, fmt
        kept = Image.open(io.BytesIO(copy)).info["icc_profile"]
        assert kept[84:100] == bytes(16) and kept[64:68] == bytes(4), fmt
        assert icc.is_standard(kept), fmt


# ----------------------------------------------------------------------- the accounting check


def test_every_byte_of_a_clean_copy_is_accounted_for() -> None:
    for name, data in plant.generated():
        r = process(data)
        assert r.sanitized is not None and r.sanitized_media_type is not None, name
        acc = account_bytes(r.sanitized, r.sanitized_media_type, r.orientation)
        assert acc.unaccounted == [], name
        assert acc.header + acc.structure + acc.image == len(r.sanitized), name
        assert acc.image > 0 and acc.header > 0, name


def test_a_copy_with_an_unaccounted_byte_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    real = san.sanitize_jpeg

    def leaky(data: bytes, walk, orientation):  # type: ignore[no-untyped-def]
        out = real(data, walk, orientation)
        # what the old sanitiser let through: an Adobe segment with bytes after its 12
        out.data = after_jfif(out.data, segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01"
                                                 + MARKER))
        return out

    monkeypatch.setattr(san, "sanitize_jpeg", leaky)
    r = process(jpeg_file())
    assert r.sanitized is None and r.removed == [] and not r.pixels_equal
    assert r.sanitize_error is not None
    assert r.sanitize_error.startswith("sanitize.unaccounted_bytes: APP14:Adobe:+20@")


@pytest.mark.parametrize("extra", [
    pytest.param(lambda c: c[:20] + b"\x00" + c[20:], id="junk-between-segments"),
    pytest.param(lambda c: c[:20] + b"\xff" + c[20:], id="fill-byte-between-segments"),
    pytest.param(lambda c: c + MARKER, id="after-the-end"),
])
def test_bytes_between_or_after_the_parts_are_unaccounted(extra) -> None:  # type: ignore[no-untyped-def]
    copy = _clean(jpeg_file())
    assert account(copy, "image/jpeg", None) == []
    assert account(extra(copy), "image/jpeg", None) != []


# ---------------------------------------------------------------------------------- the fuzz


def _fuzz(inputs: list[tuple[str, bytes]], rnd: random.Random,
          per_site: int) -> tuple[Counter[str], list[tuple[str, tuple[int, str]]]]:
    counts: Counter[str] = Counter()
    found: list[tuple[str, tuple[int, str]]] = []
    for name, data in inputs:
        for site in plant.sites(data):
            for _ in range(per_site):
                kind, _r = plant.outcome(plant.plant(data, site, plant.payloads(rnd)))
                counts[kind] += 1
                if kind == "found":
                    found.append((name, site))
    return counts, found


def test_fuzz_markers_planted_in_generated_files_reach_no_clean_copy() -> None:
    counts, found = _fuzz(list(plant.generated()), random.Random(20261202), per_site=2)
    assert found == []
    assert counts["cleaned"] >= 100 and sum(counts.values()) >= 200, counts


@pytest.mark.slow
def test_fuzz_markers_planted_in_corpus_files_reach_no_clean_copy(corpus: Path) -> None:
    rnd = random.Random(12)
    files = list(plant.corpus_files(corpus, max_bytes=120_000))
    sample = rnd.sample(files, min(len(files), 40))
    counts, found = _fuzz(sample, rnd, per_site=1)
    assert found == []
    assert counts["cleaned"] >= 50, counts


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool not installed")
def test_exiftool_sees_no_marker_in_the_clean_copies_of_planted_files(tmp_path: Path) -> None:
    written: dict[str, str] = {}
    for name, data in plant.generated():
        for site in plant.sites(data):
            kind, r = plant.outcome(plant.plant(data, site, MARKER))
            if kind == "cleaned" and r is not None and r.sanitized is not None:
                path = tmp_path / f"{len(written)}.{(r.sanitized_media_type or '/x').split('/')[1]}"
                path.write_bytes(r.sanitized)
                written[str(path)] = f"{name}{site}"
    assert len(written) >= 50
    out = subprocess.run(["exiftool", "-a", "-u", "-G1", "-j", "-b", *written],
                         capture_output=True, text=True, timeout=120, check=False)
    reports = json.loads(out.stdout)
    assert len(reports) == len(written)
    seen = []
    for rep in reports:
        for key, value in rep.items():
            text = str(value)
            raw = (base64.b64decode(text[7:]) if text.startswith("base64:")
                   else text.encode("utf-8", "replace"))
            if b"OWNER" in raw or b"9647701234567" in raw:
                seen.append((written[rep["SourceFile"]], key))
    assert seen == []


def test_jpeg_tables_no_scan_decodes_with_are_dropped() -> None:
    """A complete extra quantisation table (id 3) and Huffman table (AC 3) decode fine and are
    used by nothing: a planted message in their values is not copied."""
    base = jpeg_file()
    qtable = b"\x03" + (MARKER * 4)[:64]
    symbols = MARKER
    htable = b"\x13" + bytes([0, len(symbols)] + [0] * 14) + symbols
    data = after_jfif(base, segment(0xDB, qtable), segment(0xC4, htable))
    assert frames_of(data) == frames_of(base)
    r = process(data)
    assert r.sanitized is not None and MARKER not in r.sanitized, r.sanitize_error
    assert "jpeg.unused_tables" in r.removed
    # an overwritten definition is not used either
    parts = walk_jpeg(base).parts
    dqt = next(p for p in parts if p.kind == "DQT")
    first = base[dqt.body_start : dqt.body_start + 65]
    decoy = bytes([first[0]]) + (MARKER * 4)[:64]
    twice = base[: dqt.start] + segment(0xDB, decoy) + base[dqt.start :]
    assert frames_of(twice) == frames_of(base)
    assert MARKER not in _clean(twice)
