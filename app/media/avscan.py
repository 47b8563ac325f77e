# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Read a recording's metadata for the vault, and re-scan a clean copy against the allowlist.

:func:`read_av_metadata` collects what FFmpeg's demuxers expose — container tags (QuickTime
``©xyz`` as ``location``, ``com.apple.quicktime.*`` keys, ``make``/``model``, ID3 frames, FLAC and
Ogg Vorbis/Opus comments, ``creation_time``, ``encoder``), stream tags (handler names, language,
per-stream creation times), chapters, cover art (attached pictures), subtitle, data and attachment
streams — plus, for ISO-BMFF files, XMP packets and the ``udta``/``meta`` box list read by
:mod:`app.media.avboxes`. Every reader runs under ``except Exception``: reading metadata never
fails an import; the failure is reported in the error string.

:func:`rescan_av` returns findings (empty means clean): any container or stream tag outside
:data:`ALLOWED_CONTAINER_TAGS`/:data:`ALLOWED_STREAM_TAGS` or with a non-neutral value, any chapter,
any stream that is not kept audio/video, any ISO-BMFF box outside the allowlist, and any metadata
string of the original (6 characters or more, not itself a neutral value) found in the copy's bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import av.container
import av.stream

from app.media import avboxes
from app.media.avboxes import Bytes
from app.media.metadata import MAX_ITEMS, Readers, cap

_ISO_BMFF = {"video/mp4", "video/quicktime", "video/3gpp", "audio/mp4"}
_ISO6709 = re.compile(r"^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?")
_LOCATION_KEYS = ("com.apple.quicktime.location.ISO6709", "location", "location-eng")
_IDENTITY_KEYS = {
    "creation_time": ("creation_time", "com.apple.quicktime.creationdate", "date"),
    "make": ("com.apple.quicktime.make", "make", "com.android.manufacturer"),
    "model": ("com.apple.quicktime.model", "model", "com.android.model"),
    "software": ("com.apple.quicktime.software", "software", "encoder", "encoded_by",
                 "com.android.version"),
}

_BRAND = re.compile(r"^[\x20-\x7e]{0,64}$")
_LAVF = re.compile(r"^Lav[fc](\d+\.\d+\.\d+)?( [\w-]+)?$")
#: Container tags a clean copy may carry, with the test its value must pass.
ALLOWED_CONTAINER_TAGS: dict[str, Callable[[str], bool]] = {
    "major_brand": lambda v: bool(_BRAND.match(v)),
    "minor_version": str.isdigit,
    "compatible_brands": lambda v: bool(_BRAND.match(v)),
    "encoder": lambda v: bool(_LAVF.match(v)),
    "ENCODER": lambda v: bool(_LAVF.match(v)),
}
#: Stream tags a clean copy may carry: the muxer's own neutral values only.
ALLOWED_STREAM_TAGS: dict[str, Callable[[str], bool]] = {
    "handler_name": lambda v: v in ("VideoHandler", "SoundHandler", ""),
    "vendor_id": lambda v: v in ("FFMP", "[0][0][0][0]"),
    "language": lambda v: v == "und",
    "DURATION": lambda v: bool(re.match(r"^[\d:.]+$", v)),
    "encoder": lambda v: bool(_LAVF.match(v)),
    "ENCODER": lambda v: bool(_LAVF.match(v)),
}
_NEUTRAL = {"VideoHandler", "SoundHandler", "DataHandler", "FFMP", "und", "isom", "iso2",
            "mp41", "mp42", "avc1"}


def read_av_metadata(container: av.container.InputContainer, data: Bytes,
                     media_type: str) -> tuple[dict[str, Any], str | None]:
    """Everything identifying or descriptive that the original carries (JSON-able, capped).

    Returns:
        ``(metadata, error)``; ``error`` is ``"metadata unreadable: <Exception>, …"`` when a reader
        failed, else None.
    """
    meta: dict[str, Any] = {"size": len(data)}
    readers = Readers()
    readers.attempt(lambda: _container(meta, container))
    readers.attempt(lambda: _streams(meta, container))
    readers.attempt(lambda: _chapters(meta, container))
    if media_type in _ISO_BMFF:
        readers.attempt(lambda: _boxes(meta, data))
    readers.attempt(lambda: _identity(meta))
    return meta, readers.error()


