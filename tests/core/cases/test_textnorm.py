# SPDX-License-Identifier: GPL-3.0-or-later
"""Arabic and Latin search normalisation, on the indexed text and on the query alike."""

from __future__ import annotations

import re
import sqlite3

import pytest

from app.cases.textnorm import (
    document,
    fts_query,
    handle_norm,
    normalize,
    query_terms,
    stems,
    strip_article,
)


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
    assert fts_query('" OR x NEAR(') == '"or"* AND "x" AND "near"*'
    assert fts_query("!!! ...") is None
    assert fts_query("@Abu_Fulan") == '"abu fulan"*'
    stem = normalize("إسراء")
    assert fts_query("الإسراء") == f'("ال{stem}"* OR "{stem}"*)'


def test_fts_query_matches_a_single_character_as_a_whole_token() -> None:
    # a one-character prefix expands over every term with that first letter; two or more keep
    # prefix matching (served by the prefix index '2 3')
    assert fts_query("campaign 3") == '"campaign"* AND "3"'
    assert fts_query("ca") == '"ca"*'
    assert fts_query("acct_4") == '"acct 4"'
    assert fts_query("acct_42") == '"acct 42"*'
    assert fts_query("٣") == '"3"'  # Arabic-Indic digits still normalised first
    assert fts_query("أ") == '"ا"'


def test_document_peels_single_letter_proclitics() -> None:
    doc = document("صورة مفبركة لإسراء وبالمدينة").split()
    assert normalize("إسراء") in doc and normalize("مدينة") in doc
    assert "تب" not in doc and "كتب" in document("كتب").split()  # short words are left alone


# --------------------------------------------------------------------------------------------
# More variants, the clitic rules, and the promise that user input never becomes FTS5 syntax.


@pytest.mark.parametrize(("typed", "written"), [
    ("الرحمن", "ٱلرَّحْمَٰنِ"),  # alef wasla, superscript alef, kasra
    ("قران", "قُرْآنٌ"),  # sukun, madda, tanwin
    ("احمد", "ٲحمد"),  # alef with wavy hamza above
    ("اسلام", "ٳسلام"),  # alef with wavy hamza below
    ("كتاب", "ڪتاب"),  # swash kaf
    ("كتاب", "کتاب"),  # Persian keheh
    ("يوم", "یوم"),  # Persian yeh
    ("مدرسه", "مدرسۃ"),  # Urdu taa marbuta goal
    ("مدرسه", "مدرسہ"),  # heh goal
    ("مدرسه", "مدرسە"),  # Kurdish ae
    ("ي", "ې"),  # yeh with two dots below
    ("ي", "ۍ"),  # yeh with tail
    ("مسيول", "مسئول"),  # yeh with hamza above
    ("سما", "سماء"),  # standalone hamza dropped
    ("1405", "۱۴۰۵"),  # Extended (Persian) digits
    ("1234567890", "١٢٣٤٥٦٧٨٩٠"),  # every Arabic-Indic digit
    ("صلى الله عليه وسلم", "صلى الله عليه ۖ وسلم"),  # Quranic pause mark
    ("العربية", "ﺍﻟﻌﺮﺑﻴﺔ"),  # presentation forms (NFKC)
    ("لا", "ﻻ"),  # lam-alef ligature
    ("hello", "Ｈｅｌｌｏ"),  # fullwidth Latin
    ("strasse", "STRAẞE"),  # capital sharp s case-folds to ss
    ("ecole", "ECOLE"),
])
def test_normalize_more_spellings_meet(typed: str, written: str) -> None:
    assert normalize(typed) == normalize(written)


@pytest.mark.parametrize("text", ["", "   ", "ـــ", "\u064e\u0651", "?!…", "@#_"])
def test_normalize_of_nothing_searchable_is_empty(text: str) -> None:
    assert normalize(text) == ""
    assert document(text) == ""
    assert fts_query(text) is None


def test_normalize_splits_urls_and_dates_into_tokens() -> None:
    assert normalize("https://t.me/Abu_Fulan?x=1") == "https t me abu fulan x 1"
    assert normalize("٢٠٢٦/٠٣/١٥") == "2026 03 15"
    assert normalize("a–b") == "a b"


def test_normalize_is_idempotent() -> None:
    for text in ("ٱلرَّحْمَٰنِ", "STRAẞE Straße", "@Abu_Fulan", "مدرسۃ ١٢", "ﺍﻟﻌﺮﺑﻴﺔ"):
        once = normalize(text)
        assert normalize(once) == once


