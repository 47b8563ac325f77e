# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Search normalisation for Arabic and English, applied identically to indexed text and queries.

Arabic: hamza/alef forms (أ إ آ ٱ → ا, ؤ → و, ئ → ي, standalone ء dropped), taa marbuta → haa
(ة → ه), alef maqsura → yaa (ى → ي), Persian/Urdu look-alikes (ک ی ہ), tatweel and every diacritic
(harakat, tanwin, shadda, sukun, superscript alef, Quranic marks) removed, Arabic-Indic digits →
ASCII. Latin: NFKC, case-folded. Anything that is not a letter or a digit becomes a space, so ``@``,
``#``, ``_`` and URL punctuation split tokens the same way on both sides; a handle therefore matches
with or without ``@`` and regardless of case.

The output is plain space-separated tokens; FTS5's ``unicode61`` tokenizer only splits them.
Queries never carry FTS5 syntax from the user: :func:`fts_query` builds the expression from
tokens, so quotes or operators typed by the user cannot change its meaning.
"""

from __future__ import annotations

import re
import unicodedata

_MAP = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ء": None,
    "ة": "ه", "ۃ": "ه", "ہ": "ه", "ە": "ه",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
    "ک": "ك", "ڪ": "ك",
    "\u0640": None,  # tatweel
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended (Persian) digits
})
# Harakat, tanwin, shadda, sukun, maddah/hamza marks, superscript alef, Quranic annotation marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc"
                         "\u06df-\u06e8\u06ea-\u06ed]")
_SEPARATORS = re.compile(r"[^\w]+|_+")
# Clitics commonly written attached to a word: the article and conjunction/preposition + article.
_ARTICLES = ("وبال", "وكال", "وال", "بال", "كال", "فال", "لل", "ال")
# Single-letter proclitics (and, with, for, so, like): stripped only from longer words, since many
# words simply begin with these letters.
_PROCLITICS = ("و", "ب", "ل", "ف", "ك")
_MIN_STEM = 3
_MIN_STEM_PROCLITIC = 4


def normalize(text: str) -> str:
    """The searchable form of ``text``: tokens separated by single spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text)
    # casefold("İ") is "i" + U+0307, which would split the word at the combining dot
    text = text.translate(_MAP).casefold().replace("i\u0307", "i")
    # Combining marks of other scripts (é → e is left to FTS5's remove_diacritics on Latin).
    return " ".join(t for t in _SEPARATORS.split(text) if t)


def strip_article(token: str) -> str | None:
    """``token`` without a leading Arabic article/clitic, or None when there is none to strip."""
    for prefix in _ARTICLES:
        if token.startswith(prefix) and len(token) - len(prefix) >= _MIN_STEM:
            return token[len(prefix):]
    for prefix in _PROCLITICS:
        if token.startswith(prefix) and len(token) - 1 >= _MIN_STEM_PROCLITIC:
            return token[1:]
    return None


def stems(token: str) -> list[str]:
    """Every form of ``token`` with leading clitics peeled off (``ولالاسراء`` → …, ``اسرا``)."""
    out: list[str] = []
    current = strip_article(token)
    while current and len(out) < 2:
        out.append(current)
        current = strip_article(current)
    return out


def document(*fields: str | None) -> str:
    """The indexed text for an item: every field normalised, plus article-less Arabic stems.

    Adding «اسراء» beside «الاسراء» lets a search for the bare word find the word with its article.
    """
    tokens: list[str] = []
    for field in fields:
        if field:
            tokens.extend(normalize(field).split())
    extra = [s for t in tokens for s in stems(t)]
    return " ".join(tokens + extra)


def query_terms(query: str) -> list[list[str]]:
    """Split a user query into terms; each term is the token list one typed word normalises to.

    ``@Abu_Fulan`` → ``[["abu", "fulan"]]`` (a phrase); ``مفبركه اسراء`` → two terms.
    """
    terms = []
    for word in query.split():
        tokens = normalize(word).split()
        if tokens:
            terms.append(tokens)
    return terms


def _term(token: str) -> str:
    """``token`` quoted, as a prefix when it has two characters or more. A single character is
    matched as a whole token: as a prefix it would expand over thousands of index terms (every
    number beginning with 3 for "campaign 3"), and the prefix index ('2 3') starts at two."""
    return f'"{token}"*' if len(token) > 1 else f'"{token}"'


def fts_query(query: str) -> str | None:
    """An FTS5 MATCH expression: every term required, each matched as a prefix (a one-character
    token as a whole token, see :func:`_term`).

    Returns None when the query has no searchable token (only punctuation, say).
    """
    parts = []
    for tokens in query_terms(query):
        if len(tokens) == 1:
            token = tokens[0]
            alternatives = [_term(token)]
            stem = strip_article(token)
            if stem:
                alternatives.append(_term(stem))
            parts.append(alternatives[0] if len(alternatives) == 1
                         else "(" + " OR ".join(alternatives) + ")")
        else:
            # A phrase: the last token may be a prefix (a handle typed only in part).
            parts.append(_term(" ".join(tokens)) if len(tokens[-1]) > 1
                         else '"' + " ".join(tokens) + '"')
    return " AND ".join(parts) if parts else None


def handle_norm(handle: str) -> str:
    """The identity of a handle on its platform: no leading ``@``, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", handle).strip().lstrip("@").strip().casefold()