def _tags(tags: dict[str, str]) -> dict[str, str]:
    return {cap(k, 128): cap(v) for k, v in list(tags.items())[:MAX_ITEMS]}


def _container(meta: dict[str, Any], container: av.container.InputContainer) -> None:
    meta["container"] = {
        "format": container.format.name,
        "duration_us": container.duration,
        "bit_rate": container.bit_rate,
        "tags": _tags(container.metadata),
    }


def _streams(meta: dict[str, Any], container: av.container.InputContainer) -> None:
    out = []
    for s in list(container.streams)[:MAX_ITEMS]:
        cc: Any = s.codec_context
        entry: dict[str, Any] = {
            "index": s.index, "type": s.type, "codec": cc.name if cc is not None else None,
            "disposition": [f.name for f in av.stream.Disposition if f.value and s.disposition & f],
            "tags": _tags(s.metadata),
        }
        if s.type == "video" and cc is not None:
            entry.update(width=cc.width, height=cc.height)
        elif s.type == "audio" and cc is not None:
            entry.update(sample_rate=cc.sample_rate, channels=cc.channels)
        if s.type == "attachment" or "filename" in s.metadata:
            entry["attachment"] = {"filename": cap(s.metadata.get("filename", "")),
                                   "mimetype": cap(s.metadata.get("mimetype", ""))}
        out.append(entry)
    meta["streams"] = out


def _chapters(meta: dict[str, Any], container: av.container.InputContainer) -> None:
    chapters = container.chapters()
    if chapters:
        meta["chapters"] = [
            {"start": _at(c["start"], c["time_base"]), "end": _at(c["end"], c["time_base"]),
             "tags": _tags(c.get("metadata", {}))}
            for c in chapters[:MAX_ITEMS]
        ]


def _at(value: int, time_base: Fraction | None) -> float | None:
    return float(value * time_base) if time_base is not None else None


def _boxes(meta: dict[str, Any], data: Bytes) -> None:
    walk = avboxes.walk_boxes(data)
    boxes = [b.path for b in walk.boxes
             if "/udta/" in b.path or "/meta/" in b.path or b.type in (b"uuid", b"XMP_")]
    if boxes:
        meta["boxes"] = list(dict.fromkeys(boxes))[:MAX_ITEMS]
    assets = avboxes.asset_texts(data, walk)
    if assets:
        meta["assets_3gpp"] = {k: cap(v) for k, v in assets.items()}
    xmp = avboxes.xmp_packets(data, walk)
    if xmp:
        meta["xmp"] = [cap(x, 16384) for x in xmp[:4]]
    if walk.errors:
        meta["box_errors"] = walk.errors[:8]


def _identity(meta: dict[str, Any]) -> None:
    """Pull the facts the issue names (location, times, make/model, software) to the top."""
    tags: dict[str, str] = dict(meta.get("container", {}).get("tags", {}))
    for s in meta.get("streams", []):
        for k, v in s["tags"].items():
            tags.setdefault(k, v)
    lowered = {k.lower(): v for k, v in tags.items()}
    for key in _LOCATION_KEYS:
        value = lowered.get(key.lower())
        if value:
            m = _ISO6709.match(value)
            meta["location"] = {"iso6709": value}
            if m:
                meta["location"].update(lat=float(m.group(1)), lon=float(m.group(2)))
                if m.group(3):
                    meta["location"]["alt"] = float(m.group(3))
            break
    for name, keys in _IDENTITY_KEYS.items():
        for key in keys:
            if lowered.get(key.lower()):
                meta[name] = lowered[key.lower()]
                break
    covers = [s for s in meta.get("streams", []) if "attached_pic" in s["disposition"]]
    if covers:
        meta["cover_art"] = [{"stream": s["index"], "codec": s["codec"]} for s in covers]


