# SPDX-License-Identifier: GPL-3.0-or-later
"""Small files and pieces of containers built at test time, for the sanitiser's tests."""

from __future__ import annotations

import io
import struct

from PIL import Image

from app.media.containers import walk_jpeg
from tests.core.media import gen

SECRET = gen.MARK.encode()
# A made-up ICC profile: not on the allowlist unless a test puts it there. Its rendering intent
# (bytes 64-67) and profile ID (84-99) are already canonical (0 and zeros), so a kept copy of it
# is byte-identical; ``ICC_WITH_ID`` is the same profile with both fields set.
_RAW = bytearray(b"\x00\x00\x01\x00test" + bytes(range(256)) * 2 + SECRET)
_RAW[64:68], _RAW[84:100] = bytes(4), bytes(16)
PROFILE = bytes(_RAW)
_RAW[64:68], _RAW[84:100] = b"\x00\x00\x00\x07", b"+9647701234567\x00\x00"
ICC_WITH_ID = bytes(_RAW)


def frames_of(data: bytes) -> list[tuple[str, tuple[int, int], bytes]]:
    """Every decoded frame of ``data`` (mode, size, pixels)."""
    im = Image.open(io.BytesIO(data))
    out = []
    for i in range(int(getattr(im, "n_frames", 1))):
        im.seek(i)
        frame = im.convert("RGBA")
        out.append((im.mode, im.size, frame.tobytes()))
    return out


def jpeg_file(**kw: object) -> bytes:
    buf = io.BytesIO()
    gen.gradient((48, 32)).save(buf, "JPEG", quality=85, **kw)
    return buf.getvalue()


def segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def after_jfif(jpeg: bytes, *segments: bytes) -> bytes:
    """Insert ``segments`` right after the JFIF APP0 segment (where cameras write theirs)."""
    jfif = walk_jpeg(jpeg).parts[1]
    assert jfif.kind == "APP0:JFIF"
    return jpeg[: jfif.end] + b"".join(segments) + jpeg[jfif.end :]


def png_file(im: Image.Image | None = None, **kw: object) -> bytes:
    return gen.png_bytes(im if im is not None else gen.gradient((40, 24)), **kw)


def sub_blocks(payload: bytes) -> bytes:
    return b"".join(bytes([len(payload[i : i + 255])]) + payload[i : i + 255]
                    for i in range(0, len(payload), 255)) + b"\x00"


def gif_file() -> bytes:
    frames = [gen.noise("P", (20, 12), seed=s) for s in range(2)]
    for f in frames:
        f.putpalette(list(range(256)) * 3)
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], loop=0, duration=50)
    return buf.getvalue()


def webp_file(**kw: object) -> bytes:
    buf = io.BytesIO()
    gen.gradient((24, 16)).save(buf, "WEBP", lossless=True, **kw)
    return buf.getvalue()
