# SPDX-License-Identifier: GPL-3.0-or-later
"""The escalation view in the PDF report (issue 15): the peak days of the report's scope, from
:func:`app.cases.accounts_stats.escalation`, marked in the chart and listed in a table.

A vault with one item a day on four days and a spike of five items (three on X, two on Facebook)
on 2026-11-03: the median day holds one item, so the spike is the only peak.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image
from reportlab.graphics.charts.barcharts import VerticalBarChart

from app.cases import similar
from app.cases.model import AccountRef, ItemId, TagChanges
from app.cases.tagging import tag_item
from app.ingest import import_bytes
from app.media.pdq import PdqHash
from app.report.chart import BAR, PEAK, bucket, timeline
from app.report.collect import collect_report_data, generate_vault_report
from app.report.model import DayCount
from app.vault import KdfParams, create_vault, open_vault
from tests.helpers import PASSPHRASE

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"),
                                reason="poppler-utils are not installed")

CASE = "Spike"
SPIKE = "2026-11-03"
BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _png(n: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (20 * n % 256, 90, 255 - 20 * n % 256)).save(buf, "PNG")
    return buf.getvalue()


PICTURE = "5a" * 32
NEAR = f"{int(PICTURE, 16) ^ 0b1011:064x}"  # 3 bits away: the same picture re-encoded


def _vault(root: Path, days: list[tuple[str, str]]) -> Path:
    path = root / "v.bayyina"
    create_vault(path, PASSPHRASE, KdfParams.testing()).lock()
    with open_vault(path, PASSPHRASE) as v:
        for n, (day, platform) in enumerate(days):
            outcome = import_bytes(v, _png(n), name=f"s{n}.png")
            assert outcome.status == "imported", outcome
            assert outcome.item_id is not None
            tag_item(v, ItemId(outcome.item_id), TagChanges(platform=platform,
                                                            posted_at=f"{day}T12:00:00Z",
                                                            add_cases=(CASE,)))
    return path


SPIKED = [("2026-11-01", "x"), ("2026-11-02", "x"), ("2026-11-05", "facebook"),
          ("2026-11-06", "x")] + [(SPIKE, "x")] * 3 + [(SPIKE, "facebook")] * 2
FLAT = [("2026-11-01", "x"), ("2026-11-02", "facebook"), ("2026-11-03", "x"),
        ("2026-11-04", "x")]


@pytest.fixture(scope="module")
def spiked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two of the spike's items (SPIKED[4] on X, SPIKED[7] on Facebook) are one picture."""
    path = _vault(tmp_path_factory.mktemp("spiked"), SPIKED)
    with open_vault(path, PASSPHRASE) as v:
        ids = [int(r[0]) for r in v.read("SELECT id FROM items ORDER BY id")]
        for item, account, pdq in ((ids[4], "x:@first", PICTURE),
                                   (ids[7], "facebook:second", NEAR)):
            tag_item(v, ItemId(item), TagChanges(add_accounts=(AccountRef.parse(account),)))
            with v.write() as tx:
                similar.store_hashes_tx(tx.conn, item, [PdqHash("whole", pdq, 100)])
    return path


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _vault(tmp_path_factory.mktemp("flat"), FLAT)


def _text(pdf: bytes, tmp: Path) -> str:
    f = tmp / "r.pdf"
    f.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(f), "-"], capture_output=True,
                         text=True, check=True).stdout
    return "".join(ch for ch in unicodedata.normalize("NFKC", out) if ch not in BIDI)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_spike_day_is_collected_with_its_platforms(spiked: Path, lang: str) -> None:
    with open_vault(spiked, PASSPHRASE) as v:
        for data in (collect_report_data(v, case_title=CASE, lang=lang),
                     collect_report_data(v, lang=lang)):  # the case, and everything
            assert data.escalation is not None
            assert data.escalation.median == 1
            assert [(p.day, p.count) for p in data.escalation.peaks] == [(date(2026, 11, 3), 5)]
            counts = [c.count for c in data.escalation.peaks[0].platforms]
            assert counts == [3, 2]
            [repost] = data.reposts
            assert len(repost.numbers) == 2 and set(repost.numbers) <= {3, 4, 5, 6, 7}
            assert (repost.accounts, repost.platforms) == (2, 2)
            assert repost.first == repost.last == date(2026, 11, 3)
            names = [c.label for c in data.escalation.peaks[0].platforms]
            assert ("X" in names[0]) == (lang == "en")
            assert ("فيسبوك" in names[1]) == (lang == "ar")


