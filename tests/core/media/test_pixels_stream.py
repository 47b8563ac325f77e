# SPDX-License-Identifier: GPL-3.0-or-later
"""The streamed pixel bytes are exactly ``tobytes()``, for every mode the pipeline meets."""

from __future__ import annotations

import pytest
from PIL import Image

from app.media.pixels import _raw_chunks

MODES = ["RGB", "RGBA", "L", "LA", "P", "PA", "1", "CMYK", "YCbCr", "I", "F", "I;16", "RGBX"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("size", [(1, 1), (333, 211), (2000, 700)])
def test_raw_chunks_equal_tobytes(mode: str, size: tuple[int, int]) -> None:
    base = Image.effect_noise(size, 40)
    im = base.convert(mode) if mode not in ("I;16", "PA") else Image.new(mode, size)
    chunks = list(_raw_chunks(im))
    assert b"".join(chunks) == im.tobytes()
    if size == (2000, 700) and mode == "RGB":
        assert len(chunks) > 1  # really streamed, not one joined buffer
