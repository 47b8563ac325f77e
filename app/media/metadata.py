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
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from PIL import ExifTags, Image

from app.i18n import N_
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
    readers = Readers()
    if walk is not None:
        readers.attempt(lambda: _container(meta, data, walk))
    readers.attempt(lambda: _exifread(meta, data))
    if im is not None:
        readers.attempt(lambda: _pillow(meta, im))
    _limit_size(meta)
    return meta, readers.error()


class Readers:
    """Runs metadata readers one by one: a reader that fails is named, the others still run
    (pictures, recordings and PDFs alike)."""

    def __init__(self) -> None:
        self._errors: list[str] = []

    def attempt(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception as exc:
            self._errors.append(type(exc).__name__)
            log.debug("metadata reader failed", exc_info=True)

    def error(self) -> str | None:
        """``"metadata unreadable: <Exception>, …"`` when a reader failed, else None."""
        if not self._errors:
            return None
        return "metadata unreadable: " + ", ".join(dict.fromkeys(self._errors))


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


# --- what was removed, in the user's words ------------------------------------------------------
# ``removed`` (the sanitiser's list, kept in items.removed) says which parts of the file were left
# out; the original's metadata (items.metadata) says what they held. ``describe_removed`` joins the
# two into phrases with their values, in groups, for the detail panel and the import summary.
# Templates are msgids (translated by the caller's gettext); values come from the file: untrusted.

REMOVED_GROUPS = {
    "place": N_("Where"), "device": N_("Device"), "time": N_("When"), "people": N_("Who"),
    "software": N_("Software"), "hidden": N_("Hidden in the file"), "other": N_("Other"),
}
_EXIF_FACTS = (  # (exif key, group, template)
    ("Image Make", "device", N_("the maker of the phone or camera ({value})")),
    ("Image Model", "device", N_("the phone or camera model ({value})")),
    ("EXIF BodySerialNumber", "device", N_("the device's serial number ({value})")),
    ("EXIF LensMake", "device", N_("the lens maker ({value})")),
    ("EXIF LensModel", "device", N_("the lens model ({value})")),
    ("EXIF LensSerialNumber", "device", N_("the lens serial number ({value})")),
    ("EXIF DateTimeOriginal", "time", N_("when it was taken ({value})")),
    ("EXIF DateTimeDigitized", "time", N_("when it was digitised ({value})")),
    ("Image DateTime", "time", N_("when it was last changed ({value})")),
    ("EXIF OffsetTimeOriginal", "time", N_("the time zone it was taken in ({value})")),
    ("Image Artist", "people", N_("the author's name ({value})")),
    ("EXIF CameraOwnerName", "people", N_("the owner's name ({value})")),
    ("Image Copyright", "people", N_("a copyright notice ({value})")),
    ("Image Software", "software", N_("the program that made or edited it ({value})")),
    ("Image ImageDescription", "hidden", N_("a description written into the file ({value})")),
    ("EXIF UserComment", "hidden", N_("a comment ({value})")),
)
_IPTC_FACTS = (  # (record:dataset, group, template)
    ("2:80", "people", N_("the author's name ({value})")),
    ("2:116", "people", N_("a copyright notice ({value})")),
    ("2:90", "place", N_("a city ({value})")),
    ("2:101", "place", N_("a country ({value})")),
    ("2:55", "time", N_("when it was taken ({value})")),
    ("2:120", "hidden", N_("a caption ({value})")),
)
_XMP_FACTS = (  # (XMP property, group, template)
    ("dc:creator", "people", N_("the author's name ({value})")),
    ("photoshop:AuthorsPosition", "people", N_("the author's position ({value})")),
    ("xmp:CreatorTool", "software", N_("the program that made or edited it ({value})")),
    ("photoshop:City", "place", N_("a city ({value})")),
    ("photoshop:Country", "place", N_("a country ({value})")),
    ("exif:GPSLatitude", "place", N_("the place where the photo was taken ({value})")),
)
_TECHNICAL = N_("technical details that do not change the picture (such as the print size)")


@dataclass(frozen=True)
class RemovedFact:
    """One thing the clean copy leaves out: a group key, a msgid with ``{value}``, the value."""

    group: str
    template: str
    value: str = ""


def describe_removed(removed: list[str], meta: dict[str, Any]) -> list[RemovedFact]:
    """What ``removed`` took out of the original, with the values ``meta`` read there, ordered by
    group (place, device, time, people, software, hidden, other); each fact once."""
    facts: list[RemovedFact] = []
    keys = set(removed)
    exif_gone = bool(keys & {"exif", "exif.gps", "exif.makernotes", "exif.thumbnail"})

    def add(group: str, template: str, value: Any = "") -> None:
        text = cap(value, 120) if value != "" else ""
        if group == "time" and len(text) >= 10 and text[4:5] == ":" and text[7:8] == ":":
            text = f"{text[:4]}-{text[5:7]}-{text[8:]}"  # EXIF's 2024:02:11 → 2024-02-11
        fact = RemovedFact(group, template, text)
        if fact not in facts:
            facts.append(fact)

    _exif_facts(keys, exif_gone, meta, add)
    _embedded_facts(keys, meta, add)
    _file_facts(keys, removed, exif_gone, meta, add)
    order = list(REMOVED_GROUPS)
    return sorted(facts, key=lambda f: order.index(f.group) if f.group in order else len(order))


_Add = Callable[..., None]


def _exif_facts(keys: set[str], exif_gone: bool, meta: dict[str, Any], add: _Add) -> None:
    gps = meta.get("gps_decimal")
    if exif_gone and (meta.get("gps") or "exif.gps" in keys):
        if isinstance(gps, dict) and {"latitude", "longitude"} <= set(gps):
            add("place", N_("the place where the photo was taken ({value})"),
                _coordinates(float(gps["latitude"]), float(gps["longitude"])))
        else:
            add("place", N_("the place where the photo was taken"))
    exif = meta.get("exif") if exif_gone else None
    if exif_gone and not isinstance(exif, dict) and "exif" in keys:
        add("device", N_("details of the phone or camera and of the shot (EXIF)"))
    if isinstance(exif, dict):
        for key, group, template in _EXIF_FACTS:
            value = str(exif.get(key, "")).strip()
            if value:
                add(group, template, value)
    if "exif.makernotes" in keys or (exif_gone and meta.get("makernote")):
        add("device", N_("the maker's private notes, which can hold serial numbers"))


def _embedded_facts(keys: set[str], meta: dict[str, Any], add: _Add) -> None:
    iptc = meta.get("iptc")
    if "iptc" in keys:
        named = False
        for key, group, template in _IPTC_FACTS:
            values = iptc.get(key) if isinstance(iptc, dict) else None
            if values:
                named = True
                add(group, template, ", ".join(str(v) for v in values[:3]))
        if not named:
            add("hidden", N_("press fields (IPTC), which can hold names and places"))
    if "xmp" in keys:
        xmp = meta.get("xmp")
        text = str(xmp.get("text", "")) if isinstance(xmp, dict) else ""
        for prop, group, template in _XMP_FACTS:
            value = _xmp_value(text, prop)
            if value:
                add(group, template, value)
        add("hidden", N_("an XMP block (it can hold editing history, names and places)"))


def _file_facts(keys: set[str], removed: list[str], exif_gone: bool, meta: dict[str, Any],
                add: _Add) -> None:
    if "png.time" in keys and meta.get("png_time"):
        add("time", N_("when it was last changed ({value})"), meta["png_time"])
    png_text = meta.get("png_text")
    if "png.text" in keys:
        if isinstance(png_text, dict) and png_text:
            for name, value in list(png_text.items())[:6]:
                add("hidden", N_("a text note inside the file ({value})"), f"{name}: {value}")
        else:
            add("hidden", N_("a text note inside the file"))
    if keys & {"exif.thumbnail", "jfif.thumbnail", "mpf"} or (exif_gone
                                                             and meta.get("exif_thumbnail")):
        add("hidden", N_("a small preview picture inside the file (it can show the picture "
                         "before it was cropped or edited)"))
    if "comment" in keys:
        comments = meta.get("comment")
        if isinstance(comments, list) and comments:
            for c in comments[:3]:
                add("hidden", N_("a comment ({value})"), c)
        else:
            add("hidden", N_("a comment"))
    if "c2pa" in keys:
        add("hidden", N_("a content-credentials record (C2PA), which can name the tool and the "
                         "author"))
    if "icc:non-standard" in keys:
        add("device", N_("an unusual colour profile, which can point to one device"))
    trailer = next((k for k in removed if k.startswith("trailer:")), None)
    if trailer is not None:
        add("hidden", N_("data hidden after the end of the picture ({value} bytes)"),
            trailer.split(":", 1)[1])
    if "revisions" in keys:
        add("hidden", N_("earlier versions of the document"))
    known = {"exif", "exif.gps", "exif.makernotes", "exif.thumbnail", "jfif.thumbnail", "mpf",
             "iptc", "xmp", "png.time", "png.text", "comment", "c2pa", "icc:non-standard",
             "revisions"}
    rest = [k for k in removed if k not in known and not k.startswith("trailer:")]
    if rest:
        add("other", _TECHNICAL)  # the raw part names stay in the metadata table


def render_removed(facts: list[RemovedFact], gettext: Callable[[str], str],
                   clean: Callable[[str], str] = str) -> list[tuple[str, list[str]]]:
    """(translated group heading, translated phrases) per group, in order. ``clean`` is applied to
    each value (untrusted) before it is put into its phrase — the GUI passes its bidi isolation."""
    out: list[tuple[str, list[str]]] = []
    for fact in facts:
        heading = gettext(REMOVED_GROUPS.get(fact.group, REMOVED_GROUPS["other"]))
        phrase = gettext(fact.template).format(value=clean(fact.value)) if fact.value else \
            gettext(fact.template)
        if out and out[-1][0] == heading:
            out[-1][1].append(phrase)
        else:
            out.append((heading, [phrase]))
    return out


def _coordinates(lat: float, lon: float) -> str:
    """``33.31 N, 44.36 E``: two decimals (about a kilometre), hemisphere letters."""
    return (f"{abs(lat):.2f} {'N' if lat >= 0 else 'S'}, "
            f"{abs(lon):.2f} {'E' if lon >= 0 else 'W'}")


def _xmp_value(text: str, prop: str) -> str:
    """The first value of ``prop`` in an XMP packet: an attribute, a plain element or the first
    ``rdf:li`` of a list (a light reading: the packet is untrusted and often cut at 4 KiB)."""
    import re

    name = re.escape(prop)
    m = re.search(name + r'\s*=\s*"([^"]{1,200})"', text)
    if m:
        return m.group(1).strip()
    m = re.search(r"<" + name + r"\b[^>]*>(.*?)</" + name + ">", text, re.S)
    if not m:
        return ""
    inner = m.group(1)
    li = re.search(r"<rdf:li\b[^>]*>([^<]{1,200})</rdf:li>", inner)
    value = li.group(1) if li else re.sub(r"<[^>]+>", " ", inner)
    return " ".join(value.split())[:200]
