# SPDX-License-Identifier: GPL-3.0-or-later
"""Decode once where a second decode proves nothing new (issue 19).

When a JPEG's or PNG's clean copy gives the pixel decoder exactly the bytes the original gave it,
the copy is not decoded a second time: these tests check that this is never claimed where a
decode would tell otherwise, that a copy whose decoder input changed is still decoded and
compared, and that Pillow's view of a PNG loaded without its pixels is the view after a full
load (the re-scan reads it).
"""

from __future__ import annotations

import importlib
import io
import zlib
from pathlib import Path

import pytest
from PIL import Image

from app.media import sanitize as san
from app.media.containers import walk_jpeg, walk_png
from app.media.pixels import digest_frames, load_without_pixels, open_image
from app.media.sniff import sniff
from app.media.types import DEFAULT_LIMITS
from tests.core.media.gen import (
    MARK,
    gradient,
    identity_exif,
    insert_jpeg_segment,
    jpeg_full_of_metadata,
    noise,
    png_bytes,
    png_chunk,
)

# the module, not the function of the same name that app.media exports
proc = importlib.import_module("app.media.process")


def _full_digest(data: bytes, media_type: str):  # type: ignore[no-untyped-def]
    return digest_frames(open_image(data, media_type, DEFAULT_LIMITS), DEFAULT_LIMITS)


