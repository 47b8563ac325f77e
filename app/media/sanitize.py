# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Sanitised copies by lossless container surgery with an allowlist (security-notes §0 item 1).

JPEG, PNG, GIF and WebP are rebuilt from the segments/chunks/blocks the walkers of
:mod:`app.media.containers` return: allowlisted parts are copied byte for byte, the rest is
dropped and named in ``removed``. Orientation is re-written as a one-tag EXIF. TIFF, HEIC/HEIF,
AVIF and BMP files with more than a bare header are converted to a lossless PNG of the decode.
Nothing here decodes: :mod:`app.media.verify` proves the result.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass, field

from PIL import Image

from app.media import icc
from app.media.containers import SOF_MARKERS, Part, Walk

JPEG_KEEP = {"SOI", "DQT", "DHT", "DAC", "DRI", "SOS", "DNL", "EOI", "APP14:Adobe"} | {
    f"SOF{m - 0xC0}" for m in SOF_MARKERS
}
PNG_KEEP = {"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "acTL", "fcTL",
            "fdAT"}
GIF_KEEP = {"header", "image", "ext:F9", "app:NETSCAPE2.0", "app:ANIMEXTS1.0", "trailer"}
WEBP_KEEP = {"VP8X", "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF"}

_JPEG_DROP_NAMES = {
    "APP1:Exif": "exif", "APP1:XMP": "xmp", "APP1:ExtendedXMP": "xmp", "APP13:Photoshop": "iptc",
    "COM": "comment", "APP2:MPF": "mpf", "APP0:JFXX": "jfif.thumbnail", "APP11:JUMBF": "c2pa",
}
_PNG_DROP_NAMES = {"tEXt": "png.text", "zTXt": "png.text", "iTXt": "png.text", "eXIf": "exif",
                   "tIME": "png.time", "caBX": "c2pa"}


@dataclass
class Sanitized:
    """The copy and what was taken out to make it."""

    data: bytes
    media_type: str
    removed: list[str] = field(default_factory=list)
    converted_from: str | None = None


def orientation_exif(orientation: int) -> bytes:
    """A big-endian TIFF structure holding exactly one tag, Orientation (0x0112, SHORT)."""
    return (b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">HHHIHH", 1, 0x0112, 3, 1, orientation, 0)
            + b"\x00" * 4)


def _wants_orientation(orientation: int | None) -> bool:
    return orientation is not None and 2 <= orientation <= 8


def _add(removed: list[str], name: str) -> None:
    if name not in removed:
        removed.append(name)


# --------------------------------------------------------------------------------------- JPEG


def sanitize_jpeg(data: bytes, walk: Walk, orientation: int | None) -> Sanitized:
    """Keep the decoding segments, JFIF (without thumbnail), APP14 Adobe and a standard ICC."""
    removed: list[str] = []
    icc_parts = [p for p in walk.parts if p.kind == "APP2:ICC"]
    keep_icc = False
    if icc_parts:
        profile = jpeg_icc(data, icc_parts)
        keep_icc = profile is not None and icc.is_standard(profile)
        if not keep_icc:
            _add(removed, "icc:non-standard")
    out = bytearray(b"\xff\xd8")
    exif_done = False
    jfif_done = False

    def put_exif() -> None:
        nonlocal exif_done
        if not exif_done and _wants_orientation(orientation):
            body = b"Exif\x00\x00" + orientation_exif(orientation or 1)
            out.extend(b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body)
        exif_done = True

    for part in walk.parts[1:]:
        kind = part.kind
        if kind == "APP0:JFIF" and not jfif_done and part.body_end - part.body_start >= 14:
            body = data[part.body_start : part.body_start + 12]
            if (any(data[part.body_start + 12 : part.body_start + 14])
                    or part.body_end - part.body_start > 14):
                _add(removed, "jfif.thumbnail")
            out.extend(b"\xff\xe0\x00\x10" + body + b"\x00\x00")
            jfif_done = True
            put_exif()
            continue
        if kind.startswith(("SOF", "DQT", "DHT", "SOS")) or kind in ("DAC", "DRI", "DNL", "EOI"):
            put_exif()
        if kind in JPEG_KEEP or (kind == "APP2:ICC" and keep_icc) or kind.startswith("RST"):
            out.extend(data[part.start : part.end])
        elif kind == "junk":
            _add(removed, "jpeg.junk")
        elif kind != "APP2:ICC":
            _add(removed, _JPEG_DROP_NAMES.get(
                kind, kind.lower().split(":")[0] if kind.startswith("APP") else kind.lower()))
    if walk.trailer:
        _add(removed, f"trailer:{walk.trailer}")
    return Sanitized(bytes(out), "image/jpeg", removed)