SHOWN = {  # language → (digits, the spike's date as shown, the two headings)
    "en": ("western", SPIKE, "Peak days", "Reposts of the same picture"),
    "ar": ("arabic-indic", "٢٠٢٦-١١-٠٣", "أيام الذروة", "إعادات نشر الصورة نفسها"),
}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_peak_table_is_in_the_pdf(spiked: Path, tmp_path: Path, lang: str) -> None:
    digits, shown, heading, reposts = SHOWN[lang]
    with open_vault(spiked, PASSPHRASE) as v:
        report = generate_vault_report(v, case_title=CASE, lang=lang, digits=digits)
    text = _text(report.pdf, tmp_path)
    squeezed = "".join(text.split())
    assert "".join(heading.split()) in squeezed
    assert "".join(reposts.split()) in squeezed
    # pdftotext puts the isolated LTR date of an RTL line back in either order
    assert shown in text or "-".join(shown.split("-")[::-1]) in text
    if lang == "ar":
        assert "ثلاثة أضعاف" in text
        assert SPIKE not in text  # the report's digits, not the ISO ones
        assert "نُشرت من حسابين على منصتين في" in text
    else:
        assert "more than three times the median day" in " ".join(text.split())
        assert "posted by 2 accounts on 2 platforms on 2026-11-03" in " ".join(text.split())


def test_no_peak_no_peak_table(flat: Path, tmp_path: Path) -> None:
    with open_vault(flat, PASSPHRASE) as v:
        data = collect_report_data(v, case_title=CASE)
        assert data.escalation is not None and data.escalation.peaks == ()
        text = _text(generate_vault_report(v, case_title=CASE).pdf, tmp_path)
        picked = collect_report_data(v, item_ids=[1, 2])
    assert "Items over time" in text  # the chart is there
    assert "Peak days" not in text and "three times the median" not in text
    assert data.reposts == () and "Reposts of the same picture" not in text
    assert picked.escalation is None  # a hand-picked selection has no scope to escalate over


@pytest.mark.parametrize("rtl", [False, True])
def test_the_chart_marks_the_peak_day_or_its_week(rtl: bool) -> None:
    def colours(days: list[DayCount], peak: date) -> list[object]:
        chart = next(c for c in timeline(days, 400, 150, rtl=rtl, peaks=[peak]).contents
                     if isinstance(c, VerticalBarChart))
        return [chart.bars[(0, i)].fillColor for i in range(len(bucket(days)[0]))]

    short = [DayCount(date(2026, 11, d), 5 if d == 3 else 1) for d in (1, 2, 3, 5, 6)]
    marked = colours(short, date(2026, 11, 3))
    assert marked == [BAR, BAR, PEAK, BAR, BAR, BAR]  # 1–6 November, the 3rd marked
    start = date(2026, 1, 1)  # a Thursday; 100 days fold into weeks starting on Mondays
    long = [DayCount(start + timedelta(days=i), 1) for i in range(100)]
    weekly = colours(long, date(2026, 2, 4))  # a Wednesday, in the week of Monday 2 February
    keys = bucket(long)[0]
    assert weekly.count(PEAK) == 1 and keys[weekly.index(PEAK)] == date(2026, 2, 2)


def test_a_split_chart_stacks_the_platforms_and_bands_the_peak() -> None:
    from reportlab.graphics.shapes import Rect

    x = [DayCount(date(2026, 11, d), 3 if d == 3 else 1) for d in (1, 2, 3, 6)]
    fb = [DayCount(date(2026, 11, d), 2 if d == 3 else 1) for d in (3, 5)]
    total = [DayCount(date(2026, 11, d), n) for d, n in ((1, 1), (2, 1), (3, 5), (5, 1), (6, 1))]
    drawing = timeline(total, 400, 150, rtl=False, peaks=[date(2026, 11, 3)], split=[x, fb])
    chart = next(c for c in drawing.contents if isinstance(c, VerticalBarChart))
    assert chart.categoryAxis.style == "stacked"
    assert chart.data == [[1, 1, 3, 0, 0, 1], [0, 0, 2, 0, 1, 0]]  # 1–6 November
    bands = [r for r in drawing.contents if isinstance(r, Rect) and r.fillColor == PEAK]
    assert len(bands) == 1
    slot = chart.width / 6
    assert chart.x + 2 * slot < bands[0].x < chart.x + 3 * slot  # over the 3rd
