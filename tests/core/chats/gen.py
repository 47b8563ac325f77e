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

import html
import io
import json
import random
import re
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



# ------------------------------------------------------------------------------------ Telegram

TG_MEDIA = {"photo": ("photos", "photo", "jpg", None), "video": ("video_files", "video", "mp4",
            "video_file"), "voice": ("voice_messages", "audio", "ogg", "voice_message"),
            "audio": ("files", "song", "mp3", "audio_file"),
            "sticker": ("stickers", "sticker", "webp", "sticker"),
            "document": ("files", "report", "pdf", None)}


def tg_media_path(kind: str, n: int, when: datetime) -> str:
    """``photos/photo_3@31-12-2023_21-41-05.jpg`` and the like, as Telegram Desktop names them."""
    folder, stem, ext, _mt = TG_MEDIA[kind]
    return f"{folder}/{stem}_{n}@{when:%d-%m-%Y_%H-%M-%S}.{ext}"


def _entities(m: Message) -> list[dict[str, str]]:
    """``text_entities`` for ``m.text``: its links, mentions and hashtags as entities, the rest
    plain."""
    tokens = [(t, "link") for t in m.links] + [(t, "mention") for t in m.mentions] + \
             [(t, "hashtag") for t in m.hashtags]
    if not tokens:
        return [{"type": "plain", "text": m.text}]
    kinds = dict(tokens)
    pattern = "|".join(re.escape(t) for t, _k in sorted(tokens, key=lambda x: -len(x[0])))
    out: list[dict[str, str]] = []
    pos = 0
    for found in re.finditer(pattern, m.text):
        if found.start() > pos:
            out.append({"type": "plain", "text": m.text[pos:found.start()]})
        out.append({"type": kinds[found.group(0)], "text": found.group(0)})
        pos = found.end()
    if pos < len(m.text):
        out.append({"type": "plain", "text": m.text[pos:]})
    return out


def _tg_json_message(m: Message, by_index: dict[int, Message]) -> dict[str, object]:
    assert m.sent_at is not None and m.sent_at.tzinfo is not None
    local = m.sent_at.replace(tzinfo=None)
    d: dict[str, object] = {"id": int(m.source_id or m.index + 1),
                            "type": "service" if m.kind == "system" else "message",
                            "date": local.isoformat(), "date_unixtime": str(int(
                                m.sent_at.timestamp()))}
    if m.kind == "system":
        action, _sep, rest = m.text.partition(": ")
        d.update(actor=m.author, actor_id=m.author_id, action=action)
        if rest:
            d["members"] = rest.split(", ")
        return d
    d.update({"from": m.author, "from_id": m.author_id})
    if m.edited:
        d["edited"] = (local + timedelta(minutes=5)).isoformat()
        d["edited_unixtime"] = str(int(m.sent_at.timestamp()) + 300)
    if m.reply_to is not None:
        d["reply_to_message_id"] = int(by_index[m.reply_to].source_id or m.reply_to + 1)
    if m.forwarded_from is not None:
        d["forwarded_from"] = m.forwarded_from
    for a in m.attachments:
        path = a.member or "(File not included. Change data exporting settings to download.)"
        if a.kind == "photo":
            d.update(photo=path, width=1280, height=960)
        else:
            d.update(file=path, file_name=a.name, mime_type="application/octet-stream")
            if TG_MEDIA[a.kind][3]:
                d["media_type"] = TG_MEDIA[a.kind][3]
    ents = _entities(m)
    d["text"] = m.text if len(ents) == 1 and ents[0]["type"] == "plain" else \
        [e["text"] if e["type"] == "plain" else e for e in ents]
    d["text_entities"] = ents if m.text else []
    if m.reactions:
        d["reactions"] = [{"type": "emoji", "count": c, "emoji": e, "recent": []}
                          for e, c in m.reactions]
    return d


