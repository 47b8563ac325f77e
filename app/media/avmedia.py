# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Recordings (video and audio): sniff, limits, metadata, a clean copy by lossless remux, proof.

Responsibility: turn the bytes of one untrusted recording into a :class:`ProcessedRecording`, in
memory (no file is ever written: input and output are ``io.BytesIO``). Runs inside a worker of
:mod:`app.media.pool` like :func:`app.media.process.process`.

The clean copy is a **remux**: every audio and video packet is copied unchanged into a new
container of the same format written by FFmpeg's muxer with ``fflags +bitexact`` (no encoder
string, zero creation times; ISO-BMFF copies get their index first, :func:`avboxes.moov_first`).
Container and stream metadata, chapters, cover art (attached
pictures), subtitle, data and attachment streams are not copied. What playback needs survives:
the codec parameters (``add_stream_from_template``), and the display matrix (rotation), which
FFmpeg 7+ carries in the codec parameters' coded side data.

**Proof.** For each kept stream, in the copy's stream order (video streams, then audio streams,
each in the original's order — the order of ``-map 0:V -map 0:a``):

- ``sha256``: SHA-256 over the payloads of its packets in demux order. This is exactly what stock
  FFmpeg prints as ``ffmpeg -i FILE -map 0:V? -map 0:a? -c copy -copyinkf -f streamhash -hash
  sha256 -`` (one line per stream, ``0,v,SHA256=…``), for the original and for the copy alike;
  see :func:`ffmpeg_streamhash_lines`.
