# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""PDQ perceptual hashes of decoded pictures, and the inner picture of a screenshot.

The hash is Meta's PDQ (``pdqhash``: bindings of the reference C++ implementation), 256 bits
written as 64 lowercase hex digits, most significant bit first — the text form ThreatExchange and
platforms' hash-matching systems exchange. ``quality`` is PDQ's own 0–100 figure (below ~50 the
picture is too flat for the hash to mean much). Two hashes of the same picture after re-encoding,
resizing or a small crop differ in few bits; 31 is the usual match threshold.

A picture re-shared inside a screenshot is surrounded by the platform's bars, the post text and
flat margins, which move its whole-image hash far from the original's. :func:`inner_box` finds
the picture inside: a row is *flat* when at least ``FLAT_SHARE`` of its pixels are within
``FLAT_TOLERANCE`` of the row's median colour (background, margins, a coloured bar with a few
icons, a line of text on its background — all mostly one colour); a photograph's rows are not. The
inner picture is the tallest band of non-flat rows (bridging flat runs shorter than 3 % of the
height, such as a strip of sky), narrowed the same way by its non-flat columns. It is hashed as
``inner`` when it is large enough (≥ 15 % of each side) and differs from the whole (it leaves out
≥ 10 % of the area). Analysis runs on a nearest-neighbour reduction to at most 800 px, which keeps
text pixels their real colour.

