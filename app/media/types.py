# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Data types of the media layer: limits, pixel digests and the result of processing one file.

Everything here is plain, frozen and picklable, because results cross a process boundary (the
decoding workers of :mod:`app.media.pool`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SANITIZER = "bayyina-sanitize/1"

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Hard limits applied before and while decoding one untrusted file.

    Defaults, chosen deliberately:

    - ``max_file_bytes`` 256 MiB: far above phone photos (2–15 MB) and screenshots (< 5 MB).
    - ``max_pixels`` 120 MP per frame: accepts 108 MP phone sensors and 100 MP scans; refuses
      the 200 MP "hi-res" mode (16320×12240) and every bomb of the corpus. One 120 MP RGBA frame
      decodes to 480 MB, which fits ``decode_memory_bytes``.
    - ``max_frames`` 1000: animations longer than that are refused, not truncated.
    - ``max_metadata_bytes`` 16 MiB: total size of the metadata segments/chunks in the container
      (APPn, text chunks, EXIF/XMP chunks), checked before decoding. A 1 MB ICC passes.
    - ``decode_timeout_s`` 60 s of wall time per file in a worker.
    - ``decode_memory_bytes`` 2 GiB of address space per worker (``RLIMIT_AS``, POSIX only).
    """

    max_file_bytes: int = 256 * MiB
    max_pixels: int = 120_000_000
    max_frames: int = 1000
    max_metadata_bytes: int = 16 * MiB
    decode_timeout_s: float = 60.0
    decode_memory_bytes: int = 2048 * MiB


@dataclass(frozen=True)
class PixelDigest:
    """The identity of decoded pixels; see :func:`app.media.pixels.digest_frames` for the exact
    hash."""

    sha256: str
    mode: str
    width: int
    height: int
    frames: int


@dataclass(frozen=True)
class ProcessedMedia:
    """Everything the ingest pipeline stores about one file, besides the original bytes."""

    media_type: str
    kind: str
    width: int | None
    height: int | None
    frames: int | None
    orientation: int | None
    metadata: dict[str, Any]
    metadata_error: str | None
    original_pixels: PixelDigest | None
    sanitized: bytes | None
    sanitized_media_type: str | None
    sanitized_pixels: PixelDigest | None
    pixels_equal: bool
    converted_from: str | None
    removed: list[str] = field(default_factory=list)
    sanitize_error: str | None = None
    thumbnail: bytes | None = None
    thumbnail_media_type: str | None = None
    sanitizer: str = SANITIZER


DEFAULT_LIMITS = Limits()
