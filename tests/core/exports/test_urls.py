# SPDX-License-Identifier: GPL-3.0-or-later
"""Post ids from each platform's URL forms; anything else gives None."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.exports.urls import post_id

CASES = [
    ("https://x.com/user_1/status/1790000000000000001", "1790000000000000001"),
    ("https://twitter.com/a/status/12/photo/1", "12"),
    ("https://mobile.twitter.com/i/web/status/99?s=20", "99"),
    ("https://www.facebook.com/page.name/posts/pfbid02AbC", "pfbid02AbC"),
    ("https://www.facebook.com/permalink.php?story_fbid=123&id=4", "123"),
    ("https://m.facebook.com/groups/55/permalink/456/", "456"),
    ("https://www.facebook.com/watch/?v=777", "777"),
    ("https://fb.watch/aBc-12/", "aBc-12"),
    ("https://www.instagram.com/p/Cx1AbC_d/", "Cx1AbC_d"),
    ("https://www.instagram.com/reel/C9zz/?igsh=x", "C9zz"),
    ("https://whatsapp.com/channel/0029VaABC/123", "123"),
    ("https://t.me/leaks_channel/42", "leaks_channel/42"),
    ("https://t.me/s/leaks_channel/43", "leaks_channel/43"),
    ("https://t.me/c/1234/55", "c/1234/55"),
    ("https://www.tiktok.com/@clip.maker/video/7300000000000000000", "7300000000000000000"),
    ("https://vm.tiktok.com/ZMabc12/", "ZMabc12"),
    ("https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", "dQw4w9WgXcQ"),
    ("https://www.youtube.com/shorts/abcDEF12345", "abcDEF12345"),
    ("https://youtube.com/post/UgkxAbc", "UgkxAbc"),
]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_post_id_per_platform(url: str, expected: str) -> None:
    assert post_id(url) == expected


@pytest.mark.parametrize("url", [None, "", "https://x.example/1", "javascript:alert(1)",
                                 "https://x.com/user_1", "https://t.me/ab/1",
                                 "ftp://x.com/a/status/1", "https://evil.com/x.com/a/status/1",
                                 "https://www.facebook.com/profile.php?id=abc def"])
def test_unrecognised_forms_give_none(url: str | None) -> None:
    assert post_id(url) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_none_or_a_plain_id(text: str) -> None:
    got = post_id(text)
    assert got is None or (got and all(c.isascii() and (c.isalnum() or c in "_-/") for c in got))


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"), ("+1+1", "'+1+1"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("@handle_1", "@handle_1"), ("-12", "-12"),
    ("ليلى", "ليلى"), (None, ""), (7, "7")])
def test_csv_cells_never_start_a_formula(value: object, expected: str) -> None:
    from app.exports.rows import cell

    assert cell(value) == expected