def removed_categories(meta: dict[str, Any]) -> list[str]:
    """What the clean copy left out, as category names for the vault and reports."""
    out = []
    if meta.get("container", {}).get("tags"):
        out.append("container.tags")
    if "location" in meta:
        out.append("location")
    streams = meta.get("streams", [])
    if any(s["tags"] for s in streams):
        out.append("stream.tags")
    if "cover_art" in meta:
        out.append("cover_art")
    for kind in ("subtitle", "data", "attachment"):
        if any(s["type"] == kind for s in streams):
            out.append(f"streams.{kind}")
    if "chapters" in meta:
        out.append("chapters")
    if "xmp" in meta:
        out.append("xmp")
    if "boxes" in meta:
        out.append("boxes")
    return out


def rescan_av(container: av.container.InputContainer, copy: Any, media_type: str,
              original: dict[str, Any], leaks: list[str] | None = None) -> list[str]:
    """Findings outside the allowlist in the clean ``copy`` (opened as ``container``).

    ``copy`` is the copy's bytes, or (streamed copies, :mod:`app.media.avstream`) a window that
    slices like bytes; then ``leaks`` are the keys the copy's writer found while writing it
    (:func:`leak_values` scanned on the fly), as the copy is not searched here again."""
    findings: list[str] = []
    for k, v in container.metadata.items():
        test = ALLOWED_CONTAINER_TAGS.get(k)
        if test is None or not test(v):
            findings.append(f"tag:{k}")
    for s in container.streams:
        if s.type not in ("video", "audio") or s.disposition & av.stream.Disposition.attached_pic:
            findings.append(f"stream:{s.index}:{s.type}")
        for k, v in s.metadata.items():
            test = ALLOWED_STREAM_TAGS.get(k)
            if test is None or not test(v):
                findings.append(f"stream-tag:{s.index}:{k}")
    if container.chapters():
        findings.append("chapters")
    if media_type in _ISO_BMFF:
        walk = avboxes.walk_boxes(copy)
        findings += [f"walker:{e}" for e in walk.errors]
        empty_udta = [b.path for b in walk.boxes if b.path == "moov/udta"
                      and copy[b.start : b.end] == avboxes.EMPTY_MP4_UDTA]
        for b in walk.boxes:
            if empty_udta and b.path.startswith("moov/udta"):
                continue
            if b.path not in avboxes.ALLOWED_PATHS and not b.path.startswith(
                    avboxes.ALLOWED_UNDER):
                findings.append(f"box:{b.path}")
    found = _leaks(copy, original) if leaks is None else leaks
    findings += [f"leak:{k}" for k in found]
    return findings


def _leaks(copy: bytes, original: dict[str, Any]) -> list[str]:
    """Keys of the original's metadata strings (>= 6 characters) found verbatim in the copy."""
    return [key for key, value in leak_values(original).items() if value in copy]


def leak_values(original: dict[str, Any]) -> dict[str, bytes]:
    """The original's metadata strings a clean copy must not contain, by key (UTF-8)."""
    values: dict[str, str] = {}
    for k, v in original.get("container", {}).get("tags", {}).items():
        test = ALLOWED_CONTAINER_TAGS.get(k)
        if test is None or not test(v):
            values[f"container:{k}"] = v
    for s in original.get("streams", []):
        for k, v in s["tags"].items():
            test = ALLOWED_STREAM_TAGS.get(k)
            if test is None or not test(v):
                values[f"stream{s['index']}:{k}"] = v
    for i, c in enumerate(original.get("chapters", [])):
        for k, v in c["tags"].items():
            values[f"chapter{i}:{k}"] = v
    return {key: value.encode("utf-8") for key, value in values.items()
            if not (len(value) < 6 or value in _NEUTRAL or _LAVF.match(value)
                    or value.endswith("…"))}
