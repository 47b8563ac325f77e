# SPDX-License-Identifier: GPL-3.0-or-later
"""Generated cases for the media layer: each builds a hostile or metadata-laden file with Pillow."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import exifread
import pytest
from PIL import Image, ImageOps

from app.errors import InputRejected
from app.media import Limits, ProcessedMedia, process, sniff
from app.media import canonical as can
from app.media import sanitize as san
from app.media.containers import walk_gif, walk_jpeg, walk_png, walk_webp
from app.media.types import DEFAULT_LIMITS
from app.messages import template_for
from tests.core.media import gen


def _decode(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def _clean(r: ProcessedMedia) -> bytes:
    assert r.sanitize_error is None, r.sanitize_error
    assert r.sanitized is not None and r.pixels_equal
    assert r.sanitized_pixels == r.original_pixels
    assert gen.MARK.encode() not in r.sanitized
    tags = exifread.process_file(io.BytesIO(r.sanitized), details=False)
    assert set(tags) <= {"Image Orientation"}, sorted(tags)
    return r.sanitized


def _refused(data: bytes, code: str, limits: Limits = DEFAULT_LIMITS) -> InputRejected:
    with pytest.raises(InputRejected) as info:
        process(data, limits)
    assert info.value.code == code, info.value
    assert template_for(code), f"no message for {code}"
    return info.value


def test_jpeg_with_gps_make_model_comment_xmp_iptc() -> None:
    data = gen.jpeg_full_of_metadata()
    r = process(data)
    assert (r.media_type, r.kind, r.width, r.height) == ("image/jpeg", "image", 96, 64)
    assert r.metadata["gps"]["GPS GPSLatitude"].startswith("[33, 18")
    assert r.metadata["gps_decimal"]["latitude"] == pytest.approx(33.30208, abs=1e-4)
    assert gen.MARK in r.metadata["exif"]["Image Make"]
    assert gen.MARK in r.metadata["xmp"]["text"]
    assert gen.MARK in r.metadata["comment"][0]
    assert any(gen.MARK in v for vals in r.metadata["iptc"].values() for v in vals)
    for cat in ("exif.gps", "exif", "xmp", "iptc", "comment"):
        assert cat in r.removed, (cat, r.removed)
    copy = _clean(r)
    kinds = [p.kind for p in walk_jpeg(copy).parts]
    assert "COM" not in kinds and "APP13:Photoshop" not in kinds and "APP1:XMP" not in kinds
    assert r.thumbnail and r.thumbnail_media_type == "image/jpeg"
    assert max(_decode(r.thumbnail).size) <= 320


def test_progressive_jpeg_keeps_every_scan() -> None:
    data = gen.jpeg_full_of_metadata(progressive=True)
    r = process(data)
    copy = _clean(r)
    scans = [p for p in walk_jpeg(copy).parts if p.kind == "SOS"]
    assert len(scans) > 1
    assert _decode(copy).tobytes() == _decode(data).tobytes()


def test_cmyk_jpeg_is_pixel_equal_and_keeps_adobe() -> None:
    buf = io.BytesIO()
    gen.gradient((40, 30), "CMYK").save(buf, "JPEG", comment=b"c " + gen.MARK.encode())
    data = buf.getvalue()
    r = process(data)
    copy = _clean(r)
    assert r.original_pixels is not None and r.original_pixels.mode == "CMYK"
    assert "APP14:Adobe" in [p.kind for p in walk_jpeg(copy).parts]
    assert _decode(copy).tobytes() == _decode(data).tobytes()


def test_dropping_adobe_would_change_cmyk_pixels_so_the_proof_catches_it(
    monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    data = (corpus / "pillow" / "pil_sample_cmyk.jpg").read_bytes()
    assert process(data).sanitized is not None
    monkeypatch.setattr(can, "adobe_segment", lambda body: None)  # the sanitiser drops it
    r = process(data)
    assert r.sanitized is None and not r.pixels_equal
    assert r.sanitize_error is not None and r.sanitize_error.startswith("sanitize.")


def test_a_copy_that_is_not_clean_is_never_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    real = san.sanitize_jpeg

    def leaky(data: bytes, walk, orientation):  # type: ignore[no-untyped-def]
        out = real(data, walk, orientation)
        out.data = gen.insert_jpeg_segment(out.data, 0xFE, b"leak")
        return out

    monkeypatch.setattr(san, "sanitize_jpeg", leaky)
    r = process(gen.jpeg_full_of_metadata())
    assert r.sanitized is None and r.sanitized_media_type is None and r.removed == []
    assert r.sanitize_error is not None and "COM" in r.sanitize_error


def test_jpeg_zip_polyglot_is_cut_at_eoi() -> None:
    payload = gen.zip_bytes()
    data = gen.jpeg_full_of_metadata() + payload
    assert zipfile.is_zipfile(io.BytesIO(data))
    assert sniff(data[:65536]) == ("image/jpeg", "image")
    r = process(data)
    copy = _clean(r)
    assert f"trailer:{len(payload)}" in r.removed
    assert r.metadata["trailer"]["bytes"] == len(payload)
    assert copy.endswith(b"\xff\xd9") and walk_jpeg(copy).trailer == 0
    assert not zipfile.is_zipfile(io.BytesIO(copy))


def test_png_with_old_data_after_iend_acropalypse() -> None:
    big = gen.png_bytes(gen.noise("RGB", (80, 60), seed=3))
    cropped = gen.png_bytes(gen.noise("RGB", (40, 30), seed=4))
    # the tail of the uncropped screenshot stays behind IEND
    data = cropped + big[len(cropped) // 2 :]
    r = process(data)
    copy = _clean(r)
    trailer = len(data) - len(cropped)
    assert f"trailer:{trailer}" in r.removed
    assert copy.endswith(b"IEND\xaeB`\x82") and walk_png(copy).trailer == 0
    assert len(copy) <= len(cropped)


def test_exif_description_holding_html_is_kept_raw_in_metadata_and_out_of_the_copy() -> None:
    html = "<img src='data:image/png;base64,AAAA' onerror=alert(1)><b>" + gen.MARK + "</b>"
    buf = io.BytesIO()
    gen.gradient().save(buf, "JPEG", exif=gen.identity_exif(description=html))
    r = process(buf.getvalue())
    assert r.metadata["exif"]["Image ImageDescription"] == html
    copy = _clean(r)
    assert b"<img" not in copy


def test_png_ihdr_claiming_100000_by_100000_is_refused_before_decoding(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import ImageFile

    def no_decoding(self: object) -> None:
        raise AssertionError("the pixels were decoded before the size was refused")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    err = _refused(gen.png_claiming(100_000, 100_000), "import.too_many_pixels")
    assert (err.params["width"], err.params["height"]) == (100_000, 100_000)


def test_animated_gif_with_comments() -> None:
    frames = [gen.noise("P", (30, 20), seed=s) for s in range(4)]
    for f in frames:
        f.putpalette(list(range(256)) * 3)
    frames[0].info["comment"] = ("first " + gen.MARK).encode()
    frames[2].info["comment"] = ("third " + gen.MARK).encode()
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], loop=0, duration=80,
                   comment=("first " + gen.MARK).encode())
    data = buf.getvalue()
    assert data.count(gen.MARK.encode()) >= 1
    r = process(data)
    copy = _clean(r)
    assert r.frames == 4 and r.original_pixels is not None and r.original_pixels.frames == 4
    assert "comment" in r.removed
    assert not [p for p in walk_gif(copy).parts if p.kind == "ext:FE"]
    assert _decode(copy).n_frames == 4  # type: ignore[attr-defined]


def test_apng_keeps_animation_drops_text() -> None:
    frames = [gen.noise("RGBA", (24, 16), seed=s) for s in range(3)]
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", gen.MARK)
    info.add_itxt("Comment", gen.MARK, zip=True)
    data = gen.png_bytes(frames[0], save_all=True, append_images=frames[1:], pnginfo=info,
                         duration=100)
    r = process(data)
    copy = _clean(r)
    assert r.frames == 3 and "png.text" in r.removed
    kinds = [p.kind for p in walk_png(copy).parts]
    assert "acTL" in kinds and "fdAT" in kinds and "tEXt" not in kinds and "zTXt" not in kinds
    assert r.thumbnail_media_type == "image/png"


def test_webp_with_exif_and_xmp_keeps_orientation() -> None:
    buf = io.BytesIO()
    gen.gradient((50, 30)).save(buf, "WEBP", lossless=True, exif=gen.identity_exif(orientation=6),
                                xmp=gen.xmp_packet())
    data = buf.getvalue()
    assert {p.kind for p in walk_webp(data).parts} >= {"VP8X", "EXIF", "XMP "}
    r = process(data)
    copy = _clean(r)
    assert r.orientation == 6 and {"exif", "xmp", "exif.gps"} <= set(r.removed)
    kinds = {p.kind for p in walk_webp(copy).parts}
    assert "XMP " not in kinds
    flags = copy[20]
    # XMP flag cleared, EXIF flag set for the one-tag EXIF
    assert flags & 0x04 == 0 and flags & 0x08
    orig, clean = ImageOps.exif_transpose(_decode(data)), ImageOps.exif_transpose(_decode(copy))
    assert orig.size == (30, 50) and orig.tobytes() == clean.tobytes()
    thumb = _decode(r.thumbnail or b"")
    assert thumb.size[0] < thumb.size[1]  # orientation applied to the thumbnail


def test_png_orientation_written_as_exif_chunk_with_one_tag() -> None:
    exif = gen.identity_exif(orientation=8)
    data = gen.png_bytes(gen.gradient((40, 20)), exif=exif)
    r = process(data)
    copy = _clean(r)
    exif_chunks = [p for p in walk_png(copy).parts if p.kind == "eXIf"]
    assert len(exif_chunks) == 1 and (copy[exif_chunks[0].body_start : exif_chunks[0].body_end]
                                      == san.orientation_exif(8))
    assert (ImageOps.exif_transpose(_decode(copy)).tobytes()
            == ImageOps.exif_transpose(_decode(data)).tobytes())


def test_limits_file_size_and_frames() -> None:
    data = gen.jpeg_full_of_metadata()
    _refused(data, "import.too_large", Limits(max_file_bytes=len(data) - 1))
    frames = [gen.noise("L", (8, 8), seed=s) for s in range(5)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
    _refused(buf.getvalue(), "import.too_many_frames", Limits(max_frames=3))
    _refused(gen.png_bytes(gen.gradient((100, 100))), "import.too_many_pixels",
             Limits(max_pixels=9_999))


def test_metadata_size_limit() -> None:
    data = gen.insert_jpeg_segment(gen.jpeg_full_of_metadata(), 0xE5, b"x" * 60_000)
    _refused(data, "import.metadata_too_large", Limits(max_metadata_bytes=50_000))


def test_truncated_and_corrupt() -> None:
    data = gen.png_bytes(gen.noise("RGB", (64, 64)))
    _refused(data[: len(data) // 2], "import.truncated")
    jpeg = gen.jpeg_full_of_metadata()
    err = pytest.raises(InputRejected, process, jpeg[: len(jpeg) - 400]).value
    assert err.code in ("import.truncated", "import.corrupt")
    _refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "import.corrupt")


def test_a_failed_decode_is_never_swallowed() -> None:
    # getexif() on a PNG loads it; a load error there must not leave a half-decoded image behind
    good = gen.png_bytes(gen.noise("RGB", (64, 64)), exif=gen.identity_exif(orientation=6))
    idat = good.index(b"IDAT")
    length = int.from_bytes(good[idat - 4 : idat], "big")
    body = bytearray(good[idat + 4 : idat + 4 + length])
    body[len(body) // 2 : len(body) // 2 + 40] = b"\xff" * 40
    bad = good[: idat - 4] + gen.png_chunk(b"IDAT", bytes(body)) + good[idat + 8 + length :]
    with pytest.raises(InputRejected) as info:
        process(bad)
    assert info.value.code in ("import.corrupt", "import.truncated")


def test_unsupported_image_type_is_refused_and_attachments_are_not_decoded() -> None:
    _refused(b"\xff\x0a" + b"\x00" * 100, "import.unsupported")
    r = process(b"%PDF-1.7\n" + b"x" * 1000)
    assert ((r.media_type, r.kind, r.sanitized, r.original_pixels, r.thumbnail)
            == ("application/pdf", "attachment", None, None, None))
    assert process(b"<!DOCTYPE html><script>alert(1)</script>").media_type == "text/html"


def test_a_metadata_reader_that_throws_never_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **k: object) -> None:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad")

    monkeypatch.setattr(exifread, "process_file", boom)
    r = process(gen.png_bytes(gen.gradient()))
    assert r.metadata_error == "metadata unreadable: UnicodeDecodeError"
    assert r.original_pixels is not None


def test_metadata_is_capped() -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for i in range(40):
        info.add_text(f"k{i}", "v" * 100_000)
    r = process(gen.png_bytes(gen.gradient(), pnginfo=info))
    import json

    assert len(json.dumps(r.metadata)) <= 256 * 1024
    assert all(len(v) <= 512 for v in r.metadata["png_text"].values())


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0", ("image/jpeg", "image")),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", ("image/webp", "image")),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", ("audio/wav", "attachment")),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", ("image/heic", "image")),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", ("image/avif", "image")),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", ("video/mp4", "attachment")),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", ("video/quicktime", "attachment")),
        (b"PK\x03\x04\x14\x00", ("application/zip", "attachment")),
        (b"ID3\x03\x00", ("audio/mpeg", "attachment")),
        (b"just some text", ("application/octet-stream", "attachment")),
    ],
)
def test_sniff(head: bytes, expected: tuple[str, str]) -> None:
    assert sniff(head) == expected


def test_sniff_ignores_a_lying_name() -> None:
    # the bytes decide: a PNG stays a PNG whatever it is called; nothing here sees a file name
    assert sniff(gen.png_bytes(gen.gradient()))[0] == "image/png"
    assert struct.unpack(">I", gen.png_claiming(7, 9)[16:20])[0] == 7
