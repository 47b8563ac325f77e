# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Generate chat exports the way WhatsApp and Telegram Desktop write them, from model records.

The input is a list of :class:`app.chats.model.Message` in *canonical form* (what the parser must
give back); the output is the export's bytes. So a round trip is
``parse(whatsapp_txt(msgs)).messages == msgs``. Shapes mirror real exports (public parser fixtures:
Android ``dd/mm/yy, HH:MM - Name: text``, iPhone ``[dd/mm/yyyy, HH:MM:SS] Name: text`` with U+200E
before media and system lines and U+202F before AM/PM, Arabic-locale digits, RLM after the date
separators and the Arabic comma).

API (also used by the vault-side tests and the bench):

* :func:`whatsapp_txt` / :func:`whatsapp_zip` — one chat, Android or iPhone, English or Arabic.
* :func:`telegram_json` / :func:`telegram_html` / :func:`telegram_zip` — Telegram Desktop exports.
* :func:`sample_messages` — a varied canonical chat (text, multi-line, links, media, edits,
  deletions, system lines) for a platform and locale; :func:`big_whatsapp` — 100,000+ messages fast.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from app.chats.model import Attachment, Message

LRM, RLM, NNBSP = "\u200e", "\u200f", "\u202f"
_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

TEXT = {
    "en": {"deleted": "This message was deleted", "omitted": "<Media omitted>",
           "edited": "<This message was edited>", "attached": "attached",
           "file_attached": "file attached", "am": "AM", "pm": "PM",
           "ios_omitted": {"photo": "image omitted", "video": "video omitted",
                           "voice": "audio omitted", "sticker": "sticker omitted",
                           "document": "document omitted"},
           "encrypted": "Messages and calls are end-to-end encrypted. No one outside of this "
                        "chat, not even WhatsApp, can read or listen to them.",
           "created": 'Ahmed created group "{title}"', "added": "Ahmed added Sara",
           "left": "Omar left", "removed": "Ahmed removed Omar",
           "subject": 'Ahmed changed the subject from "Old: name" to "{title}"',
           "icon": "Ahmed changed this group's icon", "joined": "Lina joined using this group's "
                                                                 "invite link",
           "security": "Your security code with Sara changed. Tap to learn more."},
    "ar": {"deleted": "تم حذف هذه الرسالة", "omitted": "<الوسائط غير مضمنة>",
           "edited": "<تم تعديل هذه الرسالة>", "attached": "مرفق", "file_attached": "ملف مرفق",
           "am": "ص", "pm": "م",
           "ios_omitted": {"photo": "تم استبعاد الصورة", "video": "تم استبعاد الفيديو",
                           "voice": "تم استبعاد الصوت", "sticker": "تم استبعاد الملصق",
                           "document": "تم استبعاد المستند"},
           "encrypted": "الرسائل والمكالمات مشفرة تمامًا بين الطرفين. لا أحد خارج هذه الدردشة، "
                        "ولا حتى واتساب، يمكنه قراءتها أو الاستماع إليها.",
           "created": 'أنشأ أحمد المجموعة "{title}"', "added": "أضاف أحمد سارة",
           "left": "غادر عمر", "removed": "أزال أحمد عمر",
           "subject": 'غيّر أحمد الموضوع من "قديم: اسم" إلى "{title}"',
           "icon": "غيّر أحمد صورة هذه المجموعة",
           "joined": "انضم لينا باستخدام رابط الدعوة لهذه المجموعة",
           "security": "تغيّر رمز الأمان الخاص بك مع سارة. انقر لمعرفة المزيد."},
}
SYSTEM_KEYS = ("encrypted", "created", "added", "left", "removed", "subject", "icon", "joined",
               "security")


# ------------------------------------------------------------------------------------ WhatsApp

def _digits(s: str, digits: str) -> str:
    if digits == "arabic":
        return s.translate(_AR_DIGITS)
    if digits == "persian":
        return s.translate(_FA_DIGITS)
    return s


def whatsapp_header(when: datetime, *, locale: str = "en", platform: str = "android",
                    clock: int = 24, order: str = "dmy", year_digits: int = 4,
                    digits: str | None = None, date_sep: str = "/", marks: bool = True) -> str:
    """The date/time prefix of one line (``12/31/23, 9:41 PM - `` / ``[31/12/2023, 21:41:05] ``)."""
    digits = digits or ("arabic" if locale == "ar" else "latin")
    year = f"{when.year % 100:02d}" if year_digits == 2 else f"{when.year:04d}"
    day, month = f"{when.day:02d}", f"{when.month:02d}"
    if platform == "android" and date_sep == "/" and order == "mdy":
        day, month = str(when.day), str(when.month)  # US Android: 1/5/24
    parts = {"dmy": (day, month, year), "mdy": (month, day, year), "ymd": (year, month, day)}[order]
    rlm = RLM if (marks and locale == "ar") else ""
    date = (rlm + date_sep).join(_digits(p, digits) for p in parts)
    comma = "،" if locale == "ar" else ","
    hour = when.hour
    if clock == 12:
        ap = TEXT[locale]["pm" if hour >= 12 else "am"]
        h12 = hour % 12 or 12
        hh = str(h12)
    else:
        hh = f"{hour:02d}"
    time = f"{hh}:{when.minute:02d}"
    if platform == "ios":
        time += f":{when.second:02d}"
    time = _digits(time, digits)
    if clock == 12:
        time += (NNBSP if platform == "ios" else " ") + ap
    if platform == "ios":
        return f"{rlm}[{date}{comma} {time}] "
    return f"{rlm}{date}{comma} {time} - "