def telegram_chat(messages: Sequence[Message], *, title: str = "Campaign",
                  chat_type: str = "private_supergroup", chat_id: int = 1234567890) -> dict:
    by_index = {m.index: m for m in messages}
    return {"name": title, "type": chat_type, "id": chat_id,
            "messages": [_tg_json_message(m, by_index) for m in messages]}


def telegram_json(messages: Sequence[Message], *, title: str = "Campaign",
                  chat_type: str = "private_supergroup",
                  others: Sequence[tuple[str, Sequence[Message]]] = (),
                  full_account: bool = False) -> bytes:
    """A Telegram Desktop ``result.json``: one chat, or (``full_account`` / ``others``) the
    whole-account shape with ``chats.list`` (this chat first, then ``others``)."""
    chat = telegram_chat(messages, title=title, chat_type=chat_type)
    if not (full_account or others):
        root: dict[str, object] = chat
    else:
        chats = [chat] + [telegram_chat(ms, title=t, chat_id=99 + i)
                          for i, (t, ms) in enumerate(others)]
        root = {"about": "Here is the data you requested.",
                "personal_information": {"user_id": 1, "first_name": "Me"},
                "chats": {"about": "This page lists all chats from this export.",
                          "list": chats}}
    return json.dumps(root, ensure_ascii=False, indent=1).encode("utf-8")


def _tg_title(when: datetime) -> str:
    off = when.utcoffset() or timedelta(0)
    sign = "-" if off < timedelta(0) else "+"
    minutes = abs(int(off.total_seconds())) // 60
    return f"{when:%d.%m.%Y %H:%M:%S} UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


_HTML_KIND = {"photo": "photo_wrap clearfix pull_left", "video": "video_file_wrap clearfix "
              "pull_left", "voice": "media clearfix pull_left block_link media_voice_message",
              "audio": "media clearfix pull_left block_link media_audio_file",
              "sticker": "sticker_wrap clearfix pull_left",
              "document": "media clearfix pull_left block_link media_file"}


def _html_text(m: Message) -> str:
    out = html.escape(m.text, quote=False)
    for url in m.links:
        esc = html.escape(url, quote=False)
        out = out.replace(esc, f'<a href="{html.escape(url)}">{esc}</a>', 1)
    return out.replace("\n", "<br>")


def _html_message(m: Message, prev_author: str | None, by_index: dict[int, Message]) -> str:
    sid = m.source_id or str(m.index + 1)
    if m.kind == "system":
        return (f'<div class="message service" id="message{sid}">\n <div class="body details">\n'
                f"{html.escape(m.text)}\n </div>\n</div>\n")
    assert m.sent_at is not None
    joined = m.author == prev_author and m.forwarded_from is None
    parts = [f'<div class="message default clearfix{" joined" if joined else ""}" '
             f'id="message{sid}">']
    if not joined:
        parts.append(' <div class="pull_left userpic_wrap">\n  <div class="userpic userpic2" '
                     'style="width: 42px; height: 42px">\n   <div class="initials" '
                     f'style="line-height: 42px">{html.escape((m.author or "?")[:1])}</div>'
                     "\n  </div>\n </div>")
    parts.append(' <div class="body">')
    parts.append(f'  <div class="pull_right date details" title="{_tg_title(m.sent_at)}">\n'
                 f"{m.sent_at:%H:%M}\n  </div>")
    if not joined:
        parts.append(f'  <div class="from_name">\n{html.escape(m.author or "")} \n  </div>')
    if m.reply_to is not None:
        rid = by_index[m.reply_to].source_id or str(m.reply_to + 1)
        parts.append(f'  <div class="reply_to details">\nIn reply to <a href="#go_to_message'
                     f'{rid}" onclick="return GoToMessage({rid})">this message</a>\n  </div>')
    inner = []
    for a in m.attachments:
        cls = _HTML_KIND[a.kind]
        if a.member:
            inner.append(f'  <div class="media_wrap clearfix">\n   <a class="{cls}" '
                         f'href="{html.escape(a.member)}">\n    <div class="fill pull_left">'
                         f"</div>\n   </a>\n  </div>")
        else:
            inner.append(f'  <div class="media_wrap clearfix">\n   <div class="{cls}">\n    '
                         '<div class="status details">Not included, change data exporting '
                         "settings to download.</div>\n   </div>\n  </div>")
    if m.text:
        inner.append(f'  <div class="text">\n{_html_text(m)}\n  </div>')
    if m.forwarded_from is not None:
        parts.append(f'  <div class="forwarded body">\n   <div class="from_name">\n'
                     f"{html.escape(m.forwarded_from)}<span class=\"date details\" "
                     f'title="{_tg_title(m.sent_at)}"> {m.sent_at:%d.%m.%Y %H:%M:%S}</span>\n'
                     "   </div>")
        parts.extend(inner)
        parts.append("  </div>")
    else:
        parts.extend(inner)
    if m.reactions:
        parts.append('  <span class="reactions">' + "".join(
            f'<span class="reaction"><span class="emoji">{e}</span><span class="count">{c}'
            "</span></span>" for e, c in m.reactions) + "</span>")
    parts.append(" </div>\n</div>\n")
    return "\n".join(parts)


