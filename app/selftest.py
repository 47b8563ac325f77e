# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The core half of ``bayyina --self-test``: an end-to-end check of everything but the windows.

In a private temporary folder: a vault (cheap test KDF), the import of a generated image through the
isolated decoding workers, an encrypted bundle exported and verified against the vault's key, and an
Arabic PDF report. Used by the frozen build to prove that every native piece (SQLCipher, Pillow,
pillow-heif, pyrage, cryptography, reportlab fonts, worker processes) made it into the bundle;
then the media layer (:func:`run_media_self_test`): generated in memory (nothing is written),
an English and an Arabic word read by Tesseract with the trained data shipped inside the app
(never the system's), a PDQ hash equal to the reference value, a voice note remuxed losslessly by
PyAV with its packet proof equal, and a PDF with Info, XMP and JavaScript cleaned by pikepdf
(without lxml, which the build leaves out) — the native pieces the packaging slims.
"""

from __future__ import annotations

import io
import sys
import tempfile
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont


def run_core_self_test() -> list[str]:
    """Run the checks; return the steps passed. Raises on the first failure."""
    from app.bundle import keygen_recipient, verify_bundle
    from app.handover import export_from_vault
    from app.ingest import import_bytes
    from app.report.collect import build_vault_report
    from app.session import open_session
    from app.vault import KdfParams, create_vault

    steps: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bayyina-selftest-") as tmp:
        base = Path(tmp)
        vault_path = base / "selftest.bayyina"
        create_vault(vault_path, "self-test passphrase", KdfParams.testing()).lock()
        with open_session(vault_path, "self-test passphrase") as vault:
            steps.append("vault")
            im = Image.new("RGB", (120, 90), (240, 240, 235))
            ImageDraw.Draw(im).rectangle((10, 10, 110, 40), fill=(200, 30, 60))
            exif = Image.Exif()
            exif[0x0110] = "SelfTest Phone"  # Model: must not survive sanitising
            buf = io.BytesIO()
            im.save(buf, "JPEG", exif=exif.tobytes())
            outcome = import_bytes(vault, buf.getvalue(), name="selftest.jpg")
            if outcome.status != "imported" or not outcome.sanitized:
                raise RuntimeError(f"import failed: {outcome.error_code}")
            steps.append("import")

            pdf = build_vault_report(vault, lang="ar")
            if not pdf.startswith(b"%PDF") or len(pdf) < 2000:
                raise RuntimeError("Arabic report is not a PDF")
            steps.append("report-ar")

            identity, recipient = keygen_recipient()
            out = base / "bundle.zip.age"
            export_from_vault(vault, out, recipients=[recipient])
            verified = verify_bundle(out, identity=identity, signer=vault.fingerprint())
            if not verified.signer_trusted or verified.item_count != 1:
                raise RuntimeError("bundle did not verify")
            steps.append("bundle")
            if not vault.verify_custody().ok:
                raise RuntimeError("custody log broken")
            steps.append("custody")
    steps += run_media_self_test()  # OCR, PDQ, a lossless remux, a PDF clean (in memory)
    return steps


# PDQ of _pdq_picture(): the reference value (pdqhash in the source tree); a different one means
# numpy or pdqhash is broken in the build.
PDQ_EXPECTED = "3fbea18150eba254ff49dd60bab25019040e2aaee0155ffed0032aa95ffcf554"


def _text_image(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
                size: tuple[int, int] = (640, 120)) -> Image.Image:
    im = Image.new("RGB", size, (255, 255, 255))
    ImageDraw.Draw(im).text((size[0] // 2, size[1] // 2), text, fill=(20, 20, 20), font=font,
                            anchor="mm")
    return im


def check_ocr() -> list[str]:
    """An English and an Arabic word read back with the bundled trained data."""
    import os

    from app.media.ocr import ENV_TESSDATA, recognise, tessdata_dir

    folder = tessdata_dir()
    bundle = getattr(sys, "_MEIPASS", None)
    if (bundle and not os.environ.get(ENV_TESSDATA)
            and not folder.resolve().is_relative_to(Path(bundle).resolve())):
        raise RuntimeError(f"OCR trained data is not the bundled one: {folder}")
    english = recognise(_text_image("Evidence", ImageFont.load_default(size=56))).text
    if "evidence" not in english.lower():
        raise RuntimeError(f"OCR en read {english!r}")
    noto = next(f for f in (resources.files("fontpkg_noto_sans_arabic") / "files").iterdir()
                if f.name.startswith("NotoSansArabic") and f.name.endswith(".ttf"))
    with resources.as_file(noto) as path:
        font = ImageFont.truetype(str(path), 64)
    arabic = recognise(_text_image("الشهادة", font)).text
    if "الشهادة" not in arabic:
        raise RuntimeError(f"OCR ar read {arabic!r}")
    return ["ocr en", "ocr ar"]


def _pdq_picture() -> Image.Image:
    im = Image.new("RGB", (256, 192), (235, 230, 220))
    draw = ImageDraw.Draw(im)
    for i in range(8):
        draw.ellipse((i * 28, 20 + i * 12, i * 28 + 60, 80 + i * 12),
                     fill=(30 * i % 256, 200 - 20 * i, 90 + 15 * i))
    draw.rectangle((20, 140, 236, 170), fill=(40, 40, 120))
    return im


def check_pdq() -> list[str]:
    """The PDQ hash of a generated picture is the reference value; a resized copy stays near."""
    from app.media.pdq import distance, hash_image

    picture = _pdq_picture()
    digest, quality = hash_image(picture)
    if digest != PDQ_EXPECTED or quality < 50:
        raise RuntimeError(f"PDQ {digest} quality {quality}")
    smaller, _ = hash_image(picture.resize((128, 96), Image.Resampling.BILINEAR))
    if distance(digest, smaller) > 31:
        raise RuntimeError("PDQ of a resized copy is far")
    return ["pdq"]


def _opus_clip() -> bytes:
    """Half a second of a 440 Hz tone, Opus in Ogg, encoded in memory with PyAV."""
    import math

    import av
    import numpy as np

    buf = io.BytesIO()
    with av.open(buf, "w", format="ogg") as out:
        stream = out.add_stream("libopus", rate=48000, layout="mono")
        out.metadata["title"] = "self-test"
        t = np.arange(24000, dtype=np.float32) / 48000
        samples = (0.3 * np.sin(2 * math.pi * 440 * t)).astype(np.float32).reshape(1, -1)
        for start in range(0, samples.shape[1], 960):
            frame = av.AudioFrame.from_ndarray(samples[:, start:start + 960], format="flt",
                                               layout="mono")
            frame.sample_rate = 48000
            frame.pts = start
            frame.time_base = Fraction(1, 48000)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buf.getvalue()


def check_remux() -> list[str]:
    """A voice note remuxed losslessly: the copy's packet proof equals the original's."""
    from app.media.avmedia import process_av

    result = process_av(_opus_clip())
    if (result.sanitized is None or not result.proof_equal
            or result.sanitized_streams != result.original_streams
            or b"self-test" in result.sanitized):
        raise RuntimeError(f"remux failed: {result.sanitize_error}")
    return ["remux opus"]


def _pdf() -> bytes:
    import pikepdf
    from pikepdf import Dictionary, Name, String

    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(200, 200))
    page.obj.Resources = Dictionary(Font=Dictionary(F1=pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 20 100 Td (self-test) Tj ET")
    pdf.Root.Metadata = pdf.make_stream(
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SelfTestAuthor</x:xmpmeta>',
        Type=Name.Metadata, Subtype=Name.XML)
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))
    pdf.docinfo["/Author"] = "SelfTestAuthor"
    buf = io.BytesIO()
    pdf.save(buf, fix_metadata_version=False)  # (True would parse the XMP with lxml)
    return buf.getvalue()


def check_pdf() -> list[str]:
    """A PDF with Info, XMP and JavaScript cleaned with pikepdf; the page proof holds."""
    from app.media.pdfclean import process_pdf

    result = process_pdf(_pdf())
    if (result.sanitized is None or not result.proof_equal
            or b"SelfTestAuthor" in result.sanitized or b"JavaScript" in result.sanitized):
        raise RuntimeError(f"PDF clean failed: {result.sanitize_error}")
    return ["pdf clean"]


def check_stubbed_encoders() -> list[str]:
    """In the frozen build, the encoders replaced by stand-ins (packaging/stubs/) refuse to open
    with an error instead of crashing; a real one opening means the stand-in was not used."""
    if not getattr(sys, "frozen", False):
        return []
    import av

    for name, kind in (("libx264", "video"), ("libsvtav1", "video"), ("libmp3lame", "audio")):
        ctx: Any = av.CodecContext.create(name, "w")
        if kind == "video":
            ctx.width, ctx.height, ctx.pix_fmt = 64, 48, "yuv420p"
            ctx.time_base = Fraction(1, 25)
        else:
            ctx.sample_rate, ctx.layout, ctx.format = 44100, "mono", "s16p"
            ctx.time_base = Fraction(1, 44100)
        try:
            ctx.open()
        except av.error.FFmpegError:
            continue
        raise RuntimeError(f"encoder {name} opened: its stand-in is not in the build")
    return ["encoders refused"]


def run_media_self_test() -> list[str]:
    """Run the checks; return the steps passed. Raises on the first failure."""
    return check_ocr() + check_pdq() + check_remux() + check_pdf() + check_stubbed_encoders()
