# SPDX-License-Identifier: GPL-3.0-or-later
"""Recordings: clean copies by lossless remux, checked against independent oracles (Debian's
ffmpeg/ffprobe 5.1 and exiftool) on media generated at test time."""

from __future__ import annotations

import io
import os
import pickle
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InputRejected
from app.i18n import translations
from app.media import avmedia, avscan
from app.media.avmedia import ffmpeg_streamhash_lines, process_av, sniff_av
from app.media.avpdf import process_av_or_pdf
from app.media.types import AvLimits, Limits, ProcessedRecording
from app.messages import describe
from tests.core.media import avbuild as B

pytestmark = pytest.mark.skipif(not (B.HAVE_FFMPEG and B.HAVE_EXIFTOOL),
                                reason="needs Debian's ffmpeg, ffprobe and exiftool as oracles")

#: builder -> (sniffed media type, kind, codecs of the kept streams)
CASES = {
    "phone_mp4": ("video/mp4", "video", ["h264", "aac"]),
    "rotated_mov": ("video/quicktime", "video", ["h264", "aac"]),
    "threegp": ("video/3gpp", "video", ["h264", "aac"]),
    "webm": ("video/webm", "video", ["vp8", "opus"]),
    "mkv_everything": ("video/x-matroska", "video", ["h264", "aac"]),
    "voice_opus": ("audio/ogg", "audio", ["opus"]),
    "voice_vorbis": ("audio/ogg", "audio", ["vorbis"]),
    "theora_ogg": ("video/ogg", "video", ["theora", "vorbis"]),
    "m4a": ("audio/mp4", "audio", ["aac"]),
    "mp3_cover": ("audio/mpeg", "audio", ["mp3"]),
    "flac_picture": ("audio/flac", "audio", ["flac"]),
    "wav": ("audio/wav", "audio", ["pcm_s16le"]),
    "amr": ("audio/amr", "audio", ["amr_nb"]),
}
#: exiftool lines that would identify the sender or the moment
_IDENTIFYING = ("GPS", "Location", "Make", "Model", "Artist", "Title", "Comment", "Author",
                "Encoder", "Software", "XMP", "2024")


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("av")
    return {name: getattr(B, name)(d) for name in CASES}


@pytest.fixture(scope="module")
def results(media: dict[str, Path]) -> dict[str, ProcessedRecording]:
    return {name: process_av(path.read_bytes()) for name, path in media.items()}


def _copy(path: Path, result: ProcessedRecording) -> Path:
    assert result.sanitized is not None, result.sanitize_error
    out = path.with_name("clean-" + path.name)
    out.write_bytes(result.sanitized)
    return out


