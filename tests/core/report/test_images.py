# SPDX-License-Identifier: GPL-3.0-or-later
"""Image preparation: pass-through, reduction, orientation, refusal of bad input."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.report.images import DPI, prepare, probe
from app.report.png import passthrough


def _encode(im: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def test_small_jpeg_bytes_are_passed_through() -> None:
    data = _encode(Image.new("RGB", (300, 600), (10, 120, 200)), "JPEG")
    p = prepare(data, 190, 400)
    assert p.passed_through and p.data == data and p.png is None
    assert p.width <= 190.01 and p.height <= 400.01
    assert abs(p.width - 190) < 0.01  # 1:2 image in a 190×400 box: limited by the width
    assert abs(p.width / p.height - 0.5) < 0.01


def test_rgb_png_is_embedded_without_decoding() -> None:
    data = _encode(Image.new("RGB", (1080, 2400), (240, 240, 240)), "PNG")
    p = prepare(data, 190, 400)
    assert p.passed_through and p.png is not None
    assert (p.png.width, p.png.height, p.png.colors) == (1080, 2400, 3)


def test_rgba_png_is_reduced_and_reencoded() -> None:
    data = _encode(Image.new("RGBA", (1080, 2400), (240, 0, 0, 128)), "PNG")
    assert passthrough(data) is None
    p = prepare(data, 190, 400)
    assert not p.passed_through and p.png is None
    with Image.open(io.BytesIO(p.data)) as out:
        assert out.format == "JPEG" and out.mode == "RGB"
        need_h = 400 * DPI / 72
        assert need_h <= out.size[1] < 2 * need_h  # integer box reduction towards DPI


def test_exif_rotated_jpeg_is_turned_upright() -> None:
    im = Image.new("RGB", (800, 400), (0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    data = _encode(im, "JPEG", exif=exif.tobytes())
    w, h = probe(data, 190, 400)
    assert h > w  # displayed portrait
    p = prepare(data, 190, 400)
    assert not p.passed_through
    with Image.open(io.BytesIO(p.data)) as out:
        assert out.size[1] > out.size[0]


def test_corrupt_png_crc_refuses_passthrough() -> None:
    data = bytearray(_encode(Image.new("RGB", (20, 20)), "PNG"))
    data[40] ^= 0xFF
    assert passthrough(bytes(data)) is None


def test_garbage_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"."):
        prepare(b"not an image", 100, 100)
    with pytest.raises(ValueError, match=r"."):
        probe(b"\x89PNG\r\n\x1a\n", 100, 100)  # signature only
