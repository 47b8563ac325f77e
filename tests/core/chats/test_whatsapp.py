# SPDX-License-Identifier: GPL-3.0-or-later
"""WhatsApp parsing: every platform/locale/clock/order the generator writes, and the edge cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from app.chats import whatsapp
from app.chats.model import Attachment, Message
from tests.core.chats import gen


def _no_members(msgs: list[Message]) -> list[Message]:
    return [replace(m, attachments=tuple(replace(a, member=None) for a in m.attachments))
            for m in msgs]


@pytest.mark.parametrize("platform", ["android", "ios"])
@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("clock", [12, 24])
@pytest.mark.parametrize("order", ["dmy", "mdy", "ymd"])
def test_whatsapp_round_trip_every_shape(platform: str, locale: str, clock: int,
                                         order: str) -> None:
    msgs = gen.sample_messages(80, locale=locale, platform=platform, seed=clock)
    data = gen.whatsapp_txt(msgs, locale=locale, platform=platform, clock=clock, order=order,
                            title="Campaign")
    export = whatsapp.parse_txt(data, "WhatsApp Chat with Campaign.txt")
    assert export.messages == _no_members(msgs)
    assert export.date_order == order
    assert export.warnings == []
    assert export.source_format == f"whatsapp-{platform}-txt"
    assert export.title == "Campaign"
    assert export.platform == "whatsapp" and not export.has_offset
    assert export.participants == list(dict.fromkeys(m.author for m in msgs if m.author))


@pytest.mark.parametrize(("digits", "year_digits", "date_sep"),
                         [("persian", 4, "/"), ("arabic", 2, "/"), ("latin", 2, "."),
                          ("latin", 4, "-"), ("arabic", 4, ".")])
def test_whatsapp_digits_years_and_separators(digits: str, year_digits: int,
                                              date_sep: str) -> None:
    msgs = gen.sample_messages(40, locale="ar", platform="android", seed=3)
    data = gen.whatsapp_txt(msgs, locale="ar", digits=digits, year_digits=year_digits,
                            date_sep=date_sep, clock=12)
    assert whatsapp.parse_txt(data).messages == _no_members(msgs)


def test_whatsapp_bom_crlf_and_utf16() -> None:
    msgs = gen.sample_messages(30, platform="ios", seed=4)
    data = gen.whatsapp_txt(msgs, platform="ios", bom=True, newline="\r\n", title="Campaign")
    assert whatsapp.parse_txt(data).messages == _no_members(msgs)
    utf16 = data[3:].decode("utf-8").encode("utf-16")
    assert whatsapp.parse_txt(utf16).messages == _no_members(msgs)


def test_whatsapp_real_line_shapes() -> None:
    # lines as real exports write them (public parser fixtures), marks and spaces included
    lines = [
        "12/31/23, 9:41\u202fPM - Ahmed: hi",
        "\u200e[31/12/2023, 9:41:05\u202fPM] Sara: \u200eimage omitted",
        "٣١\u200f/١٢\u200f/٢٠٢٣، ٩:٤١ م - أحمد: مرحبا",
        "[21/9/2026، 9:47:45 ص] المرسل: النص",
        "31.12.23, 21:41 - Hans: Hallo",
        "2023-12-31, 21:41 - Mei: hello",
        "31/12/2023 21:41 - Ola: no comma",
        "12/31/23, 9:41 pm - Raj: lower case",
        "12/31/23, 9:41\u00a0a.m. - Ana: dotted",
    ]
    shapes = [whatsapp.IOS_HEAD.match(x) or whatsapp.ANDROID_HEAD.match(x) for x in lines]
    assert all(shapes), [x for x, s in zip(lines, shapes, strict=True) if not s]
    one = whatsapp.parse_txt("12/31/23, 9:41\u202fPM - Ahmed: hi\n".encode())
    assert one.messages[0].sent_at == datetime(2023, 12, 31, 21, 41)
    assert one.date_order == "mdy"
    ar = whatsapp.parse_txt("٣١\u200f/١٢\u200f/٢٠٢٣، ١٢:٠٥ ص - أحمد: مرحبا\n".encode())
    assert ar.messages[0].sent_at == datetime(2023, 12, 31, 0, 5)
    assert ar.messages[0].author == "أحمد" and ar.messages[0].text == "مرحبا"
    ios = whatsapp.parse_txt("[21/9/2026، 9:47:45 ص] المرسل: النص\n".encode())
    assert ios.messages[0].sent_at == datetime(2026, 9, 21, 9, 47, 45)
    assert ios.source_format == "whatsapp-ios-txt"


def test_whatsapp_ambiguous_dates_pick_the_forward_order() -> None:
    days = [datetime(2024, m, d, 10, 0) for m, d in ((1, 2), (1, 5), (2, 3), (3, 1), (4, 2))]
    msgs = [Message(index=i, sent_at=w, author="A", text=f"t{i}") for i, w in enumerate(days)]
    for order in ("dmy", "mdy"):
        export = whatsapp.parse_txt(gen.whatsapp_txt(msgs, order=order))
        assert export.date_order == order
        assert export.warnings == ["chat.ambiguous_dates"]
        assert [m.sent_at for m in export.messages] == days


def test_whatsapp_any_day_over_12_decides_dmy() -> None:
    raw = "01/02/2024, 10:00 - A: x\n13/02/2024, 10:00 - A: y\n"
    export = whatsapp.parse_txt(raw.encode())
    assert export.date_order == "dmy" and export.warnings == []
    assert export.messages[0].sent_at == datetime(2024, 2, 1, 10, 0)


def test_whatsapp_impossible_date_is_a_continuation_line() -> None:
    raw = "13/02/2024, 10:00 - A: first\n02/31/2024, 10:00 - B: pasted\n14/02/2024, 11:00 - A: z\n"
    export = whatsapp.parse_txt(raw.encode())
    assert [m.text for m in export.messages] == ["first\n02/31/2024, 10:00 - B: pasted", "z"]


def test_whatsapp_markers() -> None:
    raw = "\n".join([
        "[01/02/2024, 10:00:00] Sara: \u200e<attached: 00000012-PHOTO-2024-02-01-10-00-00.jpg>",
        "[01/02/2024, 10:00:01] Sara: fixed text \u200e<This message was edited>",
        "[01/02/2024, 10:00:02] Sara: \u200eThis message was deleted.",
        "[01/02/2024, 10:00:03] Sara: \u200eYou deleted this message.",
        "[01/02/2024, 10:00:04] أحمد: \u200e<مرفق: 00000013-VIDEO-2024-02-01-10-00-04.mp4>",
        "[01/02/2024, 10:00:05] أحمد: نص <تم تعديل هذه الرسالة>",
        "[01/02/2024, 10:00:06] Group: \u200eSara changed the subject to \"A: B\"",
        "[01/02/2024, 10:00:07] أحمد: \u200eتم استبعاد الصورة",
        "[01/02/2024, 10:00:08] \u200eYou joined using this group's invite link",
    ]).encode()
    ms = whatsapp.parse_txt(raw).messages
    assert ms[0].attachments == (Attachment("00000012-PHOTO-2024-02-01-10-00-00.jpg", None,
                                            "photo"),) and ms[0].text == ""
    assert ms[1].edited and ms[1].text == "fixed text"
    assert ms[2].deleted and ms[3].deleted and ms[2].text == ""
    assert ms[4].attachments[0].kind == "video"
    assert ms[5].edited and ms[5].text == "نص"
    assert ms[6].kind == "system" and ms[6].author is None
    assert ms[6].text == 'Sara changed the subject to "A: B"'
    assert ms[7].attachments == (Attachment("", None, "photo"),)
    assert ms[8].kind == "system" and ms[8].text.startswith("You joined")
    android = "\n".join([
        "01/02/2024, 10:00 - Sara: IMG-20240201-WA0001.jpg (file attached)",
        "caption line",
        "01/02/2024, 10:01 - أحمد: DOC-20240201-WA0002.pdf (ملف مرفق)",
        "01/02/2024, 10:02 - Sara: <Media omitted>",
        "01/02/2024, 10:03 - أحمد: <الوسائط غير مضمنة>",
        "01/02/2024, 10:04 - Sara: You deleted this message",
        '01/02/2024, 10:05 - Ahmed changed the subject from "x: y" to "z"',
        "01/02/2024, 10:06 - Your security code with Sara changed. Tap to learn more.",
        "01/02/2024, 10:07 - تغيّر رمز الأمان الخاص بك مع سارة. انقر لمعرفة المزيد.",
    ]).encode()
    ms = whatsapp.parse_txt(android).messages
    assert ms[0].attachments[0].name == "IMG-20240201-WA0001.jpg" and ms[0].text == "caption line"
    assert ms[1].attachments[0].kind == "document"
    assert ms[2].attachments == ms[3].attachments == (Attachment("", None, ""),)
    assert ms[4].deleted
    assert all(m.kind == "system" and m.author is None for m in ms[5:])


def test_whatsapp_links_mentions_hashtags() -> None:
    raw = ("01/02/2024, 10:00 - A: see https://x.example/a?b=1, and www.example.org/p. "
           "@966501234567 @Sara but not mail@example.org #حملة #tag_1 &#39; #1\n").encode()
    m = whatsapp.parse_txt(raw).messages[0]
    assert m.links == ("https://x.example/a?b=1", "www.example.org/p")
    assert m.mentions == ("@966501234567", "@Sara")
    assert m.hashtags == ("#حملة", "#tag_1")


def test_whatsapp_controls_and_overrides_are_kept_as_exported() -> None:
    name = "Ev\u202eil\u0007"
    raw = f"01/02/2024, 10:00 - {name}: a\u202eb\x01c\n".encode()
    export = whatsapp.parse_txt(raw)
    m = export.messages[0]
    assert m.author == name and m.text == "a\u202eb\x01c"
    from app.chats.common import display_text
    assert display_text(m.author) == "Evil" and display_text(m.text) == "abc"


def test_whatsapp_leading_text_is_kept_with_a_warning() -> None:
    raw = b"13/02/2024, 10:00 - A: x\n"
    export = whatsapp.parse_txt(b"\n" + raw)
    assert export.warnings == [] and len(export.messages) == 1
    export = whatsapp.parse_txt(b"forwarded from my phone\n" + raw)
    assert export.warnings == ["chat.leading_text"]
    assert export.messages[0] == Message(0, None, None, "forwarded from my phone", kind="system")
    assert export.messages[1].index == 1 and export.messages[1].text == "x"


def test_whatsapp_title_from_file_names() -> None:
    assert whatsapp.title_from_name("WhatsApp Chat with Family.txt") == "Family"
    assert whatsapp.title_from_name("WhatsApp Chat - حملة.zip") == "حملة"
    assert whatsapp.title_from_name("محادثة واتساب مع سارة.txt") == "سارة"
    assert whatsapp.title_from_name("_chat.txt") == ""


def test_whatsapp_ios_group_name_becomes_title() -> None:
    msgs = gen.sample_messages(20, platform="ios")
    export = whatsapp.parse_txt(gen.whatsapp_txt(msgs, platform="ios", title="حملة التشهير"))
    assert export.title == "حملة التشهير"


def test_whatsapp_100k_messages() -> None:
    # the speed of this is measured by bench/chats.py, not here (CI machines are shared)
    data = gen.big_whatsapp(100_000, media_every=50)
    export = whatsapp.parse_txt(data)
    assert len(export.messages) == 100_000
    assert sum(bool(m.attachments) for m in export.messages) == 2_000
