# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Byte accounting of a sanitised copy: part of the proof (issue 12, point 2).

The copy is walked again and every byte must be one of: a container header (signature, RIFF
header, SOI/EOI, chunk length/type/CRC of image data), a rebuilt structure equal to its canonical
form from :mod:`app.media.canonical` (so exactly its canonical length), or coded image data
(JPEG scan data, PNG zlib streams up to their end, GIF image blocks, VP8/VP8L/ALPH bitstreams).
Anything else, including a gap between parts or bytes after the end, is unaccounted and fails the
copy. :func:`account` never raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.media import canonical as can
from app.media import icc
from app.media.containers import (
    ContainerError,
    Part,
    Walk,
    walk_gif,
    walk_jpeg,
    walk_png,
    walk_webp,
)
from app.media.sanitize import (
    _png_streams,
    iccp_chunk,
    jpeg_icc,
    orientation_exif,
    png_iccp_profile,
)


@dataclass
class Accounting:
    """Bytes of the copy by what they are; ``unaccounted`` names what is none of these."""

    size: int
    header: int = 0
    structure: int = 0
    image: int = 0
    unaccounted: list[str] = field(default_factory=list)

    def add(self, what: str, n: int) -> None:
        setattr(self, what, getattr(self, what) + n)

    def done(self) -> Accounting:
        total = self.header + self.structure + self.image
        if total != self.size and not self.unaccounted:
            self.unaccounted.append(f"gap:{self.size - total}")
        return self


def account(copy: bytes, media_type: str, orientation: int | None) -> list[str]:
    """Findings: what in ``copy`` is neither header, canonical structure nor image data."""
    return account_bytes(copy, media_type, orientation).unaccounted


def account_bytes(copy: bytes, media_type: str, orientation: int | None) -> Accounting:
    """Classify every byte of ``copy``; see the module docstring."""
    acc = Accounting(len(copy))
    fn = _FORMATS.get(media_type)
    if fn is None:
        acc.unaccounted.append(f"format:{media_type}")
        return acc
    exif = (orientation_exif(orientation) if orientation is not None and 2 <= orientation <= 8
            else None)
    try:
        walk = fn[0](copy)
        if walk.trailer:
            acc.unaccounted.append(f"trailer:{walk.trailer}")
        fn[1](copy, walk, exif, acc)
    except (ContainerError, ValueError, IndexError) as exc:
        acc.unaccounted.append(f"unreadable:{exc}")
    return acc.done()


def _tiled(parts: list[Part], start: int, acc: Accounting) -> None:
    pos = start
    for p in parts:
        if p.start != pos:
            acc.unaccounted.append(f"gap-before:{p.kind}@{p.start}")
        pos = p.end


def _structure(acc: Accounting, p: Part, raw: bytes, canonical: bytes | None) -> None:
    if canonical is not None and raw == canonical:
        acc.add("structure", len(raw))
    else:
        extra = len(raw) - len(canonical) if canonical is not None else len(raw)
        acc.unaccounted.append(f"{p.kind}:{extra:+d}@{p.start}")


def _jpeg(copy: bytes, walk: Walk, exif: bytes | None, acc: Accounting) -> None:
    _tiled(walk.parts, 0, acc)
    icc_parts = [p for p in walk.parts if p.kind == "APP2:ICC"]
    for p in walk.parts:
        raw, body = copy[p.start : p.end], copy[p.body_start : p.body_end]
        marker = copy[p.start + 1]
        k = p.kind
        if k in ("SOI", "EOI") or k.startswith("RST"):
            acc.add("header", len(raw))
        elif k == "SOS":
            _structure(acc, p, copy[p.start : p.body_end], can.sos_header(body))
            acc.add("image", p.end - p.body_end)
        elif k == "APP2:ICC":
            if p is icc_parts[0]:
                whole = jpeg_icc(copy, icc_parts)
                ok = whole is not None and icc.is_standard(whole) and (
                    can.canonical_icc(whole) == whole)
                span = b"".join(copy[q.start : q.end] for q in icc_parts)
                _structure(acc, p, span, b"".join(can.icc_segments(whole))
                           if ok and whole is not None else None)
        else:
            canonical: bytes | None = None
            if k == "APP0:JFIF":
                canonical = can.jfif_segment(body)
            elif k == "APP14:Adobe":
                canonical = can.adobe_segment(body)
            elif k == "APP1:Exif" and exif is not None:
                canonical = can.segment(0xE1, b"Exif\x00\x00" + exif)
            elif k.startswith("SOF"):
                canonical = can.sof_segment(marker, body)
            elif k == "DQT":
                canonical = can.segment(marker, b"".join(t for _, t in can.dqt_tables(body)))
            elif k == "DHT":
                canonical = can.segment(marker, b"".join(t for _, t in can.dht_tables(body)))
            elif k in ("DRI", "DNL"):
                canonical = can.fixed_segment(marker, body, 2)
            elif k == "DAC":
                canonical = can.segment(marker, body[: len(body) & ~1])
            _structure(acc, p, raw, canonical)


