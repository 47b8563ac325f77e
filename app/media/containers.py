# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Container walkers: split JPEG, PNG, GIF and WebP files into their segments without decoding.

The walkers only read lengths and markers, so they are cheap and safe on hostile input; they raise
:class:`ContainerError` when a structure runs past the end of the data. The sanitiser rebuilds
files from the pieces they return, and the verifier re-walks the result.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass


class ContainerError(ValueError):
    """The container structure is broken. ``truncated`` tells a short file from a corrupt one."""

    def __init__(self, message: str, *, truncated: bool = False) -> None:
        super().__init__(message)
        self.truncated = truncated


@dataclass(frozen=True)
class Part:
    """One segment/chunk/block: ``data[start:end]`` is the whole of it, ``kind`` names it."""

    kind: str
    start: int
    end: int
    body_start: int = 0
    body_end: int = 0


@dataclass(frozen=True)
class Walk:
    """The walked container: parts in file order, bytes after the logical end, frame information."""

    parts: list[Part]
    end: int
    trailer: int
    width: int = 0
    height: int = 0
    frames: int = 1
    max_frame_pixels: int = 0


# --------------------------------------------------------------------------------------- JPEG

_STANDALONE = set(range(0xD0, 0xD8)) | {0x01, 0xD8}
SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def jpeg_kind(marker: int, body: bytes | memoryview) -> str:
    """A name for a JPEG marker segment, refined by its identifier for APPn."""
    if 0xE0 <= marker <= 0xEF:
        head = bytes(body[:48])  # the longest identifier (ExtendedXMP) is 35 bytes
        n = marker - 0xE0
        for ident, name in (
            (b"JFIF\x00", "JFIF"), (b"JFXX\x00", "JFXX"), (b"Exif\x00", "Exif"),
            (b"http://ns.adobe.com/xap/1.0/\x00", "XMP"),
            (b"http://ns.adobe.com/xmp/extension/\x00", "ExtendedXMP"),
            (b"ICC_PROFILE\x00", "ICC"), (b"MPF\x00", "MPF"), (b"Photoshop 3.0\x00", "Photoshop"),
            (b"Adobe", "Adobe"), (b"JP", "JUMBF"),
        ):
            if head.startswith(ident):
                return f"APP{n}:{name}"
        return f"APP{n}"
    names = {0xDB: "DQT", 0xC4: "DHT", 0xCC: "DAC", 0xDD: "DRI", 0xDA: "SOS", 0xFE: "COM",
             0xD9: "EOI", 0xD8: "SOI", 0xDC: "DNL", 0xDE: "DHP", 0xDF: "EXP"}
    if marker in SOF_MARKERS:
        return f"SOF{marker - 0xC0}"
    return names.get(marker, f"0x{marker:02X}")


def walk_jpeg(data: bytes) -> Walk:
    """Walk a JPEG from SOI to EOI; entropy-coded data is attached to its SOS part."""
    n = len(data)
    if data[:2] != b"\xff\xd8":
        raise ContainerError("no SOI")
    parts = [Part("SOI", 0, 2)]
    pos = 2
    width = height = 0
    while True:
        # skip fill bytes and find the next marker
        if pos >= n:
            raise ContainerError("no EOI", truncated=True)
        if data[pos] != 0xFF:
            # junk between segments: libjpeg and Pillow skip it, so does the walker (it is dropped)
            nxt = data.find(b"\xff", pos)
            if nxt < 0:
                raise ContainerError("no EOI", truncated=True)
            parts.append(Part("junk", pos, nxt))
            pos = nxt
        while pos < n and data[pos] == 0xFF:
            pos += 1
        if pos >= n:
            raise ContainerError("no EOI", truncated=True)
        marker = data[pos]
        start = pos - 1
        pos += 1
        if marker == 0xD9:
            parts.append(Part("EOI", start, pos))
            break
        if marker in _STANDALONE:
            parts.append(Part(jpeg_kind(marker, b""), start, pos))
            continue
        if pos + 2 > n:
            raise ContainerError("segment length cut off", truncated=True)
        length = (data[pos] << 8) | data[pos + 1]
        if length < 2:
            raise ContainerError(f"bad segment length at {start}")
        body_start, body_end = pos + 2, pos + length
        if body_end > n:
            raise ContainerError(f"segment at {start} runs past the end", truncated=True)
        kind = jpeg_kind(marker, memoryview(data)[body_start : min(body_end, body_start + 40)])
        if marker in SOF_MARKERS and length >= 8 and not width:
            height, width = struct.unpack(">HH", data[body_start + 1 : body_start + 5])
        pos = body_end
        if marker == 0xDA:
            pos = _scan_end(data, pos)
        parts.append(Part(kind, start, pos, body_start, body_end))
    return Walk(parts, pos, n - pos, width, height, 1, width * height)


def _scan_end(data: bytes, pos: int) -> int:
    """Offset of the first real marker after entropy-coded data starting at ``pos``."""
    n = len(data)
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= n:
            raise ContainerError("scan data runs to the end of the file", truncated=True)
        nxt = data[pos + 1]
        if nxt == 0x00 or 0xD0 <= nxt <= 0xD7:
            pos += 2
        elif nxt == 0xFF:
            pos += 1
        else:
            return pos


# ---------------------------------------------------------------------------------------- PNG

PNG_SIG = b"\x89PNG\r\n\x1a\n"


