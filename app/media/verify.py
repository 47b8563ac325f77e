# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Re-scan a sanitised copy with the walker, exifread and Pillow and compare with the allowlist.

:func:`rescan` returns the list of findings outside the allowlist; an empty list means clean.
It never raises: a reader that fails on our own output is itself a finding.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image

from app.media import icc
from app.media.containers import ContainerError, Walk, walk_gif, walk_jpeg, walk_png, walk_webp
from app.media.sanitize import (
    GIF_KEEP,
    JPEG_KEEP,
    PNG_KEEP,
    WEBP_KEEP,
    orientation_exif,
    png_iccp_profile,
)

#: Keys Pillow may put in ``info`` for a clean file (format basics, no identity).
ALLOWED_INFO = frozenset(
    {
        "jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "adobe", "adobe_transform",
        "progressive", "progression", "exif", "icc_profile", "transparency", "gamma", "srgb",
        "chromaticity", "duration", "loop", "background", "version", "disposal", "blend", "bbox",
        "default_image", "compression", "aspect", "timestamp", "interlace",
    }
)
ALLOWED_EXIFREAD = frozenset({"Image Orientation"})

_WALKERS = {"image/jpeg": walk_jpeg, "image/png": walk_png, "image/gif": walk_gif,
            "image/webp": walk_webp}


def rescan(copy: bytes, media_type: str, orientation: int | None,
           decoded: Image.Image | None = None) -> list[str]:
    """Findings outside the allowlist in ``copy`` (empty when clean).

    ``decoded``: the copy already opened and fully decoded from these bytes (single frame). Its
    ``info`` and EXIF are what a fresh ``Image.open`` would give, and reading EXIF from a PNG that
    is not yet loaded would decode all its pixels once more.
    """
    findings: list[str] = []
    want_exif = (orientation_exif(orientation) if orientation is not None and 2 <= orientation <= 8
                 else None)
    walker = _WALKERS.get(media_type)
    if walker is not None:
        try:
            findings += _check_walk(copy, media_type, walker(copy), want_exif)
        except ContainerError as exc:
            findings.append(f"walker:{exc}")
    try:
        import exifread

        tags = exifread.process_file(io.BytesIO(copy), details=False, extract_thumbnail=True)
        findings += [f"exifread:{k}" for k in tags if k not in ALLOWED_EXIFREAD]
    except Exception as exc:
        findings.append(f"exifread-failed:{type(exc).__name__}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            im = decoded if decoded is not None else Image.open(io.BytesIO(copy))
            for key, value in im.info.items():
                if key == "extension" and bytes(value[0])[:11] in (b"NETSCAPE2.0", b"ANIMEXTS1.0"):
                    continue
                if key not in ALLOWED_INFO:
                    findings.append(f"pillow:{key}")
                elif key == "exif" and bytes(value).removeprefix(b"Exif\x00\x00") != want_exif:
                    findings.append("pillow:exif")
                elif key == "icc_profile" and value and not icc.is_standard(value):
                    findings.append("pillow:icc_profile")
            exif = im.getexif()
            extra = [t for t in exif if t != 0x0112]
            if extra:
                findings.append(f"pillow:exif-tags:{extra[:5]}")
            if getattr(im, "n_frames", 1) > 1 and im.format == "MPO":
                findings.append("pillow:mpo")
    except Exception as exc:
        findings.append(f"pillow-failed:{type(exc).__name__}")
    return findings


def _check_walk(copy: bytes, media_type: str, walk: Walk, want_exif: bytes | None) -> list[str]:
    out = [f"trailer:{walk.trailer}"] if walk.trailer else []
    for p in walk.parts:
        body = copy[p.body_start : p.body_end]
        k = p.kind
        if media_type == "image/jpeg":
            if k in JPEG_KEEP or k.startswith("RST"):
                continue
            if k == "APP0:JFIF" and len(body) == 14:
                continue
            if k == "APP1:Exif" and want_exif is not None and body == b"Exif\x00\x00" + want_exif:
                continue
            if k == "APP2:ICC":
                continue  # checked as a whole profile through Pillow's icc_profile
        elif media_type == "image/png":
            if k in PNG_KEEP:
                continue
            if k == "eXIf" and want_exif is not None and body == want_exif:
                continue
            if k == "iCCP":
                prof = png_iccp_profile(body)
                if prof is not None and icc.is_standard(prof):
                    continue
        elif media_type == "image/gif":
            if k in GIF_KEEP:
                continue
        elif media_type == "image/webp":
            if k in WEBP_KEEP:
                continue
            if k == "EXIF" and want_exif is not None and body == want_exif:
                continue
            if k == "ICCP" and icc.is_standard(body):
                continue
        out.append(f"part:{k}")
    return out