def telegram_html(messages: Sequence[Message], *, title: str = "Campaign",
                  per_page: int = 1000, script: str = "") -> list[bytes]:
    """Telegram Desktop HTML pages (``messages.html``, ``messages2.html`` …) for ``messages``:
    a date separator (service, negative id) before each new day, ``joined`` messages without a
    name, 1000 messages per page like the app. ``script`` is put in each page's ``<script>``."""
    by_index = {m.index: m for m in messages}
    pages: list[bytes] = []
    for start in range(0, max(len(messages), 1), per_page):
        body = []
        prev: str | None = None
        day = None
        for m in messages[start:start + per_page]:
            if m.sent_at is not None and m.sent_at.date() != day:
                day = m.sent_at.date()
                body.append(f'<div class="message service" id="message-{len(body) + 1}">\n'
                            f' <div class="body details">\n{day:%d %B %Y}\n </div>\n</div>\n')
                prev = None
            body.append(_html_message(m, prev, by_index))
            prev = m.author if m.kind == "message" else None
        page = ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8"/>\n'
                f"<title>Exported Data</title>\n<script>{script}</script>\n"
                '<link href="css/style.css" rel="stylesheet"/>\n</head>\n<body onload="'
                'CheckLocation();">\n<div class="page_wrap">\n<div class="page_header">\n'
                '<div class="content">\n<div class="text bold">\n'
                f"{html.escape(title)}\n</div>\n</div>\n</div>\n"
                '<div class="page_body chat_page">\n<div class="history">\n'
                + "".join(body) + "</div>\n</div>\n</div>\n</body>\n</html>\n")
        pages.append(page.encode("utf-8"))
    return pages


def telegram_zip(messages: Sequence[Message], media: dict[str, bytes] | None = None, *,
                 fmt: str = "json", folder: str = "ChatExport_2024-01-13/",
                 title: str = "Campaign") -> bytes:
    """A zipped Telegram export folder (``result.json`` or ``messages*.html`` + media)."""
    members: dict[str, bytes] = {}
    if fmt == "json":
        members[folder + "result.json"] = telegram_json(messages, title=title)
    else:
        for i, page in enumerate(telegram_html(messages, title=title)):
            members[folder + ("messages.html" if i == 0 else f"messages{i + 1}.html")] = page
    for name, data in (media or {}).items():
        members[folder + name] = data
    return zip_bytes(members)


