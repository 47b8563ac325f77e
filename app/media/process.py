# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Process one file in the current process: sniff, check limits, decode, read metadata, sanitise,
prove.

This is what a worker of :mod:`app.media.pool` runs. It raises ``InputRejected`` for refused
files and otherwise returns a :class:`ProcessedMedia`; a sanitised copy that fails its proof is
never returned (``sanitized`` is None and ``sanitize_error`` says why).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PIL import Image

from app.errors import InputRejected
from app.media import sanitize as san
from app.media.account import account
from app.media.containers import ContainerError, Walk, walk_gif, walk_jpeg, walk_png, walk_webp
from app.media.metadata import read_metadata, removed_categories
from app.media.pixels import (
    digest_frames,
    frame_count,
    load_without_pixels,
    open_image,
    thumbnail,
)
from app.media.sniff import DECODABLE, sniff
from app.media.types import (
    DEFAULT_LIMITS,
    Limits,
    PixelDigest,
    Processed,
    ProcessedMedia,
)
from app.media.verify import rescan
from app.media.window import RangeReader

if TYPE_CHECKING:
    from app.media.avstream import StreamSink

log = logging.getLogger(__name__)

_WALKERS: dict[str, Callable[[bytes], Walk]] = {
    "image/jpeg": walk_jpeg, "image/png": walk_png, "image/gif": walk_gif, "image/webp": walk_webp,
}
_KEEP = san.JPEG_KEEP | san.PNG_KEEP | san.GIF_KEEP | san.WEBP_KEEP | {"APP0:JFIF"}
_CONVERT = {"image/tiff", "image/heic", "image/heif", "image/avif", "image/bmp"}

#: Sniffed types that may be a recording or a PDF (:data:`app.media.avmedia.AV_FORMATS`, whose
#: module loads PyAV: imported only when one comes).
AV_OR_PDF_TYPES = frozenset({
    "application/pdf", "video/mp4", "video/quicktime", "video/3gpp", "audio/mp4", "video/webm",
    "video/x-msvideo", "audio/ogg", "audio/mpeg", "audio/wav", "audio/flac", "audio/amr"})
_UNREADABLE = frozenset({"import.av_unreadable", "import.pdf_unreadable"})



