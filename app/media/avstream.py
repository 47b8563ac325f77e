# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Recordings too large to hold in memory: the same clean copy and proof as
:func:`app.media.avmedia.process_av`, streamed.

Responsibility: in a worker of :mod:`app.media.pool`, read the original through a
:class:`~app.media.window.RangeReader` (the importing process answers each block from the vault's
chunks of the sealed original), remux it into a :class:`StreamSink` whose bytes go back to the
importing process as they are written (appended 1 MiB at a time into the vault's chunks of the
copy; a muxer's seek back to fill in a size — ``mdat``, a Matroska segment, an AVI ``RIFF`` — is a
small *patch* of a chunk already sent), then re-open the copy through a reader over those chunks
and prove it exactly as an in-memory copy: equal stream digests, equal rotation, a re-scan that
finds nothing outside the allowlist. Memory is flat whatever the size: a few blocks of each
file, FFmpeg's buffers and the muxer's index.

Differences from the in-memory path, by design:

- an ISO-BMFF copy keeps its index (``moov``) after the media (no "fast start": moving it means
  rewriting every chunk offset through the whole file); playback and every check read it by seeking
  (:mod:`app.vault.blobfile`), so it does not matter here;
- the search of the copy's bytes for the original's metadata strings
  (:func:`app.media.avscan.leak_values`) runs on the bytes as they are written, not on a second
  read of the copy; a patch is searched on its own.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from typing import Any

import av

from app.errors import InputRejected
from app.media import avpreview, avscan
from app.media.avmedia import (
    AV_FORMATS,
    MuxError,
    _pass,
    _reason,
    open_recording,
    sniff_av,
    stream_digests,
    stream_facts,
)
from app.media.sniff import sniff
from app.media.types import DEFAULT_LIMITS, Limits, ProcessedRecording, StreamDigest
from app.media.window import BLOCK, ByteWindow, RangeReader, find_needles

#: Bytes kept in the sink before they are sent: a muxer's seek back into them costs nothing.
HOLD = 2 * BLOCK


class StreamSink(io.RawIOBase):
    """A writable, seekable file object for FFmpeg's muxer that sends its bytes on.

    ``append(data)`` receives the bytes in order, in pieces of :data:`~app.media.window.BLOCK`;
    ``patch(offset, data)`` a rewrite of bytes already appended. ``needles`` (key → bytes) are
    searched in everything written; :attr:`found` holds the keys seen.
    """

    def __init__(self, append: Callable[[bytes], None], patch: Callable[[int, bytes], None],
                 needles: dict[str, bytes] | None = None) -> None:
        super().__init__()
        self._append, self._patch = append, patch
        self._buf = bytearray()
        self._base = 0  # offset of _buf[0]: everything before it was appended
        self._pos = 0
        self._end = 0
        self._needles: dict[str, bytes] = {}
        self._scan = find_needles({})
        self.set_needles(needles or {})
        self.found: set[str] = set()
        self.patches = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    @property
    def size(self) -> int:
        return self._end

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._end}[whence]
        self._pos = max(0, base + int(offset))
        return self._pos

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        total = len(view)
        if self._pos < self._base:
            n = min(total, self._base - self._pos)
            piece = bytes(view[:n])
            self._patch(self._pos, piece)
            self.found |= find_needles(self._needles)(piece)
            self.patches += 1
            self._pos += n
            view = view[n:]
        if len(view):
            rel = self._pos - self._base
            if rel > len(self._buf):
                self._buf.extend(bytes(rel - len(self._buf)))
            self._buf[rel : rel + len(view)] = view
            self._pos += len(view)
            self._end = max(self._end, self._pos)
            while len(self._buf) >= HOLD + BLOCK:
                self._send(BLOCK)
        return total

    def set_needles(self, needles: dict[str, bytes]) -> None:
        """What to search for from now on (before the first write)."""
        self._needles = dict(needles)
        self._scan = find_needles(self._needles)

    def _send(self, n: int) -> None:
        piece = bytes(self._buf[:n])
        del self._buf[:n]
        self._base += len(piece)
        self.found |= self._scan(piece)
        self._append(piece)

    def finish(self) -> int:
        """Send what is held; returns the copy's size."""
        if self._end > self._base + len(self._buf):
            self._buf.extend(bytes(self._end - self._base - len(self._buf)))
        while self._buf:
            self._send(min(BLOCK, len(self._buf)))
        return self._end