def telegram_messages(n: int = 60, *, seed: int = 0, locale: str = "ar", html_form: bool = False,
                      media: bool = True, offset_hours: int = 3) -> list[Message]:
    """A canonical Telegram chat: replies, forwards, edits, reactions, entities, media (photo,
    video, voice, sticker, document; included or not) and service messages.

    ``html_form``: the records as the HTML export gives them back (no author ids, no edited
    flag, service messages as shown text without a time)."""
    rnd = random.Random(seed)
    tz = timezone(timedelta(hours=offset_hours))
    when = datetime(2024, 1, 13, 8, 5, 0, tzinfo=tz)
    words = WORDS[locale]
    authors = [("أحمد" if locale == "ar" else "Ahmed", "user1001"),
               ("سارة علي" if locale == "ar" else "Sara Ali", "user1002"),
               ("قناة الحملة" if locale == "ar" else "Campaign channel", "channel2003")]
    out: list[Message] = []
    for i in range(n):
        when += timedelta(minutes=rnd.randint(0, 300), seconds=rnd.randint(0, 59))
        sid = str(100 + 2 * i)
        name, uid = authors[(i // 2) % len(authors)]
        pick = i % 11
        if pick == 10:
            if html_form:
                out.append(Message(i, None, None, f"{name} invited {authors[0][0]}",
                                   kind="system", source_id=sid))
            else:
                out.append(Message(i, when, name, f"invite_members: {authors[0][0]}",
                                   kind="system", author_id=uid, source_id=sid))
            continue
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 10)))
        kw: dict[str, object] = {}
        if pick == 1:
            text += "\n" + " ".join(rnd.choice(words) for _ in range(4))
        elif pick == 2:
            url = f"https://t.me/c/{i}/2"
            text = f"{text} {url}"
            kw["links"] = (url,)
        elif pick == 3:
            text = f"@sara_ali {text} #حملة_{i}"
            kw.update(mentions=("@sara_ali",), hashtags=(f"#حملة_{i}",))
        elif pick == 4:
            kind = ("photo", "video", "voice", "sticker", "document", "audio")[i % 6]
            path = tg_media_path(kind, i, when.replace(tzinfo=None))
            included = media and i % 3 != 0
            nm = path.rsplit("/", 1)[-1] if (included or kind != "photo") else ""
            if html_form and not included:
                nm = ""
            kw["attachments"] = (Attachment(nm, path if included else None, kind),)
            text = text if i % 2 else ""
        elif pick == 5 and out:
            kw["reply_to"] = rnd.randrange(len(out))
        elif pick == 6:
            kw["forwarded_from"] = "قناة مجهولة" if locale == "ar" else "Unknown channel"
        elif pick == 7 and not html_form:
            kw["edited"] = True
        elif pick == 8:
            kw["reactions"] = (("👎", 3), ("🔥", 1))
        out.append(Message(i, when, name, text, author_id=None if html_form else uid,
                           source_id=sid, **kw))  # type: ignore[arg-type]
    return out


def fake_tg_media(messages: Sequence[Message]) -> dict[str, bytes]:
    return {a.member: f"media {a.member}".encode() for m in messages for a in m.attachments
            if a.member}


def big_telegram_json(n: int = 100_000) -> bytes:
    """A ``result.json`` with ``n`` plain messages, built directly as JSON text (fast)."""
    base = 1_672_531_200
    msgs = []
    for i in range(n):
        t = base + 37 * i
        local = datetime.fromtimestamp(t + 3 * 3600, UTC).replace(tzinfo=None).isoformat()
        msgs.append(f'{{"id": {i + 1}, "type": "message", "date": "{local}", '
                    f'"date_unixtime": "{t}", "from": "User {i % 7}", "from_id": "user{i % 7}", '
                    f'"text": "message {i}", "text_entities": [{{"type": "plain", '
                    f'"text": "message {i}"}}]}}')
    return ('{"name": "Big", "type": "private_supergroup", "id": 1, "messages": [\n'
            + ",\n".join(msgs) + "]}").encode("utf-8")
