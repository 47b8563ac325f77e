# SPDX-License-Identifier: GPL-3.0-or-later
"""PDF reports from a real vault: ``report`` in Arabic and English through the CLI.

A vault with three imported Pillow images, tagged through :mod:`app.cases` (Arabic notes carrying a
handle, a phone number and a URL; one item flagged intimate; a perpetrator; a platform report).
The PDFs are checked with poppler (``pdftotext``, ``pdffonts``, ``pdfimages``).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, PngImagePlugin

from app.cases.model import AccountRef, TagChanges
from app.cases.people import add_perpetrator
from app.cases.platform_reports import add_report
from app.cases.tagging import tag_item
from app.ingest import import_bytes
from app.vault import open_vault
from app.vault.custody import entries
from tests.helpers import PASSPHRASE, Cli

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdffonts")
                                     and shutil.which("pdfimages")),
                                reason="poppler-utils are not installed")

CASE = "حملة التهديد"
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
NOTES = ("وصلتني رسالة من الحساب @user_123 يهدد فيها بنشر صوري. اتصل من الرقم +964 770 123 4567 "
         "والرابط https://x.example/p/42")


def _png(n: int) -> bytes:
    img = Image.new("RGB", (300, 480), (30 + 60 * n, 110, 200 - 40 * n))
    d = ImageDraw.Draw(img)
    d.rectangle((20, 20 + 30 * n, 280, 90 + 30 * n), fill=(250, 250, 250))
    d.text((30, 40 + 30 * n), f"screenshot {n}", fill=(0, 0, 0))
    buf = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"taken at home, device of N. M. ({n})")  # dropped by the sanitiser
    img.save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A vault (built once for the module; tests copy it) and what was put into it."""
    root = tmp_path_factory.mktemp("reportvault")
    cli_vault = root / "test.bayyina"
    from app.vault import KdfParams, create_vault

    create_vault(cli_vault, PASSPHRASE, KdfParams.testing()).lock()
    with open_vault(cli_vault, PASSPHRASE) as v:
        ids = []
        for n in (1, 2, 3):
            outcome = import_bytes(v, _png(n), name=f"shot-{n}.png")
            assert outcome.status == "imported", outcome
            ids.append(outcome.item_id)
        one, two, three = ids
        tag_item(v, one, TagChanges(
            platform="x", url="https://x.example/user_123/status/1850000000000000001",
            posted_at="2026-10-14T22:15:00+03:00", seen_at="2026-10-15T08:00:00Z", notes=NOTES,
            add_categories=("death-threat", "doxing"), add_cases=(CASE,),
            add_accounts=(AccountRef("x", "@user_123"),)))
        tag_item(v, two, TagChanges(
            platform="facebook", posted_at="2026-10-20T09:30:00+03:00",
            notes="صورة خاصة نُشرت دون إذن", add_sensitive=("intimate",),
            add_categories=("sexual-harassment",), add_cases=(CASE,)))
        tag_item(v, three, TagChanges(platform="telegram", notes="ليس ضمن القضية",
                                      add_categories=("defamation",)))
        add_perpetrator(v, "المتصل المجهول", anonymous=True, accounts=(("x", "@user_123"),))
        add_report(v, one, "x", "2026-10-16T10:00:00Z", reference="CASE-4401", status="removed",
                   answered_at="2026-10-20T10:00:00Z")
        records = {i: v.read("SELECT sha256, sanitized_sha256, original_pixels, uuid FROM items "
                             "WHERE id = ?", (i,))[0] for i in ids}
    return {"path": cli_vault, "ids": ids, "records": records}