def process_av_stream(source: RangeReader, sink: StreamSink,
                      open_copy: Callable[[int], RangeReader], media_type: str | None = None,
                      limits: Limits = DEFAULT_LIMITS) -> ProcessedRecording:
    """Sniff, check limits, read metadata, remux into ``sink``, prove and preview one recording.

    Args:
        source: The whole original, read on demand.
        sink: Where the clean copy is written (the caller stores it as it comes).
        open_copy: Given the copy's size, a reader over what ``sink`` sent (for the proof).
        media_type: From :func:`~app.media.avmedia.sniff_av`, or None to sniff here.
        limits: ``limits.av`` applies; ``max_stream_bytes`` is the size limit.

    Returns:
        As :func:`~app.media.avmedia.process_av`, with ``sanitized`` None even when the copy was
        proved: the copy is what ``sink`` sent, kept by the caller only when ``proof_equal``.

    Raises:
        InputRejected: as :func:`~app.media.avmedia.process_av`.
    """
    size = source.size
    if size > limits.av.max_stream_bytes:
        raise InputRejected("import.too_large", size=size, limit=limits.av.max_stream_bytes)
    head = source.pread(0, 65536)
    if media_type is None:
        media_type = sniff_av(head)
    if media_type is None or media_type not in AV_FORMATS:
        raise InputRejected("import.unsupported", media_type=media_type or sniff(head)[0])
    window = ByteWindow(source)
    source.seek(0)
    container = open_recording(source, media_type, limits)
    try:
        metadata, metadata_error = avscan.read_av_metadata(container, window, media_type)
        facts = stream_facts(container, media_type)
    finally:
        container.close()
    unknown, kind, media_type = facts.unknown, facts.kind, facts.media_type
    sink.set_needles(avscan.leak_values(metadata))
    error: str | None = None
    truncation: list[str] = []
    copied = False
    try:
        original = _remux(source, sink, media_type, limits, truncation)
        copied = True
    except ValueError as exc:
        source.seek(0)
        container = open_recording(source, media_type, limits)
        try:
            original = stream_digests(container, limits)
        finally:
            container.close()
        error = f"sanitize.unsupported: {str(exc)[:160]}"
    if truncation:
        metadata["truncated"] = truncation[:8]
        copied, error = False, "sanitize.truncated: " + "; ".join(truncation[:4])
    elif unknown:
        copied, error = False, "sanitize.unsupported: unknown codec in " + ", ".join(unknown[:4])
    source.seek(0)
    poster = avpreview.poster(source, media_type, limits) if kind == "video" else None
    rotation = poster.rotation if poster is not None else None
    copy_digests: tuple[StreamDigest, ...] | None = None
    if copied:
        copy_digests, error = _prove(open_copy(sink.size), media_type, original,
                                     rotation=rotation, kind=kind, metadata=metadata,
                                     leaks=sorted(sink.found), limits=limits)
    source.seek(0)
    waveform = avpreview.waveform(source, media_type, limits) if kind == "audio" else None
    ok = error is None and copied
    return ProcessedRecording(
        media_type=media_type, kind=kind, duration_s=facts.duration, width=facts.width,
        height=facts.height, rotation=rotation, codecs=facts.codecs, metadata=metadata,
        metadata_error=metadata_error,
        original_streams=original, sanitized=None,
        sanitized_media_type=AV_FORMATS[media_type].copy_media_type if ok else None,
        sanitized_streams=copy_digests if ok else None, proof_equal=ok,
        removed=avscan.removed_categories(metadata) if ok else [], sanitize_error=error,
        thumbnail=poster.image if poster is not None else None,
        thumbnail_media_type=poster.media_type if poster is not None else None,
        waveform=waveform,
    )


def _remux(source: RangeReader, sink: StreamSink, media_type: str, limits: Limits,
           truncation: list[str]) -> tuple[StreamDigest, ...]:
    fmt = AV_FORMATS[media_type]
    source.seek(0)
    container = open_recording(source, media_type, limits)
    try:
        try:
            output = av.open(sink, mode="w", format=fmt.muxer, options=dict(fmt.options))
        except av.FFmpegError as exc:
            raise MuxError(_reason(exc)) from exc
        try:
            digests = _pass(container, output, limits, truncation, source.size)
        except BaseException:
            with contextlib.suppress(av.FFmpegError):
                output.close()
            raise
        try:
            output.close()  # the trailer, and the muxer's seeks back (sizes) as patches
        except av.FFmpegError as exc:
            raise MuxError(_reason(exc)) from exc
    finally:
        container.close()
    sink.finish()
    return digests


def _prove(copy: RangeReader, media_type: str, original: tuple[StreamDigest, ...], *,
           rotation: int | None, kind: str, metadata: dict[str, Any], leaks: list[str],
           limits: Limits) -> tuple[tuple[StreamDigest, ...] | None, str | None]:
    """:func:`app.media.avmedia._prove` over the streamed copy."""
    copy_type = AV_FORMATS[media_type].copy_media_type
    try:
        container = open_recording(copy, copy_type, limits)
    except InputRejected as exc:
        return None, f"sanitize.copy_unreadable: {exc.code}"
    try:
        findings = avscan.rescan_av(container, ByteWindow(copy), copy_type, metadata, leaks)
        digests = stream_digests(container, limits)
    except InputRejected as exc:
        return None, f"sanitize.copy_unreadable: {exc.code}"
    finally:
        container.close()
    if digests != original:
        diff = [i for i, (a, b) in enumerate(zip(digests, original, strict=False)) if a != b]
        return None, f"sanitize.packets_differ: streams {diff or 'count'}"
    if kind == "video":
        copy.seek(0)
        poster = avpreview.poster(copy, copy_type, limits, image=False)
        if (poster.rotation if poster is not None else None) != rotation:
            return None, "sanitize.rotation_differs"
    if findings:
        return None, "sanitize.not_clean: " + ", ".join(findings[:8])
    return digests, None


__all__ = ["HOLD", "StreamSink", "process_av_stream"]
