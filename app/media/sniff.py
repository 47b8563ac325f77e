# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Decide what a file is from its first bytes, never from its name.

``kind`` is ``"image"`` for every picture format we recognise (whether or not we decode it;
:data:`DECODABLE` lists the ones we do) and ``"attachment"`` for everything else, which is stored
as it is and never decoded.
"""

from __future__ import annotations

OCTET = "application/octet-stream"

#: Image media types the media layer decodes and sanitises.
DECODABLE = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "image/tiff",
        "image/bmp",
        "image/heic",
        "image/heif",
        "image/avif",
    }
)

_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_HEIF_BRANDS = {b"mif1", b"msf1", b"mif2"}
_AVIF_BRANDS = {b"avif", b"avis"}
_MP4_VIDEO = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash",
              b"M4V ", b"M4VH", b"MSNV"}
_MP4_AUDIO = {b"M4A ", b"M4B ", b"M4P ", b"F4A "}

_SIMPLE: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", "image"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "image"),
    (b"GIF87a", "image/gif", "image"),
    (b"GIF89a", "image/gif", "image"),
    (b"II*\x00", "image/tiff", "image"),
    (b"MM\x00*", "image/tiff", "image"),
    (b"II+\x00", "image/tiff", "image"),
    (b"MM\x00+", "image/tiff", "image"),
    (b"\x00\x00\x01\x00", "image/vnd.microsoft.icon", "image"),
    (b"\xff\x0a", "image/jxl", "image"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "image/jxl", "image"),
    (b"8BPS", "image/vnd.adobe.photoshop", "image"),
    (b"%PDF-", "application/pdf", "attachment"),
    (b"PK\x03\x04", "application/zip", "attachment"),
    (b"PK\x05\x06", "application/zip", "attachment"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed", "attachment"),
    (b"Rar!\x1a\x07", "application/vnd.rar", "attachment"),
    (b"\x1f\x8b", "application/gzip", "attachment"),
    (b"\x1a\x45\xdf\xa3", "video/webm", "attachment"),
    (b"OggS", "audio/ogg", "attachment"),
    (b"fLaC", "audio/flac", "attachment"),
    (b"ID3", "audio/mpeg", "attachment"),
    (b"#!AMR", "audio/amr", "attachment"),
    (b"SQLite format 3\x00", "application/vnd.sqlite3", "attachment"),
)


# One return per container signature.
def sniff(head: bytes) -> tuple[str, str]:  # noqa: PLR0911
    """Return ``(media_type, kind)`` for a file that starts with ``head``.

    Args:
        head: The first bytes of the file (64 KiB or the whole file when shorter).

    Returns:
        The sniffed media type and ``"image"`` or ``"attachment"``. Unknown content is
        ``("application/octet-stream", "attachment")``.
    """
    for magic, media_type, kind in _SIMPLE:
        if head.startswith(magic):
            return media_type, kind
    if head[:2] == b"BM" and len(head) >= 26 and head[14:18] in (
        b"\x0c\x00\x00\x00", b"(\x00\x00\x00", b"@\x00\x00\x00", b"8\x00\x00\x00", b"l\x00\x00\x00",
        b"|\x00\x00\x00", b"4\x00\x00\x00",
    ):
        return "image/bmp", "image"
    if head[:4] == b"RIFF" and len(head) >= 12:
        form = head[8:12]
        if form == b"WEBP":
            return "image/webp", "image"
        if form == b"WAVE":
            return "audio/wav", "attachment"
        if form == b"AVI ":
            return "video/x-msvideo", "attachment"
    if head[4:8] == b"ftyp":
        return _sniff_ftyp(head)
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and head[1] != 0xFF:
        return "audio/mpeg", "attachment"
    text = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "text/html", "attachment"
    if text.startswith(b"<?xml") and b"<svg" in head[:4096].lower():
        return "image/svg+xml", "attachment"
    return OCTET, "attachment"


def _sniff_ftyp(head: bytes) -> tuple[str, str]:
    size = int.from_bytes(head[0:4], "big")
    major = head[8:12]
    end = min(len(head), size if 16 <= size <= 4096 else 64)
    brands = {major} | {head[i : i + 4] for i in range(16, end - 3, 4)}
    if major in _AVIF_BRANDS or (major not in _HEIC_BRANDS and brands & _AVIF_BRANDS):
        return "image/avif", "image"
    if major in _HEIC_BRANDS or brands & _HEIC_BRANDS:
        return "image/heic", "image"
    if major in _HEIF_BRANDS:
        return "image/heif", "image"
    if major in _MP4_AUDIO:
        return "audio/mp4", "attachment"
    if major == b"qt  ":
        return "video/quicktime", "attachment"
    if major.startswith(b"3g"):
        return "video/3gpp", "attachment"
    if major in _MP4_VIDEO or brands & _MP4_VIDEO:
        return "video/mp4", "attachment"
    return OCTET, "attachment"