@pytest.fixture
def rcli(filled: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    target = tmp_path / "test.bayyina"
    shutil.copytree(filled["path"], target)
    return Cli(tmp_path, capsys, vault=target)


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    # Arabic comes out as presentation forms (shaped glyphs); NFKC maps them back to letters.
    # pdftotext wraps runs in bidi embeddings (U+202A…U+202C): drop those format characters.
    return "".join(ch for ch in unicodedata.normalize("NFKC", out)
                   if ch not in BIDI_CONTROLS)


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _images(pdf: Path) -> int:
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    return len(out) - 2


def _custody(cli: Cli) -> list[dict[str, Any]]:
    with open_vault(cli.vault, PASSPHRASE) as v:
        return entries(v.conn)


def _hashes(filled: dict[str, Any], item: int) -> list[str]:
    import json

    sha, sanitized, pixels, _uuid = filled["records"][item]
    return [sha, sanitized, json.loads(pixels)["sha256"]]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_case_report_through_cli(rcli: Cli, filled: dict[str, Any], tmp_path: Path,
                                 lang: str) -> None:
    one, two, three = filled["ids"]
    before = _custody(rcli)
    out = tmp_path / f"report-{lang}.pdf"
    res = rcli("report", "--out", str(out), "--case", CASE, lang=lang)
    assert res.code == 0, res.err
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert not (tmp_path / f"report-{lang}.pdf.partial").exists()
    import hashlib

    digest = hashlib.sha256(pdf).hexdigest()
    assert digest in res.out

    text = _text(out)
    flat = _squeezed(text)
    for h in _hashes(filled, one) + _hashes(filled, two):
        assert h in flat, h
    for h in _hashes(filled, three)[:1]:  # not in the case: not in the report
        assert h not in flat
    assert "@user_123" in text
    assert "CASE-4401" in text
    assert "x.example/user_123/status/1850000000000000001" in flat
    assert "+03:00" in text  # the time zone the post showed
    assert CASE in text
    assert "المتصل المجهول" in text  # the perpetrator
    if lang == "ar":
        for word in ("تهديد بالقتل", "فيسبوك", "إكس", "وصلتني رسالة من الحساب"):
            assert word in text, word
        assert "Death threat" not in text
    else:
        for word in ("Death threat", "Facebook", "Sexual harassment", "Fingerprints"):
            assert word in text, word
        assert "تهديد بالقتل" not in text
    # two items, two images: the sanitised copies are there
    assert _images(out) == 2

    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts, "no fonts listed"
    for row in fonts:
        assert row.split()[-5] == "yes", row  # the "emb" column

    after = _custody(rcli)
    assert len(after) == len(before) + 1
    last = after[-1]
    assert last["action"] == "report"
    assert last["details"]["sha256"] == digest
    assert last["details"]["lang"] == lang
    assert last["details"]["items"] == [one, two]
    uuids = {filled["records"][i][3] for i in (one, two)}
    assert {s[5:] for s in last["subjects"]} == uuids
    assert rcli("log", "verify").code == 0


def test_redact_sensitive_withholds_the_image(rcli: Cli, filled: dict[str, Any],
                                              tmp_path: Path) -> None:
    one, two, three = filled["ids"]
    items = f"{one},{two},{three}"
    plain, redacted = tmp_path / "plain.pdf", tmp_path / "redacted.pdf"
    assert rcli("report", "--out", str(plain), "--items", items).code == 0
    assert rcli("report", "--out", str(redacted), "--items", items, "--redact-sensitive").code == 0
    assert _images(plain) == 3
    assert _images(redacted) == 2  # the intimate item's image is not in the file at all
    text = _text(redacted)
    assert "Image withheld" in text
    assert "intimate" in text
    for h in _hashes(filled, two):  # its fingerprints are still there
        assert h in _squeezed(text)
    assert "Image withheld" not in _text(plain)
    log = _custody(rcli)
    assert log[-1]["details"]["redact_sensitive"] is True
    assert log[-2]["details"]["redact_sensitive"] is False


def test_existing_file_is_never_overwritten(rcli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "taken.pdf"
    out.write_bytes(b"keep me")
    before = len(_custody(rcli))
    res = rcli("report", "--out", str(out))
    assert res.code == 1
    assert "already exists" in res.err
    assert out.read_bytes() == b"keep me"
    assert not (tmp_path / "taken.pdf.partial").exists()
    assert len(_custody(rcli)) == before  # nothing generated, nothing recorded


def test_dangling_link_is_not_followed(rcli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.pdf"
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    res = rcli("report", "--out", str(link))
    assert res.code == 1
    assert not target.exists()


def test_usage_errors(rcli: Cli, filled: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    assert rcli("report", "--out", str(out), "--items", "1,x").code == 2
    assert rcli("report", "--out", str(out), "--items", "1", "--case", CASE).code == 2
    res = rcli("report", "--out", str(out), "--items", "999")
    assert res.code == 1 and "999" in res.err
    res = rcli("report", "--out", str(out), "--case", "no such case")
    assert res.code == 1
    assert not out.exists()
    assert not (tmp_path / "r.pdf.partial").exists()


def test_whole_vault_report_in_json(rcli: Cli, filled: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "all.pdf"
    res = rcli("report", "--out", str(out), "--json")
    assert res.code == 0, res.err
    doc = res.json()
    one, two, three = filled["ids"]
    # oldest first: item 3 has no posted time, so it sorts by its (later) import time
    assert doc["items"] == [one, two, three]
    assert doc["path"] == str(out)
    assert _images(out) == 3
    text = _text(out)
    assert "ليس ضمن القضية" in text
    assert "Telegram" in text


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_case_figures_match_the_same_items_picked_by_hand(rcli: Cli, filled: dict[str, Any],
                                                          lang: str) -> None:
    """A case's figures come from app.cases.stats; a hand-picked selection is counted here. The
    same items must give the same figures either way (and collecting writes nothing)."""
    from app.report.collect import collect_report_data

    one, two, _three = filled["ids"]
    with open_vault(rcli.vault, PASSPHRASE) as v:
        before = len(entries(v.conn))
        by_case = collect_report_data(v, case_title=CASE, lang=lang)
        by_hand = collect_report_data(v, item_ids=[two, one], lang=lang)
        assert len(entries(v.conn)) == before
    assert [it.item_id for it in by_case.items] == [str(one), str(two)]
    assert [it.item_id for it in by_hand.items] == [str(one), str(two)]  # oldest first
    a, b = by_case.stats, by_hand.stats
    for field in ("by_platform", "by_category", "by_perpetrator"):
        assert {c.label: c.count for c in getattr(a, field)} == \
            {c.label: c.count for c in getattr(b, field)}, field
    assert a.per_day == b.per_day
    assert a.platform_response == b.platform_response
    assert a.platform_response.reported == 1 and a.platform_response.removed == 1
    assert a.platform_response.max_days == 4
    names = {c.label for c in a.by_category}
    assert ("تهديد بالقتل" in names) == (lang == "ar")
    assert ("Death threat" in names) == (lang == "en")
    assert by_case.case is not None and by_case.case.title == CASE
    assert by_case.period_start.isoformat() == "2026-10-14"
    assert by_case.period_end.isoformat() == "2026-10-20"
    # the item page: times keep their zones, the sanitised copy is the image
    first = by_case.items[0]
    assert first.posted_at.isoformat() == "2026-10-14T22:15:00+03:00"
    assert first.image is not None and first.image.startswith(b"\x89PNG")
    import hashlib

    assert first.sha256_sanitized != first.sha256_original  # the comment chunk was removed
    assert hashlib.sha256(first.image).hexdigest() == first.sha256_sanitized  # never the original
    assert first.accounts[0].handle == "@user_123"
    assert [r.reference for r in first.platform_reports] == ["CASE-4401"]
    assert by_case.items[1].sensitivity == frozenset({"intimate"})


def test_cancelled_report_records_nothing_and_progress_is_reported(rcli: Cli) -> None:
    from app.errors import Cancelled
    from app.report.collect import build_vault_report
    from app.tasks import CancelToken

    seen: list[tuple[Any, ...]] = []
    token = CancelToken()

    def progress(*args: Any) -> None:
        seen.append(args)
        if len(seen) == 1:
            token.cancel()

    with open_vault(rcli.vault, PASSPHRASE) as v:
        before = len(entries(v.conn))
        with pytest.raises(Cancelled):
            build_vault_report(v, lang="ar", progress=progress, cancel=token)
        assert seen
        assert len(entries(v.conn)) == before
        pdf = build_vault_report(v, lang="ar", bundle_id="bndl-test-1")
        last = entries(v.conn)[-1]
    assert last["action"] == "report" and last["details"]["bundle_id"] == "bndl-test-1"
    import hashlib

    assert last["details"]["sha256"] == hashlib.sha256(pdf).hexdigest()