@pytest.mark.parametrize(("token", "stem"), [
    ("الكتاب", "كتاب"),
    ("والكتاب", "كتاب"),
    ("بالكتاب", "كتاب"),
    ("كالكتاب", "كتاب"),
    ("فالكتاب", "كتاب"),
    ("وبالكتاب", "كتاب"),
    ("وكالكتاب", "كتاب"),
    ("للكتاب", "كتاب"),
    ("وكتاب", "كتاب"),  # a single-letter proclitic, from words of five letters on
    ("البيت", "بيت"),  # the article leaves a three-letter stem
    ("البت", None),  # but never a two-letter one
    ("وكتب", None),  # nor strips a single letter from a four-letter word
    ("بيت", None),
    ("book", None),
])
def test_strip_article(token: str, stem: str | None) -> None:
    assert strip_article(token) == stem


def test_stems_peel_at_most_two_layers() -> None:
    assert stems("ولالاسراء") == ["لالاسراء", "الاسراء"]  # the third, "اسراء", is not reached
    assert stems("والمدرسه") == ["مدرسه"]
    assert stems("كتب") == []


def test_document_skips_missing_fields_and_keeps_every_field() -> None:
    assert document(None, "", "البيت  الكبير", None) == "البيت الكبير بيت كبير"
    assert document("Title", None, "#ExposeHer") == "title exposeher"


def test_query_terms_keep_one_typed_word_together() -> None:
    assert query_terms("  @Abu_Fulan   مفبركه  ...  ") == [["abu", "fulan"], ["مفبركه"]]
    assert query_terms("") == []


# FTS5 syntax a user might type, deliberately or by pasting: quotes, operators, column filters,
# NEAR groups, prefix and initial-token markers, parentheses.
HOSTILE = ['" OR x', "body:secret", "NEAR(a b, 1)", "a* ^b", "-x +y", "(a OR b) NOT c",
           "{body}: x", 'a"b', "'; DROP TABLE item_fts; --", "\x00x\x00", "AND", "x OR"]
_TERM = r'(T|\(T OR T\))'


@pytest.mark.parametrize("query", HOSTILE)
def test_fts_query_is_always_quoted_terms_joined_by_and(query: str) -> None:
    expr = fts_query(query)
    assert expr is not None
    skeleton = re.sub(r'"[^"*]+"\*?', "T", expr)
    assert re.fullmatch(rf"{_TERM}( AND {_TERM})*", skeleton), expr


def _fts() -> sqlite3.Connection:
    # The tokenizer configuration of the vault's item_fts (migration m0002).
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2',"
               " prefix = '2 3')")
    return db


def _finds(db: sqlite3.Connection, query: str) -> list[int]:
    expr = fts_query(query)
    assert expr is not None
    return [r[0] for r in db.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid",
                                     (expr,))]


def test_fts_queries_run_and_find_what_the_user_means() -> None:
    db = _fts()
    docs = {
        1: document("صورة مفبركة لإسراء", "@Abu_Fulan"),
        2: document("Defamation post about the march", "https://facebook.example/posts/991"),
        3: document("تهديد مباشر", "body:secret NEAR(a b)"),
    }
    db.executemany("INSERT INTO t(rowid, body) VALUES (?, ?)", docs.items())
    assert _finds(db, "اسراء") == [1]
    assert _finds(db, "مفبركه") == [1]
    assert _finds(db, "abu_fu") == [1]  # a handle typed in part
    assert _finds(db, "ABU") == [1]
    assert _finds(db, "defamation MARCH") == [2]
    assert _finds(db, "posts/991") == [2]
    assert _finds(db, "تهديد") == [3]
    for query in HOSTILE:  # valid FTS5 every time, whatever the user typed
        _finds(db, query)
    assert _finds(db, "body:secret") == [3]  # a phrase, not a column filter
    assert _finds(db, '" OR x') == []  # not "anything OR x"
    assert _finds(db, "صورة OR تهديد") == []  # OR is a word here, so every term is required


def test_dotted_capital_i_case_folds_into_the_same_word() -> None:
    assert normalize("İSTANBUL") == normalize("istanbul")
    db = _fts()
    db.execute("INSERT INTO t(rowid, body) VALUES (1, ?)", (document("Protest in İstanbul"),))
    assert _finds(db, "istanbul") == [1]


def test_handle_norm_is_platform_identity() -> None:
    assert handle_norm("＠ＡＢＵ") == handle_norm("@@abu") == handle_norm("  abu  ") == "abu"
    assert handle_norm("@Abu.Fulan") == "abu.fulan"  # punctuation is part of a handle
    assert handle_norm("@abu_fulan") != handle_norm("@abufulan")
