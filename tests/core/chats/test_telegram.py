# SPDX-License-Identifier: GPL-3.0-or-later
"""Telegram Desktop exports: JSON (single chat, whole account), HTML pages, zipped folders."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.chats import telegram
from app.chats.common import ChatLimits
from app.chats.detect import detect
from app.chats.model import Attachment
from app.chats.parse import parse_export
from app.chats.telegram_html import page_order, parse_title_date
from app.errors import InputRejected
from tests.core.chats import gen


@pytest.mark.parametrize("locale", ["ar", "en"])
def test_telegram_json_round_trip(locale: str) -> None:
    msgs = gen.telegram_messages(90, locale=locale)
    data = gen.telegram_json(msgs)
    assert detect("anything.bin", data) == "telegram-json"
    export = telegram.parse_json(data)
    assert export.messages == msgs  # a lone result.json keeps its relative media paths
    assert export.title == "Campaign" and export.platform == "telegram"
    assert export.source_format == "telegram-json" and export.has_offset
    assert export.messages[0].sent_at.utcoffset() == timedelta(hours=3)  # type: ignore[union-attr]
    assert export.participants == list(dict.fromkeys(m.author for m in msgs
                                                     if m.kind == "message" and m.author))


def test_telegram_json_text_shapes_and_fields() -> None:
    chat = {"name": "G", "type": "private_group", "id": 1, "messages": [
        {"id": 1, "type": "message", "date": "2024-01-01T12:00:00", "date_unixtime": "1704099600",
         "from": "A", "from_id": "user1",
         "text": ["see ", {"type": "text_link", "text": "this", "href": "https://x.example/"},
                  " ", {"type": "mention_name", "text": "Sara", "user_id": 5},
                  " ", {"type": "hashtag", "text": "#tag"}]},
        {"id": 2, "type": "message", "date": "2024-01-01T12:01:00", "from": None,
         "from_id": "user9", "text": "plain www.example.org @bob #حملة",
         "reply_to_message_id": 1, "edited": "2024-01-01T12:05:00",
         "file": "(File not included. Change data exporting settings to download.)",
         "file_name": "voice.ogg", "media_type": "voice_message",
         "reactions": [{"type": "custom_emoji", "count": 2, "document_id": "777"}]},
        {"id": 3, "type": "message", "date": "2024-01-01T12:02:00", "from": "A",
         "reply_to_message_id": 999, "text": ""},
        {"id": 4, "type": "service", "date": "2024-01-01T12:03:00", "actor": "A",
         "actor_id": "user1", "action": "edit_group_title", "title": "New: name"},
    ]}
    export = telegram.parse_json(json.dumps(chat).encode())
    a, b, c, d = export.messages
    assert a.text == "see this Sara #tag" and a.links == ("https://x.example/",)
    assert a.mentions == ("Sara",) and a.hashtags == ("#tag",)
    assert a.sent_at == datetime(2024, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    assert b.author is None and b.author_id == "user9" and b.kind == "message"
    assert b.sent_at == datetime(2024, 1, 1, 12, 1) and b.sent_at.tzinfo is None
    assert b.links == ("www.example.org",) and b.mentions == ("@bob",)
    assert b.hashtags == ("#حملة",)
    assert b.reply_to == 0 and b.edited
    assert b.attachments == (Attachment("voice.ogg", None, "voice"),)
    assert b.reactions == (("custom:777", 2),)
    assert c.reply_to is None  # replied-to message not in the export
    assert d.kind == "system" and d.text == "edit_group_title: New: name" and d.author == "A"
    assert not export.has_offset


def test_telegram_json_full_account_pick_or_refuse() -> None:
    one = gen.telegram_messages(10)
    two = gen.telegram_messages(7, seed=2, locale="en")
    data = gen.telegram_json(one, others=[("Other", two)])
    assert detect("result.json", data) == "telegram-json"
    assert telegram.list_chats(data) == [("Campaign", "private_supergroup", 10),
                                         ("Other", "private_supergroup", 7)]
    with pytest.raises(InputRejected) as exc:
        telegram.parse_json(data)
    assert exc.value.code == "chat.choose_chat" and exc.value.params == {"count": 2}
    assert telegram.parse_json(data, chat=1).messages == two
    assert telegram.parse_json(data, chat=1).title == "Other"
    with pytest.raises(InputRejected) as exc:
        telegram.parse_json(data, chat=5)
    assert exc.value.code == "chat.no_such_chat"
    single = gen.telegram_json(one, full_account=True)
    assert telegram.parse_json(single).messages == one


@pytest.mark.parametrize("locale", ["ar", "en"])
def test_telegram_html_round_trip_over_pages(locale: str) -> None:
    msgs = gen.telegram_messages(130, locale=locale, html_form=True)
    pages = gen.telegram_html(msgs, per_page=50, title="حملة <تشهير>")
    assert len(pages) == 3
    assert all(detect("x", p) == "telegram-html" for p in pages)
    export = telegram.parse_html(pages)
    assert export.messages == msgs
    assert export.title == "حملة <تشهير>" and export.source_format == "telegram-html"
    assert not export.has_offset  # service messages carry no time in HTML
    joined = [p for p in pages[0].decode().split("\n") if "clearfix joined" in p]
    assert joined  # names omitted on joined messages were inherited


def test_telegram_html_scripts_are_ignored_and_nothing_is_fetched() -> None:
    msgs = gen.telegram_messages(5, html_form=True)
    evil = ('document.write(\'<div class="message default clearfix" id="message9">'
            '<div class="text">INJECTED</div></div>\'); fetch("https://evil.example/")')
    pages = gen.telegram_html(msgs, script=evil)
    export = telegram.parse_html(pages)
    assert export.messages == msgs
    assert all("INJECTED" not in m.text for m in export.messages)


def test_telegram_html_date_titles() -> None:
    assert parse_title_date("31.12.2023 21:41:05 UTC+03:00") == datetime(
        2023, 12, 31, 21, 41, 5, tzinfo=timezone(timedelta(hours=3)))
    assert parse_title_date("01.06.2024 08:00:00 UTC-04:30") == datetime(
        2024, 6, 1, 12, 30, tzinfo=UTC)
    assert parse_title_date("31.12.2023 21:41:05") == datetime(2023, 12, 31, 21, 41, 5)
    assert parse_title_date("yesterday") is None
    assert page_order(["x/messages10.html", "x/messages2.html", "x/messages.html",
                       "x/lists/messages.html"]) == ["x/messages.html", "x/messages2.html",
                                                     "x/messages10.html"]


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_telegram_zip_links_media_to_members(fmt: str) -> None:
    msgs = gen.telegram_messages(60, html_form=fmt == "html")
    media = gen.fake_tg_media(msgs)
    data = gen.telegram_zip(msgs, media, fmt=fmt)
    assert detect("export.zip", data) == "telegram-zip"
    export = parse_export("export.zip", data)
    assert export.source_format == f"telegram-{fmt}-zip"
    prefix = "ChatExport_2024-01-13/"
    expect = [replace(m, attachments=tuple(replace(a, member=prefix + a.member if a.member
                                                   else None) for a in m.attachments))
              for m in msgs]
    assert export.messages == expect
    # media the export names but the zip lacks stay references
    partial = gen.telegram_zip(msgs, {}, fmt=fmt)
    refs = [a for m in parse_export("e.zip", partial).messages for a in m.attachments]
    assert refs and all(a.member is None for a in refs)


def test_telegram_hostile_json() -> None:
    with pytest.raises(InputRejected) as exc:
        telegram.parse_json(b'{"name": "x", "messages": [' + b"[" * 100_000)
    assert exc.value.code in ("chat.json_too_deep", "chat.bad_json")
    deep = b'{"name": "x", "messages": [' + b"[" * 50_000 + b"]" * 50_000 + b"]}"
    with pytest.raises(InputRejected) as exc:
        telegram.parse_json(deep)
    assert exc.value.code == "chat.json_too_deep"
    with pytest.raises(InputRejected) as exc:
        telegram.parse_json(gen.telegram_json(gen.telegram_messages(5))[:-40])
    assert exc.value.code == "chat.bad_json"
    with pytest.raises(InputRejected) as exc:
        telegram.parse_json(b'{"name": "\xff"}')
    assert exc.value.code == "chat.bad_encoding"
    with pytest.raises(InputRejected) as exc:
        telegram.parse_json(b'{"name": "x", "messages": [1, 2]}')
    assert exc.value.code == "chat.bad_telegram"
    with pytest.raises(InputRejected) as exc:
        telegram.parse_json(b'{"about": "x", "chats": {"list": []}}')
    assert exc.value.code == "chat.no_messages"
    with pytest.raises(InputRejected) as exc:
        telegram.parse_json(gen.telegram_json(gen.telegram_messages(20)),
                            ChatLimits(max_messages=10))
    assert exc.value.code == "chat.too_many_messages"
    long = gen.telegram_messages(1)
    long = [replace(long[0], text="x" * 200_000, attachments=(), links=(), mentions=(),
                    hashtags=())]
    with pytest.raises(InputRejected) as exc:
        telegram.parse_json(gen.telegram_json(long))
    assert exc.value.code == "chat.message_too_long"


def test_telegram_hostile_html() -> None:
    with pytest.raises(InputRejected) as exc:
        telegram.parse_html([b'<div class="history">' + b"<div>" * 10_000])
    assert exc.value.code == "chat.bad_telegram"
    with pytest.raises(InputRejected) as exc:
        telegram.parse_html([b'<div class="history"></div>'])
    assert exc.value.code == "chat.no_messages"
    with pytest.raises(InputRejected) as exc:
        telegram.parse_html([b"\xff\xfe\xfd<div>"[1:] + b"\xff"])
    assert exc.value.code == "chat.bad_encoding"
    pages = gen.telegram_html(gen.telegram_messages(30, html_form=True), per_page=1)
    with pytest.raises(InputRejected) as exc:
        telegram.parse_html(pages, ChatLimits(max_html_files=10))
    assert exc.value.code == "chat.too_many_files"
    # a message of 100,000 fake messages in one text block: one clear error, linear time
    flood = ('<div class="message default clearfix" id="message1"><div class="body">'
             '<div class="text">' + "x<br>" * 100_000 + "</div></div></div>").encode()
    t0 = time.perf_counter()
    with pytest.raises(InputRejected) as exc:
        telegram.parse_html([flood], ChatLimits(max_message_chars=50_000))
    assert exc.value.code == "chat.message_too_long"
    assert time.perf_counter() - t0 < 20  # a guard against quadratic work, not a timing


def test_parse_export_refuses_what_is_not_a_chat() -> None:
    with pytest.raises(InputRejected) as exc:
        parse_export("x.txt", b"hello")
    assert exc.value.code == "chat.not_a_chat"
    with pytest.raises(InputRejected) as exc:
        parse_export("x.zip", gen.zip_bytes({"a.jpg": b"x"}), fmt="telegram-zip")
    assert exc.value.code == "chat.not_a_chat"


def test_telegram_100k_messages() -> None:
    # the speed of this is measured by bench/chats.py, not here (CI machines are shared)
    data = gen.big_telegram_json(100_000)
    export = parse_export("result.json", data)
    assert len(export.messages) == 100_000 and export.has_offset


def test_telegram_html_tokenizer_edges() -> None:
    # quoted ">" in attributes, entities in text and attributes, a bare "<", comments, a
    # self-closed div, upper-case tags: read as a browser would read them
    page = ('<!DOCTYPE html><div class="history"><!-- <div class="message default"> -->'
            '<DIV class="message default clearfix" id="message7" data-x=\'a>b\'>'
            '<div class="body"><div class="pull_right date details" '
            'title="13.01.2024 08:05:00 UTC+03:00">08:05</div>'
            '<div class="from_name">Sara &amp; Ali</div><div/>'
            '<div class="text">1 &lt; 2 < 3 &#x627;<br/>'
            '<a href="https://example.org/?a=1&amp;b=2">link</a></div></div></DIV></div>')
    export = telegram.parse_html([page.encode()])
    (m,) = export.messages
    assert m.author == "Sara & Ali" and m.source_id == "7"
    assert m.text == "1 < 2 < 3 \u0627\nlink"
    assert m.links == ("https://example.org/?a=1&b=2",)
    assert m.sent_at == datetime(2024, 1, 13, 8, 5, tzinfo=timezone(timedelta(hours=3)))


@pytest.mark.parametrize("flood", [
    '<a b="' * 200_000,                      # quotes that never close
    "<div" * 200_000,                        # tags that never close
    "<!--" * 200_000,                        # a comment that never closes
    "<script>" + "<div class='message default'>" * 100_000,  # a script that never ends
    "< <<" * 200_000,                        # "<" that opens nothing
])
def test_telegram_html_unclosed_markup_is_linear(flood: str) -> None:
    page = ('<div class="history"><div class="message default clearfix" id="message1">'
            '<div class="body"><div class="from_name">A</div><div class="text">first</div>'
            "</div></div>" + flood).encode()
    t0 = time.perf_counter()
    export = telegram.parse_html([page])
    assert [m.text for m in export.messages] == ["first"]  # the rest is no markup we read
    assert time.perf_counter() - t0 < 20  # a guard against quadratic work, not a timing