def walk_png(data: bytes) -> Walk:
    """Walk PNG chunks up to IEND. ``body_start``/``body_end`` delimit the chunk data."""
    if not data.startswith(PNG_SIG):
        raise ContainerError("no PNG signature")
    n = len(data)
    pos = 8
    parts: list[Part] = []
    width = height = 0
    frames = 1
    while True:
        if pos + 8 > n:
            raise ContainerError("no IEND", truncated=True)
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        if length > 0x7FFFFFFF:
            raise ContainerError("bad chunk length")
        end = pos + 12 + length
        if end > n:
            raise ContainerError(f"chunk {ctype!r} runs past the end", truncated=True)
        kind = ctype.decode("latin-1")
        parts.append(Part(kind, pos, end, pos + 8, pos + 8 + length))
        if kind == "IHDR" and length >= 8:
            width, height = struct.unpack(">II", data[pos + 8 : pos + 16])
        elif kind == "acTL" and length >= 8:
            frames = struct.unpack(">I", data[pos + 8 : pos + 12])[0]
        pos = end
        if kind == "IEND":
            break
    if not parts or parts[0].kind != "IHDR":
        raise ContainerError("IHDR is not the first chunk")
    max_px = width * height
    for p in parts:
        if p.kind == "fcTL" and p.body_end - p.body_start >= 12:
            fw, fh = struct.unpack(">II", data[p.body_start + 4 : p.body_start + 12])
            max_px = max(max_px, fw * fh)
    return Walk(parts, pos, n - pos, width, height, frames, max_px)


# ---------------------------------------------------------------------------------------- GIF


def walk_gif(data: bytes) -> Walk:
    """Walk GIF blocks; ``kind`` is ``header``, ``image``, ``ext:XX`` or ``app:<identifier>``."""
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        raise ContainerError("no GIF header", truncated=len(data) < 13)
    n = len(data)
    width, height, flags = struct.unpack("<HHB", data[6:11])
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    if pos > n:
        raise ContainerError("colour table cut off", truncated=True)
    parts = [Part("header", 0, pos)]
    frames = 0
    max_px = width * height
    while True:
        if pos >= n:
            raise ContainerError("no GIF trailer", truncated=True)
        intro = data[pos]
        start = pos
        if intro == 0x3B:
            pos += 1
            parts.append(Part("trailer", start, pos))
            break
        if intro == 0x21:
            if pos + 2 > n:
                raise ContainerError("extension cut off", truncated=True)
            label = data[pos + 1]
            kind = f"ext:{label:02X}"
            if label == 0xFF and pos + 3 <= n:
                size = data[pos + 2]
                ident = data[pos + 3 : pos + 3 + size]
                kind = "app:" + ident.decode("latin-1", "replace")
            pos = _sub_blocks(data, pos + 2)
            parts.append(Part(kind, start, pos))
        elif intro == 0x2C:
            if pos + 10 > n:
                raise ContainerError("image descriptor cut off", truncated=True)
            fx, fy, fw, fh, fflags = struct.unpack("<HHHHB", data[pos + 1 : pos + 10])
            # Pillow grows the canvas to hold a frame that lies outside it
            max_px = max(max_px, fw * fh, max(width, fx + fw) * max(height, fy + fh))
            pos += 10
            if fflags & 0x80:
                pos += 3 << ((fflags & 7) + 1)
            pos = _sub_blocks(data, pos + 1)  # skip the LZW minimum code size byte
            frames += 1
            parts.append(Part("image", start, pos))
        else:
            raise ContainerError(f"unknown GIF block 0x{intro:02X} at {pos}")
    return Walk(parts, pos, n - pos, width, height, max(frames, 1), max_px)


def _sub_blocks(data: bytes, pos: int) -> int:
    n = len(data)
    while True:
        if pos >= n:
            raise ContainerError("sub-blocks cut off", truncated=True)
        size = data[pos]
        pos += 1 + size
        if size == 0:
            return pos


# --------------------------------------------------------------------------------------- WebP


def walk_webp(data: bytes) -> Walk:
    """Walk the RIFF chunks of a WebP file (``kind`` is the FourCC, e.g. ``"VP8X"``, ``"XMP "``)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ContainerError("no RIFF/WEBP header")
    riff_end = 8 + struct.unpack("<I", data[4:8])[0]
    n = len(data)
    if riff_end > n:
        raise ContainerError("RIFF runs past the end", truncated=True)
    pos = 12
    parts: list[Part] = []
    width = height = 0
    frames = 0
    max_px = 0
    while pos < riff_end:
        if pos + 8 > riff_end:
            raise ContainerError("chunk header cut off", truncated=True)
        fourcc, size = struct.unpack("<4sI", data[pos : pos + 8])
        end = pos + 8 + size + (size & 1)
        if pos + 8 + size > riff_end:
            raise ContainerError(f"chunk {fourcc!r} runs past the end", truncated=True)
        kind = fourcc.decode("latin-1")
        body = pos + 8
        parts.append(Part(kind, pos, min(end, riff_end), body, body + size))
        if kind == "VP8X" and size >= 10:
            width = 1 + int.from_bytes(data[body + 4 : body + 7], "little")
            height = 1 + int.from_bytes(data[body + 7 : body + 10], "little")
        elif kind == "VP8 " and size >= 10 and not width:
            width = struct.unpack("<H", data[body + 6 : body + 8])[0] & 0x3FFF
            height = struct.unpack("<H", data[body + 8 : body + 10])[0] & 0x3FFF
        elif kind == "VP8L" and size >= 5 and not width:
            bits = int.from_bytes(data[body + 1 : body + 5], "little")
            width, height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        elif kind == "ANMF" and size >= 16:
            frames += 1
            fw = 1 + int.from_bytes(data[body + 6 : body + 9], "little")
            fh = 1 + int.from_bytes(data[body + 9 : body + 12], "little")
            max_px = max(max_px, fw * fh)
        pos = end
    return Walk(parts, riff_end, n - riff_end, width, height, max(frames, 1),
                max(max_px, width * height))
