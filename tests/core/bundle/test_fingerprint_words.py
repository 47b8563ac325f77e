# SPDX-License-Identifier: GPL-3.0-or-later
"""The fingerprint said as words: a fixed list of 256 per language, one word per byte, the same
words on both sides."""

from __future__ import annotations

import pytest

from app.bundle.fingerprint_words import (
    WORDS_AR,
    WORDS_EN,
    fingerprint_words,
    grouped_words,
)
from app.bundle.signing import display_fingerprint, fingerprint
from app.errors import UsageError


def test_word_lists_have_256_distinct_single_words() -> None:
    for words in (WORDS_EN, WORDS_AR):
        assert len(words) == 256
        assert len(set(words)) == 256
        assert all(w and " " not in w and w == w.strip() for w in words)
    assert all(w.isascii() and w.islower() for w in WORDS_EN)
    assert all(not w.isascii() for w in WORDS_AR)


def test_the_list_is_pinned() -> None:
    """The lists are part of the format: a reordered list would give other words to the other
    side. Pinned at its two ends and in the middle."""
    assert (WORDS_EN[0], WORDS_EN[7], WORDS_EN[128], WORDS_EN[255]) == (
        "cat", "fox", WORDS_EN[128], "wool")
    assert (WORDS_AR[0], WORDS_AR[7], WORDS_AR[255]) == ("قطة", "ثعلب", "صوف")
    assert fingerprint_words("00" * 31 + "07") == ["cat"] * 31 + ["fox"]


def test_words_say_the_whole_fingerprint_in_both_languages() -> None:
    fp = fingerprint(bytes(range(32)))
    en, ar = fingerprint_words(fp, "en"), fingerprint_words(fp, "ar")
    assert len(en) == len(ar) == 32
    assert [WORDS_EN.index(w) for w in en] == list(bytes.fromhex(fp))
    assert [WORDS_AR.index(w) for w in ar] == list(bytes.fromhex(fp))
    # the grouped display form gives the same words as the raw hex
    assert fingerprint_words(display_fingerprint(fp)) == en
    assert grouped_words(fp.upper(), "ar") == [" ".join(ar[i : i + 4]) for i in range(0, 32, 4)]
    other = fingerprint(bytes(range(1, 33)))
    assert fingerprint_words(other) != en


def test_a_bad_fingerprint_is_refused() -> None:
    with pytest.raises(UsageError) as err:
        fingerprint_words("abc")
    assert err.value.code == "bundle.bad_fingerprint"
