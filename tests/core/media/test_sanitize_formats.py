# SPDX-License-Identifier: GPL-3.0-or-later
"""Container surgery of the sanitiser, format by format, on files built with Pillow at test time.

Each test plants identifying bytes (``gen.MARK``) in a metadata segment/chunk/block, runs the
walker and the sanitiser directly, and checks what a defender relies on: the planted bytes are gone,
the removal is named, the kept structure is byte-identical, the pixels are unchanged and the
re-scan of :mod:`app.media.verify` finds nothing. The walkers' refusals of malformed input and the
checks around the sanitiser are in ``test_sanitize_guards.py``; the file builders in ``formats.py``.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from app.media import canonical as can
from app.media import icc, process
from app.media import sanitize as san
from app.media.containers import (
    jpeg_kind,
    walk_gif,
    walk_jpeg,
    walk_png,
    walk_webp,
)
from app.media.verify import rescan
from tests.core.media import gen
from tests.core.media.formats import (
    PROFILE,
    SECRET,
    after_jfif,
    frames_of,
    gif_file,
    jpeg_file,
    png_file,
    segment,
    sub_blocks,
    webp_file,
)


def _allow_profile(monkeypatch: pytest.MonkeyPatch, profile: bytes = PROFILE) -> None:
    monkeypatch.setitem(icc.STANDARD_PROFILES, icc.profile_key(profile), "test profile")


# --------------------------------------------------------------------------------------- JPEG





def _icc_segments(profile: bytes, seqs: tuple[int, ...] = (1, 2)) -> list[bytes]:
    half = len(profile) // 2
    pieces = [profile[:half], profile[half:]]
    return [segment(0xE2, b"ICC_PROFILE\x00" + bytes([seq, len(seqs)]) + piece)
            for seq, piece in zip(seqs, pieces, strict=True)]


def test_jpeg_every_identifying_appn_and_com_segment_is_dropped_and_named() -> None:
    base = jpeg_file()
    exif = b"Exif\x00\x00" + gen.identity_exif().tobytes()
    planted = {
        "exif": segment(0xE1, exif),
        "xmp": segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + gen.xmp_packet()),
        "iptc": segment(0xED, gen.iptc_app13()),
        "comment": segment(0xFE, b"shot by " + SECRET),
        "mpf": segment(0xE2, b"MPF\x00MM\x00\x2a" + SECRET),
        "c2pa": segment(0xEB, b"JP\x00\x01" + SECRET),
        "app5": segment(0xE5, b"VendorMakerNote " + SECRET),
        "app15": segment(0xEF, SECRET),
    }
    data = after_jfif(base, *planted.values())
    assert data.count(SECRET) >= len(planted)
    copy = san.sanitize_jpeg(data, walk_jpeg(data), None)
    assert SECRET not in copy.data and b"Photoshop" not in copy.data
    assert set(copy.removed) == {"exif", "xmp", "iptc", "comment", "mpf", "c2pa", "app5", "app15"}
    # What is left is the decoder's own segments, byte for byte the same as the clean file.
    assert copy.data == base and copy.media_type == "image/jpeg"
    assert frames_of(copy.data) == frames_of(base)
    assert rescan(copy.data, "image/jpeg", None) == []


def test_jpeg_extended_xmp_segment_is_dropped() -> None:
    base = jpeg_file()
    data = after_jfif(base, segment(0xE1, b"http://ns.adobe.com/xmp/extension/\x00" + SECRET))
    copy = san.sanitize_jpeg(data, walk_jpeg(data), None)
    assert copy.data == base and SECRET not in copy.data


def test_jpeg_extended_xmp_segment_is_named_xmp() -> None:
    body = b"http://ns.adobe.com/xmp/extension/\x00" + b"0" * 32 + SECRET
    assert jpeg_kind(0xE1, body) == "APP1:ExtendedXMP"
    data = after_jfif(jpeg_file(), segment(0xE1, body))
    assert san.sanitize_jpeg(data, walk_jpeg(data), None).removed == ["xmp"]


def test_jpeg_jfif_thumbnail_is_cut_but_the_jfif_header_kept() -> None:
    base = jpeg_file()
    jfif = walk_jpeg(base).parts[1]
    header = base[jfif.body_start : jfif.body_start + 12]
    thumb = bytes([2, 1]) + SECRET[:6]  # a 2×1 RGB thumbnail
    data = base[: jfif.start] + segment(0xE0, header + thumb) + base[jfif.end :]
    copy = san.sanitize_jpeg(data, walk_jpeg(data), None)
    assert copy.removed == ["jfif.thumbnail"] and SECRET[:6] not in copy.data
    parts = walk_jpeg(copy.data).parts
    assert parts[1].kind == "APP0:JFIF" and parts[1].body_end - parts[1].body_start == 14
    assert copy.data[parts[1].body_start : parts[1].body_start + 12] == header  # density kept
    assert copy.data == base and frames_of(copy.data) == frames_of(base)


def test_jpeg_jfif_with_bytes_beyond_a_zero_sized_thumbnail_is_trimmed() -> None:
    base = jpeg_file()
    jfif = walk_jpeg(base).parts[1]
    body = base[jfif.body_start : jfif.body_end] + SECRET  # thumbnail size 0×0, hidden bytes after
    data = base[: jfif.start] + segment(0xE0, body) + base[jfif.end :]
    copy = san.sanitize_jpeg(data, walk_jpeg(data), None)
    assert copy.removed == ["jfif.thumbnail"] and copy.data == base


def test_jpeg_second_jfif_and_jfxx_thumbnail_are_dropped() -> None:
    base = jpeg_file()
    jfif = walk_jpeg(base).parts[1]
    second = segment(0xE0, base[jfif.body_start : jfif.body_end])
    jfxx = segment(0xE0, b"JFXX\x00\x13" + SECRET)
    data = after_jfif(base, second, jfxx)
    copy = san.sanitize_jpeg(data, walk_jpeg(data), None)
    assert copy.data == base
    assert set(copy.removed) == {"app0", "jfif.thumbnail"}


def test_jpeg_clean_jfif_reports_nothing_removed() -> None:
    base = jpeg_file()
    copy = san.sanitize_jpeg(base, walk_jpeg(base), None)
    assert copy.data == base and copy.removed == []


@pytest.mark.parametrize("with_jfif", [True, False])
def test_jpeg_orientation_is_rewritten_as_a_one_tag_exif_before_the_image_data(
    with_jfif: bool,
) -> None:
    base = jpeg_file()
    if not with_jfif:
        jfif = walk_jpeg(base).parts[1]
        base = base[: jfif.start] + base[jfif.end :]
    data = gen.insert_jpeg_segment(base, 0xE1, b"Exif\x00\x00" + gen.identity_exif(6).tobytes())
    copy = san.sanitize_jpeg(data, walk_jpeg(data), 6)
    assert SECRET not in copy.data
    kinds = [p.kind for p in walk_jpeg(copy.data).parts]
    assert kinds.count("APP1:Exif") == 1
    # right after SOI/JFIF: before the first table, where readers look for it
    assert kinds.index("APP1:Exif") == (2 if with_jfif else 1)
    assert kinds.index("APP1:Exif") < kinds.index("DQT")
    exif = Image.open(io.BytesIO(copy.data)).getexif()
    assert dict(exif) == {0x0112: 6}
    assert rescan(copy.data, "image/jpeg", 6) == []


@pytest.mark.parametrize("orientation", [None, 1, 0, 9])
def test_jpeg_no_exif_is_written_for_the_identity_or_a_bogus_orientation(
    orientation: int | None,
) -> None:
    data = gen.jpeg_full_of_metadata()
    copy = san.sanitize_jpeg(data, walk_jpeg(data), orientation)
    assert b"Exif\x00\x00" not in copy.data and "exif" in copy.removed
    assert dict(Image.open(io.BytesIO(copy.data)).getexif()) == {}


def test_jpeg_icc_profile_off_the_allowlist_is_dropped() -> None:
    base = jpeg_file()
    data = after_jfif(base, *_icc_segments(PROFILE))
    assert Image.open(io.BytesIO(data)).info["icc_profile"] == PROFILE
    copy = san.sanitize_jpeg(data, walk_jpeg(data), None)
    assert copy.removed == ["icc:non-standard"]
    assert copy.data == base and b"ICC_PROFILE" not in copy.data


def test_jpeg_allowlisted_multi_segment_icc_profile_is_kept_intact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _allow_profile(monkeypatch)
    data = after_jfif(jpeg_file(), *_icc_segments(PROFILE))
    copy = san.sanitize_jpeg(data, walk_jpeg(data), None)
    # the whole profile, re-segmented canonically (one APP2 holds it)
    assert copy.removed == [] and copy.data == after_jfif(jpeg_file(), *can.icc_segments(PROFILE))
    assert Image.open(io.BytesIO(copy.data)).info["icc_profile"] == PROFILE
    assert rescan(copy.data, "image/jpeg", None) == []


@pytest.mark.parametrize("segments", [
    pytest.param(_icc_segments(PROFILE, (1, 3)), id="sequence-gap"),
    pytest.param(_icc_segments(PROFILE, (2, 2)), id="duplicate-sequence"),
    pytest.param([segment(0xE2, b"ICC_PROFILE\x00\x01")], id="header-cut-short"),
])
def test_jpeg_inconsistent_icc_segments_are_dropped_even_if_the_profile_is_allowed(
    monkeypatch: pytest.MonkeyPatch, segments: list[bytes],
) -> None:
    _allow_profile(monkeypatch)
    data = after_jfif(jpeg_file(), *segments)
    walk = walk_jpeg(data)
    assert san.jpeg_icc(data, [p for p in walk.parts if p.kind == "APP2:ICC"]) is None
    copy = san.sanitize_jpeg(data, walk, None)
    assert copy.removed == ["icc:non-standard"] and b"ICC_PROFILE" not in copy.data


def test_jpeg_icc_reassembles_segments_in_sequence_order() -> None:
    data = after_jfif(jpeg_file(), *reversed(_icc_segments(PROFILE)))
    parts = [p for p in walk_jpeg(data).parts if p.kind == "APP2:ICC"]
    assert san.jpeg_icc(data, parts) == PROFILE


def test_jpeg_junk_between_segments_and_data_after_eoi_are_dropped() -> None:
    base = jpeg_file()
    jfif = walk_jpeg(base).parts[1]
    data = base[: jfif.end] + b"junk " + SECRET + base[jfif.end :] + b"PK\x03\x04" + SECRET
    walk = walk_jpeg(data)
    assert "junk" in [p.kind for p in walk.parts] and walk.trailer == 4 + len(SECRET)
    copy = san.sanitize_jpeg(data, walk, None)
    assert set(copy.removed) == {"jpeg.junk", f"trailer:{4 + len(SECRET)}"}
    assert copy.data == base and SECRET not in copy.data


def test_jpeg_restart_interval_and_adobe_segments_are_kept() -> None:
    base = jpeg_file(restart_marker_rows=1)
    adobe = segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01")
    data = after_jfif(base, adobe)
    copy = san.sanitize_jpeg(data, walk_jpeg(data), None)
    kinds = [p.kind for p in walk_jpeg(copy.data).parts]
    assert "DRI" in kinds and "APP14:Adobe" in kinds and copy.removed == []
    assert copy.data == data and frames_of(copy.data) == frames_of(base)


# ---------------------------------------------------------------------------------------- PNG



def _after_ihdr(png: bytes, *chunks: bytes) -> bytes:
    ihdr = walk_png(png).parts[0]
    return png[: ihdr.end] + b"".join(chunks) + png[ihdr.end :]


def test_png_text_exif_xmp_time_and_private_chunks_are_dropped_and_named() -> None:
    base = png_file()
    chunks = {
        "tEXt": gen.png_chunk(b"tEXt", b"Author\x00" + SECRET),
        "zTXt": gen.png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(SECRET)),
        "iTXt": gen.png_chunk(b"iTXt", b"Description\x00\x00\x00en\x00\x00" + SECRET),
        "xmp": gen.png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + gen.xmp_packet()),
        "eXIf": gen.png_chunk(b"eXIf", gen.identity_exif().tobytes()),
        "raw-exif": gen.png_chunk(b"zTXt", b"Raw profile type exif\x00\x00"
                                  + zlib.compress(b"\nexif\n  10\n" + SECRET)),
        "raw-iptc": gen.png_chunk(b"tEXt", b"Raw profile type iptc\x00" + SECRET),
        "tIME": gen.png_chunk(b"tIME", struct.pack(">HBBBBB", 2024, 1, 2, 3, 4, 5)),
        "caBX": gen.png_chunk(b"caBX", b"jumb" + SECRET),
        "prVt": gen.png_chunk(b"prVt", SECRET),
    }
    data = _after_ihdr(base, *chunks.values())
    copy = san.sanitize_png(data, walk_png(data), None)
    assert SECRET not in copy.data and b"Raw profile" not in copy.data
    assert set(copy.removed) == {"png.text", "xmp", "exif", "png.time", "c2pa", "png.chunk:prVt"}
    assert copy.data == base and copy.media_type == "image/png"
    assert rescan(copy.data, "image/png", None) == []


def test_png_rendering_chunks_are_kept_byte_for_byte() -> None:
    im = gen.gradient((30, 20)).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    data = png_file(im, transparency=3)
    data = _after_ihdr(data, gen.png_chunk(b"gAMA", struct.pack(">I", 45455)),
                       gen.png_chunk(b"sBIT", b"\x08\x08\x08"))
    kinds = [p.kind for p in walk_png(data).parts]
    assert {"PLTE", "tRNS", "gAMA", "sBIT"} <= set(kinds)
    copy = san.sanitize_png(data, walk_png(data), None)
    assert copy.data == data and copy.removed == []
    assert frames_of(copy.data) == frames_of(data)


def test_png_orientation_is_one_exif_chunk_placed_before_the_image_data() -> None:
    data = _after_ihdr(png_file(), gen.png_chunk(b"eXIf", gen.identity_exif(3).tobytes()))
    copy = san.sanitize_png(data, walk_png(data), 3)
    parts = walk_png(copy.data).parts
    kinds = [p.kind for p in parts]
    assert kinds.count("eXIf") == 1 and kinds.index("eXIf") < kinds.index("IDAT")
    exif = parts[kinds.index("eXIf")]
    assert copy.data[exif.body_start : exif.body_end] == san.orientation_exif(3)
    assert SECRET not in copy.data and "exif" in copy.removed
    assert frames_of(copy.data) == frames_of(data)
    assert rescan(copy.data, "image/png", 3) == []


def test_png_iccp_off_the_allowlist_is_dropped() -> None:
    data = png_file(icc_profile=PROFILE)
    assert "iCCP" in [p.kind for p in walk_png(data).parts]
    copy = san.sanitize_png(data, walk_png(data), None)
    assert copy.removed == ["icc:non-standard"] and b"iCCP" not in copy.data
    assert frames_of(copy.data) == frames_of(data)


def test_png_allowlisted_iccp_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    _allow_profile(monkeypatch)
    data = png_file(icc_profile=PROFILE)
    copy = san.sanitize_png(data, walk_png(data), None)
    assert copy.removed == [] and copy.data == data
    assert Image.open(io.BytesIO(copy.data)).info["icc_profile"] == PROFILE


@pytest.mark.parametrize("body", [
    pytest.param(b"x" * 100, id="no-name-terminator"),
    pytest.param(b"icc\x00", id="no-compression-byte"),
    pytest.param(b"icc\x00\x00not zlib" + SECRET, id="bad-zlib"),
])
def test_png_broken_iccp_is_dropped_even_when_allowlisted(
    monkeypatch: pytest.MonkeyPatch, body: bytes,
) -> None:
    _allow_profile(monkeypatch)
    assert san.png_iccp_profile(body) is None
    base = png_file()
    data = _after_ihdr(base, gen.png_chunk(b"iCCP", body))
    copy = san.sanitize_png(data, walk_png(data), None)
    assert copy.removed == ["icc:non-standard"] and copy.data == base


def test_png_iccp_profile_decompression_is_capped() -> None:
    body = b"icc\x00\x00" + zlib.compress(PROFILE)
    assert san.png_iccp_profile(body) == PROFILE
    assert san.png_iccp_profile(body, cap=len(PROFILE) - 1) is None  # a zlib bomb stops at cap


def test_png_text_written_by_pillow_is_gone_from_an_apng_copy() -> None:
    frames = [gen.noise("RGB", (16, 12), seed=s) for s in range(2)]
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Author", gen.MARK, lang="en", tkey="Autor")
    data = png_file(frames[0], save_all=True, append_images=frames[1:], pnginfo=info)
    copy = san.sanitize_png(data, walk_png(data), 6)
    kinds = [p.kind for p in walk_png(copy.data).parts]
    # the orientation goes before the first frame control chunk, ahead of all image data
    assert kinds.index("eXIf") < kinds.index("fcTL") < kinds.index("IDAT")
    assert SECRET not in copy.data and copy.removed == ["png.text"]
    assert frames_of(copy.data) == frames_of(data)


# ---------------------------------------------------------------------------------------- GIF



def _app_ext(ident: bytes, payload: bytes) -> bytes:
    return b"\x21\xff" + bytes([len(ident)]) + ident + sub_blocks(payload)



def test_gif_comment_xmp_icc_plain_text_and_unknown_app_blocks_are_dropped() -> None:
    base = gif_file()
    walk = walk_gif(base)
    assert {"app:NETSCAPE2.0", "ext:F9"} <= {p.kind for p in walk.parts}
    planted = (
        b"\x21\xfe" + sub_blocks(b"comment " + SECRET)
        + _app_ext(b"XMP DataXMP", gen.xmp_packet())
        + _app_ext(b"ICCRGBG1012", PROFILE)
        + b"\x21\x01\x0c" + bytes(12) + sub_blocks(SECRET)  # plain text extension
        + _app_ext(b"MYAPP01.0\x00\x00", SECRET)
    )
    at = walk.parts[1].start
    data = base[:at] + planted + base[at:] + b"tail " + SECRET
    copy = san.sanitize_gif(data, walk_gif(data))
    assert SECRET not in copy.data and b"XMP" not in copy.data
    assert set(copy.removed) == {"comment", "xmp", "icc:non-standard", "gif.ext:01",
                                 "gif.app:MYAPP01.0\x00\x00", f"trailer:{5 + len(SECRET)}"}
    # looping, frame timing and both frames survive, byte for byte
    assert copy.data == base and copy.media_type == "image/gif"
    assert frames_of(copy.data) == frames_of(base)
    assert rescan(copy.data, "image/gif", None) == []


# --------------------------------------------------------------------------------------- WebP



def _riff(*chunks: bytes) -> bytes:
    payload = b"".join(chunks)
    return b"RIFF" + struct.pack("<I", 4 + len(payload)) + b"WEBP" + payload


def _chunk(fourcc: bytes, body: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) & 1 else b"")


def _webp_chunks(data: bytes) -> dict[str, bytes]:
    return {p.kind: data[p.start : p.end] for p in walk_webp(data).parts}


def test_webp_exif_xmp_c2pa_unknown_and_foreign_icc_chunks_are_dropped() -> None:
    data = webp_file(icc_profile=PROFILE, exif=gen.identity_exif(), xmp=gen.xmp_packet())
    data = _riff(data[12:], _chunk(b"C2PA", SECRET), _chunk(b"ZZZZ", SECRET + b"!"))
    flags = data[20]
    assert flags & 0x20 and flags & 0x08 and flags & 0x04  # ICC, EXIF and XMP announced
    copy = san.sanitize_webp(data, walk_webp(data), None)
    assert SECRET not in copy.data and b"test" not in copy.data
    assert set(copy.removed) == {"icc:non-standard", "exif", "xmp", "c2pa", "webp.chunk:ZZZZ"}
    assert list(_webp_chunks(copy.data)) == ["VP8X", "VP8L"]
    assert copy.data[20] & (0x20 | 0x08 | 0x04) == 0  # flags no longer announce what is gone
    assert struct.unpack("<I", copy.data[4:8])[0] == len(copy.data) - 8
    assert frames_of(copy.data) == frames_of(data)
    assert rescan(copy.data, "image/webp", None) == []


def test_webp_allowlisted_icc_is_kept_and_flagged(monkeypatch: pytest.MonkeyPatch) -> None:
    _allow_profile(monkeypatch)
    data = webp_file(icc_profile=PROFILE, xmp=gen.xmp_packet())
    copy = san.sanitize_webp(data, walk_webp(data), None)
    assert copy.removed == ["xmp"]
    assert _webp_chunks(copy.data)["ICCP"] == _webp_chunks(data)["ICCP"]
    assert copy.data[20] & 0x20 and not copy.data[20] & 0x04
    assert Image.open(io.BytesIO(copy.data)).info["icc_profile"] == PROFILE


def test_webp_orientation_needs_vp8x_and_is_written_as_one_tag() -> None:
    extended = webp_file(exif=gen.identity_exif(8))
    copy = san.sanitize_webp(extended, walk_webp(extended), 8)
    chunks = _webp_chunks(copy.data)
    assert chunks["EXIF"][8:] == san.orientation_exif(8) and copy.data[20] & 0x08
    assert dict(Image.open(io.BytesIO(copy.data)).getexif()) == {0x0112: 8}
    simple = webp_file()
    assert list(_webp_chunks(simple)) == ["VP8L"]
    copy = san.sanitize_webp(simple, walk_webp(simple), 8)
    # a simple-format file cannot announce an EXIF chunk, so none is added to it
    assert copy.data == simple and copy.removed == []


def test_webp_last_chunk_missing_its_pad_byte_is_padded_and_trailer_cut() -> None:
    buf = io.BytesIO()
    gen.gradient((8, 9)).save(buf, "WEBP", lossless=True)
    vp8l = _webp_chunks(buf.getvalue())["VP8L"]
    size = struct.unpack("<I", vp8l[4:8])[0]
    assert size & 1 and len(vp8l) == 8 + size + 1
    unpadded = b"RIFF" + struct.pack("<I", 4 + 8 + size) + b"WEBP" + vp8l[:-1]
    data = unpadded + SECRET
    walk = walk_webp(data)
    assert walk.trailer == len(SECRET) and walk.width == 8 and walk.height == 9
    copy = san.sanitize_webp(data, walk, None)
    assert copy.removed == [f"trailer:{len(SECRET)}"] and SECRET not in copy.data
    assert copy.data == buf.getvalue()  # exactly the well-formed file
    assert walk_webp(copy.data).trailer == 0
    assert frames_of(copy.data) == frames_of(buf.getvalue())


# ---------------------------------------------------------------------------------------- BMP


def _bmp() -> bytes:
    buf = io.BytesIO()
    gen.gradient((10, 6)).save(buf, "BMP")
    return buf.getvalue()


def test_bmp_is_always_converted_so_its_reserved_fields_gaps_and_trailer_are_gone() -> None:
    base = _bmp()
    assert struct.unpack("<I", base[14:18])[0] == 40
    offset = struct.unpack("<I", base[10:14])[0]
    # the reserved fields, a gap before the pixels and bytes after bfSize all hold the marker
    hidden = (base[:2] + struct.pack("<I", len(base) + 20) + SECRET[:4]
              + struct.pack("<I", offset + 16) + base[14:offset] + SECRET[:16] + base[offset:]
              + SECRET)
    assert frames_of(hidden) == frames_of(base)
    r = process(hidden)
    assert r.sanitize_error is None and r.pixels_equal and r.sanitized is not None
    assert (r.sanitized_media_type, r.converted_from) == ("image/png", "image/bmp")
    assert SECRET[:4] not in r.sanitized


def _bmp_v4(base: bytes) -> bytes:
    """``base`` with a BITMAPV4HEADER (colour space fields) instead of the plain 40-byte one."""
    extra = 68
    size, offset = struct.unpack("<I", base[2:6])[0], struct.unpack("<I", base[10:14])[0]
    head = (b"BM" + struct.pack("<I", size + extra) + base[6:10] + struct.pack("<I", offset + extra)
            + struct.pack("<I", 108) + base[18:54])
    return head + bytes(16) + b"BGRs" + bytes(48) + base[offset:]


def test_bmp_with_a_colour_space_header_is_converted_to_png_with_equal_pixels() -> None:
    base = _bmp()
    v4 = _bmp_v4(base)
    assert frames_of(v4) == frames_of(base)
    r = process(v4)
    assert r.sanitize_error is None and r.pixels_equal
    assert (r.sanitized_media_type, r.converted_from) == ("image/png", "image/bmp")
    assert r.sanitized is not None and b"BGRs" not in r.sanitized


# ------------------------------------------------------------------------------ PNG conversion


def test_to_png_carries_only_transparency_orientation_and_an_allowed_icc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    im = gen.gradient((12, 8)).convert("P")
    im.info.update({"transparency": 0, "comment": SECRET, "dpi": (300, 300), "author": SECRET})
    before = dict(im.info)
    copy = san.to_png(im, 5, "image/tiff", PROFILE)
    assert copy.removed == ["icc:non-standard"] and copy.converted_from == "image/tiff"
    assert im.info == before  # the caller's image is left as it was
    assert SECRET not in copy.data and b"test" not in copy.data
    out = Image.open(io.BytesIO(copy.data))
    assert "transparency" in out.info and "icc_profile" not in out.info
    assert dict(out.getexif()) == {0x0112: 5}
    assert out.convert("RGBA").tobytes() == im.convert("RGBA").tobytes()
    assert rescan(copy.data, "image/png", 5) == []
    _allow_profile(monkeypatch)
    kept = san.to_png(gen.gradient((4, 4)), None, "image/heic", PROFILE)
    assert kept.removed == [] and Image.open(io.BytesIO(kept.data)).info["icc_profile"] == PROFILE
    assert b"eXIf" not in kept.data


def test_to_png_refuses_a_mode_png_cannot_hold() -> None:
    im = gen.gradient((4, 4), "CMYK")
    im.info["comment"] = SECRET
    with pytest.raises(OSError, match="CMYK"):
        san.to_png(im, None, "image/tiff", None)
    assert im.info["comment"] == SECRET  # info restored even when saving fails


def test_orientation_exif_holds_exactly_one_tag() -> None:
    for value in range(1, 9):
        exif = Image.Exif()
        exif.load(b"Exif\x00\x00" + san.orientation_exif(value))
        assert dict(exif) == {0x0112: value}
