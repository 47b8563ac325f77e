# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""How a processed file becomes an ``items`` row: pictures, recordings and documents alike.

The proof of a clean copy is stored where a picture's pixel digest is (``original_pixels``,
``sanitized_pixels``, ``pixels_equal``), in a shape that says which proof it is:

- pictures: ``{"sha256", "mode", "width", "height", "frames"}`` (:class:`PixelDigest`);
- recordings: ``{"proof": "streams", "streams": [{"kind", "codec", "packets", "payload_bytes",
  "sha256", "timing_sha256"}, ...]}`` — one entry per kept stream, in the copy's order; ``sha256``
  is what ``ffmpeg -f streamhash -hash sha256`` prints for that stream;
- documents: ``{"proof": "pages", "page_sha256", "pages"}`` (:class:`PageDigest`).

``pixels_equal`` is the proof's verdict for every kind. A recording's duration, codecs, rotation
and waveform go into ``metadata["recording"]``; a document's page count into ``frames``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from app.media import Processed, ProcessedDocument, ProcessedRecording
from app.media.process import AV_OR_PDF_TYPES
from app.media.types import PageDigest, StreamDigest

AV_TYPES = AV_OR_PDF_TYPES
#: The lens work queued at import, by kind (app.cases.lens.TASKS and PART_KINDS): pictures are
#: hashed and read, documents and videos through their page pictures, keyframes, poster frame.
LENS_TASKS: dict[str, tuple[str, ...]] = {"image": ("pdq", "ocr"), "document": ("pdq", "ocr"),
                                          "video": ("pdq", "ocr")}
KINDS = ("image", "attachment", "video", "audio", "document")


def streams_proof(streams: tuple[StreamDigest, ...] | None) -> dict[str, Any] | None:
    if streams is None:
        return None
    return {"proof": "streams", "streams": [asdict(s) for s in streams]}


def pages_proof(pages: PageDigest | None) -> dict[str, Any] | None:
    if pages is None:
        return None
    return {"proof": "pages", "page_sha256": pages.sha256, "pages": pages.pages}


def columns(media: Processed) -> dict[str, Any]:
    """The ``items`` columns that differ by kind (see the module docstring)."""
    if isinstance(media, ProcessedRecording):
        recording = {"duration_s": media.duration_s, "codecs": list(media.codecs),
                     "rotation": media.rotation, "waveform": media.waveform}
        return {"width": media.width, "height": media.height, "frames": None,
                "orientation": None, "metadata": {**media.metadata, "recording": recording},
                "original_pixels": streams_proof(media.original_streams),
                "sanitized_pixels": streams_proof(media.sanitized_streams),
                "pixels_equal": media.proof_equal, "converted_from": None}
    if isinstance(media, ProcessedDocument):
        return {"width": None, "height": None, "frames": media.pages, "orientation": None,
                "metadata": media.metadata, "original_pixels": pages_proof(media.original_pages),
                "sanitized_pixels": pages_proof(media.sanitized_pages),
                "pixels_equal": media.proof_equal, "converted_from": None}
    return {"width": media.width, "height": media.height, "frames": media.frames,
            "orientation": media.orientation, "metadata": media.metadata,
            "original_pixels": asdict(media.original_pixels) if media.original_pixels else None,
            "sanitized_pixels": asdict(media.sanitized_pixels) if media.sanitized_pixels else None,
            "pixels_equal": media.pixels_equal, "converted_from": media.converted_from}


def outcome_proof(media: Processed) -> tuple[str | None, dict[str, Any] | None]:
    """(the pixel hash of a picture, the stream or page proof of a recording or document)."""
    if isinstance(media, ProcessedRecording):
        return None, streams_proof(media.original_streams)
    if isinstance(media, ProcessedDocument):
        return None, pages_proof(media.original_pages)
    return (media.original_pixels.sha256 if media.original_pixels else None), None


def bare_recording(media_type: str, kind: str, size: int, limit: int
                   ) -> ProcessedRecording | ProcessedDocument:
    """A recording or PDF above the in-memory limit: sealed as it is, nothing decoded, the
    reason in ``sanitize_error`` (it can still leave the vault as an original)."""
    error = f"sanitize.av_too_large: {size} bytes; clean copies are made up to {limit} bytes"
    if kind == "document":
        return ProcessedDocument(media_type=media_type, kind=kind, pages=None,
                                 metadata={"size": size}, metadata_error=None,
                                 original_pages=None, sanitized=None, sanitized_media_type=None,
                                 sanitized_pages=None, proof_equal=False, sanitize_error=error)
    return ProcessedRecording(media_type=media_type, kind=kind, duration_s=None, width=None,
                              height=None, rotation=None, codecs=[], metadata={"size": size},
                              metadata_error=None, original_streams=(), sanitized=None,
                              sanitized_media_type=None, sanitized_streams=None,
                              proof_equal=False, sanitize_error=error)


__all__ = ["AV_TYPES", "KINDS", "LENS_TASKS", "bare_recording", "columns", "outcome_proof",
           "pages_proof", "streams_proof"]
