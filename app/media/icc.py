# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""ICC profiles: which ones are standard (kept in sanitised copies) and what a profile calls itself.

A profile is identified by the SHA-256 of its bytes with the rendering-intent field (bytes 64–67)
and the profile ID (bytes 84–99) zeroed: the two HP "sRGB IEC61966-2.1" profiles in circulation
differ only in the rendering intent. Machine-specific profiles ("Color LCD" of a Mac display),
edited ones and unknown ones are not standard and are dropped.
"""

from __future__ import annotations

import hashlib
import struct

#: normalised SHA-256 → name. Verified against real files of the corpus (see the comments).
STANDARD_PROFILES: dict[str, str] = {
    # HP/Microsoft sRGB IEC61966-2.1, 3144 bytes (pillow/flower2.jpg, pillow/hopper.iccprofile.tif)
    "2b3aa1645779a9e634744faf9b01e9102b0c9b88fd6deced7934df86b949af7e": "sRGB IEC61966-2.1",
    # Adobe RGB (1998), 560 bytes, Adobe 1999 (pillow/xmp_test.jpg)
    "e5f6ffb83b6d3491301dd750975684cc5cc2a1951c994a14b08cfdaa0d75a041": "Adobe RGB (1998)",
    # Apple Display P3, 548 bytes, 2017 — in every recent iPhone photo (exif-samples/heic/*.HEIC)
    "654dd6c0898e99b8348218e3b9681e77d276bff2045823f36b1a6bef21e2859b": "Display P3",
}


def profile_key(profile: bytes) -> str:
    """The normalised SHA-256 used for :data:`STANDARD_PROFILES`."""
    buf = bytearray(profile)
    if len(buf) >= 100:
        buf[64:68] = bytes(4)
        buf[84:100] = bytes(16)
    return hashlib.sha256(bytes(buf)).hexdigest()


def is_standard(profile: bytes) -> bool:
    """True when ``profile`` is on the allowlist of standard profiles."""
    return profile_key(profile) in STANDARD_PROFILES


def describe(profile: bytes, cap: int = 200) -> dict[str, object]:
    """A small JSON-able summary: size, description, creator, creation date, standard or not."""
    info: dict[str, object] = {"bytes": len(profile), "standard": is_standard(profile)}
    if len(profile) < 132:
        info["error"] = "short profile"
        return info
    info["creator"] = profile[80:84].decode("latin-1").strip("\x00 ")
    info["device_model"] = profile[52:56].decode("latin-1").strip("\x00 ")
    y, mo, d, h, mi, s = struct.unpack(">6H", profile[24:36])
    info["created"] = f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}"
    desc = _tag_text(profile, b"desc")
    if desc is not None:
        info["description"] = desc[:cap]
    return info


def _tag_text(profile: bytes, sig: bytes) -> str | None:
    count = struct.unpack(">I", profile[128:132])[0]
    for i in range(min(count, 256)):
        off = 132 + 12 * i
        if off + 12 > len(profile):
            return None
        tsig, toff, tlen = struct.unpack(">4sII", profile[off : off + 12])
        if tsig != sig:
            continue
        body = profile[toff : toff + min(tlen, 4096)]
        if body[:4] == b"desc" and len(body) >= 12:
            n = struct.unpack(">I", body[8:12])[0]
            return body[12 : 12 + n].split(b"\x00")[0].decode("latin-1")
        if body[:4] == b"mluc" and len(body) >= 28:
            rec_len, str_len, str_off = (struct.unpack(">I", body[12:16])[0],
                                         *struct.unpack(">II", body[20:28]))
            del rec_len
            return body[str_off : str_off + str_len].decode("utf-16-be", "replace")
        if body[:4] == b"text":
            return body[8:].split(b"\x00")[0].decode("latin-1")
        return None
    return None