def jpeg_icc(data: bytes, parts: list[Part]) -> bytes | None:
    """Reassemble a (possibly multi-segment) JPEG ICC profile, or None if it is inconsistent."""
    chunks: dict[int, bytes] = {}
    for p in parts:
        body = data[p.body_start : p.body_end]
        if len(body) < 14:
            return None
        chunks[body[12]] = body[14:]
    if sorted(chunks) != list(range(1, len(chunks) + 1)):
        return None
    return b"".join(chunks[i] for i in sorted(chunks))


# ---------------------------------------------------------------------------------------- PNG


def png_chunk(ctype: bytes, body: bytes) -> bytes:
    """One PNG chunk with length and CRC."""
    return (struct.pack(">I", len(body)) + ctype + body
            + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF))


def png_iccp_profile(body: bytes, cap: int = 4 * 1024 * 1024) -> bytes | None:
    """The decompressed profile of an iCCP chunk body (None when broken or larger than ``cap``)."""
    nul = body.find(b"\x00", 0, 80)
    if nul < 0 or len(body) < nul + 2:
        return None
    try:
        dec = zlib.decompressobj()
        out = dec.decompress(body[nul + 2 :], cap)
        return None if dec.unconsumed_tail else out
    except zlib.error:
        return None


def sanitize_png(data: bytes, walk: Walk, orientation: int | None) -> Sanitized:
    """Keep the chunk allowlist (plus a standard iCCP); write eXIf with only Orientation."""
    removed: list[str] = []
    out = bytearray(data[:8])
    exif_done = not _wants_orientation(orientation)
    for part in walk.parts:
        kind = part.kind
        if not exif_done and kind in ("IDAT", "fcTL", "IEND"):
            out.extend(png_chunk(b"eXIf", orientation_exif(orientation or 1)))
            exif_done = True
        if kind in PNG_KEEP:
            out.extend(data[part.start : part.end])
        elif kind == "iCCP":
            profile = png_iccp_profile(data[part.body_start : part.body_end])
            if profile is not None and icc.is_standard(profile):
                out.extend(data[part.start : part.end])
            else:
                _add(removed, "icc:non-standard")
        elif (kind == "iTXt"
                and data[part.body_start : part.body_start + 18] == b"XML:com.adobe.xmp\x00"):
            _add(removed, "xmp")
        elif (kind in ("tEXt", "zTXt")
                and data[part.body_start : part.body_start + 22].startswith(b"Raw profile type ")):
            _add(removed, "exif" if b"exif" in data[part.body_start : part.body_start + 24]
                 else "png.text")
        else:
            _add(removed, _PNG_DROP_NAMES.get(kind, f"png.chunk:{kind}"))
    if walk.trailer:
        _add(removed, f"trailer:{walk.trailer}")
    return Sanitized(bytes(out), "image/png", removed)


# ---------------------------------------------------------------------------------------- GIF


def sanitize_gif(data: bytes, walk: Walk) -> Sanitized:
    """Keep header, images, graphic control and the looping extension; drop the rest."""
    removed: list[str] = []
    out = bytearray()
    for part in walk.parts:
        if part.kind in GIF_KEEP:
            out.extend(data[part.start : part.end])
        elif part.kind == "ext:FE":
            _add(removed, "comment")
        elif part.kind.startswith("app:XMP"):
            _add(removed, "xmp")
        elif part.kind.startswith("app:ICCRGBG1"):
            _add(removed, "icc:non-standard")
        else:
            _add(removed, "gif." + part.kind)
    if walk.trailer:
        _add(removed, f"trailer:{walk.trailer}")
    return Sanitized(bytes(out), "image/gif", removed)