def test_sniff_by_content_not_name(media: dict[str, Path]) -> None:
    for name, path in media.items():
        sniffed = sniff_av(path.read_bytes()[:65536])
        assert sniffed == CASES[name][0].replace("video/ogg", "audio/ogg"), name
    # EBML DocType decides WebM against Matroska; a PDF, a JPEG and noise are not recordings
    assert sniff_av(b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska") == \
        "video/x-matroska"
    assert sniff_av(b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm") == "video/webm"
    assert sniff_av(b"\x1a\x45\xdf\xa3\x9f\x42\x82\x84evil") is None
    for head in (b"%PDF-1.7\n", b"\xff\xd8\xff\xe0", os.urandom(64)):
        assert sniff_av(b"\x00" + head) is None


@pytest.mark.parametrize("name", list(CASES))
def test_clean_copy_is_proved_and_equal_for_stock_ffmpeg(name: str, media: dict[str, Path],
                                                         results: dict[str, ProcessedRecording]
                                                         ) -> None:
    path, r = media[name], results[name]
    media_type, kind, codecs = CASES[name]
    assert (r.media_type, r.kind, r.codecs) == (media_type, kind, codecs)
    assert r.proof_equal and r.sanitize_error is None
    assert r.sanitized_streams == r.original_streams
    copy = _copy(path, r)
    # our per-stream payload hash is exactly what stock ffmpeg prints, for original and copy
    assert B.streamhash(path) == B.streamhash(copy) == ffmpeg_streamhash_lines(r.original_streams)
    # every kept packet identical, payload and time (read by PyAV's demuxer, not our code)
    assert B.packets(path) == B.packets(copy)
    # same codecs and durations for ffprobe; only audio/video streams remain
    before, after = B.ffprobe(path), B.ffprobe(copy)
    kept = [s for s in before["streams"]
            if s["codec_type"] in ("video", "audio")
            and not s.get("disposition", {}).get("attached_pic")]
    assert [s["codec_name"] for s in after["streams"]] == [
        s["codec_name"] for s in kept]
    for a, b in zip(kept, after["streams"], strict=True):
        if "duration" in a:
            assert abs(float(a["duration"]) - float(b["duration"])) < 0.05, (name, a, b)
    # nothing identifying for exiftool (it does not know AMR, which carries no metadata)
    tags = B.exiftool(copy) if name != "amr" else ""
    bad = [line for line in tags.splitlines()
           if B.MARK in line or any(word in line for word in _IDENTIFYING)]
    assert bad == [], bad
    assert B.MARK.encode() not in (r.sanitized or b"")
    if name != "amr":
        assert B.MARK in repr(r.metadata), "the original's metadata is read for the vault"


def test_phone_video_metadata_read_for_the_vault(results: dict[str, ProcessedRecording]) -> None:
    m = results["phone_mp4"].metadata
    assert m["location"] == {"iso6709": B.LOCATION, "lat": 48.8577, "lon": 2.295, "alt": 35.0}
    assert m["make"] == f"SpyPhone {B.MARK}" and m["model"] == f"Model-X {B.MARK}"
    assert m["software"] == f"CamApp {B.MARK}"
    assert m["creation_time"].startswith("2024-01-02T03:04:05")
    assert B.MARK in m["xmp"][0] and "moov/udta/loci" in m["boxes"]
    assert any(s["tags"].get("handler_name") == f"Hand {B.MARK}" for s in m["streams"])
    assert {"location", "xmp", "container.tags", "stream.tags"} <= set(
        results["phone_mp4"].removed)
    mov = results["rotated_mov"].metadata
    assert mov["location"]["lat"] == 48.8577 and "moov/udta/©xyz" in mov["boxes"]


def test_rotation_kept_for_display(media: dict[str, Path],
                                   results: dict[str, ProcessedRecording]) -> None:
    r = results["rotated_mov"]
    copy = _copy(media["rotated_mov"], r)
    assert B.rotation(B.ffprobe(media["rotated_mov"])) == B.rotation(B.ffprobe(copy)) != 0
    assert r.rotation == 90
    assert "Rotation                        : 270" in B.exiftool(copy)
    # the poster is turned for display: 64x48 pixels shown upright as 48 wide, 64 high
    from PIL import Image

    poster = Image.open(io.BytesIO(r.thumbnail or b""))
    assert r.thumbnail_media_type == "image/jpeg" and poster.size == (48, 64)


def test_subtitles_chapters_attachments_and_cover_art_are_dropped(
        media: dict[str, Path], results: dict[str, ProcessedRecording]) -> None:
    mkv = results["mkv_everything"]
    assert {"streams.subtitle", "streams.attachment", "chapters"} <= set(mkv.removed)
    assert mkv.metadata["chapters"][0]["tags"]["title"] == f"Chapter {B.MARK}"
    copy = _copy(media["mkv_everything"], mkv)
    probe = B.ffprobe(copy)
    assert [s["codec_type"] for s in probe["streams"]] == ["video", "audio"]
    import subprocess

    chapters = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", str(copy)],
                              capture_output=True, check=True).stdout
    assert chapters == b""
    for name in ("mp3_cover", "flac_picture", "m4a"):
        assert "cover_art" in results[name].removed, name
        streams = B.ffprobe(_copy(media[name], results[name]))["streams"]
        assert [s["codec_type"] for s in streams] == ["audio"], name


def test_a_copy_the_muxer_refuses_keeps_the_original(media: dict[str, Path]) -> None:
    """A "WebM" holding H.264 (the DocType says webm, zero-padded): the WebM muxer refuses the
    codec, so there is no copy, with the reason; the original's digests are still recorded."""
    data = media["mkv_everything"].read_bytes()
    assert data.count(b"\x42\x82\x88matroska") == 1
    fake = data.replace(b"\x42\x82\x88matroska", b"\x42\x82\x88webm\x00\x00\x00\x00")
    r = process_av(fake)
    assert r.media_type == "video/webm" and r.sanitized is None and not r.proof_equal
    assert r.sanitize_error == "sanitize.unsupported: 'webm' format does not support 'h264' codec"
    # (the decoder's codec object is kept, so no encoder name such as 'libx264' appears)
    assert [d.codec for d in r.original_streams] == ["h264", "aac"]


def test_previews(results: dict[str, ProcessedRecording]) -> None:
    for name, (_t, kind, _c) in CASES.items():
        r = results[name]
        if kind == "video":
            assert r.thumbnail is not None and r.width == 64 and r.height == 48, name
            assert r.waveform is None
        else:
            assert r.thumbnail is None
            wave = r.waveform or []
            assert 10 <= len(wave) <= 200 and all(0.0 <= v <= 1.0 for v in wave), name
            assert max(wave) > 0.1, name  # a 440 Hz sine, not silence
        assert r.duration_s is not None and 0.9 < r.duration_s < 2.2, name


def test_thousand_streams_refused_fast_with_a_sentence(tmp_path: Path) -> None:
    data = B.many_streams(tmp_path).read_bytes()
    start = time.monotonic()
    with pytest.raises(InputRejected) as err:
        process_av(data)
    assert time.monotonic() - start < 2.0
    assert err.value.code == "import.av_too_many_streams"
    text = describe(err.value, translations("en"), isolate=False)
    assert text == "This recording has too many tracks to open safely (1000; the limit is 16)."


def test_previews_have_bounds(media: dict[str, Path]) -> None:
    from app.media import avpreview

    video = media["phone_mp4"].read_bytes()
    assert avpreview.poster(video, "video/mp4") is not None
    assert avpreview.poster(video, "video/mp4", Limits(max_pixels=64 * 48 - 1)) is None
    voice = media["voice_opus"].read_bytes()
    assert avpreview.waveform(voice, "audio/ogg") is not None
    assert avpreview.waveform(voice, "audio/ogg", Limits(av=AvLimits(waveform_max_s=1.0))) is None


def test_duration_and_packet_limits(media: dict[str, Path]) -> None:
    data = media["voice_opus"].read_bytes()
    with pytest.raises(InputRejected) as err:
        process_av(data, limits=Limits(av=AvLimits(max_duration_s=1.0)))
    assert err.value.code == "import.av_too_long"
    with pytest.raises(InputRejected) as err:
        process_av(data, limits=Limits(av=AvLimits(max_packets=10)))
    assert err.value.code == "import.av_too_many_packets"
    with pytest.raises(InputRejected) as err:
        process_av(data, limits=Limits(av=AvLimits(max_file_bytes=100)))
    assert err.value.code == "import.too_large"


def test_truncated_mp4_gets_no_clean_copy(media: dict[str, Path], tmp_path: Path) -> None:
    streamable = tmp_path / "fast.mp4"
    B.ffmpeg("-i", media["phone_mp4"], "-c", "copy", "-movflags", "+faststart+use_metadata_tags",
             streamable)
    data = streamable.read_bytes()
    r = process_av(data[: len(data) * 2 // 3])
    assert r.sanitized is None and not r.proof_equal
    assert (r.sanitize_error or "").startswith("sanitize.truncated: ")
    assert r.metadata["truncated"] and r.metadata["make"] == f"SpyPhone {B.MARK}"
    # index at the end and cut off: nothing to demux
    whole = media["phone_mp4"].read_bytes()
    with pytest.raises(InputRejected) as err:
        process_av(whole[: len(whole) // 2])
    assert err.value.code == "import.av_unreadable"


def test_timing_proof_refuses_a_copy_whose_packets_are_retimed(tmp_path: Path) -> None:
    """AVI with MP3 audio: FFmpeg's AVI muxer, given the demuxed block alignment, writes a
    header that makes its demuxer time the same payloads differently. The payload hashes agree;
    the timing hash does not, so no copy is offered."""
    path = B.avi(tmp_path)
    r = process_av(path.read_bytes())
    assert r.sanitized is None and r.sanitize_error == "sanitize.packets_differ: streams [1]"
    copy, original = avmedia.remux(path.read_bytes(), "video/x-msvideo")
    with avmedia.open_recording(copy, "video/x-msvideo") as c:
        again = avmedia.stream_digests(c)
    assert [d.sha256 for d in again] == [d.sha256 for d in original]
    assert again[1].timing_sha256 != original[1].timing_sha256


def test_proof_detects_a_changed_payload(media: dict[str, Path],
                                         results: dict[str, ProcessedRecording]) -> None:
    r = results["wav"]
    copy = bytearray(r.sanitized or b"")
    copy[-100] ^= 0x55  # one PCM sample
    digests, error = avmedia._prove(bytes(copy), "audio/wav", r.original_streams, rotation=None,
                                    kind="audio", metadata=r.metadata, limits=Limits())
    assert digests is None and error == "sanitize.packets_differ: streams [0]"


def test_rescan_reports_what_the_original_carries(media: dict[str, Path],
                                                  results: dict[str, ProcessedRecording]) -> None:
    for name in ("phone_mp4", "mkv_everything", "mp3_cover"):
        data = media[name].read_bytes()
        media_type = CASES[name][0]
        with avmedia.open_recording(data, media_type) as c:
            findings = avscan.rescan_av(c, data, media_type, results[name].metadata)
        assert any(f.startswith("tag:") for f in findings), (name, findings)
        assert any(f.startswith("leak:") for f in findings), (name, findings)
        if name == "phone_mp4":
            assert "box:moov/udta/meta/keys" in findings and "box:uuid" in findings
        if name == "mkv_everything":
            assert "chapters" in findings and "stream:2:subtitle" in findings


def test_dispatch_and_worker_safety(media: dict[str, Path]) -> None:
    assert process_av_or_pdf(b"\x89PNG\r\n\x1a\n" + bytes(64)) is None
    data = media["voice_opus"].read_bytes()
    local = process_av_or_pdf(data)
    assert isinstance(local, ProcessedRecording) and local.proof_equal
    assert pickle.loads(pickle.dumps(local)) == local  # noqa: S301 (our own object)
    # in a spawned child with the media workers' address-space limit, as app.media.pool runs it
    with ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=_limit) as pool:
        remote = pool.submit(process_av_or_pdf, data).result(timeout=60)
    assert remote == local


def _limit() -> None:
    from app.media.pool import _apply_limits

    _apply_limits(Limits())


_MAGICS = [b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2", b"\x00\x00\x00\x14ftypqt  ",
           b"\x1a\x45\xdf\xa3\x9f\x42\x82\x84webm", b"OggS\x00\x02", b"fLaC\x00\x00\x00\x22",
           b"ID3\x03\x00\x00\x00\x00\x00\x00", b"\xff\xfb\x90\x00", b"#!AMR\n",
           b"RIFF\xff\x00\x00\x00WAVEfmt ", b"RIFF\xff\x00\x00\x00AVI LIST"]


@settings(max_examples=int(os.environ.get("BAYYINA_FUZZ", "150")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(magic=st.sampled_from(_MAGICS), body=st.binary(max_size=4096), cut=st.integers(0, 8192),
       seed=st.sampled_from(sorted(CASES)))
def test_hostile_bytes_are_refused_or_proved(magic: bytes, body: bytes, cut: int, seed: str,
                                             media: dict[str, Path]) -> None:
    """Random bodies behind real signatures, and real files cut and corrupted: a clear refusal
    or a result whose copy (if any) passed its proof — never another exception."""
    real = media[seed].read_bytes()
    for data in (magic + body, real[:cut] + body, real[: len(real) // 2] + body
                 + real[len(real) // 2 + len(body):]):
        codes: list[str] = []
        try:
            r = process_av(data)
        except InputRejected as exc:
            codes.append(exc.code)
        if codes:
            assert codes[0].startswith("import."), codes
            continue
        if r.sanitized is not None:
            assert r.proof_equal and r.sanitized_streams == r.original_streams


def test_iso_bmff_copies_have_their_index_first(media: dict[str, Path],
                                                results: dict[str, ProcessedRecording]) -> None:
    from app.media.avboxes import walk_boxes

    for name in ("phone_mp4", "rotated_mov", "threegp", "m4a"):
        top = [b.path for b in walk_boxes(results[name].sanitized or b"").boxes
               if "/" not in b.path]
        assert top.index("moov") < top.index("mdat"), (name, top)
        original = [b.path for b in walk_boxes(media[name].read_bytes()).boxes
                    if "/" not in b.path]
        assert original.index("moov") > original.index("mdat"), "the builder writes moov last"


@settings(max_examples=int(os.environ.get("BAYYINA_FUZZ", "300")), deadline=None)
@given(data=st.binary(max_size=2048), sizes=st.lists(st.integers(0, 2**32 - 1), max_size=8))
def test_box_walker_never_reads_outside_or_raises(data: bytes, sizes: list[int]) -> None:
    from app.media import avboxes

    blob = b"".join(s.to_bytes(4, "big") + b"moov" for s in sizes) + data
    walk = avboxes.walk_boxes(blob)
    for box in walk.boxes:
        assert 0 <= box.start < box.body_start <= box.end <= len(blob)
    assert avboxes.moov_first(blob) in (blob,) or len(avboxes.moov_first(blob)) == len(blob)
    avboxes.xmp_packets(blob, walk)
    avboxes.asset_texts(blob, walk)


def test_a_stream_with_an_unknown_codec_means_no_copy(media: dict[str, Path]) -> None:
    """A copy keeps only streams it can prove; one FFmpeg cannot identify would be lost silently,
    and the proof over the others would still hold: no copy at all."""
    data = media["webm"].read_bytes()
    assert data.count(b"V_VP8") == 1
    r = process_av(data.replace(b"V_VP8", b"V_XYZ"))
    assert r.kind == "video" and r.codecs == ["opus"]
    assert r.sanitized is None and not r.proof_equal
    assert r.sanitize_error == "sanitize.unsupported: unknown codec in stream 0 (video)"
    # nothing but unknown codecs: described, no copy, no crash
    assert data.count(b"A_OPUS") == 1
    alone = process_av(data.replace(b"V_VP8", b"V_XYZ").replace(b"A_OPUS", b"A_XXXX"))
    assert alone.sanitized is None and alone.original_streams == () and alone.codecs == []
    assert alone.sanitize_error == ("sanitize.unsupported: unknown codec in stream 0 (video), "
                                    "stream 1 (audio)")


def test_packet_side_data_is_part_of_the_timing_proof(media: dict[str, Path]) -> None:
    """Opus start padding and end trimming travel as ``skip_samples`` side data: a copy that lost
    it would play 6.5 ms of padding and a few samples too many."""
    import av

    with avmedia.open_recording(media["voice_opus"].read_bytes(), "audio/ogg") as c:
        stream = c.streams.audio[0]
        with_sd, without_sd = avmedia._StreamHasher(stream), avmedia._StreamHasher(stream)
        seen = 0
        for p in c.demux(stream):
            if not p.size:
                continue
            seen += sum(1 for _ in p.iter_sidedata())
            bare = av.Packet(bytes(p))
            bare.pts, bare.dts, bare.duration = p.pts, p.dts, p.duration
            with_sd.feed(p, p.time_base)
            without_sd.feed(bare, p.time_base)
    a, b = with_sd.digest(), without_sd.digest()
    assert seen == 2 and a.sha256 == b.sha256 and a.timing_sha256 != b.timing_sha256