- ``timing_sha256``: SHA-256 over one line ``"<pts>;<dts>;<duration>\\n"`` per packet, each an
  exact, reduced fraction of a second (``"1/10"``, ``"-"`` when unset), so a change of time base
  by the muxer is not a difference but a shifted or re-timed packet is. A packet's side data
  (e.g. ``skip_samples``: an Opus or AAC stream's start padding and end trimming) is appended to
  its line as ``";<type>:<sha256 of its bytes>"``, so dropped or changed side data is a difference
  (except ``strings_metadata``, which is metadata).

Zero-size packets carry nothing and are skipped on both sides. The copy is kept only when its
digests equal the original's, its first frame's rotation is the original's, and its re-scan
(:func:`app.media.avscan.rescan_av`) finds nothing outside the allowlist.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, BinaryIO

import av
import av.container
import av.stream

from app.errors import InputRejected
from app.media import avboxes, avpreview, avscan
from app.media.sniff import sniff
from app.media.types import DEFAULT_LIMITS, Limits, ProcessedRecording, StreamDigest

log = logging.getLogger(__name__)


class MuxError(ValueError):
    """FFmpeg's muxer refused to write the copy; nothing is wrong with the original."""


@dataclass(frozen=True)
class AvFormat:
    """How one media type is read and written: FFmpeg demuxer and muxer names, muxer options."""

    demuxer: str
    muxer: str
    copy_media_type: str
    options: dict[str, str] = field(default_factory=dict)


_BITEXACT = {"fflags": "+bitexact"}
_MOV = dict(_BITEXACT)

#: Every recording type this module cleans, by sniffed media type.
AV_FORMATS: dict[str, AvFormat] = {
    "video/mp4": AvFormat("mov", "mp4", "video/mp4", _MOV),
    "video/quicktime": AvFormat("mov", "mov", "video/quicktime", _MOV),
    "video/3gpp": AvFormat("mov", "3gp", "video/3gpp", _MOV),
    "audio/mp4": AvFormat("mov", "ipod", "audio/mp4", _MOV),
    "video/webm": AvFormat("matroska", "webm", "video/webm", _BITEXACT),
    "video/x-matroska": AvFormat("matroska", "matroska", "video/x-matroska", _BITEXACT),
    "video/x-msvideo": AvFormat("avi", "avi", "video/x-msvideo", _BITEXACT),
    "audio/ogg": AvFormat("ogg", "ogg", "audio/ogg", _BITEXACT),
    "video/ogg": AvFormat("ogg", "ogg", "video/ogg", _BITEXACT),  # Theora, told after opening
    "audio/mpeg": AvFormat("mp3", "mp3", "audio/mpeg", {**_BITEXACT, "id3v2_version": "0"}),
    "audio/wav": AvFormat("wav", "wav", "audio/wav", _BITEXACT),
    "audio/flac": AvFormat("flac", "flac", "audio/flac", _BITEXACT),
    "audio/amr": AvFormat("amr", "amr", "audio/amr", _BITEXACT),
}


def sniff_av(head: bytes) -> str | None:
    """The recording media type of a file starting with ``head``, or None.

    Builds on :func:`app.media.sniff.sniff` (ftyp brands, RIFF forms, ``OggS``, ``fLaC``, ID3 and
    MPEG frame sync, ``#!AMR``) and tells WebM from Matroska by the EBML DocType.
    """
    media_type, _kind = sniff(head)
    if media_type == "video/webm":
        pos = head.find(b"\x42\x82", 4, 64)  # EBML DocType element
        if pos >= 0 and pos + 3 <= len(head):
            size = head[pos + 2] & 0x7F if head[pos + 2] & 0x80 else 0
            doctype = head[pos + 3 : pos + 3 + size].rstrip(b"\x00")  # EBML strings may be padded
            if doctype == b"matroska":
                return "video/x-matroska"
            if doctype != b"webm":
                return None
    return media_type if media_type in AV_FORMATS else None


def open_recording(data: bytes | memoryview | BinaryIO | io.RawIOBase, media_type: str,
                   limits: Limits = DEFAULT_LIMITS) -> av.container.InputContainer:
    """Open ``data`` (bytes, or a seekable file object such as a vault blob for playback) with the
    demuxer of ``media_type`` only (no format probing) and apply the stream-count and duration
    limits before any packet is demuxed.

    FFmpeg reads at most ``probe_bytes`` and decodes at most ``probe_us`` of it to find the stream
    parameters (``probesize``/``analyzeduration``).

    Raises:
        InputRejected: ``import.av_unreadable``, ``import.av_too_many_streams``,
            ``import.av_too_long``.
    """
    fmt = AV_FORMATS[media_type]
    opts = {"probesize": str(limits.av.probe_bytes), "analyzeduration": str(limits.av.probe_us)}
    try:
        source = data if hasattr(data, "read") else io.BytesIO(data)
        container = av.open(source, mode="r", format=fmt.demuxer, options=opts,
                            metadata_errors="replace")
    except av.FFmpegError as exc:
        raise InputRejected("import.av_unreadable", reason=_reason(exc)) from exc
    try:
        streams = len(container.streams)
        if streams > limits.av.max_streams:
            raise InputRejected("import.av_too_many_streams", streams=streams,
                                limit=limits.av.max_streams)
        if streams == 0:
            raise InputRejected("import.av_unreadable", reason="no streams")
        duration = _duration_s(container)
        if duration is not None and duration > limits.av.max_duration_s:
            raise InputRejected("import.av_too_long", seconds=round(duration),
                                limit=round(limits.av.max_duration_s))
    except BaseException:
        container.close()
        raise
    return container


def kept_streams(container: av.container.InputContainer) -> list[av.stream.Stream]:
    """The streams a clean copy keeps, in its order: video (not cover art), then audio."""
    video = [s for s in container.streams
             if s.type == "video" and not _is_attached_pic(s) and s.codec_context is not None]
    audio = [s for s in container.streams if s.type == "audio" and s.codec_context is not None]
    return video + audio


def unknown_streams(container: av.container.InputContainer) -> list[av.stream.Stream]:
    """Audio and video streams (not cover art) whose codec FFmpeg does not know: a copy without
    them would silently lose content, so their presence means no copy."""
    return [s for s in container.streams if s.type in ("video", "audio")
            and not _is_attached_pic(s) and s.codec_context is None]


@dataclass(frozen=True)
class StreamFacts:
    """What an opened recording's streams say: the kept ones, the labels of the unknown ones,
    its kind (``video`` or ``audio``), its media type (Ogg with a video stream is video/ogg),
    codecs, duration and picture size (the in-memory and the streamed clean copy alike)."""

    kept: list[av.stream.Stream]
    unknown: list[str]
    kind: str
    media_type: str
    codecs: list[str]
    duration: float | None
    width: int | None
    height: int | None


def stream_facts(container: av.container.InputContainer, media_type: str) -> StreamFacts:
    """Raises:
        InputRejected: ``import.av_unreadable`` (no audio or video stream)."""
    kept = kept_streams(container)
    strays = unknown_streams(container)
    unknown = [f"stream {s.index} ({s.type})" for s in strays]
    if not kept and not unknown:
        raise InputRejected("import.av_unreadable", reason="no audio or video stream")
    kind = "video" if any(s.type == "video" for s in kept + strays) else "audio"
    if kind == "video" and media_type == "audio/ogg":
        media_type = "video/ogg"
    video = next((s for s in kept if s.type == "video"), None)
    vcc: Any = video.codec_context if video is not None else None
    return StreamFacts(kept, unknown, kind, media_type, [_codec_name(s) for s in kept],
                       _duration_s(container), vcc.width if vcc is not None else None,
                       vcc.height if vcc is not None else None)


#: Packet side data that is metadata, not playback: Ogg puts a stream's Vorbis comments (artist,
#: title, …) into its first packet as ``strings_metadata``. Removed by the copy, so not compared;
#: the re-scan's leak check looks for the original's values in the copy's bytes.
_METADATA_SIDE_DATA = frozenset({"strings_metadata"})


class _StreamHasher:
    def __init__(self, stream: av.stream.Stream) -> None:
        self.kind = stream.type
        self.codec = _codec_name(stream)
        self.payload = hashlib.sha256()
        self.timing = hashlib.sha256()
        self.packets = 0
        self.bytes = 0

    def feed(self, packet: av.Packet, time_base: Fraction | None) -> None:
        self.payload.update(memoryview(packet))
        line = ";".join(_seconds(v, time_base) for v in (packet.pts, packet.dts, packet.duration))
        for sd in packet.iter_sidedata():
            if sd.data_type not in _METADATA_SIDE_DATA:
                line += f";{sd.data_type}:{hashlib.sha256(memoryview(sd)).hexdigest()}"
        self.timing.update(line.encode("ascii") + b"\n")
        self.packets += 1
        self.bytes += packet.size

    def digest(self) -> StreamDigest:
        return StreamDigest(kind=self.kind, codec=self.codec, packets=self.packets,
                            payload_bytes=self.bytes, sha256=self.payload.hexdigest(),
                            timing_sha256=self.timing.hexdigest())


def _seconds(value: int | None, time_base: Fraction | None) -> str:
    """``value × time_base`` as a reduced fraction ``"n/d"`` (what ``Fraction`` prints, minus the
    cost of building one per timestamp)."""
    if value is None or time_base is None:
        return "-"
    num, den = value * time_base.numerator, time_base.denominator
    g = math.gcd(num, den)
    return f"{num // g}/{den // g}"


def stream_digests(container: av.container.InputContainer,
                   limits: Limits = DEFAULT_LIMITS) -> tuple[StreamDigest, ...]:
    """Demux the kept streams of ``container`` and return their digests (nothing is muxed)."""
    return _pass(container, None, limits)


def _pass(container: av.container.InputContainer, output: av.container.OutputContainer | None,
          limits: Limits, truncation: list[str] | None = None,
          size: int = 0) -> tuple[StreamDigest, ...]:
    """One demux of the kept streams: hash every packet, and mux it into ``output`` if given.

    ``truncation`` (when given) receives one note per sign that the file ends early: a corrupt
    packet cut by the end of the data, or fewer packets than the stream's index announces
    (ISO-BMFF sample tables, where ``stream.frames`` is exact).
    """
    kept = kept_streams(container)
    if not kept:
        return ()  # demux() without streams would read them all
    hashers = {s.index: _StreamHasher(s) for s in kept}
    targets: dict[int, av.stream.Stream] = {}
    if output is not None:
        for s in kept:
            # opaque: the stream keeps the decoder's codec object; no encoder is looked up (a
            # Theora video has none in the wheel, and H.264 would pull in libx264 for nothing)
            target = output.add_stream_from_template(s, opaque=True)
            if s.type == "video" and s.average_rate:
                # becomes the output's avg_frame_rate: Matroska's DefaultDuration, from which
                # its demuxer gives every packet its duration
                target.codec_context.framerate = s.average_rate  # type: ignore[attr-defined]
            targets[s.index] = target
    total = 0
    try:
        for packet in container.demux(*kept):
            if packet.size == 0:
                continue
            total += 1
            if total > limits.av.max_packets:
                raise InputRejected("import.av_too_many_packets", limit=limits.av.max_packets)
            index = packet.stream.index
            if (truncation is not None and packet.is_corrupt and packet.pos is not None
                    and packet.pos + packet.size >= size):
                truncation.append(f"stream {index}: packet cut at byte {size}")
            hashers[index].feed(packet, packet.time_base)
            if output is not None:
                packet.stream = targets[index]
                try:
                    output.mux(packet)
                except av.FFmpegError as exc:
                    raise MuxError(_reason(exc)) from exc
    except av.FFmpegError as exc:
        raise InputRejected("import.av_unreadable", reason=_reason(exc)) from exc
    if truncation is not None and container.format.name.startswith("mov"):
        for s in kept:
            if s.frames and hashers[s.index].packets < s.frames:
                truncation.append(f"stream {s.index}: {hashers[s.index].packets} of {s.frames}"
                                  " packets")
    return tuple(hashers[s.index].digest() for s in kept)


def ffmpeg_streamhash_lines(digests: Iterable[StreamDigest]) -> list[str]:
    """The lines ``ffmpeg … -map 0:V? -map 0:a? -c copy -copyinkf -f streamhash -hash sha256 -``
    prints for a file whose kept streams have ``digests``."""
    return [f"{i},{d.kind[0]},SHA256={d.sha256}" for i, d in enumerate(digests)]


#: The stock-FFmpeg command whose output a third party compares, for the original and the clean
#: copy alike, with the recorded ``StreamDigest.sha256`` values (``{file}``: the file's name).
FFMPEG_CHECK = ("ffmpeg -hide_banner -loglevel error -i {file} -map 0:V? -map 0:a? -c copy "
                "-copyinkf -f streamhash -hash sha256 -")


def remux(data: bytes | memoryview, media_type: str, limits: Limits = DEFAULT_LIMITS,
          truncation: list[str] | None = None) -> tuple[bytes, tuple[StreamDigest, ...]]:
    """Write the clean copy of ``data`` into memory and return it with the original's digests.

    ``truncation`` receives the signs that ``data`` ends early (see :func:`_pass`); the copy of a
    truncated file holds what could be read and must not be offered as a clean copy.

    Raises:
        InputRejected: as :func:`open_recording`, and ``import.av_too_many_packets``,
            ``import.av_unreadable`` for a demux error (a truncated file).
        ValueError: the muxer refuses a kept codec or a packet (:class:`MuxError`); the original
            is fine and the caller reports it as a sanitize error.
    """
    fmt = AV_FORMATS[media_type]
    container = open_recording(data, media_type, limits)
    out = io.BytesIO()
    try:
        try:
            output = av.open(out, mode="w", format=fmt.muxer, options=dict(fmt.options))
        except av.FFmpegError as exc:
            raise MuxError(_reason(exc)) from exc
        try:
            digests = _pass(container, output, limits, truncation, len(data))
        except BaseException:
            with contextlib.suppress(av.FFmpegError):
                output.close()
            raise
        try:
            output.close()  # writes the trailer (the index, for ISO-BMFF)
        except av.FFmpegError as exc:
            raise MuxError(_reason(exc)) from exc
    finally:
        container.close()
    if fmt.demuxer == "mov":
        return avboxes.moov_first(out.getvalue()), digests
    return out.getvalue(), digests


def process_av(data: bytes, media_type: str | None = None,
               limits: Limits = DEFAULT_LIMITS) -> ProcessedRecording:
    """Sniff, check limits, read metadata, remux, prove and preview one recording.

    Args:
        data: The whole original.
        media_type: From :func:`sniff_av`, or None to sniff here.
        limits: ``limits.av`` applies; ``max_file_bytes`` is ``limits.av.max_file_bytes``.

    Returns:
        The result; ``sanitized`` is None when the copy failed its proof or could not be written,
        with the reason in ``sanitize_error``.

    Raises:
        InputRejected: ``import.too_large``, ``import.unsupported``, ``import.av_unreadable``,
            ``import.av_too_many_streams``, ``import.av_too_long``,
            ``import.av_too_many_packets``.
    """
    if len(data) > limits.av.max_file_bytes:
        raise InputRejected("import.too_large", size=len(data), limit=limits.av.max_file_bytes)
    if media_type is None:
        media_type = sniff_av(data[:65536])
    if media_type is None or media_type not in AV_FORMATS:
        raise InputRejected("import.unsupported", media_type=media_type or sniff(data[:65536])[0])
    container = open_recording(data, media_type, limits)
    try:
        metadata, metadata_error = avscan.read_av_metadata(container, data, media_type)
        facts = stream_facts(container, media_type)
    finally:
        container.close()
    unknown, kind, media_type = facts.unknown, facts.kind, facts.media_type
    copy: bytes | None = None
    copy_digests: tuple[StreamDigest, ...] | None = None
    error: str | None = None
    truncation: list[str] = []
    try:
        copy, original = remux(data, media_type, limits, truncation)
    except ValueError as exc:
        original = _digests_only(data, media_type, limits)
        error = f"sanitize.unsupported: {str(exc)[:160]}"
    if truncation:
        metadata["truncated"] = truncation[:8]
        copy, error = None, "sanitize.truncated: " + "; ".join(truncation[:4])
    elif unknown:
        copy, error = None, "sanitize.unsupported: unknown codec in " + ", ".join(unknown[:4])
    poster = avpreview.poster(data, media_type, limits) if kind == "video" else None
    rotation = poster.rotation if poster is not None else None
    if copy is not None:
        copy_digests, error = _prove(copy, media_type, original, rotation=rotation,
                                     kind=kind, metadata=metadata, limits=limits)
    waveform = avpreview.waveform(data, media_type, limits) if kind == "audio" else None
    ok = error is None and copy is not None
    return ProcessedRecording(
        media_type=media_type, kind=kind, duration_s=facts.duration, width=facts.width,
        height=facts.height, rotation=rotation, codecs=facts.codecs, metadata=metadata,
        metadata_error=metadata_error,
        original_streams=original, sanitized=copy if ok else None,
        sanitized_media_type=AV_FORMATS[media_type].copy_media_type if ok else None,
        sanitized_streams=copy_digests if ok else None, proof_equal=ok,
        removed=avscan.removed_categories(metadata) if ok else [], sanitize_error=error,
        thumbnail=poster.image if poster is not None else None,
        thumbnail_media_type=poster.media_type if poster is not None else None,
        waveform=waveform,
    )


def _digests_only(data: bytes, media_type: str, limits: Limits) -> tuple[StreamDigest, ...]:
    container = open_recording(data, media_type, limits)
    try:
        return stream_digests(container, limits)
    finally:
        container.close()


def _prove(copy: bytes, media_type: str, original: tuple[StreamDigest, ...], *,
           rotation: int | None, kind: str, metadata: dict[str, Any],
           limits: Limits) -> tuple[tuple[StreamDigest, ...] | None, str | None]:
    """Re-open the copy: digests equal, rotation equal, re-scan clean; else the reason."""
    copy_type = AV_FORMATS[media_type].copy_media_type
    try:
        container = open_recording(copy, copy_type, limits)
    except InputRejected as exc:
        return None, f"sanitize.copy_unreadable: {exc.code}"
    try:
        findings = avscan.rescan_av(container, copy, copy_type, metadata)
        digests = stream_digests(container, limits)
    except InputRejected as exc:
        return None, f"sanitize.copy_unreadable: {exc.code}"
    finally:
        container.close()
    if digests != original:
        diff = [i for i, (a, b) in enumerate(zip(digests, original, strict=False)) if a != b]
        return None, f"sanitize.packets_differ: streams {diff or 'count'}"
    if kind == "video":
        poster = avpreview.poster(copy, copy_type, limits, image=False)
        if (poster.rotation if poster is not None else None) != rotation:
            return None, "sanitize.rotation_differs"
    if findings:
        return None, "sanitize.not_clean: " + ", ".join(findings[:8])
    return digests, None


def _is_attached_pic(stream: av.stream.Stream) -> bool:
    return bool(stream.disposition & av.stream.Disposition.attached_pic)


def _duration_s(container: av.container.InputContainer) -> float | None:
    if container.duration is not None and container.duration > 0:
        return float(container.duration) / 1_000_000
    best = None
    for s in container.streams:
        if s.duration and s.time_base:
            value = float(s.duration * s.time_base)
            best = value if best is None else max(best, value)
    return best


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:160]}"


__all__ = ["AV_FORMATS", "FFMPEG_CHECK", "ffmpeg_streamhash_lines", "kept_streams",
           "open_recording", "process_av", "remux", "sniff_av", "stream_digests"]


def _codec_name(stream: av.stream.Stream) -> str:
    """The codec's canonical name (``mp3``, not the decoder's ``mp3float``)."""
    cc = stream.codec_context
    return cc.codec.canonical_name if cc is not None else "none"
