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
    #: Audio, video and PDF (:mod:`app.media.avmedia`, :mod:`app.media.pdfclean`); see
    #: :class:`AvLimits`.
    av: AvLimits = field(default_factory=lambda: AvLimits())  # noqa: PLW0108 (defined below)


@dataclass(frozen=True)
class AvLimits:
    """Limits for recordings and documents, checked before demuxing or parsing deeply.

    - ``max_file_bytes`` 16 MiB: up to this size the whole recording is in memory (the original,
      the copy and the result sent back by the worker: about three times the file in the worker
      and in the importing process; ``bench/media.py`` measured 240/293 MB for 60 MB and 743/981
      MB for 240 MB), so that peak memory stays well under 300 MB (voice notes and short clips
      stay in memory); larger recordings are cleaned by streaming instead, which measured as fast
      (240 MB: 9.8 s streamed, 10.6 s in memory)
      (:mod:`app.media.avstream`: the worker reads the sealed original and writes the copy
      through the vault's chunks, flat memory).
    - ``max_stream_bytes`` 4 GiB: the largest recording cleaned by streaming (what the vault
      stores at all, ``app.ingest.pipeline.MAX_ATTACHMENT_BYTES``).
    - ``max_streams`` 16: a phone video has 2–5 (video, audio, a timed-metadata track, a cover);
      1,000 streams is an attack on the demuxer and on us.
    - ``max_duration_s`` 24 h and ``max_packets`` 10 million (24 h of 60 fps video plus audio is
      about 9.4 million packets).
    - ``probe_bytes`` 8 MiB and ``probe_us`` 10 s: how much FFmpeg may read and decode to find the
      streams' parameters (``probesize``, ``analyzeduration``).
    - ``max_pdf_pages`` 5000, ``max_pdf_objects`` 500,000.
    - ``waveform_max_s`` 2 h: longer audio gets no waveform (it is decoded in full: Opus decodes at
      a few hundred times real time here, and a worker has ``decode_timeout_s``).
    """

    max_file_bytes: int = 16 * MiB
    max_stream_bytes: int = 4096 * MiB
    max_streams: int = 16
    max_duration_s: float = 24 * 3600.0
    max_packets: int = 10_000_000
    probe_bytes: int = 8 * MiB
    probe_us: int = 10_000_000
    max_pdf_pages: int = 5000
    max_pdf_objects: int = 500_000
    waveform_max_s: float = 2 * 3600.0


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


AV_SANITIZER = "bayyina-remux/1"
PDF_SANITIZER = "bayyina-pdfclean/1"


@dataclass(frozen=True)
class StreamDigest:
    """The identity of one kept stream's packets; see :mod:`app.media.avmedia` for the hashes.

    ``sha256`` hashes the packet payloads in order and equals what ``ffmpeg -f streamhash -hash
    sha256`` prints for the stream; ``timing_sha256`` hashes every packet's pts, dts and duration
    as exact fractions of a second.
    """

    kind: str
    codec: str
    packets: int
    payload_bytes: int
    sha256: str
    timing_sha256: str


@dataclass(frozen=True)
class ProcessedRecording:
    """Result of processing one audio or video file (:func:`app.media.avmedia.process_av`).

    Invariant: ``sanitized`` is not None only when ``proof_equal`` — the copy's stream digests
    equal the original's, its rotation is the original's and its re-scan found nothing.
    """

    media_type: str
    kind: str  # "video" or "audio"
    duration_s: float | None
    width: int | None
    height: int | None
    rotation: int | None
    codecs: list[str]
    metadata: dict[str, Any]
    metadata_error: str | None
    original_streams: tuple[StreamDigest, ...]
    sanitized: bytes | None
    sanitized_media_type: str | None
    sanitized_streams: tuple[StreamDigest, ...] | None
    proof_equal: bool
    removed: list[str] = field(default_factory=list)
    sanitize_error: str | None = None
    thumbnail: bytes | None = None
    thumbnail_media_type: str | None = None
    waveform: list[float] | None = None
    sanitizer: str = AV_SANITIZER


@dataclass(frozen=True)
class PageDigest:
    """SHA-256 over every page's decoded content and canonical resources, in page order (see
    :mod:`app.media.pdfclean`)."""

    sha256: str
    pages: int


@dataclass(frozen=True)
class ProcessedDocument:
    """Result of processing one PDF (:func:`app.media.pdfclean.process_pdf`).

    Invariant: ``sanitized`` is not None only when ``proof_equal`` — the copy's page digest equals
    the original's and its re-scan found nothing outside the allowlist.
    """

    media_type: str
    kind: str  # "document"
    pages: int | None
    metadata: dict[str, Any]
    metadata_error: str | None
    original_pages: PageDigest | None
    sanitized: bytes | None
    sanitized_media_type: str | None
    sanitized_pages: PageDigest | None
    proof_equal: bool
    removed: list[str] = field(default_factory=list)
    sanitize_error: str | None = None
    thumbnail: bytes | None = None
    thumbnail_media_type: str | None = None
    sanitizer: str = PDF_SANITIZER


#: What one file becomes (:func:`app.media.process.process`, a worker of the pool).
Processed = ProcessedMedia | ProcessedRecording | ProcessedDocument

DEFAULT_LIMITS = Limits()
