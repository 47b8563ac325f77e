# SPDX-License-Identifier: GPL-3.0-or-later
"""The PDF follows the display settings (issue 13): Arabic-Indic or Western digits, one choice for
every number and date, and the civil Hijri date beside each Gregorian one."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from app.report import build_report
from app.report.hijri import from_hijri, to_hijri
from app.report.requests import ReportRequest
from app.report.sample import sample_report
from app.report.strings import ReportStrings

MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u2066\u2067\u2068"
                               "\u2069"))


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return unicodedata.normalize("NFKC", raw).translate(MARKS)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_the_pdf_writes_arabic_indic_digits_and_hijri_dates(tmp_path: Path) -> None:
    data = sample_report("ar", 2, image_size=(8, 8))
    item = data.items[0]
    assert item.posted_at is not None
    plain = _text(build_report(data, lang="ar"), tmp_path)
    local = _text(build_report(data, lang="ar", digits="arabic-indic", hijri=True), tmp_path)
    eastern = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    year, month, day = to_hijri(item.posted_at.date())
    assert not set("٠١٢٣٤٥٦٧٨٩") & set(plain) and "هـ" not in plain
    assert item.posted_at.strftime("%Y-%m-%d") in plain
    # (pdftotext reorders runs of Arabic-Indic digits: the parts are checked one by one)
    assert HIJRI_AR[month - 1] in local and str(year).translate(eastern) in local
    assert "هـ" in local and str(day).translate(eastern) in local
    for text in (item.posted_at.strftime("%Y%m%d%H%M"), "٣"):
        assert set(text.translate(eastern)) <= set(local)
    # the page footers and the counts use the same digits
    squashed = "".join(local.split())
    assert "صفحة١من" in squashed or "١منصفحة" in squashed or "صفحة١" in squashed
    assert "صفحة1" not in squashed


HIJRI_AR = ("محرّم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب",
            "شعبان", "رمضان", "شوّال", "ذو القعدة", "ذو الحجة")


def test_one_setting_for_the_strings_and_the_request() -> None:
    s = ReportStrings("en", digits="arabic-indic", hijri=True)
    assert s.number(12) == "\u2066١٢\u2069"
    assert s.day(date(2024, 2, 11)).startswith("\u2066٢٠٢٤-٠٢-١١\u2069 (")
    assert "1445" not in s.day(date(2024, 2, 11)) and "Shaban" in s.day(date(2024, 2, 11))
    assert ReportStrings("en").day(date(2024, 2, 11)) == "\u20662024-02-11\u2069"
    assert ReportRequest(Path("r.pdf"), digits="roman").digits == "western"


def test_the_civil_hijri_calendar_round_trips() -> None:
    # 1 Ramadan 1445 AH = 11 March 2024 (civil); 1 Muharram 1 AH = 16 July 622 (Julian)
    assert to_hijri(date(2024, 3, 11)) == (1445, 9, 1)
    assert to_hijri(date(622, 7, 19)) == (1, 1, 1)  # proleptic Gregorian of 16 July 622 Julian
    day = date(1, 1, 1)
    for offset in range(0, 800_000, 97):
        g = date.fromordinal(day.toordinal() + 227_000 + offset)
        if g.year > 9000:
            break
        assert from_hijri(*to_hijri(g)) == g


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_a_bare_posted_date_is_printed_without_a_time(tmp_path: Path) -> None:
    import io

    from PIL import Image

    from app.cases import ItemId, TagChanges, tag_item
    from app.ingest import import_bytes
    from app.report.collect import build_vault_report
    from app.vault import KdfParams, create_vault
    from tests.helpers import PASSPHRASE

    vault = create_vault(tmp_path / "v.bayyina", PASSPHRASE, KdfParams.testing())
    try:
        buf = io.BytesIO()
        Image.new("RGB", (9, 16), (20, 90, 160)).save(buf, "PNG")
        outcome = import_bytes(vault, buf.getvalue(), name="shot.png")
        assert outcome.item_id is not None
        tag_item(vault, ItemId(outcome.item_id), TagChanges(posted_at="11/2/2024",
                                                            seen_at="12/2/2024"))
        text = _text(build_vault_report(vault, lang="en"), tmp_path)
    finally:
        vault.lock()
    flat = " ".join(text.split())
    assert "2024-02-11" in flat and "2024-02-12" in flat
    assert "2024-02-11 00:00" not in flat and "2024-02-12 00:00" not in flat
