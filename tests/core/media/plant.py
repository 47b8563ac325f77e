# SPDX-License-Identifier: GPL-3.0-or-later
"""Plant a marker inside every structure the sanitiser keeps, keeping the file well-formed.

Used by ``test_planted.py`` (a bounded, seeded sample in CI) and ``bench/fuzz_sanitize.py``
(>= 10,000 planted inputs). :func:`sites` lists where a marker can go in one file; :func:`plant`
appends it to the payload of that structure and adjusts the length fields (JPEG segment length,
PNG chunk length and CRC, GIF sub-blocks, RIFF chunk and file sizes) so the file still parses.
Coded image data itself (JPEG scans, VP8/VP8L bitstreams) is not a site: see the residual risks
in ``docs/threat-model.md``.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

from PIL import Image

from app.errors import InputRejected
from app.media import ProcessedMedia, process
from app.media.containers import ContainerError, Walk, walk_gif, walk_jpeg, walk_png, walk_webp
from tests.core.media import gen

MARKER = b"OWNER:+9647701234567"

_WALKERS = {"image/jpeg": walk_jpeg, "image/png": walk_png, "image/gif": walk_gif,
            "image/webp": walk_webp}
_JPEG_SITES = {"APP0:JFIF", "APP14:Adobe", "APP2:ICC", "DQT", "DHT", "SOS", "DRI", "DAC", "DNL"}
_PNG_SITES = {"IHDR", "PLTE", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "acTL", "fcTL", "fdAT",
              "IDAT", "iCCP", "IEND"}
_GIF_SITES = {"ext:F9", "app:NETSCAPE2.0", "app:ANIMEXTS1.0", "image"}
_WEBP_SITES = {"VP8X", "ANIM", "ANMF", "ICCP"}


def media_type(data: bytes) -> str | None:
    if data[:2] == b"\xff\xd8":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def sites(data: bytes) -> list[tuple[int, str]]:
    """``(part index, variant)`` for every place a marker can be planted in ``data``."""
    mt = media_type(data)
    if mt is None:
        return []
    try:
        walk = _WALKERS[mt](data)
    except ContainerError:
        return []
    out: list[tuple[int, str]] = []
    for i, p in enumerate(walk.parts):
        k = p.kind
        if mt == "image/jpeg" and (k in _JPEG_SITES or k.startswith("SOF")):
            out.append((i, "append"))
            if k in ("DQT", "DHT"):
                out.append((i, "table"))
        elif mt == "image/png" and k in _PNG_SITES:
            out.append((i, "append"))
            if k == "IDAT":
                out.append((i, "stored-block"))
        elif mt == "image/gif" and k in _GIF_SITES:
            out.append((i, "sub-block"))
        elif mt == "image/webp" and k in _WEBP_SITES:
            out.append((i, "append"))
            if k == "ANMF":
                out.append((i, "sub-chunk"))
    if mt == "image/png":
        out.append((-1, "idat-after"))
    return out


def plant(data: bytes, site: tuple[int, str], payload: bytes) -> bytes:
    """``data`` with ``payload`` inside the structure ``site`` (from :func:`sites`)."""
    mt = media_type(data)
    assert mt is not None
    walk = _WALKERS[mt](data)
    index, variant = site
    if mt == "image/jpeg":
        p = walk.parts[index]
        if variant == "table":
            # a complete extra table (id 3) holding the payload, which no scan uses
            payload = (b"\x03" + (payload * (64 // len(payload) + 1))[:64] if p.kind == "DQT"
                       else b"\x13" + bytes([0, len(payload[:255])] + [0] * 14) + payload[:255])
        seg_end = p.body_end
        length = seg_end - p.body_start + 2 + len(payload)
        if length > 0xFFFF:
            return data
        return (data[: p.start + 2] + struct.pack(">H", length) + data[p.body_start : seg_end]
                + payload + data[seg_end:])
    if mt == "image/png":
        return _plant_png(data, walk, index, variant, payload)
    if mt == "image/gif":
        p = walk.parts[index]
        # a sub-block holding the payload, just before the block terminator
        block = bytes([len(payload[:255])]) + payload[:255]
        return data[: p.end - 1] + block + data[p.end - 1 :]
    return _plant_webp(data, walk, index, variant, payload)


def _chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def _plant_png(data: bytes, walk: Walk, index: int, variant: str, payload: bytes) -> bytes:
    if variant == "idat-after":
        last = max(i for i, p in enumerate(walk.parts) if p.kind == "IDAT")
        p = walk.parts[last]
        return data[: p.end] + _chunk(b"IDAT", payload) + data[p.end :]
    p = walk.parts[index]
    body = data[p.body_start : p.body_end]
    if variant == "stored-block":
        # the payload as a stored deflate block after the stream's end (readable as it is)
        body += b"\x01" + struct.pack("<HH", len(payload), len(payload) ^ 0xFFFF) + payload
    else:
        body += payload
    return data[: p.start] + _chunk(p.kind.encode("latin-1"), body) + data[p.end :]


def _riff(fourcc: bytes, body: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) & 1 else b"")


def _plant_webp(data: bytes, walk: Walk, index: int, variant: str, payload: bytes) -> bytes:
    p = walk.parts[index]
    body = data[p.body_start : p.body_end]
    body += _riff(b"XYZW", payload) if variant == "sub-chunk" else payload
    riff = data[12 : p.start] + _riff(p.kind.encode("latin-1"), body) + data[p.end : walk.end]
    return b"RIFF" + struct.pack("<I", 4 + len(riff)) + b"WEBP" + riff


def outcome(planted: bytes) -> tuple[str, ProcessedMedia | None]:
    """``"refused"`` (no clean copy), ``"cleaned"`` (a proven copy without the marker) or
    ``"found"`` (the marker reached the clean copy: a failure)."""
    try:
        r = process(planted)
    except InputRejected:
        return "refused", None
    if r.sanitized is None:
        return "refused", r
    if MARKER in r.sanitized:
        return "found", r
    assert r.pixels_equal and r.sanitized_pixels == r.original_pixels
    return "cleaned", r


def payloads(rnd: random.Random) -> bytes:
    """The marker, sometimes wrapped in random bytes (never 0xFF, which JPEG would treat as a
    marker) of random length."""
    pre = bytes(rnd.randrange(0, 255) for _ in range(rnd.choice((0, 0, 1, 3, 17))))
    post = bytes(rnd.randrange(0, 255) for _ in range(rnd.choice((0, 0, 2, 40))))
    return pre + MARKER + post


# ------------------------------------------------------------------------------ inputs


def generated() -> Iterator[tuple[str, bytes]]:
    """Small files of every kept structure, built with Pillow."""
    grad = gen.gradient((40, 24))

    def save(im: Image.Image, fmt: str, **kw: object) -> bytes:
        buf = io.BytesIO()
        im.save(buf, fmt, **kw)
        return buf.getvalue()

    yield "baseline.jpg", save(grad, "JPEG", quality=80)
    yield "progressive.jpg", save(grad, "JPEG", progressive=True)
    yield "restart.jpg", save(grad, "JPEG", restart_marker_rows=1)
    yield "cmyk-adobe.jpg", save(gen.gradient((24, 16), "CMYK"), "JPEG")
    yield "gray.jpg", save(grad.convert("L"), "JPEG")
    yield "rgb.png", gen.png_bytes(grad)
    yield "interlaced.png", _interlaced(grad)
    pal = grad.convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    yield "palette-trns.png", gen.png_bytes(pal, transparency=3, bits=4)
    yield "rgba.png", gen.png_bytes(grad.convert("RGBA"))
    yield "render-chunks.png", _with_render_chunks(gen.png_bytes(grad))
    frames = [gen.noise("RGB", (16, 12), seed=s) for s in range(3)]
    yield "anim.png", save(frames[0], "PNG", save_all=True, append_images=frames[1:],
                           duration=40, loop=0)
    gframes = [gen.noise("P", (20, 12), seed=s) for s in range(2)]
    for f in gframes:
        f.putpalette(list(range(256)) * 3)
    yield "anim.gif", save(gframes[0], "GIF", save_all=True, append_images=gframes[1:], loop=0,
                           duration=50, transparency=1)
    yield "lossless.webp", save(grad, "WEBP", lossless=True)
    yield "lossy-alpha.webp", save(grad.convert("RGBA"), "WEBP", quality=80)
    yield "anim.webp", save(frames[0], "WEBP", save_all=True, append_images=frames[1:],
                            duration=40, loop=0, lossless=True)
    yield "anim-lossy.webp", save(frames[0].convert("RGBA"), "WEBP", save_all=True,
                                  append_images=[f.convert("RGBA") for f in frames[1:]],
                                  duration=40, loop=2, quality=70)


def _interlaced(im: Image.Image) -> bytes:
    """An Adam7 PNG (Pillow cannot write one): the same pixels, re-packed by hand."""
    w, h = im.size
    raw = im.tobytes()
    rows = []
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4),
                           (1, 0, 2, 2), (0, 1, 1, 2)):
        for y in range(y0, h, dy):
            line = b"".join(raw[(y * w + x) * 3 : (y * w + x) * 3 + 3] for x in range(x0, w, dx))
            if line:
                rows.append(b"\x00" + line)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 1)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows))) + _chunk(b"IEND", b""))


def _with_render_chunks(png: bytes) -> bytes:
    ihdr_end = 8 + 25
    extra = (_chunk(b"gAMA", struct.pack(">I", 45455)) + _chunk(b"cHRM", bytes(range(32)))
             + _chunk(b"sRGB", b"\x00") + _chunk(b"sBIT", b"\x08\x08\x08"))
    return png[:ihdr_end] + extra + png[ihdr_end:]


def corpus_files(root: Path, max_bytes: int = 300_000) -> Iterator[tuple[str, bytes]]:
    """The corpus images of the four walked formats, up to ``max_bytes`` each (read, not
    copied)."""
    import json

    for e in json.loads((root / "MANIFEST.json").read_text()):
        if e["size"] > max_bytes or e.get("pillow_13_0_0") != "ok":
            continue
        data = (root / e["file"]).read_bytes()
        if media_type(data) is not None and sites(data):
            yield e["file"], data
