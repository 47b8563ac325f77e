# SPDX-License-Identifier: GPL-3.0-or-later
"""Type detection by content: every signature :mod:`app.media.sniff` knows, and what it refuses.

What a defender relies on: only bytes decide; an image is recognised whatever it is called, and
anything that is not a picture we know (HTML, SVG, archives, video, audio, look-alike headers) is
an ``attachment``, which is stored as it is and never handed to a decoder.
"""

from __future__ import annotations

import io
import struct

import pytest

from app.errors import InputRejected
from app.media import process, sniff
from app.media.sniff import DECODABLE, OCTET
from tests.core.media import gen


def _ftyp(major: bytes, *compatible: bytes, size: int | None = None) -> bytes:
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", size if size is not None else 8 + len(body)) + b"ftyp" + body


def _bmp_head(dib_size: int) -> bytes:
    return b"BM" + struct.pack("<IHHI", 1000, 0, 0, 14 + dib_size) + struct.pack("<I", dib_size) \
        + bytes(16)


@pytest.mark.parametrize(("head", "expected"), [
    (b"\xff\xd8\xff\xdb", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "image/png"),
    (b"GIF87a\x01\x00", "image/gif"),
    (b"GIF89a\x01\x00", "image/gif"),
    (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
    (b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
    (b"II+\x00\x08\x00", "image/tiff"),  # BigTIFF
    (b"MM\x00+\x00\x08", "image/tiff"),
    (b"\x00\x00\x01\x00\x01\x00", "image/vnd.microsoft.icon"),
    (b"\xff\x0a\xfa", "image/jxl"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "image/jxl"),
    (b"8BPS\x00\x01", "image/vnd.adobe.photoshop"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8L", "image/webp"),
])
def test_image_signatures(head: bytes, expected: str) -> None:
    assert sniff(head) == (expected, "image")


@pytest.mark.parametrize(("head", "expected"), [
    (b"%PDF-1.7\n", "application/pdf"),
    (b"PK\x03\x04\x14\x00", "application/zip"),
    (b"PK\x05\x06" + bytes(18), "application/zip"),  # an empty archive
    (b"7z\xbc\xaf\x27\x1c\x00\x04", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07\x01\x00", "application/vnd.rar"),
    (b"\x1f\x8b\x08\x00", "application/gzip"),
    (b"\x1a\x45\xdf\xa3\x9f", "video/webm"),
    (b"OggS\x00\x02", "audio/ogg"),
    (b"fLaC\x00\x00", "audio/flac"),
    (b"ID3\x04\x00", "audio/mpeg"),
    (b"\xff\xfb\x90\x64", "audio/mpeg"),  # MPEG-1 layer III frame sync, no ID3 tag
    (b"\xff\xf1\x50\x80", "audio/mpeg"),  # ADTS frame sync
    (b"#!AMR\n", "audio/amr"),
    (b"SQLite format 3\x00\x10\x00", "application/vnd.sqlite3"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio/wav"),
    (b"RIFF\x24\x00\x00\x00AVI LIST", "video/x-msvideo"),
])
def test_attachment_signatures(head: bytes, expected: str) -> None:
    assert sniff(head) == (expected, "attachment")


@pytest.mark.parametrize("dib_size", [12, 40, 52, 56, 64, 108, 124])
def test_bmp_is_recognised_by_every_known_header_size(dib_size: int) -> None:
    assert sniff(_bmp_head(dib_size)) == ("image/bmp", "image")


@pytest.mark.parametrize("head", [
    pytest.param(_bmp_head(41), id="unknown-header-size"),
    pytest.param(_bmp_head(40)[:25], id="too-short-for-a-header"),
    pytest.param(b"BMW is a car maker, not a bitmap header.", id="text-starting-with-BM"),
])
def test_bm_look_alikes_are_not_bitmaps(head: bytes) -> None:
    assert sniff(head) == (OCTET, "attachment")


@pytest.mark.parametrize(("head", "expected"), [
    (_ftyp(b"heic", b"mif1", b"heic"), ("image/heic", "image")),
    (_ftyp(b"mif1", b"mif1", b"heic"), ("image/heic", "image")),  # iPhone: brand in the list
    (_ftyp(b"heic", b"avif"), ("image/heic", "image")),  # major HEIC brand wins over AVIF
    (_ftyp(b"hevc", b"msf1"), ("image/heic", "image")),  # HEIC image sequence
    (_ftyp(b"avif", b"mif1", b"miaf"), ("image/avif", "image")),
    (_ftyp(b"avis", b"msf1"), ("image/avif", "image")),
    (_ftyp(b"mif1", b"miaf", b"avif"), ("image/avif", "image")),
    (_ftyp(b"mif1", b"mif1", b"miaf"), ("image/heif", "image")),
    (_ftyp(b"msf1", b"msf1"), ("image/heif", "image")),
    (_ftyp(b"M4A ", b"M4A ", b"mp42"), ("audio/mp4", "attachment")),
    (_ftyp(b"qt  ", b"qt  "), ("video/quicktime", "attachment")),
    (_ftyp(b"3gp5", b"3gp5", b"isom"), ("video/3gpp", "attachment")),
    (_ftyp(b"isom", b"isom", b"avc1"), ("video/mp4", "attachment")),
    (_ftyp(b"XAVC", b"XAVC", b"mp42"), ("video/mp4", "attachment")),  # known brand in the list
    (_ftyp(b"crx ", b"crx "), (OCTET, "attachment")),  # Canon raw: an unknown brand
])
def test_iso_media_brands(head: bytes, expected: tuple[str, str]) -> None:
    assert sniff(head) == expected


def test_iso_media_brand_list_is_bounded_by_the_box_size() -> None:
    # "avif" after the end of the ftyp box (here: inside the next box) is not a brand
    head = _ftyp(b"mif1", b"miaf") + b"\x00\x00\x00\x10free" + b"avif" * 2
    assert sniff(head) == ("image/heif", "image")
    # an implausible box size falls back to the first 64 bytes
    bogus = _ftyp(b"mif1", b"miaf", b"heic", size=0xFFFFFFFF)
    assert sniff(bogus) == ("image/heic", "image")
    beyond = _ftyp(b"mif1", *[b"miaf"] * 20, b"heic", size=0xFFFFFFFF)
    assert sniff(beyond) == ("image/heif", "image")


@pytest.mark.parametrize(("head", "expected"), [
    (b"<!DOCTYPE html><html><script>alert(1)</script>", "text/html"),
    (b"\xef\xbb\xbf\r\n  <HTML><body onload=x()>", "text/html"),  # BOM, blanks, upper case
    (b"\t<head><meta http-equiv=refresh>", "text/html"),
    (b"<body>", "text/html"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>',
     "image/svg+xml"),
    (b'<?xml version="1.0"?><!-- ' + b"x" * 3000 + b' --><SVG/>', "image/svg+xml"),
])
def test_markup_is_an_attachment_never_an_image(head: bytes, expected: str) -> None:
    # SVG and HTML can carry script: they must never reach an image decoder or viewer
    assert sniff(head) == (expected, "attachment")


@pytest.mark.parametrize("head", [
    pytest.param(b"", id="empty"),
    pytest.param(b"\xff", id="one-byte"),
    pytest.param(b"\xff\xd8", id="jpeg-soi-without-marker"),
    pytest.param(b"\xff\xd8\x00\x00", id="jpeg-soi-then-nothing"),
    pytest.param(b"\xff\xff\xff\xff", id="fill-bytes-are-not-mpeg-sync"),
    pytest.param(b"\x89PNG\r\n\x1a", id="png-signature-cut"),
    pytest.param(b"GIF90a", id="gif-unknown-version"),
    pytest.param(b"RIFF\x04\x00\x00\x00WEB", id="riff-too-short"),
    pytest.param(b"RIFF\x04\x00\x00\x00CDXA", id="riff-unknown-form"),
    pytest.param(b"<?xml version='1.0'?><note>svg</note>", id="xml-without-svg-element"),
    pytest.param(b"hello <html>", id="html-not-at-the-start"),
    pytest.param(b"MZ\x90\x00\x03", id="windows-executable"),
    pytest.param(b"\x7fELF\x02\x01", id="elf-executable"),
])
def test_unknown_content_is_an_opaque_attachment(head: bytes) -> None:
    assert sniff(head) == (OCTET, "attachment")


def test_the_name_never_matters_only_the_bytes() -> None:
    jpeg = gen.jpeg_full_of_metadata()
    # a JPEG carrying an HTML comment is still a JPEG; HTML called .jpg is still HTML
    assert sniff(jpeg) == ("image/jpeg", "image")
    assert sniff(b"<html>" + jpeg) == ("text/html", "attachment")
    # a PDF with an image appended is a PDF: stored as it is, never decoded
    r = process(b"%PDF-1.4\n" + jpeg)
    assert (r.kind, r.sanitized, r.original_pixels) == ("attachment", None, None)


@pytest.mark.parametrize(("fmt", "media_type", "kw"), [
    ("JPEG", "image/jpeg", {}),
    ("PNG", "image/png", {}),
    ("GIF", "image/gif", {}),
    ("WEBP", "image/webp", {"lossless": True}),
    ("TIFF", "image/tiff", {}),
    ("BMP", "image/bmp", {}),
    ("ICO", "image/vnd.microsoft.icon", {}),
])
def test_files_written_by_pillow_are_sniffed_as_their_format(
    fmt: str, media_type: str, kw: dict[str, object],
) -> None:
    buf = io.BytesIO()
    gen.gradient((16, 16)).save(buf, fmt, **kw)
    assert sniff(buf.getvalue()) == (media_type, "image")


@pytest.mark.parametrize("head", [
    b"\x00\x00\x01\x00\x01\x00" + bytes(40),
    b"8BPS\x00\x01" + bytes(40),
    b"\x00\x00\x00\x0cJXL \r\n\x87\n" + bytes(40),
])
def test_recognised_images_we_do_not_decode_are_refused_as_unsupported(head: bytes) -> None:
    media_type, kind = sniff(head)
    assert kind == "image" and media_type not in DECODABLE
    with pytest.raises(InputRejected) as info:
        process(head)
    assert info.value.code == "import.unsupported"
    assert info.value.params["media_type"] == media_type


def test_every_decodable_type_has_a_signature() -> None:
    samples = {
        b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBP",
        b"II*\x00", _bmp_head(40), _ftyp(b"heic"), _ftyp(b"mif1"), _ftyp(b"avif"),
    }
    assert {sniff(h)[0] for h in samples} == DECODABLE
