# SPDX-License-Identifier: GPL-3.0-or-later
"""Property tests: any generated chat, written as an export, parses back to the same records."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.chats import telegram, whatsapp
from app.chats.model import Message
from tests.core.chats import gen

# Letters and punctuation of both scripts, but nothing a line could start a header with (digits,
# "[", bidi marks) and none of WhatsApp's own markers ("<…>", "(file attached)", "@", "#", URLs).
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةى"
_PUNCT = " .,!?'\"-_*~؟،؛…😀🔥"
_author = st.text(_LETTERS + " ~", min_size=1, max_size=30).map(str.strip).filter(bool)
_line = st.text(_LETTERS + _PUNCT + "\u202e\u202b\x01", max_size=80)
_text = st.lists(_line, min_size=1, max_size=4).map("\n".join)


@st.composite
def _chats(draw: st.DrawFn, platform: str) -> list[Message]:
    n = draw(st.integers(1, 25))
    when = draw(st.datetimes(datetime(2001, 1, 1), datetime(2098, 1, 1)))
    when = when.replace(day=13, microsecond=0)  # one day > 12 so the order is never ambiguous
    out = []
    for i in range(n):
        when += timedelta(seconds=draw(st.integers(0, 10**6)))
        sent = when if platform == "ios" else when.replace(second=0)
        kind = draw(st.sampled_from(["text", "text", "text", "system", "deleted", "edited"]))
        if kind == "system":
            key = draw(st.sampled_from(gen.SYSTEM_KEYS))
            locale = draw(st.sampled_from(["en", "ar"]))
            out.append(Message(i, sent, None, gen.TEXT[locale][key].format(title="T"),
                               kind="system"))
        elif kind == "deleted":
            out.append(Message(i, sent, draw(_author), "", deleted=True))
        else:
            out.append(Message(i, sent, draw(_author), draw(_text), edited=kind == "edited"))
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), platform=st.sampled_from(["android", "ios"]),
       order=st.sampled_from(["dmy", "mdy", "ymd"]))
def test_whatsapp_generated_parses_back(data: st.DataObject, platform: str, order: str) -> None:
    msgs = data.draw(_chats(platform))
    locale = data.draw(st.sampled_from(["en", "ar"]))
    clock = data.draw(st.sampled_from([12, 24]))
    year_digits = data.draw(st.sampled_from([2, 4]))
    digits = data.draw(st.sampled_from(["latin", "arabic", "persian"]))
    if order == "ymd":
        year_digits = 4
    raw = gen.whatsapp_txt(msgs, platform=platform, locale=locale, clock=clock, order=order,
                           year_digits=year_digits, digits=digits, title="T")
    export = whatsapp.parse_txt(raw)
    assert export.messages == msgs
    assert export.date_order == order


_tg_text = st.text(_LETTERS + _PUNCT + "\n\u202e<>&\"", max_size=120).map(str.strip)


@st.composite
def _tg_chats(draw: st.DrawFn, html_form: bool) -> list[Message]:
    n = draw(st.integers(1, 20))
    tz = timezone(timedelta(minutes=draw(st.integers(-12 * 60, 14 * 60)) // 15 * 15))
    when = draw(st.datetimes(datetime(2015, 1, 1), datetime(2030, 1, 1))).replace(
        microsecond=0, tzinfo=tz)
    out: list[Message] = []
    for i in range(n):
        when += timedelta(seconds=draw(st.integers(0, 10**6)))
        author = draw(_author)
        reply = draw(st.none() | st.integers(0, i - 1)) if i else None
        fwd = draw(st.none() | _author)
        reactions = tuple(draw(st.lists(st.tuples(st.sampled_from(["👍", "🔥", "😡"]),
                                                  st.integers(1, 99)), max_size=2,
                                        unique_by=lambda r: r[0])))
        out.append(Message(i, when, author, draw(_tg_text), source_id=str(10 + i),
                           author_id=None if html_form else f"user{len(author)}",
                           reply_to=reply, forwarded_from=fwd, reactions=reactions,
                           edited=False if html_form else draw(st.booleans())))
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), fmt=st.sampled_from(["json", "html"]))
def test_telegram_generated_parses_back(data: st.DataObject, fmt: str) -> None:
    msgs = data.draw(_tg_chats(fmt == "html"))
    if fmt == "json":
        export = telegram.parse_json(gen.telegram_json(msgs))
    else:
        export = telegram.parse_html(gen.telegram_html(msgs, per_page=7))
    assert export.messages == msgs