def _whatsapp_body(m: Message, locale: str, platform: str, title: str) -> str:
    t = TEXT[locale]
    ios = platform == "ios"
    mark = LRM if ios else ""
    if m.kind == "system":
        if ios and title:
            return f"{title}: {LRM}{m.text}"
        return f"{LRM}{m.text}" if ios else m.text
    if m.deleted:
        body = mark + t["deleted"] + ("." if ios else "")
    elif m.attachments and m.attachments[0].member is None and not m.attachments[0].name:
        body = mark + (t["ios_omitted"].get(m.attachments[0].kind, t["ios_omitted"]["document"])
                       if ios else t["omitted"])
    elif m.attachments:
        name = m.attachments[0].name
        first = f"{LRM}<{t['attached']}: {name}>" if ios else f"{name} ({t['file_attached']})"
        body = first + (f"\n{m.text}" if m.text else "")
    else:
        body = m.text
    if m.edited:
        body += f" {mark}{t['edited']}"
    return f"{m.author}: {body}"


def whatsapp_txt(messages: Sequence[Message], *, locale: str = "en", platform: str = "android",
                 clock: int = 24, order: str = "dmy", year_digits: int = 4,
                 digits: str | None = None, date_sep: str = "/", title: str = "",
                 marks: bool = True, bom: bool = False, newline: str = "\n") -> bytes:
    """A WhatsApp ``.txt`` export of ``messages`` (canonical records; see module docstring).

    ``title`` is the group name iPhone writes as the author of system lines.
    """
    out = []
    for m in messages:
        assert m.sent_at is not None
        head = whatsapp_header(m.sent_at, locale=locale, platform=platform, clock=clock,
                               order=order, year_digits=year_digits, digits=digits,
                               date_sep=date_sep, marks=marks)
        out.append(head + _whatsapp_body(m, locale, platform, title))
    data = "\n".join(out) + "\n"
    data = data.replace("\n", newline) if newline != "\n" else data
    return (b"\xef\xbb\xbf" if bom else b"") + data.encode("utf-8")


def zip_bytes(members: dict[str, bytes], compress: bool = True) -> bytes:
    buf = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", compression=method) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, compress_type=method)
    return buf.getvalue()


def whatsapp_zip(messages: Sequence[Message], media: dict[str, bytes] | None = None, *,
                 platform: str = "ios", txt_name: str | None = None, title: str = "",
                 **kw: object) -> bytes:
    """A WhatsApp export ``.zip``: the chat text (``_chat.txt`` on iPhone, ``WhatsApp Chat with
    <title>.txt`` on Android) plus ``media`` (file name → bytes) at the top level."""
    if txt_name is None:
        txt_name = "_chat.txt" if platform == "ios" else f"WhatsApp Chat with {title or 'X'}.txt"
    members = {txt_name: whatsapp_txt(messages, platform=platform, title=title, **kw)}  # type: ignore[arg-type]
    members.update(media or {})
    return zip_bytes(members)


def media_name(kind: str, when: datetime, n: int, platform: str) -> str:
    """The file name WhatsApp gives a media file (``IMG-20240101-WA0001.jpg`` on Android,
    ``00000012-PHOTO-2024-01-01-12-00-00.jpg`` on iPhone)."""
    if platform == "ios":
        tag, ext = {"photo": ("PHOTO", "jpg"), "video": ("VIDEO", "mp4"),
                    "voice": ("AUDIO", "opus"), "sticker": ("STICKER", "webp"),
                    "document": ("DOC", "pdf")}[kind]
        return f"{n:08d}-{tag}-{when:%Y-%m-%d-%H-%M-%S}.{ext}"
    tag, ext = {"photo": ("IMG", "jpg"), "video": ("VID", "mp4"), "voice": ("PTT", "opus"),
                "sticker": ("STK", "webp"), "document": ("DOC", "pdf")}[kind]
    return f"{tag}-{when:%Y%m%d}-WA{n:04d}.{ext}"


AUTHORS = {"en": ["Ahmed", "Sara Ali", "+1 555 010 2000", "~\u202fLina"],
           "ar": ["أحمد", "سارة علي", "\u202a+966 50 123 4567\u202c", "~\u202fلينا"]}
