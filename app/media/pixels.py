# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Opening and decoding images under limits, the pixel digest, and in-memory thumbnails.

Every Pillow call on untrusted bytes goes through :func:`open_image` (format allowlist, size and
frame checks before any pixel is decoded) and :func:`decode_digest` (exceptions mapped to
``InputRejected`` codes). ``ImageFile.LOAD_TRUNCATED_IMAGES`` is asserted False.
"""

from __future__ import annotations

import functools
import hashlib
import io
import struct
import warnings
from collections.abc import Callable, Iterator
from typing import TypeVar

from PIL import Image, ImageFile

from app.errors import InputRejected
from app.media.types import Limits, PixelDigest

#: Pillow plugin names allowed per sniffed media type (``Image.open(..., formats=...)``).
PIL_FORMATS: dict[str, list[str]] = {
    "image/jpeg": ["JPEG"],  # the JPEG factory turns files with an MPF header into MPO
    "image/png": ["PNG"],
    "image/gif": ["GIF"],
    "image/webp": ["WEBP"],
    "image/tiff": ["TIFF"],
    "image/bmp": ["BMP"],
    "image/heic": ["HEIF"],
    "image/heif": ["HEIF"],
    "image/avif": ["AVIF", "HEIF"],
}

#: Formats whose pixel digest covers only the primary image (MPO: the others live after EOI;
#: TIFF: extra pages are not kept; HEIF/AVIF: the primary item).
PRIMARY_ONLY = frozenset({"JPEG", "MPO", "TIFF", "HEIF", "AVIF", "BMP"})

T = TypeVar("T")

_BAND_BYTES = 64 * 1024 * 1024
_heif_registered = False


def register_heif() -> None:
    """Register pillow-heif's HEIF opener with Pillow (once)."""
    # A process-wide, once-only registration with Pillow.
    global _heif_registered  # noqa: PLW0603
    if not _heif_registered:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _heif_registered = True


def open_image(data: bytes, media_type: str, limits: Limits) -> Image.Image:
    """Open ``data`` with the allowlisted plugin and check size and frame count; decode nothing.

    Raises:
        InputRejected: ``import.unsupported``, ``import.corrupt``, ``import.too_many_pixels``,
            ``import.too_many_frames`` or ``import.metadata_too_large``.
    """
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # a truncated file must fail, never half-decode
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False")
    formats = PIL_FORMATS.get(media_type)
    if formats is None:
        raise InputRejected("import.unsupported", media_type=media_type)
    if "HEIF" in formats:
        register_heif()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        im = guarded(lambda: Image.open(io.BytesIO(data), formats=formats), limits)
        w, h = im.size
        if w <= 0 or h <= 0:
            raise InputRejected("import.corrupt", reason="empty image")
        if w * h > limits.max_pixels:
            raise InputRejected("import.too_many_pixels", width=w, height=h,
                                limit=limits.max_pixels)
        frames = (1 if im.format in PRIMARY_ONLY
                  else guarded(lambda: int(getattr(im, "n_frames", 1)), limits))
        if frames > limits.max_frames:
            raise InputRejected("import.too_many_frames", frames=frames, limit=limits.max_frames)
    return im


def frame_count(im: Image.Image) -> int:
    """Frames the digest covers for ``im``."""
    return 1 if im.format in PRIMARY_ONLY else int(getattr(im, "n_frames", 1))


def guarded(fn: Callable[[], T], limits: Limits) -> T:
    """Run a Pillow call on untrusted data, mapping its failures to ``InputRejected`` codes."""
    try:
        return fn()
    except InputRejected:
        raise
    except Image.DecompressionBombError as exc:
        raise InputRejected("import.too_many_pixels", width=0, height=0, limit=limits.max_pixels,
                            reason=str(exc)[:200]) from None
    except MemoryError:
        raise InputRejected("import.decoder_crashed", reason="out of memory") from None
    except Image.UnidentifiedImageError:
        raise InputRejected("import.corrupt", reason="not identified as an image") from None
    except (OSError, SyntaxError, ValueError, TypeError, EOFError, LookupError, ZeroDivisionError,
            struct.error, RuntimeError, AttributeError) as exc:
        msg = str(exc)
        if "truncated" in msg.lower() or isinstance(exc, EOFError):
            raise InputRejected("import.truncated", reason=msg[:200]) from None
        if "Decompressed data too large" in msg or "Too much memory used in text chunks" in msg:
            raise InputRejected("import.metadata_too_large", limit=limits.max_metadata_bytes,
                                reason=msg[:200]) from None
        raise InputRejected("import.corrupt", reason=f"{type(exc).__name__}: {msg[:200]}") from None


