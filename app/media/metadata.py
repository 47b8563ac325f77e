# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Read the metadata of an original into structured, JSON-able, size-capped data.

Three readers contribute: exifread (EXIF/GPS tags), Pillow's ``info`` and ``getexif()`` (XMP,
IPTC, ICC, comments, PNG text) and the container walk (segments, trailer, C2PA/JUMBF, tIME).
Each reader runs under ``except Exception``: a reader that fails adds to ``errors`` and the rest
carries on, so reading metadata never fails an import.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from PIL import ExifTags, Image

from app.media import icc
from app.media.containers import Walk

log = logging.getLogger(__name__)

MAX_STRING = 512
MAX_ITEMS = 300
MAX_JSON = 128 * 1024
_EXIF_SKIP = {"JPEGThumbnail", "TIFFThumbnail", "Filename", "EXIF MakerNote", "Image PrintIM"}


def cap(value: Any, limit: int = MAX_STRING) -> str:
    """A printable string of at most ``limit`` characters (``…`` marks a cut)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value[: limit * 4])
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
    else:
        text = str(value)
    text = text.replace("\x00", "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_metadata(data: bytes, media_type: str, walk: Walk | None,
                  im: Image.Image | None) -> tuple[dict[str, Any], str | None]:
    """Collect the metadata of one original.

    Args:
        data: The whole file.
        media_type: From :func:`app.media.sniff.sniff`.
        walk: The container walk, when the format has a walker.
        im: The opened Pillow image (its ``info`` is read; nothing is decoded here).

    Returns:
        ``(metadata, error)``; ``error`` is ``"metadata unreadable: <Exception>, …"`` when a
        reader failed, else None.
    """
    meta: dict[str, Any] = {}
    errors: list[str] = []

    def attempt(fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception as exc:
            errors.append(type(exc).__name__)
            log.debug("metadata reader failed", exc_info=True)

    if walk is not None:
        attempt(lambda: _container(meta, data, walk))
    attempt(lambda: _exifread(meta, data))
    if im is not None:
        attempt(lambda: _pillow(meta, im))
    _limit_size(meta)
    err = ("metadata unreadable: " + ", ".join(dict.fromkeys(errors))) if errors else None
    return meta, err


def _container(meta: dict[str, Any], data: bytes, walk: Walk) -> None:
    counts: dict[str, int] = {}
    for p in walk.parts:
        counts[p.kind] = counts.get(p.kind, 0) + 1
    meta["container"] = {"parts": dict(list(counts.items())[:MAX_ITEMS]),
                         "trailer_bytes": walk.trailer}
    kinds = set(counts)
    if kinds & {"APP11:JUMBF", "caBX", "C2PA"} or (
            walk.trailer and b"jumb" in data[walk.end : walk.end + 65536]):
        meta["c2pa"] = True
    if walk.trailer:
        tail = data[walk.end : walk.end + 8]
        meta["trailer"] = {"bytes": walk.trailer, "starts_with": tail.hex()}
    for p in walk.parts:
        if p.kind == "tIME" and p.body_end - p.body_start == 7:
            b = data[p.body_start : p.body_end]
            y = int.from_bytes(b[:2], "big")
            meta["png_time"] = f"{y:04d}-{b[2]:02d}-{b[3]:02d}T{b[4]:02d}:{b[5]:02d}:{b[6]:02d}Z"


def _exifread(meta: dict[str, Any], data: bytes) -> None:
    import exifread

    tags = exifread.process_file(io.BytesIO(data), details=False, extract_thumbnail=False)
    exif: dict[str, str] = {}
    gps: dict[str, str] = {}
    for name, tag in tags.items():
        if name in _EXIF_SKIP:
            continue
        if name.startswith("Thumbnail "):
            meta["exif_thumbnail"] = True
        if name.startswith("MakerNote "):
            meta["makernote"] = True
            continue
        target = gps if name.startswith("GPS ") else exif
        if len(target) < MAX_ITEMS:
            target[name] = cap(getattr(tag, "printable", tag))
    if exif:
        meta["exif"] = exif
    if gps:
        meta["gps"] = gps
        pos = _gps_decimal(tags)
        if pos:
            meta["gps_decimal"] = pos


def _gps_decimal(tags: dict[str, Any]) -> dict[str, float] | None:
    out: dict[str, float] = {}
    for axis, neg in (("Latitude", "S"), ("Longitude", "W")):
        tag, ref = tags.get(f"GPS GPS{axis}"), tags.get(f"GPS GPS{axis}Ref")
        if tag is None:
            return None
        try:
            d, m, s = (Fraction(v.num, v.den) if hasattr(v, "num") else Fraction(v)
                       for v in tag.values[:3])
        except (ValueError, ZeroDivisionError, TypeError):
            return None
        value = float(d + m / 60 + s / 3600)
        if ref is not None and str(ref.printable).strip().upper().startswith(neg):
            value = -value
        out[axis.lower()] = round(value, 7)
    return out


def _pillow(meta: dict[str, Any], im: Image.Image) -> None:
    info = im.info
    xmp = info.get("xmp") or info.get("XML:com.adobe.xmp")
    if xmp:
        meta["xmp"] = {"bytes": len(xmp), "text": cap(xmp, 4096)}
    if info.get("icc_profile"):
        meta["icc"] = icc.describe(info["icc_profile"])
    comments = [info[k] for k in ("comment",) if info.get(k)]
    if comments:
        meta["comment"] = [cap(c) for c in comments]
    if "photoshop" in info:
        meta["photoshop_irb"] = {"resources": len(info["photoshop"])}
        _iptc(meta, im)
    if im.format == "PNG":
        skip = {"xmp", "XML:com.adobe.xmp", "icc_profile", "exif", "dpi", "gamma", "transparency",
                "srgb", "chromaticity", "aspect", "loop", "duration", "disposal", "blend",
                "default_image", "bbox"}
        text = {cap(k, 80): cap(v) for k, v in list(info.items())[:MAX_ITEMS] if k not in skip}
        if text:
            meta["png_text"] = text
        if info.get("exif"):
            meta["png_exif_bytes"] = len(info["exif"])
    exif = im.getexif()
    ifd = exif.get_ifd(0x8769)
    if 0x927C in ifd:
        meta["makernote"] = True
    # exifread misses some containers (e.g. WebP written by Pillow): fill in from Pillow's reading
    if "exif" not in meta and len(exif):
        meta["exif"] = {f"Image {ExifTags.TAGS.get(k, hex(k))}": cap(v)
                        for k, v in list(exif.items())[:MAX_ITEMS]}
    gps = exif.get_ifd(0x8825)
    if "gps" not in meta and gps:
        meta["gps"] = {f"GPS {ExifTags.GPSTAGS.get(k, hex(k))}": cap(v)
                       for k, v in list(gps.items())[:MAX_ITEMS]}
    if exif.get(0x0112) is not None:
        meta["orientation"] = cap(exif.get(0x0112), 8)
    if "original_orientation" in info:
        meta["heif_original_orientation"] = cap(info["original_orientation"], 8)


def _iptc(meta: dict[str, Any], im: Image.Image) -> None:
    from PIL import ImageFile, IptcImagePlugin

    if not isinstance(im, ImageFile.ImageFile):  # getiptcinfo finds nothing in these
        return
    data = IptcImagePlugin.getiptcinfo(im)
    if not data:
        return
    out: dict[str, Any] = {}
    for (record, dataset), value in list(data.items())[:MAX_ITEMS]:
        values = value if isinstance(value, list) else [value]
        out[f"{record}:{dataset}"] = [cap(v) for v in values[:20]]
    meta["iptc"] = out


def _limit_size(meta: dict[str, Any]) -> None:
    """Keep the JSON form under :data:`MAX_JSON` by dropping the biggest sections."""
    size = len(json.dumps(meta, ensure_ascii=False))
    while size > MAX_JSON and meta:
        biggest = max(meta, key=lambda k: len(json.dumps(meta[k], ensure_ascii=False)))
        meta[biggest] = {"omitted": True, "reason": "too large"}
        meta["truncated"] = True
        size = len(json.dumps(meta, ensure_ascii=False))


def removed_categories(meta: dict[str, Any]) -> list[str]:
    """Categories a sanitised copy removes, from what the readers found in the original."""
    out = []
    if meta.get("gps"):
        out.append("exif.gps")
    if meta.get("makernote"):
        out.append("exif.makernotes")
    if meta.get("exif_thumbnail"):
        out.append("exif.thumbnail")
    if meta.get("xmp"):
        out.append("xmp")
    if meta.get("iptc") or meta.get("photoshop_irb"):
        out.append("iptc")
    if meta.get("comment"):
        out.append("comment")
    if meta.get("c2pa"):
        out.append("c2pa")
    return out