def process(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Processed:
    """Sniff, decode, describe and sanitise one file held in memory.

    Recordings and PDFs go to :func:`app.media.avpdf.process_av_or_pdf` (their own limits,
    ``limits.av``; PDFs ``limits.max_file_bytes``); pictures and attachments are handled here.

    Args:
        data: The whole original (the caller has hashed it).
        limits: Size, pixel, frame, metadata limits; time and memory apply in workers only.

    Returns:
        The result; for attachments only ``media_type``/``kind``/``metadata`` are filled.

    Raises:
        InputRejected: ``import.too_large``, ``import.unsupported``, ``import.truncated``,
            ``import.corrupt``, ``import.too_many_pixels``, ``import.too_many_frames``,
            ``import.metadata_too_large``, ``import.decoder_crashed``.
    """
    recording = _recording_or_document(data, limits)
    if recording is not None:
        return recording
    if len(data) > limits.max_file_bytes:
        raise InputRejected("import.too_large", size=len(data), limit=limits.max_file_bytes)
    media_type, kind = sniff(data[:65536])
    if kind != "image":
        return _attachment(media_type, len(data))
    if media_type not in DECODABLE:
        raise InputRejected("import.unsupported", media_type=media_type)
    walk = _walk(data, media_type, limits)
    im = open_image(data, media_type, limits)
    thumb: list[tuple[bytes, str]] = []
    found: list[int | None] = []

    def on_first(frame: Image.Image) -> None:
        # Orientation is read only after frame 0 is decoded: getexif() may itself load the image
        # (PNG), and a failed load must never be swallowed; libtiff applies TIFF orientation to the
        # pixels and then drops the tag.
        found.append(_orientation(frame))
        try:
            thumb.append(thumbnail(frame, found[0]))
        except Exception:
            log.debug("thumbnail failed", exc_info=True)

    original = digest_frames(im, limits, on_first)
    orientation = found[0] if found else None
    metadata, metadata_error = read_metadata(data, media_type, walk, im)
    copy, error = _sanitize(data, media_type, walk, im, orientation)
    copy_digest: PixelDigest | None = None
    equal = False
    removed: list[str] = []
    if copy is not None:
        extra = []
        if copy.converted_from is not None:
            if metadata.get("exif"):
                extra.append("exif")
            if copy.converted_from in ("image/heic", "image/heif", "image/avif"):
                # Exif/XMP items, thumbnails, auxiliary (depth, gain map) images
                extra.append("heif.items")
            elif copy.converted_from == "image/tiff" and int(getattr(im, "n_frames", 1)) > 1:
                extra.append("tiff.pages")
        for name in removed_categories(metadata) + copy.removed + extra:
            if name not in removed:
                removed.append(name)
        same = (original.frames == 1 and im.format in _SAME_INPUT_FORMATS
                and copy.converted_from is None and copy.media_type == media_type
                and same_decoder_input(data, walk, copy.data, media_type))
        copy_digest, error = _prove(copy, original, orientation, limits, same_input=same)
        equal = error is None
    return ProcessedMedia(
        media_type=media_type, kind="image", width=original.width, height=original.height,
        frames=original.frames if im.format not in ("MPO",) else int(getattr(im, "n_frames", 1)),
        orientation=orientation, metadata=metadata, metadata_error=metadata_error,
        original_pixels=original,
        sanitized=copy.data if equal and copy else None,
        sanitized_media_type=copy.media_type if equal and copy else None,
        sanitized_pixels=copy_digest if equal else None,
        pixels_equal=equal, converted_from=copy.converted_from if equal and copy else None,
        removed=removed if equal else [], sanitize_error=error,
        thumbnail=thumb[0][0] if thumb else None,
        thumbnail_media_type=thumb[0][1] if thumb else None,
    )


def _recording_or_document(data: bytes, limits: Limits) -> Processed | None:
    if sniff(data[:65536])[0] not in AV_OR_PDF_TYPES:
        return None
    from app.media.avpdf import process_av_or_pdf  # PyAV and pikepdf load only when needed

    try:
        return process_av_or_pdf(data, limits)
    except InputRejected as exc:
        if exc.code not in _UNREADABLE:
            raise  # a limit: refused with its sentence, like a picture bomb
        # unreadable (a truncated MP4 without its index, a broken PDF): sealed as an attachment,
        # as such files always were, never decoded again; the reason is kept
        media_type = sniff(data[:65536])[0]
        reason = str(exc.params.get("reason", ""))[:200]
        return replace(_attachment(media_type, len(data)),
                       sanitize_error=f"sanitize.unreadable: {exc.code}: {reason}")


def process_stream(source: RangeReader, sink: StreamSink, open_copy: Callable[[int], RangeReader],
                   media_type: str | None, limits: Limits) -> Processed:
    """:func:`app.media.avstream.process_av_stream` (a recording too large to hold), with the
    fallback :func:`process` has: an unreadable recording is sealed as an attachment, with the
    reason; a limit refuses it."""
    from app.media.avstream import process_av_stream

    try:
        return process_av_stream(source, sink, open_copy, media_type, limits)
    except InputRejected as exc:
        if exc.code not in _UNREADABLE:
            raise
        found = media_type or sniff(source.pread(0, 65536))[0]
        reason = str(exc.params.get("reason", ""))[:200]
        return replace(_attachment(found, source.size),
                       sanitize_error=f"sanitize.unreadable: {exc.code}: {reason}")


def _attachment(media_type: str, size: int) -> ProcessedMedia:
    return ProcessedMedia(
        media_type=media_type, kind="attachment", width=None, height=None, frames=None,
        orientation=None, metadata={"size": size}, metadata_error=None, original_pixels=None,
        sanitized=None, sanitized_media_type=None, sanitized_pixels=None, pixels_equal=False,
        converted_from=None, removed=[], sanitize_error=None, thumbnail=None,
        thumbnail_media_type=None,
    )


def _walk(data: bytes, media_type: str, limits: Limits) -> Walk | None:
    """Walk the container and apply the pre-decode limits it allows (header dimensions, frames)."""
    walker = _WALKERS.get(media_type)
    if walker is None:
        return None
    try:
        walk = walker(data)
    except ContainerError as exc:
        # Pillow may still decode it (it reads less than the walker checks); if it does, the copy
        # is a PNG of the decode. If it does not, Pillow's error is the reason given.
        log.debug("container walk failed: %s", exc)
        return None
    if walk.width * walk.height > limits.max_pixels or walk.max_frame_pixels > limits.max_pixels:
        raise InputRejected("import.too_many_pixels", width=walk.width, height=walk.height,
                            limit=limits.max_pixels)
    if walk.frames > limits.max_frames:
        raise InputRejected("import.too_many_frames", frames=walk.frames, limit=limits.max_frames)
    meta_bytes = sum(p.end - p.start for p in walk.parts if p.kind not in _KEEP)
    if meta_bytes > limits.max_metadata_bytes:
        raise InputRejected("import.metadata_too_large", size=meta_bytes,
                            limit=limits.max_metadata_bytes)
    return walk


def _orientation(im: Image.Image) -> int | None:
    """The orientation Pillow would display with (EXIF, else XMP), when it is 1–8."""
    try:
        value = im.getexif().get(0x0112)
    except Exception:
        return None
    return value if isinstance(value, int) and 1 <= value <= 8 else None


# One return per sanitiser outcome, in the order of docs/design.md §Import and sanitising.
def _sanitize(data: bytes, media_type: str, walk: Walk | None, im: Image.Image,
              orientation: int | None) -> tuple[san.Sanitized | None, str | None]:
    try:
        if media_type == "image/jpeg" and walk is not None:
            return san.sanitize_jpeg(data, walk, orientation), None
        if media_type == "image/png" and walk is not None:
            return san.sanitize_png(data, walk, orientation), None
        if media_type == "image/gif" and walk is not None:
            return san.sanitize_gif(data, walk), None
        if media_type == "image/webp" and walk is not None:
            return san.sanitize_webp(data, walk, orientation), None
        if media_type in _CONVERT or walk is None:
            # pillow-heif applies irot/imir to the pixels and resets the EXIF orientation, so the
            # orientation read after decoding is what is left to display (e.g. XMP in an AVIF).
            keep_orientation = orientation
            if frame_count(im) > 1:
                return None, "sanitize.unsupported: animation with a broken container"
            copy = san.to_png(im, keep_orientation, media_type, im.info.get("icc_profile"))
            if walk is None and media_type not in _CONVERT:
                copy.removed.append("container:unparsable")
            return copy, None
    except (OSError, ValueError, KeyError) as exc:
        return None, f"sanitize.failed: {type(exc).__name__}: {str(exc)[:120]}"
    return None, "sanitize.unsupported"


#: Pillow formats whose decoder input :func:`same_decoder_input` can name (single frames only).
_SAME_INPUT_FORMATS = frozenset({"JPEG", "PNG"})


def decoder_input(data: bytes, walk: Walk, media_type: str) -> list[bytes] | None:
    """The bytes the pixel decoder reads, part by part in file order, or None when unsure.

    - JPEG: every segment but APP1–APP13, APP15 and COM, which libjpeg skips unread (APP0 and
      APP14 count: JFIF and Adobe set the colour transform; so do junk bytes between segments).
      Bytes after EOI are never read.
    - PNG (single image): the signature, IHDR, PLTE, tRNS and the image data, which must be one
      run of IDAT chunks (Pillow stops at the first other chunk). Every other chunk only fills
      ``info``. APNG: None.
    """
    if media_type == "image/jpeg":
        return [data[p.start : p.end] for p in walk.parts
                if not (p.kind == "COM" or (p.kind.startswith("APP")
                                            and not p.kind.startswith(("APP0", "APP14"))))]
    if media_type == "image/png":
        kinds = [p.kind for p in walk.parts]
        if {"acTL", "fcTL", "fdAT"} & set(kinds) or "IDAT" not in kinds:
            return None
        first = kinds.index("IDAT")
        last = len(kinds) - 1 - kinds[::-1].index("IDAT")
        if any(k != "IDAT" for k in kinds[first : last + 1]):
            return None
        return [data[:8]] + [data[p.start : p.end] for p in walk.parts
                             if p.kind in ("IHDR", "PLTE", "tRNS", "IDAT")]
    return None


def same_decoder_input(data: bytes, walk: Walk | None, copy: bytes, media_type: str) -> bool:
    """Whether the copy gives the pixel decoder exactly the bytes the original gave it."""
    walker = _WALKERS.get(media_type)
    if walk is None or walker is None:
        return False
    try:
        copy_walk = walker(copy)
    except ContainerError:
        return False
    mine = decoder_input(data, walk, media_type)
    return mine is not None and mine == decoder_input(copy, copy_walk, media_type)


def _prove(copy: san.Sanitized, original: PixelDigest, orientation: int | None,
           limits: Limits, *, same_input: bool = False) -> tuple[PixelDigest | None, str | None]:
    """Decode the copy and re-scan it; return its digest and None, or None and the reason.

    ``same_input``: :func:`same_decoder_input` holds, so the decoder reads the very bytes it read
    to give the original's digest, and decoding them again could only give that digest again.
    The copy is then opened, but its pixels are not decoded a second time; everything else is
    checked as for any copy.
    """
    try:
        cim = open_image(copy.data, copy.media_type, limits)
        if same_input:
            if cim.format == "PNG":
                load_without_pixels(cim)  # the chunks after the image data, for the re-scan
            digest = original
        else:
            digest = digest_frames(cim, limits)
    except InputRejected as exc:
        return None, f"sanitize.copy_undecodable: {exc.code}"
    except (OSError, ValueError, SyntaxError) as exc:
        return None, f"sanitize.copy_undecodable: {type(exc).__name__}"
    if digest != original:
        return None, "sanitize.pixels_differ"
    expect = orientation
    if _orientation(cim) not in (expect, None if expect == 1 else expect):
        return None, "sanitize.orientation_differs"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        single = getattr(cim, "n_frames", 1) == 1
        findings = rescan(copy.data, copy.media_type, expect, decoded=cim if single else None)
    if findings:
        return None, "sanitize.not_clean: " + ", ".join(findings[:8])
    unaccounted = account(copy.data, copy.media_type, expect)
    if unaccounted:
        return None, "sanitize.unaccounted_bytes: " + ", ".join(unaccounted[:8])
    return digest, None


__all__ = ["AV_OR_PDF_TYPES", "Processed", "process"]
