# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A small, bounded walker of ISO-BMFF (MP4/MOV/3GP/M4A) boxes.

FFmpeg's ``mov`` demuxer exposes most QuickTime tags as metadata, but not everything: XMP in a
``uuid`` box (Adobe's UUID) or an ``XMP_`` box, the list of ``udta`` children it does not know,
``meta`` handlers. This walker lists boxes to read those (:mod:`app.media.avscan`) and to re-scan a
clean copy for any box outside the allowlist.

Invariants: it never reads outside ``data``; it visits at most ``MAX_BOXES`` boxes and
``MAX_DEPTH`` levels; a box whose size runs past its parent ends the walk of that parent and is
reported in ``Walk.errors`` (never raised).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.media.window import ByteWindow

#: What the walker reads: the file in memory, or a window over one too large to hold.
Bytes = bytes | memoryview | ByteWindow

MAX_BOXES = 20_000
MAX_DEPTH = 10
XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")

#: Boxes whose body is a list of boxes (``meta`` is a full box: 4 bytes of version/flags first,
#: except in QuickTime files, detected by looking for a ``hdlr`` child).
CONTAINERS = frozenset({b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"udta", b"meta",
                        b"dinf", b"ilst", b"moof", b"traf", b"mvex", b"tref", b"sinf", b"schi"})


@dataclass(frozen=True)
class Box:
    """One box: its path of types from the top (``"moov/udta/©xyz"``), its span and body."""

    path: str
    type: bytes
    start: int
    body_start: int
    end: int


@dataclass
class Walk:
    boxes: list[Box] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _name(kind: bytes) -> str:
    return kind.decode("latin-1")


def walk_boxes(data: Bytes) -> Walk:
    """Every box of ``data`` down to ``MAX_DEPTH`` levels inside :data:`CONTAINERS`."""
    walk = Walk()
    _walk(data, 0, len(data), "", 0, walk)
    return walk


def _walk(data: Bytes, start: int, end: int, prefix: str, depth: int,
          walk: Walk) -> None:
    pos = start
    while pos + 8 <= end:
        if len(walk.boxes) >= MAX_BOXES:
            walk.errors.append("too many boxes")
            return
        size = int.from_bytes(data[pos : pos + 4], "big")
        kind = bytes(data[pos + 4 : pos + 8])
        header = 8
        if size == 1:
            if pos + 16 > end:
                walk.errors.append(f"{prefix}{_name(kind)}: truncated header")
                return
            size = int.from_bytes(data[pos + 8 : pos + 16], "big")
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            walk.errors.append(f"{prefix}{_name(kind)}: size {size} runs past its parent")
            return
        path = prefix + _name(kind)
        walk.boxes.append(Box(path, kind, pos, pos + header, pos + size))
        if kind in CONTAINERS and depth < MAX_DEPTH:
            body = pos + header
            if kind == b"meta" and bytes(data[body + 4 : body + 8]) != b"hdlr":
                body += 4  # ISO full box; QuickTime's 'meta' starts with its 'hdlr' directly
            _walk(data, body, pos + size, path + "/", depth + 1, walk)
        pos += size


def xmp_packets(data: Bytes, walk: Walk) -> list[bytes]:
    """The XMP packets of the file: Adobe's ``uuid`` box and QuickTime's ``udta/XMP_``."""
    out = []
    for box in walk.boxes:
        if box.type == b"uuid" and bytes(data[box.body_start : box.body_start + 16]) == XMP_UUID:
            out.append(bytes(data[box.body_start + 16 : box.end]))
        elif box.type == b"XMP_":
            out.append(bytes(data[box.body_start : box.end]))
    return out


#: 3GPP asset boxes under ``udta`` (TS 26.244): full box, 2 bytes of language, then a string.
ASSET_BOXES = frozenset({b"titl", b"dscp", b"perf", b"auth", b"gnre", b"cprt", b"albm"})


def asset_texts(data: Bytes, walk: Walk) -> dict[str, str]:
    """The text of the 3GPP asset boxes (title, description, performer, author, …), which FFmpeg
    does not expose as tags."""
    out: dict[str, str] = {}
    for box in walk.boxes:
        if box.type in ASSET_BOXES and box.path.endswith("udta/" + _name(box.type)):
            raw = bytes(data[box.body_start + 6 : min(box.end, box.body_start + 6 + 4096)])
            if raw.startswith(b"\xfe\xff"):
                text = raw[2:].decode("utf-16-be", "replace")
            else:
                text = raw.decode("utf-8", "replace")
            out[_name(box.type)] = text.rstrip("\x00")
    return out


#: Box paths a clean copy written by FFmpeg's mov muxer (``fflags +bitexact``) may contain.
#: Everything else — ``udta``, ``meta``, ``uuid``, ``XMP_``, ``keys``, ``ilst``, ``free`` with
#: data — is a finding of :func:`app.media.avscan.rescan_av`.
ALLOWED_PATHS = frozenset(
    {
        "ftyp", "wide", "free", "mdat", "moov", "moov/mvhd", "moov/trak", "moov/trak/tkhd",
        "moov/trak/edts", "moov/trak/edts/elst", "moov/trak/tref", "moov/trak/mdia",
        "moov/trak/mdia/mdhd", "moov/trak/mdia/hdlr", "moov/trak/mdia/minf",
        "moov/trak/mdia/minf/vmhd", "moov/trak/mdia/minf/smhd", "moov/trak/mdia/minf/hdlr",
        "moov/trak/mdia/minf/dinf", "moov/trak/mdia/minf/dinf/dref",
        "moov/trak/mdia/minf/stbl", "moov/mvex", "moov/mvex/trex",
    }
)
ALLOWED_UNDER = ("moov/trak/mdia/minf/stbl/", "moov/trak/tref/")
#: The ``udta`` FFmpeg's mp4 muxer always writes, empty: an iTunes ``meta`` with an ``mdir`` handler
#: and an empty ``ilst``. Allowed byte for byte, nothing else under ``udta``.
EMPTY_MP4_UDTA = (b"\x00\x00\x00=udta\x00\x00\x005meta\x00\x00\x00\x00\x00\x00\x00!hdlr"
                  + b"\x00" * 8 + b"mdirappl" + b"\x00" * 9 + b"\x00\x00\x00\x08ilst")


def moov_after_media(data: bytes | memoryview) -> bool:
    """True when the top-level ``moov`` comes after the first ``mdat`` (an ISO-BMFF clean copy
    made by streaming, :mod:`app.media.avstream`, which :func:`moov_first` did not reorder)."""
    top: dict[bytes, int] = {}
    pos = 0
    while pos + 8 <= len(data) and len(top) < 2:
        size = int.from_bytes(data[pos : pos + 4], "big")
        kind = bytes(data[pos + 4 : pos + 8])
        if size == 1 and pos + 16 <= len(data):
            size = int.from_bytes(data[pos + 8 : pos + 16], "big")
        elif size == 0:
            size = len(data) - pos
        if size < 8:
            return False
        if kind in (b"moov", b"mdat"):
            top.setdefault(kind, pos)
        pos += size
    return b"mdat" in top and b"moov" in top and top[b"moov"] > top[b"mdat"]


def moov_first(data: bytes) -> bytes:
    """``data`` with its ``moov`` box moved before the first ``mdat`` ("fast start"), so that a
    player reading from the start (a stream, an in-memory device) finds the index first.

    What FFmpeg's ``movflags +faststart`` does, which needs a file to re-read: every chunk offset
    (``stco``, ``co64``) grows by the size of ``moov``. Returns ``data`` unchanged when ``moov``
    already comes first, when the file is fragmented or unparsable, or when a 32-bit offset would
    overflow. The caller proves the result like any copy.
    """
    walk = walk_boxes(data)
    if walk.errors:
        return data
    top = [b for b in walk.boxes if "/" not in b.path]
    moov = [b for b in top if b.type == b"moov"]
    mdat = [b for b in top if b.type == b"mdat"]
    if len(moov) != 1 or not mdat or any(b.type == b"moof" for b in top):
        return data
    box, first = moov[0], mdat[0]
    if box.start < first.start:
        return data  # already first
    if any(b.start > box.start for b in mdat):
        return data  # media after moov would keep its offsets: not a simple shift

    body = bytearray(data[box.start : box.end])
    delta = len(body)
    for sub in walk_boxes(bytes(body)).boxes:
        if sub.type not in (b"stco", b"co64"):
            continue
        width = 4 if sub.type == b"stco" else 8
        count = int.from_bytes(body[sub.body_start + 4 : sub.body_start + 8], "big")
        pos = sub.body_start + 8
        if pos + count * width > sub.end:
            return data
        for i in range(pos, pos + count * width, width):
            value = int.from_bytes(body[i : i + width], "big") + delta
            if value >= 1 << (8 * width):
                return data
            body[i : i + width] = value.to_bytes(width, "big")
    return data[: first.start] + bytes(body) + data[first.start : box.start] + data[box.end :]
