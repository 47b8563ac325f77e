# SPDX-License-Identifier: GPL-3.0-or-later
"""What guards the sanitiser: the walkers' refusals of malformed containers, the checks
:func:`app.media.process` makes on every copy before it is returned, and what the walkers know
before anything is decoded. Files are built with Pillow at test time (``tests/core/media/formats``).
"""

from __future__ import annotations

import importlib
import io
import struct
from collections.abc import Callable

import pytest
from PIL import Image

from app.errors import InputRejected
from app.media import Limits, process
from app.media import sanitize as san
from app.media.containers import (
    ContainerError,
    Walk,
    walk_gif,
    walk_jpeg,
    walk_png,
    walk_webp,
)
from tests.core.media import gen
from tests.core.media.formats import (
    SECRET,
    after_jfif,
    frames_of,
    gif_file,
    jpeg_file,
    png_file,
    webp_file,
)

# ------------------------------------------------------------------------- malformed containers


def _truncated_cases() -> list[object]:
    jpeg = jpeg_file()
    png = png_file()
    gif = gif_file()
    webp = webp_file(exif=gen.identity_exif())
    header = walk_gif(gif).parts[0].end
    sos = next(p for p in walk_jpeg(jpeg).parts if p.kind == "SOS")
    return [
        pytest.param(walk_jpeg, jpeg[:20], id="jpeg-ends-after-a-segment"),
        pytest.param(walk_jpeg, jpeg[:20] + b"\xff\xff", id="jpeg-fill-bytes-to-end"),
        pytest.param(walk_jpeg, jpeg[:22], id="jpeg-length-cut"),
        pytest.param(walk_jpeg, jpeg[:40], id="jpeg-segment-cut"),
        pytest.param(walk_jpeg, jpeg[:-2], id="jpeg-scan-runs-to-end"),
        pytest.param(walk_jpeg, jpeg[: sos.body_end] + b"\x12\xff", id="jpeg-scan-cut-at-ff"),
        pytest.param(walk_jpeg, jpeg[:20] + b"junk without a marker", id="jpeg-junk-to-end"),
        pytest.param(walk_png, png[:-12], id="png-no-iend"),
        pytest.param(walk_png, png[:-6], id="png-chunk-cut"),
        pytest.param(walk_gif, gif[:10], id="gif-header-cut"),
        pytest.param(walk_gif, gif[:13] + b"\x00" * 10, id="gif-palette-cut"),
        pytest.param(walk_gif, gif[:-1], id="gif-no-trailer"),
        pytest.param(walk_gif, gif[:-2], id="gif-sub-blocks-cut"),
        pytest.param(walk_gif, gif[:header] + b"\x21", id="gif-extension-cut"),
        pytest.param(walk_gif, gif[:header] + b"\x2c\x00\x00", id="gif-descriptor-cut"),
        pytest.param(walk_webp, webp[:-10], id="webp-riff-past-end"),
        pytest.param(walk_webp, webp[:4] + struct.pack("<I", 4 + 4) + webp[8:20],
                     id="webp-chunk-header-cut"),
        pytest.param(walk_webp, webp[:4] + struct.pack("<I", 4 + 8 + 4) + webp[8:24],
                     id="webp-chunk-past-riff"),
    ]


@pytest.mark.parametrize(("walker", "data"), _truncated_cases())
def test_walkers_refuse_a_cut_off_file_as_truncated(
    walker: Callable[[bytes], Walk], data: bytes,
) -> None:
    with pytest.raises(ContainerError) as info:
        walker(data)
    assert info.value.truncated


def _corrupt_cases() -> list[object]:
    png = png_file()
    gif = gif_file()
    header = walk_gif(gif).parts[0].end
    jpeg = jpeg_file()
    return [
        pytest.param(walk_jpeg, png, id="jpeg-no-soi"),
        pytest.param(walk_jpeg, jpeg[:2] + b"\xff\xe1\x00\x01" + jpeg[2:], id="jpeg-length-1"),
        pytest.param(walk_png, jpeg, id="png-no-signature"),
        pytest.param(walk_png, png[:8] + b"\xff\xff\xff\xffIDAT" + png[16:], id="png-huge-chunk"),
        pytest.param(walk_png, png[:8] + gen.png_chunk(b"tEXt", b"a\x00b") + png[8:],
                     id="png-ihdr-not-first"),
        pytest.param(walk_gif, b"GIF88a" + gif[6:], id="gif-bad-version"),
        pytest.param(walk_gif, gif[:header] + b"\x00;", id="gif-unknown-block"),
        pytest.param(walk_webp, b"RIFF\x04\x00\x00\x00WAVE", id="webp-not-webp"),
    ]


