# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end: build reports in both languages and inspect them with poppler's tools."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from app.errors import Cancelled
from app.report import build_report
from app.report.sample import sample_report
from app.tasks import CancelToken, Progress

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
ITEMS = 6
MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _text(pdf: Path, *extra: str) -> str:
    raw = _run("pdftotext", "-enc", "UTF-8", *extra, str(pdf), "-")
    return unicodedata.normalize("NFKC", raw).translate(MARKS)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    paths = {}
    for lang in ("ar", "en"):
        data = sample_report(lang, ITEMS, image_size=(270, 600))
        pdf = out / f"{lang}.pdf"
        pdf.write_bytes(build_report(data, lang=lang))
        paths[lang] = pdf
        red = out / f"{lang}-redacted.pdf"
        red.write_bytes(build_report(data, lang=lang, redact_sensitive=True))
        paths[f"{lang}-redacted"] = red
    return paths


def _squash(text: str) -> str:
    """pdftotext guesses spaces at direction changes (``صفحة  1من 11``): compare without them."""
    return "".join(text.split())


def _pages(pdf: Path) -> int:
    found = re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf)))
    assert found is not None
    return int(found.group(1))


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_font_is_embedded(reports: dict[str, Path], lang: str) -> None:
    rows = _run("pdffonts", str(reports[lang])).splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        cols = row.split()
        assert "Amiri" in cols[0], row
        assert cols[-5] == "yes" and cols[-3] == "yes", row  # emb, uni


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_structure_and_page_footers(reports: dict[str, Path], lang: str) -> None:
    pdf = reports[lang]
    total = _pages(pdf)
    # cover, summary, perpetrators, one page per item, hash list, custody log
    assert ITEMS + 5 <= total <= ITEMS + 8
    for page in range(1, total + 1):
        # the footer band only: pdftotext guesses one direction per page, and pages full of
        # hashes would make it read the Arabic footer as a left-to-right line
        text = _text(pdf, "-f", str(page), "-l", str(page), "-r", "72", "-x", "0", "-y", "790",
                     "-W", "595", "-H", "52")
        expected = f"صفحة {page} من {total}" if lang == "ar" else f"Page {page} of {total}"
        assert _squash(expected) in _squash(text), (page, text[-200:])


def test_arabic_text_is_extractable_in_logical_order(reports: dict[str, Path]) -> None:
    text = _squash(_text(reports["ar"]))
    for phrase in ("تقرير أدلة", "الملخّص", "المعتدون وحساباتهم", "الملحق أ",
                   "وصلتني رسالة من الحساب @user_123 يهدد فيها بنشر صوري",
                   "اتصل بي أيضاً من الرقم +964 770 123 4567", "بتاريخ 2026-10-14 الساعة",
                   "https://x.example/fake_news_77/status/1850000000000000001",
                   # brackets drawn mirrored carry /ActualText: they extract as typed
                   "أخبار عاجلة (إنستغرام)", "المتصل المجهول (مجهول الهوية)"):
        assert _squash(unicodedata.normalize("NFKC", phrase)) in text, phrase


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_hashes_handles_and_times_are_intact(reports: dict[str, Path], lang: str) -> None:
    data = sample_report(lang, ITEMS, image_size=(8, 8))
    text = _text(reports[lang])
    for item in data.items:
        for h in (item.sha256_original, item.sha256_sanitized, item.sha256_pixels):
            assert h in text
        assert item.item_id in text
        assert item.posted_at is not None
        assert item.posted_at.strftime("%Y-%m-%d %H:%M +03:00") in " ".join(text.split())
    for handle in ("@user_123", "@fake_news_77", "+964 770 123 4567"):
        assert handle in text
    assert data.custody[0].entry_sha256 in text.replace("\n", "") or \
        data.custody[0].entry_sha256[:40] in text


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_redaction_removes_sensitive_images(reports: dict[str, Path], lang: str) -> None:
    data = sample_report(lang, ITEMS, image_size=(8, 8))
    sensitive = sum(1 for it in data.items if it.sensitivity and it.image is not None)
    with_image = sum(1 for it in data.items if it.image is not None)
    assert sensitive >= 1

    def images(pdf: Path) -> int:
        return len(_run("pdfimages", "-list", str(pdf)).splitlines()[2:])

    assert images(reports[lang]) == with_image
    assert images(reports[f"{lang}-redacted"]) == with_image - sensitive
    text = " ".join(_text(reports[f"{lang}-redacted"]).split())
    assert ("الصورة محجوبة" if lang == "ar" else "Image withheld") in text


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_metadata_is_deliberate(reports: dict[str, Path], lang: str) -> None:
    info = _run("pdfinfo", "-isodates", str(reports[lang]))
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    fields = {k.strip(): v.strip() for k, v in fields.items()}
    assert fields["Creator"] == "Bayyina 0.1.0" and fields["Producer"] == "Bayyina 0.1.0"
    assert fields.get("Author", "") == ""
    assert fields["Title"] == sample_report(lang, 1, image_size=(8, 8)).title
    assert fields["CreationDate"].startswith("2026-11-28T18:30:00+03")
    raw = reports[lang].read_bytes()
    for leak in (b"/home/", b"/tmp/", b"/work/", b"ReportLab PDF Library"):
        assert leak not in raw