def digest_frames(im: Image.Image, limits: Limits,
                  on_first: Callable[[Image.Image], None] | None = None) -> PixelDigest:
    """Decode every frame of ``im`` and hash its pixels.

    The digest is SHA-256 over ``b"bayyina-pixels/1\\0"`` followed, for each frame in order (frame 0
    only for JPEG/MPO, TIFF, BMP, HEIF and AVIF; every frame for GIF, APNG and animated WebP, as
    Pillow composes them), by ``f"{mode}\\0{width}\\0{height}\\0"``, then for palette modes
    ``b"P\\0"`` + the RGB palette + ``repr(info["transparency"])``, then ``frame.tobytes()``
    (row-major raw bytes in Pillow's mode; hashed in bands of rows, which gives the same hash).
    ``mode``, ``width`` and ``height`` of the result are those of frame 0.

    Args:
        im: An image from :func:`open_image`, not yet loaded.
        limits: For error mapping.
        on_first: Called with frame 0 once it is decoded (used for the thumbnail).
    """
    frames = frame_count(im)
    h = hashlib.sha256(b"bayyina-pixels/1\x00")
    mode, size = im.mode, im.size
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i in range(frames):
            if i:
                guarded(functools.partial(im.seek, i), limits)
                if im.size[0] * im.size[1] > limits.max_pixels:
                    raise InputRejected("import.too_many_pixels", width=im.size[0],
                                        height=im.size[1], limit=limits.max_pixels)
            guarded(im.load, limits)
            if i == 0:
                mode, size = im.mode, im.size
            _hash_frame(h, im)
            if i == 0 and on_first is not None:
                on_first(im)
    return PixelDigest(h.hexdigest(), mode, size[0], size[1], frames)


def _hash_frame(h: hashlib._Hash, im: Image.Image) -> None:
    w, hgt = im.size
    h.update(f"{im.mode}\x00{w}\x00{hgt}\x00".encode())
    if im.mode in ("P", "PA"):
        pal = im.getpalette() or []
        h.update(b"P\x00" + bytes(pal) + repr(im.info.get("transparency")).encode())
    for chunk in _raw_chunks(im):
        h.update(chunk)


def _raw_chunks(im: Image.Image) -> Iterator[bytes]:
    """Exactly the bytes of ``im.tobytes()``, produced the way Pillow 13's ``tobytes`` does (its raw
    encoder), but handed out chunk by chunk instead of joined: a 12 MP photo is never copied whole
    (the copy and the join were a third of the time of processing a camera photo)."""
    im.load()
    if im.width == 0 or im.height == 0:
        return
    encoder = Image._getencoder(im.mode, "raw", im.mode)
    try:
        encoder.setimage(im.im, (0, 0, *im.size))
        bufsize = max(1 << 20, im.size[0] * 4)
        while True:
            _consumed, errcode, data = encoder.encode(bufsize)
            yield data
            if errcode:
                break
        if errcode < 0:
            raise RuntimeError(f"raw encoder error {errcode}")
    finally:
        encoder.cleanup()


_TRANSPOSE = {
    2: [Image.Transpose.FLIP_LEFT_RIGHT],
    3: [Image.Transpose.ROTATE_180],
    4: [Image.Transpose.FLIP_TOP_BOTTOM],
    5: [Image.Transpose.TRANSPOSE],
    6: [Image.Transpose.ROTATE_270],
    7: [Image.Transpose.TRANSVERSE],
    8: [Image.Transpose.ROTATE_90],
}


class _NoPixels(ImageFile.PyDecoder):
    """A decoder that decodes nothing: ends at once, leaving the image blank."""

    def decode(self, buffer: Image.DecoderInput) -> tuple[int, int]:
        return -1, 0


_NO_PIXELS = "bayyina.no-pixels"
Image.register_decoder(_NO_PIXELS, _NoPixels)


def load_without_pixels(im: Image.Image) -> Image.Image:
    """Run Pillow's whole ``load`` of a single-frame PNG except the pixel decoding.

    Pillow reads the chunks after the image data (text, ``eXIf``) only when it loads a PNG, so
    its ``info`` and ``getexif()`` are complete only afterwards. The tile's decoder is swapped for
    one that decodes nothing; everything else (``load_read`` over the image data, ``load_end``
    calling Pillow's chunk handlers for every later chunk) is Pillow's own code, so ``info`` and
    ``getexif()`` come out as after a full load. The pixels are left blank: never hash them.
    """
    if (not isinstance(im, ImageFile.ImageFile) or im.format != "PNG"
            or getattr(im, "n_frames", 1) != 1):
        raise ValueError("load_without_pixels reads single-frame PNGs only")
    im.tile = [t._replace(codec_name=_NO_PIXELS) for t in im.tile]
    im.load()
    return im


def thumbnail(im: Image.Image, orientation: int | None, side: int = 320) -> tuple[bytes, str]:
    """A display thumbnail of a decoded frame: longest side ``side``, orientation applied.

    Returns:
        ``(bytes, media_type)``: JPEG for opaque images, PNG when there is transparency.
    """
    src = im
    alpha = src.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in src.info
    if src.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        src = (src.convert("I").point(lambda v: v * (1 / 256)).convert("L") if src.mode != "F"
               else src.convert("L"))
    elif alpha and src.mode != "RGBA":
        src = src.convert("RGBA")
    elif not alpha and src.mode not in ("RGB", "L"):
        src = src.convert("RGB")
    w, h = src.size
    scale = min(1.0, side / max(w, h))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    thumb = (src.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0) if size != (w, h)
             else src.copy())
    for op in _TRANSPOSE.get(orientation or 1, []):
        thumb = thumb.transpose(op)
    out = io.BytesIO()
    if alpha:
        thumb.save(out, "PNG", compress_level=1)
        return out.getvalue(), "image/png"
    thumb.save(out, "JPEG", quality=85)
    return out.getvalue(), "image/jpeg"