# --------------------------------------------------------------------------------------- WebP


def sanitize_webp(data: bytes, walk: Walk, orientation: int | None) -> Sanitized:
    """Rewrite the RIFF: drop EXIF, XMP, unknown chunks and non-standard ICCP; fix VP8X flags."""
    removed: list[str] = []
    chunks: list[bytes] = []
    vp8x_index = -1
    keep_icc = False
    for part in walk.parts:
        kind = part.kind
        raw = data[part.start : part.end]
        if len(raw) & 1:
            raw += b"\x00"
        if kind == "VP8X":
            vp8x_index = len(chunks)
            chunks.append(raw)
        elif kind in WEBP_KEEP:
            chunks.append(raw)
        elif kind == "ICCP":
            if icc.is_standard(data[part.body_start : part.body_end]):
                keep_icc = True
                chunks.append(raw)
            else:
                _add(removed, "icc:non-standard")
        elif kind == "EXIF":
            _add(removed, "exif")
        elif kind == "XMP ":
            _add(removed, "xmp")
        elif kind == "C2PA":
            _add(removed, "c2pa")
        else:
            _add(removed, f"webp.chunk:{kind.strip()}")
    exif = _wants_orientation(orientation) and vp8x_index >= 0
    if exif:
        body = orientation_exif(orientation or 1)
        chunks.append(b"EXIF" + struct.pack("<I", len(body)) + body
                      + (b"\x00" if len(body) & 1 else b""))
    if vp8x_index >= 0:
        vp8x = bytearray(chunks[vp8x_index])
        flags = vp8x[8] & ~(0x20 | 0x08 | 0x04)
        vp8x[8] = flags | (0x20 if keep_icc else 0) | (0x08 if exif else 0)
        chunks[vp8x_index] = bytes(vp8x)
    payload = b"".join(chunks)
    if walk.trailer:
        _add(removed, f"trailer:{walk.trailer}")
    return Sanitized(b"RIFF" + struct.pack("<I", 4 + len(payload)) + b"WEBP" + payload,
                     "image/webp", removed)


# ------------------------------------------------------------------------------ BMP and others


def sanitize_bmp(data: bytes) -> Sanitized | None:
    """A BMP with a plain header (≤ 40 bytes: no colour space, no ICC) is kept, cut at ``bfSize``.

    Returns None when the BMP needs a PNG conversion instead.
    """
    if len(data) < 18:
        return None
    bf_size = struct.unpack("<I", data[2:6])[0]
    header = struct.unpack("<I", data[14:18])[0]
    if header > 40 or bf_size > len(data) or bf_size < 26:
        return None
    removed = [f"trailer:{len(data) - bf_size}"] if bf_size < len(data) else []
    return Sanitized(data[:bf_size], "image/bmp", removed)


def to_png(im: Image.Image, orientation: int | None, source_type: str,
           icc_profile: bytes | None) -> Sanitized:
    """A lossless PNG of the decoded frame ``im`` carrying only transparency, orientation and a
    standard ICC.

    Raises:
        OSError: Pillow cannot write this mode as PNG (e.g. CMYK).
    """
    removed: list[str] = []
    params: dict[str, object] = {}
    if _wants_orientation(orientation):
        params["exif"] = b"Exif\x00\x00" + orientation_exif(orientation or 1)
    if icc_profile:
        if icc.is_standard(icc_profile):
            params["icc_profile"] = icc_profile
        else:
            removed.append("icc:non-standard")
    saved = im.info
    im.info = {k: v for k, v in saved.items() if k == "transparency"}
    try:
        buf = io.BytesIO()
        im.save(buf, "PNG", compress_level=1, **params)
    finally:
        im.info = saved
    return Sanitized(buf.getvalue(), "image/png", removed, converted_from=source_type)