A screenshot of a text-only post (no picture inside: at least ``TEXT_FLAT_SHARE`` of its rows flat)
is hashed as ``text``. PDQ reduces a picture to 64×64 and keeps its lowest frequencies, where lines
of 30-pixel text are grey bands: two different posts on the same platform template (the same bars,
card and avatar) then differ mostly in how long their lines are and land 18–30 bits apart, inside
the usual threshold, while the same post re-encoded moves 0–10 bits. :mod:`app.cases.similar`
therefore matches a ``text`` hash only within ``TEXT_THRESHOLD`` (its recognised text is what
finds the campaign's reposted phrases). Resizing moves a text picture's PDQ far more than a
photograph's (up to 26 bits at half size: thin strokes resample differently), so a second hash,
``text:small``, is taken of the picture first reduced to ``TEXT_SMALL_WIDTH`` pixels wide: copies
at any size then land 0–8 bits apart, different posts on one template stay ≥ 24 apart. The plain
``text`` hash is the true PDQ of the file, the one a platform computes.

A photograph (neither a picture inside a screenshot nor text) also gets ``centre:N`` hashes of its
centre with N % of each side cut away (split evenly between the edges): a copy cropped by 3–5 %
lies closer to the original's centre than to the whole of it, so the crops PDQ alone misses beyond
2 % are matched through them (``bench/pdq.py`` prints the share found).

This module only computes; it never touches the vault.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pdqhash
from numpy.typing import NDArray
from PIL import Image

HASH_HEX_LEN = 64
DEFAULT_THRESHOLD = 31
FLAT_TOLERANCE = 10       # per channel, 0–255
FLAT_SHARE = 0.6          # share of a row's pixels near its median colour that makes it flat
BRIDGE_SHARE = 0.03       # flat runs shorter than this share of the side stay inside the picture
MIN_INNER_SIDE = 0.15     # the inner picture spans at least this share of each side
MAX_INNER_AREA = 0.9      # … and leaves out at least 10 % of the area
TEXT_FLAT_SHARE = 0.75    # a picture this share of whose rows are flat is a text-only post
                          # (0.98–1 as captured, 0.83 and more resized to a quarter)
TEXT_THRESHOLD = 8        # a ``text`` hash matches only this close (see the module docstring)
CENTRE_CUTS = (3, 6)      # per cent of each side cut away for the ``centre:N`` hashes
TEXT_SMALL_WIDTH = 128    # a text-only picture is also hashed reduced to this width
_ANALYSIS_SIDE = 800


@dataclass(frozen=True)
class PdqHash:
    """One hash: ``kind`` is ``whole``, ``inner`` (a picture inside a screenshot), ``text`` (the
    whole of a text-only screenshot), ``centre:N`` (a photograph's centre, N % cut away),
    ``page:N`` (the picture of page N of a document, from 1) or ``frame:MS`` (a video keyframe MS
    milliseconds in), the last two with ``:inner`` or ``:text`` for what was found in them."""

    kind: str
    hash: str
    quality: int
    box: tuple[int, int, int, int] | None = None  # (left, top, right, bottom) of an inner picture


def to_rgb_array(image: Image.Image) -> NDArray[np.uint8]:
    """The picture as an ``H×W×3`` uint8 array (alpha dropped, palette expanded)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    return np.asarray(rgb, dtype=np.uint8)


def hash_array(rgb: NDArray[np.uint8]) -> tuple[str, int]:
    """PDQ of an RGB array: (64 hex digits, quality)."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.shape[0] < 1 or rgb.shape[1] < 1:
        raise ValueError("an H×W×3 RGB array is needed")
    bits, quality = pdqhash.compute(np.ascontiguousarray(rgb))
    return bits_to_hex(bits), int(quality)


def hash_image(image: Image.Image) -> tuple[str, int]:
    """PDQ of a decoded Pillow image: (64 hex digits, quality)."""
    return hash_array(to_rgb_array(image))


def bits_to_hex(bits: NDArray[np.generic] | list[int]) -> str:
    packed = np.packbits(np.asarray(bits, dtype=np.uint8))
    if packed.size != HASH_HEX_LEN // 2:
        raise ValueError("a PDQ hash has 256 bits")
    return packed.tobytes().hex()


def distance(a: str, b: str) -> int:
    """Hamming distance between two hex hashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def is_hash(text: str) -> bool:
    return len(text) == HASH_HEX_LEN and all(c in "0123456789abcdef" for c in text)


def is_text_kind(kind: str) -> bool:
    """Whether a hash kind is of a text-only picture (``text``, ``text:small``,
    ``page:N:text``…)."""
    return "text" in kind.split(":")


def pair_threshold(kind_a: str, kind_b: str, threshold: int) -> int:
    """The distance within which two hashes of these kinds match: ``threshold``, or no more than
    ``TEXT_THRESHOLD`` when either is the hash of a text-only picture."""
    if is_text_kind(kind_a) or is_text_kind(kind_b):
        return min(threshold, TEXT_THRESHOLD)
    return threshold


def hashes_of(image: Image.Image, *, inner: bool = True, centre: bool = True) -> list[PdqHash]:
    """The ``whole`` hash and, for a picture inside a screenshot, the ``inner`` one; for a
    text-only screenshot the ``text`` and ``text:small`` hashes instead; for a photograph its
    ``centre:N`` hashes too (unless ``centre`` is False)."""
    rgb = to_rgb_array(image)
    whole, quality = hash_array(rgb)
    box = inner_box(rgb) if inner else None
    if box is not None:
        left, top, right, bottom = box
        h, q = hash_array(rgb[top:bottom, left:right])
        return [PdqHash("whole", whole, quality), PdqHash("inner", h, q, box)]
    if inner and flat_share(rgb) >= TEXT_FLAT_SHARE:
        small = image.convert("RGB").resize(
            (TEXT_SMALL_WIDTH, max(1, round(image.height * TEXT_SMALL_WIDTH / image.width))),
            Image.Resampling.LANCZOS)
        h, q = hash_array(to_rgb_array(small))
        return [PdqHash("text", whole, quality), PdqHash("text:small", h, q)]
    out = [PdqHash("whole", whole, quality)]
    height, width = rgb.shape[:2]
    for cut in CENTRE_CUTS if centre else ():
        dx, dy = round(width * cut / 200), round(height * cut / 200)
        if width - 2 * dx < 16 or height - 2 * dy < 16:
            continue
        part = (dx, dy, width - dx, height - dy)
        h, q = hash_array(np.ascontiguousarray(rgb[dy:height - dy, dx:width - dx]))
        out.append(PdqHash(f"centre:{cut}", h, q, part))
    return out


MIN_PART_QUALITY = 50     # pages and keyframes flatter than this are not hashed
PART_DEDUPE = 8           # … nor those this close to one already hashed


def hashes_of_parts(parts: Iterable[tuple[str, Image.Image]], *,
                    min_quality: int = MIN_PART_QUALITY,
                    dedupe: int = PART_DEDUPE) -> list[PdqHash]:
    """Hashes of the pictures inside a document or a recording, each labelled ``page:N`` or
    ``frame:MS`` (its inner picture ``page:N:inner``…), in the order given.

    A picture with a PDQ quality below ``min_quality`` (a black frame, a blank scan) is left out:
    its hash says nothing and would match every other flat picture. So is one whose hash is within
    ``dedupe`` bits of a part already kept (a still scene over several keyframes, a page repeated).
    """
    out: list[PdqHash] = []
    kept: list[str] = []
    for label, image in parts:
        found = hashes_of(image, centre=False)
        whole = found[0]
        if whole.quality < min_quality or any(distance(whole.hash, k) <= dedupe for k in kept):
            continue
        kept.append(whole.hash)
        out += [PdqHash(label if h.kind == "whole" else f"{label}:{h.kind}", h.hash, h.quality,
                        h.box) for h in found if h.quality >= min_quality]
    return out


def _flat(lines: NDArray[np.int16]) -> NDArray[np.bool_]:
    """For an ``N×L×3`` stack of lines: True where the line is mostly one colour."""
    median = np.median(lines, axis=1, keepdims=True)
    near = np.all(np.abs(lines - median) <= FLAT_TOLERANCE, axis=2)
    share: NDArray[np.float64] = near.mean(axis=1)
    return share >= FLAT_SHARE


def flat_share(rgb: NDArray[np.uint8]) -> float:
    """The share of the picture's rows that are flat (see the module docstring), measured on
    the same reduction as :func:`inner_box`."""
    height, width = rgb.shape[:2]
    step = max(1, -(-max(height, width) // _ANALYSIS_SIDE))
    small = rgb[::step, ::step].astype(np.int16)
    if small.shape[0] < 8 or small.shape[1] < 8:
        return 0.0
    return float(_flat(small).mean())


def _longest_run(busy: NDArray[np.bool_], bridge: int) -> tuple[int, int] | None:
    """[start, end) of the longest run of True, bridging False gaps of ≤ ``bridge``."""
    idx = np.flatnonzero(busy)
    if idx.size == 0:
        return None
    breaks = np.flatnonzero(np.diff(idx) > bridge + 1)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]])) + 1
    best = int(np.argmax(ends - starts))
    return int(starts[best]), int(ends[best])


def inner_box(rgb: NDArray[np.uint8]) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the picture inside a screenshot, or None when the whole
    image is the picture (or no picture stands out). See the module docstring."""
    height, width = rgb.shape[:2]
    step = max(1, -(-max(height, width) // _ANALYSIS_SIDE))
    small = rgb[::step, ::step].astype(np.int16)
    sh, sw = small.shape[:2]
    if sh < 8 or sw < 8:
        return None
    rows = _longest_run(~_flat(small), max(1, int(sh * BRIDGE_SHARE)))
    if rows is None:
        return None
    band = small[rows[0]:rows[1]]
    cols = _longest_run(~_flat(band.transpose(1, 0, 2)), max(1, int(sw * BRIDGE_SHARE)))
    if cols is None:
        return None
    top, bottom = rows[0] * step, min(height, rows[1] * step)
    left, right = cols[0] * step, min(width, cols[1] * step)
    w, h = right - left, bottom - top
    if w < MIN_INNER_SIDE * width or h < MIN_INNER_SIDE * height:
        return None
    if w * h > MAX_INNER_AREA * width * height:
        return None
    return left, top, right, bottom