def _png(copy: bytes, walk: Walk, exif: bytes | None, acc: Accounting) -> None:
    acc.add("header", 8)
    _tiled(walk.parts, 8, acc)
    ihdr = copy[walk.parts[0].body_start : walk.parts[0].body_end]
    keep = _png_streams(copy, walk, ihdr)
    palette = 0
    for i, p in enumerate(walk.parts):
        raw, body, k = copy[p.start : p.end], copy[p.body_start : p.body_end], p.kind
        canonical: bytes | None = None
        if k in ("IDAT", "fdAT"):
            data_len = len(body) - (4 if k == "fdAT" else 0)
            if can.png_chunk(k.encode(), body) == raw and keep[i] == data_len:
                acc.add("header", len(raw) - data_len)
                acc.add("image", data_len)
                continue
        elif k in can.PNG_SIZES or k in ("PLTE", "tRNS", "sBIT"):
            canonical = can.png_fixed(k, body, ihdr, palette)
            palette = len(body) // 3 if k == "PLTE" else palette
        elif k == "eXIf" and exif is not None:
            canonical = can.png_chunk(b"eXIf", exif)
        elif k == "iCCP":
            profile = png_iccp_profile(body)
            if profile is not None and icc.is_standard(profile):
                canonical = iccp_chunk(can.canonical_icc(profile))
        _structure(acc, p, raw, canonical)


def _gif(copy: bytes, walk: Walk, exif: bytes | None, acc: Accounting) -> None:
    del exif
    _tiled(walk.parts, 0, acc)
    for p in walk.parts:
        raw, k = copy[p.start : p.end], p.kind
        if k in ("header", "trailer"):
            acc.add("header", len(raw))
        elif k == "image" and raw == can.gif_image_block(raw):
            acc.add("image", len(raw))
        elif k == "ext:F9":
            _structure(acc, p, raw, can.gce_block(raw[2:]))
        elif k == "app:NETSCAPE2.0":
            loop = can.netscape_loop(raw[14:])
            _structure(acc, p, raw, None if loop is None else can.loop_block(loop))
        else:
            _structure(acc, p, raw, None)


def _webp(copy: bytes, walk: Walk, exif: bytes | None, acc: Accounting) -> None:
    acc.add("header", 12)
    _tiled(walk.parts, 12, acc)
    kinds = {p.kind for p in walk.parts}
    for p in walk.parts:
        raw, body, k = copy[p.start : p.end], copy[p.body_start : p.body_end], p.kind
        canonical: bytes | None = None
        if k in can.WEBP_IMAGE:
            canonical = can.riff_chunk(k.encode("latin-1"), body)
            if raw == canonical:
                acc.add("header", 8)
                acc.add("image", len(raw) - 8)
                continue
        elif k == "VP8X":
            canonical = can.vp8x_chunk(body, icc_kept="ICCP" in kinds, exif="EXIF" in kinds,
                                       animated="ANMF" in kinds)
        elif k == "ANIM":
            canonical = can.anim_chunk(body)
        elif k == "ANMF":
            if raw == can.anmf_chunk(body):  # frame header, then the frame's bitstream chunks
                acc.add("structure", 24)
                acc.add("image", len(raw) - 24)
                continue
        elif k == "ICCP" and icc.is_standard(body):
            canonical = can.riff_chunk(b"ICCP", can.canonical_icc(body))
        elif k == "EXIF" and exif is not None:
            canonical = can.riff_chunk(b"EXIF", exif)
        _structure(acc, p, raw, canonical)


_FORMATS: dict[str, tuple[Callable[[bytes], Walk],
                          Callable[[bytes, Walk, bytes | None, Accounting], None]]] = {
    "image/jpeg": (walk_jpeg, _jpeg), "image/png": (walk_png, _png),
    "image/gif": (walk_gif, _gif), "image/webp": (walk_webp, _webp),
}