WORDS = {"en": ["you", "will", "regret", "this", "we", "know", "where", "you", "live", "stop",
                "posting", "or", "else"],
         "ar": ["ستندمين", "على", "هذا", "نعرف", "أين", "تسكنين", "توقفي", "عن", "النشر", "وإلا"]}


def sample_messages(n: int = 60, *, seed: int = 0, locale: str = "en", platform: str = "android",
                    media: bool = True, start: datetime | None = None,
                    title: str = "Campaign") -> list[Message]:
    """A varied canonical chat of ``n`` messages for ``platform`` ("android"/"ios") and ``locale``.

    Includes multi-line text, links, mentions, hashtags, attachments (``member`` set to the file
    name when ``media``: pass the names to :func:`whatsapp_zip`), omitted media, edits,
    deletions and every system line of :data:`SYSTEM_KEYS`.
    """
    rnd = random.Random(seed)
    when = start or datetime(2024, 1, 13, 8, 5, 0)
    words, authors, t = WORDS[locale], AUTHORS[locale], TEXT[locale]
    out: list[Message] = []
    for i in range(n):
        when += timedelta(minutes=rnd.randint(0, 240), seconds=rnd.randint(0, 59))
        sent = when if platform == "ios" else when.replace(second=0)
        author = authors[i % len(authors)]
        pick = i % 13
        if i < len(SYSTEM_KEYS) and i % 2 == 0 or pick == 12:
            key = SYSTEM_KEYS[(i // 2) % len(SYSTEM_KEYS)]
            out.append(Message(index=i, sent_at=sent, author=None, kind="system",
                               text=t[key].format(title=title)))
            continue
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 12)))
        links: tuple[str, ...] = ()
        mentions: tuple[str, ...] = ()
        hashtags: tuple[str, ...] = ()
        kw: dict[str, object] = {}
        if pick == 1:
            text += "\n" + " ".join(rnd.choice(words) for _ in range(5)) + "\n\nsecond paragraph"
        elif pick == 2:
            url = f"https://example.org/p/{i}?q=1"
            text += f" {url}"
            links = (url,)
        elif pick == 3:
            text = f"@15550102000 {text} #وسم_{i} #tag{i}"
            mentions, hashtags = ("@15550102000",), (f"#وسم_{i}", f"#tag{i}")
        elif pick == 4:
            kind = ("photo", "video", "voice", "sticker", "document")[i % 5]
            name = media_name(kind, sent, i, platform)
            text = text if i % 2 else ""
            kw["attachments"] = (Attachment(name=name, member=name if media else None, kind=kind),)
        elif pick == 5:
            kind = ("photo", "video", "voice", "sticker")[i % 4] if platform == "ios" else ""
            text = ""
            kw["attachments"] = (Attachment(name="", member=None, kind=kind),)
        elif pick == 6:
            kw["edited"] = True
        elif pick == 7:
            text = ""
            kw["deleted"] = True
        out.append(Message(index=i, sent_at=sent, author=author, text=text, links=links,
                           mentions=mentions, hashtags=hashtags, **kw))  # type: ignore[arg-type]
    return out


def fake_media(messages: Sequence[Message]) -> dict[str, bytes]:
    """Bytes for every attachment with a ``member`` (small, distinct; not real pictures)."""
    return {a.member: f"media {a.member}".encode() for m in messages for a in m.attachments
            if a.member}


def big_whatsapp(n: int = 100_000, *, platform: str = "android", locale: str = "en",
                 media_every: int = 0) -> bytes:
    """A large export of ``n`` messages, built with plain string formatting (about 0.3 s for
    100,000). ``media_every`` > 0: every k-th message is an attachment ``IMG-…-WAnnnn.jpg``."""
    base = datetime(2023, 1, 1, 0, 0, 0)
    t = TEXT[locale]
    lines = []
    author = AUTHORS[locale]
    for i in range(n):
        when = base + timedelta(seconds=37 * i)
        head = whatsapp_header(when, locale=locale, platform=platform)
        if media_every and i % media_every == 0:
            name = media_name("photo", when, i % 10000, platform)
            body = (f"{LRM}<{t['attached']}: {name}>" if platform == "ios"
                    else f"{name} ({t['file_attached']})")
        else:
            body = f"message {i} https://example.org/{i} {WORDS[locale][i % 5]}"
        lines.append(f"{head}{author[i % 4]}: {body}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def renumber(messages: Sequence[Message]) -> list[Message]:
    return [replace(m, index=i) for i, m in enumerate(messages)]


__all__ = ["UTC", "big_whatsapp", "fake_media", "json", "media_name", "renumber",
           "sample_messages", "timezone", "whatsapp_header", "whatsapp_txt", "whatsapp_zip",
           "zip_bytes"]