@pytest.mark.parametrize(("walker", "data"), _corrupt_cases())
def test_walkers_refuse_a_broken_structure_as_corrupt(
    walker: Callable[[bytes], Walk], data: bytes,
) -> None:
    with pytest.raises(ContainerError) as info:
        walker(data)
    assert not info.value.truncated


def test_a_truncated_chunk_is_refused_before_anything_is_stored() -> None:
    data = png_file(gen.noise("RGB", (32, 32)))
    cut = data[: walk_png(data).parts[1].end - 10]  # inside the first IDAT
    with pytest.raises(InputRejected) as info:
        process(cut)
    assert info.value.code in ("import.truncated", "import.corrupt")
    webp = webp_file(exif=gen.identity_exif())
    with pytest.raises(InputRejected) as info:
        process(webp[: len(webp) // 2])
    assert info.value.code in ("import.truncated", "import.corrupt")


# ------------------------------------------------------------- the proof around the sanitiser


def _tiff(mode: str = "RGB", pages: int = 1) -> bytes:
    frames = [gen.noise("RGB", (16, 12), seed=s).convert(mode) for s in range(pages)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    return buf.getvalue()


def test_multi_page_tiff_becomes_a_png_of_the_first_page_and_says_so() -> None:
    data = _tiff(pages=3)
    r = process(data)
    assert r.sanitize_error is None and r.pixels_equal and r.sanitized is not None
    assert (r.sanitized_media_type, r.converted_from) == ("image/png", "image/tiff")
    assert "tiff.pages" in r.removed
    first = Image.open(io.BytesIO(data))
    assert frames_of(r.sanitized) == [("RGB", (16, 12), first.convert("RGBA").tobytes())]


def test_a_copy_that_cannot_be_written_is_withheld_with_the_reason() -> None:
    r = process(_tiff("CMYK"))
    assert r.original_pixels is not None and r.original_pixels.mode == "CMYK"
    assert r.sanitized is None and r.sanitized_media_type is None and not r.pixels_equal
    assert r.sanitize_error is not None
    assert r.sanitize_error.startswith("sanitize.failed: OSError")


def _gif_frames(count: int) -> bytes:
    frames = [gen.noise("P", (16, 12), seed=s) for s in range(count)]
    for f in frames:
        f.putpalette(list(range(256)) * 3)
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:],
                   comment=b"by " + SECRET)
    return buf.getvalue()


def test_gif_the_walker_cannot_parse_is_converted_to_png_from_the_decode() -> None:
    data = _gif_frames(1)[:-1]  # no trailer: Pillow decodes it, the walker refuses it
    with pytest.raises(ContainerError):
        walk_gif(data)
    r = process(data)
    assert r.sanitize_error is None and r.sanitized is not None
    assert (r.sanitized_media_type, r.converted_from) == ("image/png", "image/gif")
    assert {"container:unparsable", "comment"} <= set(r.removed)
    assert SECRET not in r.sanitized
    assert r.sanitized_pixels == r.original_pixels


def test_animation_the_walker_cannot_parse_gets_no_copy_rather_than_one_frame() -> None:
    r = process(_gif_frames(3)[:-1])
    assert r.original_pixels is not None and r.original_pixels.frames == 3
    assert r.sanitized is None and r.removed == []
    assert r.sanitize_error == "sanitize.unsupported: animation with a broken container"


def test_a_copy_that_does_not_decode_is_never_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes, walk: Walk, orientation: int | None) -> san.Sanitized:
        return san.Sanitized(data[:40], "image/png")

    monkeypatch.setattr(san, "sanitize_png", broken)
    r = process(png_file())
    assert r.sanitized is None and not r.pixels_equal
    assert r.sanitize_error is not None
    assert r.sanitize_error.startswith("sanitize.copy_undecodable: import.")