def test_images_are_passed_through(reports: dict[str, Path], tmp_path: Path) -> None:
    listing = _run("pdfimages", "-list", str(reports["en"])).splitlines()[2:]
    encodings = {row.split()[8] for row in listing}
    assert encodings == {"jpeg", "image"}  # JPEG as DCT, RGB PNG screenshots as their own stream
    data = sample_report("en", ITEMS, image_size=(270, 600))
    jpeg = next(it.image for it in data.items if it.media_type == "image/jpeg" and it.image)
    assert jpeg in reports["en"].read_bytes()  # the very bytes, not a re-encode
    # PNG pixels come back out of the PDF identical (lossless pass-through)
    first_png = next(it for it in data.items if it.media_type == "image/png" and it.image)
    assert first_png.image is not None
    index = [it.image is not None for it in data.items].index(True)
    _run("pdfimages", "-png", "-f", "1", str(reports["en"]), str(tmp_path / "x"))
    from PIL import Image, ImageChops
    original = Image.open(io.BytesIO(first_png.image)).convert("RGB")
    extracted = [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob("x-*.png"))]
    assert index == 0 and extracted
    assert ImageChops.difference(original, extracted[0]).getbbox() is None


def test_progress_and_cancel() -> None:
    data = sample_report("en", 3, image_size=(60, 120))
    seen: list[Progress] = []
    pdf = build_report(data, lang="en", progress=seen.append)
    assert pdf.startswith(b"%PDF-")
    assert [p.done for p in seen if p.stage == "report.layout"] == [1, 2, 3]
    assert seen[-1].stage == "report.write"
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        build_report(data, lang="en", cancel=token)


def test_bad_image_bytes_become_a_placeholder(tmp_path: Path) -> None:
    data = sample_report("ar", 2, image_size=(60, 120))
    broken = dataclasses.replace(data.items[0], image=b"\x89PNG\r\n\x1a\nnot really")
    data = dataclasses.replace(data, items=(broken, data.items[1]))
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(build_report(data, lang="ar"))
    text = unicodedata.normalize("NFC", _text(pdf))
    assert "تعذّر عرض الصورة" in text


def test_untrusted_bidi_overrides_are_neutralised(tmp_path: Path) -> None:
    data = sample_report("en", 1, image_size=(60, 120))
    evil = dataclasses.replace(data.items[0], notes="invoice\u202egpj.exe and \u2066@x")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(build_report(dataclasses.replace(data, items=(evil,)), lang="en"))
    assert "invoicegpj.exe" in _text(pdf)


def test_hostile_sizes_do_not_break_the_layout(tmp_path: Path) -> None:
    from app.report.model import Account

    data = sample_report("ar", 2, image_size=(40, 2000))  # a very tall, thin screenshot
    huge_notes = ("ملاحظة طويلة جداً @user_123 " * 600).strip()
    many = tuple(Account("x", "X", f"@user_{i}", "اسم " * 20) for i in range(12))
    first = dataclasses.replace(data.items[0], notes=huge_notes,
                                url="https://x.example/" + "a" * 5000, accounts=many)
    assert data.case is not None
    case = dataclasses.replace(data.case, title="قضية " * 60, description="وصف " * 400)
    data = dataclasses.replace(data, title="عنوان " * 80, case=case,
                               items=(first, data.items[1]))
    pdf = tmp_path / "big.pdf"
    pdf.write_bytes(build_report(data, lang="ar"))
    assert _pages(pdf) > 8  # the notes run over several pages
    header = _text(pdf, "-f", "2", "-l", "2", "-r", "72", "-x", "0", "-y", "0", "-W", "595",
                   "-H", "50")
    assert header.rstrip().endswith("...")  # the long case title is cut ("…" after NFKC)
