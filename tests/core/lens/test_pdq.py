# SPDX-License-Identifier: GPL-3.0-or-later
"""PDQ: the reference implementation's published vectors, robustness invariants, and the inner
picture of a screenshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from app.media import pdq
from bench import _lens_synth as synth

DATA = Path(__file__).parent / "data"
BRIDGE = "d8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22"
# ThreatExchange pdq/python/pdqhashing/tests/pdq_test.py (the reference output).
VECTORS = {
    "small.jpg": "0007001f003f003f007f00ff00ff00ff01ff01ff01ff03ff03ff03ff03ff03ff",
    "wee.jpg": "6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d",
    "q0003.jpg": "54a977c221d14c1c43ba5e6e21d4a13989a3553f1462611cbb85fda7be83b677",
    "q0004.jpg": "992d44af36d69e6ca6b812585928bac11def254ef5398c6d07466c9abcc65b92",
    "q0122.jpg": "cfb2009ddd21c6dab0046a7745b5984757a8a4535b3377aea2591d32b33ff940",
    "q0291.jpg": "a0fe94f1e5cc1cc8dd855948498dc9243f7ca27336f036d7f212b74bc103c9a7",
    "q0746.jpg": "1049d96239e24d4dca2c55512b8bdb77425f4dbcf575a0a95555aaab5554aaaa",
    "q1050.jpg": "489db672e9190276d452aeab41eba20f02375fe4092d88defdf491a5c55c5f70",
    "q2821.jpg": "b150231ffae4710ffcf4f18bb574b109a576f14bb8543189f8743289f174b109",
}
# Decoded identically by Pillow and by the reference's CImg: the hash must be bit-exact.
EXACT = ("small.jpg", "wee.jpg", "q0004.jpg", "q0122.jpg", "q0291.jpg", "q0746.jpg",
         "q1050.jpg", "q2821.jpg")


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_reference_vectors(name: str) -> None:
    got, quality = pdq.hash_image(Image.open(DATA / name))
    assert pdq.is_hash(got)
    if name in EXACT:
        assert got == VECTORS[name]
    else:  # q0003: quality 3 (a flat picture); JPEG decoders differ — the reference allows 16
        assert pdq.distance(got, VECTORS[name]) <= 16
    assert 0 <= quality <= 100


def test_bridge_shrunk_to_128px_matches_the_reference_hash_of_the_original() -> None:
    got, _ = pdq.hash_image(Image.open(DATA / "square-128x128.jpg"))
    assert pdq.distance(got, BRIDGE) <= 16


def test_hex_form_and_distance() -> None:
    bits = [1] + [0] * 254 + [1]
    assert pdq.bits_to_hex(bits) == "80" + "0" * 60 + "01"
    assert pdq.distance("f" * 64, "0" * 64) == 256
    assert not pdq.is_hash("F" * 64) and not pdq.is_hash("0" * 63)


@pytest.mark.parametrize("seed", range(4))
def test_reposts_stay_within_31_and_unrelated_pictures_do_not(seed: int) -> None:
    src = synth.photo(seed)
    h0, quality = pdq.hash_image(src)
    assert quality >= 50
    assert pdq.hash_image(src) == (h0, quality)  # deterministic
    assert pdq.distance(h0, pdq.hash_image(synth.reencode(src, 70))[0]) <= 31
    assert pdq.distance(h0, pdq.hash_image(synth.resize(src, 0.5))[0]) <= 31
    assert pdq.distance(h0, pdq.hash_image(synth.crop(src, 0.01, seed))[0]) <= 31
    assert pdq.distance(h0, pdq.hash_image(synth.photo(seed + 50))[0]) > 31


@pytest.mark.parametrize(("platform", "dark"), [("facebook", False), ("x", True),
                                                 ("telegram", False), ("whatsapp", True)])
def test_picture_inside_a_screenshot_is_found_and_hashed(platform: str, dark: bool) -> None:
    src = synth.photo(7)
    h0, _ = pdq.hash_image(src)
    shot = synth.in_screenshot(src, platform, dark=dark, seed=3)
    hashes = {h.kind: h for h in pdq.hashes_of(shot)}
    assert pdq.distance(h0, hashes["whole"].hash) > 31  # the bars and text hide it
    inner = hashes["inner"]
    assert pdq.distance(h0, inner.hash) <= 31
    left, top, right, bottom = inner.box or (0, 0, 0, 0)
    assert top >= 64 + 70 + 70 - 8 and bottom <= shot.height - 60  # bars, header, text trimmed


def test_a_plain_photo_has_no_inner_picture() -> None:
    for seed in range(4):
        assert [h.kind for h in pdq.hashes_of(synth.photo(seed))] == [
            "whole", "centre:3", "centre:6"]