def test_a_copy_with_other_pixels_is_never_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    other = png_file(gen.noise("RGB", (40, 24)))
    monkeypatch.setattr(san, "sanitize_png",
                        lambda data, walk, orientation: san.Sanitized(other, "image/png"))
    r = process(png_file())
    assert r.sanitized is None and r.sanitize_error == "sanitize.pixels_differ"


def test_a_copy_that_loses_the_orientation_is_never_returned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = san.sanitize_jpeg
    monkeypatch.setattr(san, "sanitize_jpeg",
                        lambda data, walk, orientation: real(data, walk, None))
    r = process(gen.jpeg_full_of_metadata(orientation=6))
    assert r.orientation == 6
    assert r.sanitized is None and r.sanitize_error == "sanitize.orientation_differs"


def test_a_failing_thumbnail_does_not_cost_the_sanitised_copy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    process_module = importlib.import_module("app.media.process")  # the package shadows it

    def boom(*args: object) -> tuple[bytes, str]:
        raise OSError("thumbnail encoder failed")

    monkeypatch.setattr(process_module, "thumbnail", boom)
    r = process(gen.jpeg_full_of_metadata())
    assert r.thumbnail is None and r.thumbnail_media_type is None
    assert r.sanitized is not None and r.pixels_equal and SECRET not in r.sanitized


@pytest.mark.parametrize("value", [0, 9, 300])
def test_an_out_of_range_orientation_is_not_trusted(value: int) -> None:
    r = process(png_file(exif=gen.identity_exif(orientation=value)))
    assert r.orientation is None and r.sanitize_error is None
    assert r.sanitized is not None and b"eXIf" not in r.sanitized and SECRET not in r.sanitized


def test_unreadable_exif_means_no_orientation() -> None:
    from app.media.process import _orientation

    class Unreadable:
        def getexif(self) -> Image.Exif:
            raise SyntaxError("bad IFD")

    assert _orientation(Unreadable()) is None  # type: ignore[arg-type]


# ------------------------------------------------------- what the walkers report before decoding


def test_webp_dimensions_and_frames_are_known_before_decoding() -> None:
    buf = io.BytesIO()
    gen.gradient((37, 23)).save(buf, "WEBP", quality=70)  # simple lossy: a bare VP8 chunk
    lossy = buf.getvalue()
    walk = walk_webp(lossy)
    assert [p.kind for p in walk.parts] == ["VP8 "]
    assert (walk.width, walk.height, walk.frames) == (37, 23, 1)
    with pytest.raises(InputRejected) as info:
        process(lossy, Limits(max_pixels=37 * 23 - 1))
    assert info.value.code == "import.too_many_pixels"
    frames = [gen.noise("RGB", (20, 14), seed=s) for s in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, "WEBP", save_all=True, append_images=frames[1:], lossless=True,
                   duration=50, exif=gen.identity_exif())
    animated = buf.getvalue()
    walk = walk_webp(animated)
    assert (walk.frames, walk.max_frame_pixels) == (3, 20 * 14)
    with pytest.raises(InputRejected) as info:
        process(animated, Limits(max_frames=2))
    assert info.value.code == "import.too_many_frames"
    copy = san.sanitize_webp(animated, walk, None)
    assert [p.kind for p in walk_webp(copy.data).parts] == ["VP8X", "ANIM"] + ["ANMF"] * 3
    assert copy.removed == ["exif"] and frames_of(copy.data) == frames_of(animated)


def test_jpeg_fill_bytes_before_eoi_and_stray_markers_between_segments() -> None:
    base = jpeg_file()
    padded = base[:-2] + b"\xff\xff\xff\xd9"  # fill bytes are allowed before any marker
    walk = walk_jpeg(padded)
    assert walk.parts[-1].kind == "EOI" and walk.trailer == 0
    assert frames_of(san.sanitize_jpeg(padded, walk, None).data) == frames_of(base)
    # a stray restart marker and a TEM between segments carry nothing and are dropped
    data = after_jfif(base, b"\xff\xd0", b"\xff\x01")
    copy = san.sanitize_jpeg(data, walk_jpeg(data), None)
    assert copy.data == base and len(copy.removed) == 2
