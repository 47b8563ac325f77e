# SPDX-License-Identifier: GPL-3.0-or-later
"""The PNG writer of converted copies (``sanitize._fast_png``): Pillow's chunks, every pixel."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from app.media import sanitize as san
from app.media.containers import walk_png
from tests.core.media.gen import gradient, noise


def _kinds(data: bytes) -> list[str]:
    return [p.kind for p in walk_png(data).parts]


def _pillow(im: Image.Image, **kw: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", **kw)
    return buf.getvalue()


@pytest.mark.parametrize("mode", ["L", "LA", "RGB", "RGBA"])
@pytest.mark.parametrize("size", [(1, 1), (37, 5), (2400, 1800)], ids=["1px", "small", "bands"])
def test_every_pixel_is_kept_in_the_chunks_pillow_writes(mode: str, size: tuple[int, int]) -> None:
    if size[0] < 100:
        im = noise(mode, size, seed=size[0])
    else:  # several bands of rows (4 MiB each): the Up filter reaches across their edges
        im = Image.frombytes(mode, size, os.urandom(size[0] * size[1] * len(mode)))
        assert size[0] * size[1] * len(mode) > san._FAST_PNG_BAND
    data = san._fast_png(im, None, None)
    assert data is not None
    back = Image.open(io.BytesIO(data))
    back.load()
    assert back.mode == mode and back.size == size
    assert back.tobytes() == im.tobytes()
    kinds = _kinds(data)
    assert kinds[0] == "IHDR" and kinds[-1] == "IEND"
    assert set(kinds) == set(_kinds(_pillow(im)))


def test_transparency_orientation_and_icc_come_through() -> None:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = b"Exif\x00\x00" + san.orientation_exif(6)
    for mode, transparency in (("L", 7), ("RGB", (1, 2, 3))):
        im = gradient((20, 10), mode)
        im.info["transparency"] = transparency
        data = san._fast_png(im, exif, profile)
        assert data is not None
        back = Image.open(io.BytesIO(data))
        assert back.info["transparency"] == transparency
        assert back.getexif().get(0x0112) == 6
        assert back.info["icc_profile"] == profile
        assert back.tobytes() == im.tobytes()


@pytest.mark.parametrize("mode", ["1", "P", "I;16", "I", "F", "CMYK", "PA"])
def test_other_modes_are_left_to_pillow(mode: str) -> None:
    assert san._fast_png(Image.new(mode, (4, 4)), None, None) is None


def test_an_odd_transparency_is_left_to_pillow() -> None:
    im = gradient((4, 4))
    im.info["transparency"] = b"\x00\x01"  # not what an RGB image can say in tRNS
    assert san._fast_png(im, None, None) is None