def _jpeg(im: Image.Image, **kw: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", **kw)
    return buf.getvalue()


def _png_split(im: Image.Image, parts: int, before: bytes = b"", after: bytes = b"",
               between: bytes | None = None) -> bytes:
    """A PNG of ``im`` whose image data is cut into ``parts`` IDAT chunks, with extra chunks."""
    whole = png_bytes(im)
    walk = walk_png(whole)
    ihdr = next(p for p in walk.parts if p.kind == "IHDR")
    zdata = b"".join(whole[p.body_start : p.body_end] for p in walk.parts if p.kind == "IDAT")
    step = -(-len(zdata) // parts)
    idats = [png_chunk(b"IDAT", zdata[i : i + step]) for i in range(0, len(zdata), step)]
    body = idats[0] + (between or b"") + b"".join(idats[1:])
    return (whole[:8] + whole[ihdr.start : ihdr.end] + before + body + after
            + png_chunk(b"IEND", b""))


def _text(key: str, value: str) -> bytes:
    return png_chunk(b"tEXt", key.encode() + b"\x00" + value.encode())


def _exif_chunk() -> bytes:
    return png_chunk(b"eXIf", identity_exif().tobytes())


def _count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per pixel decode ``process`` makes from now on."""
    calls: list[int] = []
    real_digest = proc.digest_frames

    def counting(im, limits, on_first=None):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real_digest(im, limits, on_first)

    monkeypatch.setattr(proc, "digest_frames", counting)
    return calls


# ------------------------------------------------------------------ the claim is never wrong


def _cases() -> list[tuple[str, bytes]]:
    cmyk = _jpeg(noise("CMYK", (40, 30), seed=3), quality=90)
    palette = gradient((48, 32)).convert("P", palette=Image.Palette.ADAPTIVE, colors=17)
    palette.info["transparency"] = 5
    return [
        ("jpeg full of metadata", jpeg_full_of_metadata()),
        ("progressive jpeg full of metadata", jpeg_full_of_metadata(progressive=True)),
        ("jpeg with orientation", jpeg_full_of_metadata(orientation=6)),
        ("CMYK jpeg (Adobe)", insert_jpeg_segment(cmyk, 0xFE, MARK.encode())),
        ("grey jpeg, restart markers", _jpeg(gradient((64, 64), "L"), restart_marker_blocks=1)),
        ("subsampled 4:2:0", _jpeg(noise("RGB", (33, 17), seed=5), subsampling=2, quality=70)),
        ("png, text and eXIf before and after", _png_split(
            gradient((64, 40)), 3, before=_text("Author", MARK) + _exif_chunk(),
            after=_text("Comment", MARK))),
        ("png palette + tRNS", png_bytes(palette, transparency=5)),
        ("png 16-bit grey", png_bytes(gradient((30, 20), "L").convert("I;16"))),
        ("png RGBA with gamma", png_bytes(noise("RGBA", (20, 20), seed=9))),
    ]


@pytest.mark.parametrize(("name", "data"), _cases(), ids=[c[0] for c in _cases()])
def test_claimed_equal_input_always_decodes_equal(name: str, data: bytes) -> None:
    media_type = sniff(data)[0]
    result = proc.process(data)
    assert result.sanitized is not None, (name, result.sanitize_error)
    walk = proc._walk(data, media_type, DEFAULT_LIMITS)
    if proc.same_decoder_input(data, walk, result.sanitized, media_type):
        assert _full_digest(result.sanitized, media_type) == result.original_pixels
    assert result.sanitized_pixels == _full_digest(result.sanitized, media_type)
    assert MARK.encode() not in result.sanitized


def test_the_real_corpus_never_gets_a_wrong_claim(corpus: Path) -> None:
    """Every corpus JPEG and PNG that skips the second decode: a full decode of its copy gives the
    original's digest. Most real files take the short way, so this is where it counts."""
    taken = 0
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix in (".json", ".md"):
            continue
        data = path.read_bytes()
        media_type = sniff(data[:65536])[0]
        if media_type not in ("image/jpeg", "image/png"):
            continue
        try:
            result = proc.process(data)
        except Exception:  # noqa: S112 - refused files are the corpus test's business
            continue
        if result.sanitized is None:
            continue
        walk = proc._walk(data, media_type, DEFAULT_LIMITS)
        if proc.same_decoder_input(data, walk, result.sanitized, media_type):
            taken += 1
            assert _full_digest(result.sanitized, media_type) == result.original_pixels, path
    assert taken >= 50  # 108 at the time of writing: the short way is the common one


# ------------------------------------------------------------- what counts as decoder input


def test_jpeg_decoder_input_ignores_only_what_libjpeg_skips() -> None:
    data = jpeg_full_of_metadata()
    kept = proc.decoder_input(data, walk_jpeg(data), "image/jpeg")
    assert kept is not None
    kinds = [p.kind for p in walk_jpeg(data).parts
             if data[p.start : p.end] in kept]
    assert "APP1:Exif" not in kinds and "APP1:XMP" not in kinds and "COM" not in kinds
    assert "APP13:Photoshop" not in kinds
    assert {"SOI", "DQT", "SOS", "EOI", "APP0:JFIF"} <= set(kinds)
    # a changed byte in the quantisation tables is decoder input
    walk = walk_jpeg(data)
    dqt = next(p for p in walk.parts if p.kind == "DQT")
    changed = bytearray(data)
    changed[dqt.body_start + 5] ^= 0x01
    assert proc.decoder_input(bytes(changed), walk_jpeg(bytes(changed)), "image/jpeg") != kept


def test_png_decoder_input_needs_one_run_of_image_data() -> None:
    im = gradient((64, 40))
    split = _png_split(im, 3)
    assert proc.decoder_input(split, walk_png(split), "image/png") is not None
    # a chunk between two IDATs: Pillow stops reading image data there, so nothing is claimed
    broken = _png_split(im, 3, between=_text("x", "y"))
    assert proc.decoder_input(broken, walk_png(broken), "image/png") is None
    frames = [gradient((16, 16)), noise("RGB", (16, 16))]
    buf = io.BytesIO()
    frames[0].save(buf, "PNG", save_all=True, append_images=frames[1:])
    apng = buf.getvalue()
    assert proc.decoder_input(apng, walk_png(apng), "image/png") is None


@pytest.mark.parametrize("kind", ["jpeg", "png"])
def test_a_copy_whose_decoder_input_changed_is_decoded_and_refused(
        kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sanitiser bug that changes what the decoder reads is caught by the full decode."""
    if kind == "jpeg":
        data = jpeg_full_of_metadata()
        real = san.sanitize_jpeg

        def broken(data: bytes, walk, orientation):  # type: ignore[no-untyped-def]
            out = real(data, walk, orientation)
            cw = walk_jpeg(out.data)
            dqt = next(p for p in cw.parts if p.kind == "DQT")
            buf = bytearray(out.data)
            buf[dqt.body_start + 1] ^= 0x3F  # the DC step: every block
            out.data = bytes(buf)
            return out

        monkeypatch.setattr(san, "sanitize_jpeg", broken)
    else:
        data = _png_split(gradient((64, 40)), 2, before=_text("Author", MARK))
        real = san.sanitize_png

        def broken(data: bytes, walk, orientation):  # type: ignore[no-untyped-def]
            out = real(data, walk, orientation)
            cw = walk_png(out.data)
            body = bytearray(zlib.decompress(b"".join(
                out.data[p.body_start : p.body_end] for p in cw.parts if p.kind == "IDAT")))
            body[7] ^= 0x10
            z = zlib.compress(bytes(body))
            new = png_chunk(b"IDAT", z)
            rest = b"".join(out.data[p.start : p.end] for p in cw.parts
                            if p.kind not in {"IDAT", "IHDR"})
            ihdr = next(p for p in cw.parts if p.kind == "IHDR")
            out.data = (out.data[:8] + out.data[ihdr.start : ihdr.end] + new + rest)
            return out

        monkeypatch.setattr(san, "sanitize_png", broken)
    calls = _count_decodes(monkeypatch)
    result = proc.process(data)
    assert len(calls) == 2  # the copy was decoded
    assert result.sanitized is None
    assert result.sanitize_error == "sanitize.pixels_differ"


@pytest.mark.parametrize("make", [jpeg_full_of_metadata,
                                  lambda: _png_split(gradient((64, 40)), 2,
                                                     after=_text("Author", MARK))],
                         ids=["jpeg", "png"])
def test_an_unchanged_input_is_decoded_once(make, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    calls = _count_decodes(monkeypatch)
    result = proc.process(make())
    assert result.pixels_equal and result.sanitized is not None
    assert len(calls) == 1
    assert result.sanitized_pixels == result.original_pixels


@pytest.mark.parametrize("planted", ["text", "exif"])
def test_the_rescan_still_sees_what_a_copy_would_leak_after_its_pixels(
        planted: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sanitiser bug that leaves a chunk after the image data is found although the copy's
    pixels are not decoded again: Pillow reads that chunk in the pixel-less load."""
    data = _png_split(gradient((64, 40)), 2)
    real = san.sanitize_png
    leak = _text("Author", MARK) if planted == "text" else _exif_chunk()

    def leaky(data: bytes, walk, orientation):  # type: ignore[no-untyped-def]
        out = real(data, walk, orientation)
        out.data = out.data[:-12] + leak + out.data[-12:]  # before IEND
        return out

    monkeypatch.setattr(san, "sanitize_png", leaky)
    monkeypatch.setattr(proc, "rescan", lambda copy, mt, orient, decoded=None: _pillow_only(
        decoded))
    result = proc.process(data)
    assert result.sanitized is None
    assert result.sanitize_error is not None and "sanitize.not_clean" in result.sanitize_error


def _pillow_only(im: Image.Image | None) -> list[str]:
    """The Pillow part of the re-scan alone (the walker would find the chunk too)."""
    assert im is not None
    found = [f"pillow:{k}" for k in im.info if k not in ("exif",)]
    if [t for t in im.getexif() if t != 0x0112]:
        found.append("pillow:exif-tags")
    return found


# ------------------------------------------------------------------ the pixel-less PNG load


@pytest.mark.parametrize("layout", ["before", "after", "both", "none"])
def test_loading_without_pixels_gives_pillows_full_view(layout: str) -> None:
    before = _text("Title", "t") + _exif_chunk() if layout in ("before", "both") else b""
    after = (_text("Author", MARK) + png_chunk(b"zTXt", b"Note\x00\x00" + zlib.compress(b"z"))
             if layout in ("after", "both") else b"")
    if layout == "after":
        after += _exif_chunk()
    data = _png_split(noise("RGB", (50, 30), seed=2), 4, before=before, after=after)
    full = Image.open(io.BytesIO(data))
    full.load()
    bare = load_without_pixels(Image.open(io.BytesIO(data)))
    assert bare.info == full.info
    assert dict(bare.getexif()) == dict(full.getexif())
    assert bare.size == full.size and bare.mode == full.mode
    assert full.getextrema() != ((0, 0), (0, 0), (0, 0))
    assert bare.getextrema() == ((0, 0), (0, 0), (0, 0))  # nothing was decoded


def test_loading_without_pixels_refuses_other_images() -> None:
    with pytest.raises(ValueError, match="single-frame PNG"):
        load_without_pixels(Image.open(io.BytesIO(_jpeg(gradient()))))
    frames = [gradient((16, 16)), noise("RGB", (16, 16))]
    buf = io.BytesIO()
    frames[0].save(buf, "PNG", save_all=True, append_images=frames[1:])
    with pytest.raises(ValueError, match="single-frame PNG"):
        load_without_pixels(Image.open(io.BytesIO(buf.getvalue())))
