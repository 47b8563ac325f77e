# SPDX-License-Identifier: GPL-3.0-or-later
"""Arabic and Latin search normalisation, on the indexed text and on the query alike."""

from __future__ import annotations

import pytest

from app.cases.textnorm import document, fts_query, handle_norm, normalize


@pytest.mark.parametrize(("typed", "written"), [
    ("اسراء", "إسراء"),  # hamza under alef
    ("احمد", "أحمد"),  # hamza over alef
    ("امال", "آمال"),  # madda
    ("مفبركه", "مفبركة"),  # taa marbuta / haa
    ("مستشفي", "مستشفى"),  # alef maqsura / yaa
    ("جميل", "جمـــيل"),  # tatweel
    ("محمد", "مُحَمَّد"),  # harakat and shadda
    ("سوال", "سؤال"),  # hamza on waw, typed without it
    ("شاطي", "شاطئ"),  # hamza on yaa, typed without it
    ("2026", "٢٠٢٦"),  # Arabic-Indic digits
])
def test_normalize_arabic_variants_meet(typed: str, written: str) -> None:
    assert normalize(typed) == normalize(written)


def test_normalize_handles_and_case() -> None:
    assert normalize("@Abu_Fulan") == normalize("abu_fulan") == "abu fulan"
    assert handle_norm(" @Abu_Fulan ") == handle_norm("ABU_FULAN") == "abu_fulan"
    assert normalize("HELLO World") == "hello world"


def test_document_adds_article_less_stems() -> None:
    doc = document("والإسراء", None, "")
    assert doc.split() == [normalize("والإسراء"), normalize("إسراء")]


def test_fts_query_never_carries_user_syntax() -> None:
    assert fts_query('" OR x NEAR(') == '"or"* AND "x"* AND "near"*'
    assert fts_query("!!! ...") is None
    assert fts_query("@Abu_Fulan") == '"abu fulan"*'
    stem = normalize("إسراء")
    assert fts_query("الإسراء") == f'("ال{stem}"* OR "{stem}"*)'


def test_document_peels_single_letter_proclitics() -> None:
    doc = document("صورة مفبركة لإسراء وبالمدينة").split()
    assert normalize("إسراء") in doc and normalize("مدينة") in doc
    assert "تب" not in doc and "كتب" in document("كتب").split()  # short words are left alone
