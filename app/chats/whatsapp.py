# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""WhatsApp "Export chat" (Android and iPhone, every locale) → :class:`~app.chats.model.ChatExport`.

Line shapes (digits may be Latin, Arabic-Indic or Persian; U+200E/U+200F and the embedding/isolate
controls may sit anywhere in the header; NBSP or U+202F may precede AM/PM)::

    12/31/23, 9:41 PM - Name: text               Android, month/day, 12-hour
    31/12/2023, 21:41 - Name: text               Android, day/month, 24-hour
    ٣١/١٢/٢٠٢٣، ٩:٤١ م - الاسم: النص              Android, Arabic (U+200F after each /)
    31.12.23, 21:41 - Name: text                 German/Russian style dots
    [31/12/2023, 21:41:05] Name: text            iPhone
    [31/12/2023, 9:41:05 PM] Group: ‎Name added Sara   iPhone system line (author = group)

The day/month order is decided once for the whole file: a 4-digit first field ⇒ ymd; any first
field > 12 ⇒ dmy; any second field > 12 ⇒ mdy; otherwise the order under which the dates run
forward most often wins (tie: dmy) and ``chat.ambiguous_dates`` is added to the warnings. A line
whose date is impossible under the chosen order is a continuation line of the previous message.

The parse is one pass over the lines with anchored, linear regular expressions (no backtracking
across the line), so a 100,000-message export takes well under a second per MiB; a message longer
than ``max_message_chars`` is refused (``chat.message_too_long``) rather than kept in part.
Times are naive local times (WhatsApp exports carry no offset).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from app.chats.archive import ExportZip
from app.chats.common import (
    DEFAULT_LIMITS,
    ChatLimits,
    decode_text,
    extract_hashtags,
    extract_links,
    extract_mentions,
    gc_paused,
    kind_for_name,
    rejected,
)
from app.chats.model import Attachment, ChatExport, Message

log = logging.getLogger(__name__)

_MARKS = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
_M = f"[{_MARKS}]*+"  # possessive: adjacent runs of marks can never backtrack (linear time)
_D = "[0-9\u0660-\u0669\u06f0-\u06f9]"
_SP = "[ \u00a0\u202f]"
_DATE = (rf"{_M}(?P<a>{_D}{{1,4}}){_M}[./-]{_M}(?P<b>{_D}{{1,2}}){_M}[./-]{_M}"
         rf"(?P<c>{_D}{{2,4}}){_M}\.?{_M}")
_SEP = rf"(?:[,،]{_M}{_SP}*+|{_SP}++){_M}"
_TIME = (rf"(?P<h>{_D}{{1,2}}){_M}[:.]{_M}(?P<mi>{_D}{{2}})(?:{_M}[:.]{_M}(?P<s>{_D}{{2}}))?"
         rf"(?:{_M}{_SP}*+{_M}(?P<ap>[AaPp]\.?{_SP}?[Mm]\.?|[صم]))?{_M}")
ANDROID_HEAD = re.compile(rf"{_M}{_DATE}{_SEP}{_TIME}{_SP}?[-–]{_SP}")
IOS_HEAD = re.compile(rf"{_M}\[{_DATE}{_SEP}{_TIME}\]{_M}{_SP}?")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_STRIP_MARKS = re.compile(f"[{_MARKS}]")
_LRM = "\u200e"

# WhatsApp's own markers, English and Arabic, Android and iPhone.
_DELETED = frozenset({
    "This message was deleted", "You deleted this message", "This message was deleted.",
    "You deleted this message.", "تم حذف هذه الرسالة", "لقد حذفت هذه الرسالة", "حذفت هذه الرسالة",
    "تم حذف هذه الرسالة.", "لقد حذفت هذه الرسالة.", "حذفت هذه الرسالة.",
})
_OMITTED = {
    "<Media omitted>": "", "<الوسائط غير مضمنة>": "", "<الوسائط غير مضمّنة>": "",
    "<تم استبعاد الوسائط>": "", "<media omitted>": "",
    "image omitted": "photo", "video omitted": "video", "audio omitted": "voice",
    "sticker omitted": "sticker", "GIF omitted": "video", "document omitted": "document",
    "Contact card omitted": "document",
    "تم استبعاد الصورة": "photo", "تم استبعاد الفيديو": "video", "تم استبعاد الصوت": "voice",
    "تم استبعاد الملصق": "sticker", "تم استبعاد صورة GIF": "video",
    "تم استبعاد المستند": "document", "تم استبعاد بطاقة جهة الاتصال": "document",
}
_EDITED = ("<This message was edited>", "<تم تعديل هذه الرسالة>")
_IOS_ATTACHED = re.compile(r"<(?:attached|مرفق|ملف مرفق): ([^\n<>]{1,255})>")
_ANDROID_ATTACHED = re.compile(r"([^\n<>]{1,255}?) \((?:file attached|ملف مرفق)\)")

_SYSTEM_EN = re.compile(
    r"end-to-end encrypt|created (?:group|this group)|\badded\b|\bjoined using\b|\bjoined\b"
    r"|\bleft$|\bremoved\b|changed the subject|changed this group'?s|changed the group"
    r"|deleted this group'?s icon|security code (?:with .{0,200} )?changed|Your security code"
    r"|changed their phone number|changed to \+|is now an admin|now an admin|were added"
    r"|disappearing messages|pinned a message|turned (?:on|off)|This chat is with a business",
    re.IGNORECASE)
_SYSTEM_AR = re.compile(
    r"مشفرة|مشفّرة|أنشأ|أضاف|تمت إضافتك|انضم|غادر|أزال|غيّر|غير الموضوع|غيرت|رمز الأمان"
    r"|مشرف|الرسائل المؤقتة|ثبّت|ثبت رسالة|حذف صورة هذه المجموعة|هذه الدردشة مع حساب")
# a system line that itself holds ": " (a subject or description in quotes)
_SYSTEM_BEFORE_COLON = re.compile(
    r"changed the subject|changed the group (?:name|description)|created group|"
    r"الموضوع|وصف المجموعة|اسم المجموعة|أنشأ المجموعة|أنشأ مجموعة")
_TITLE_FROM_NAME = re.compile(
    r"^(?:WhatsApp Chat(?: with)?|WhatsApp-Chat mit|Chat de WhatsApp con|Discussion WhatsApp avec"
    r"|محادثة واتساب(?: مع)?|دردشة واتساب(?: مع)?|دردشة WhatsApp(?: مع)?|محادثة WhatsApp(?: مع)?)"
    r"\s*[-–]?\s*(.+)$", re.IGNORECASE)


@dataclass
class _Head:
    line: int
    a: str
    b: int
    c: int
    h: int
    mi: int
    s: int
    ap: str
    rest: str


def title_from_name(name: str) -> str:
    """``WhatsApp Chat with X.txt`` / ``WhatsApp Chat - X.zip`` / ``محادثة واتساب مع X.txt`` → X."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    for ext in (".txt", ".zip"):
        if base.lower().endswith(ext):
            base = base[: -len(ext)]
    m = _TITLE_FROM_NAME.match(base.strip())
    return m.group(1).strip() if m else ""


def sniff_platform(text: str, max_lines: int = 50) -> str | None:
    """"android" / "ios" when one of the first non-empty lines is a WhatsApp header, else None."""
    seen = 0
    for line in text.split("\n", max_lines)[:max_lines]:
        if not line.strip():
            continue
        if IOS_HEAD.match(line):
            return "ios"
        if ANDROID_HEAD.match(line):
            return "android"
        seen += 1
        if seen > 5:
            return None
    return None


@gc_paused
def parse_txt(data: bytes, name: str = "", limits: ChatLimits = DEFAULT_LIMITS,
              members: dict[str, str] | None = None, zipped: bool = False) -> ChatExport:
    """Parse the bytes of a WhatsApp chat ``.txt``.

    Args:
        data: the file's bytes (UTF-8, possibly with BOM, or UTF-16 with BOM).
        name: the file name, used for the chat title ("WhatsApp Chat with X.txt").
        limits: caps.
        members: for a zip export, attachment file name → zip member path.
        zipped: set by :func:`parse_zip` (the source format then ends in ``-zip``).

    Raises:
        InputRejected: ``chat.bad_encoding``, ``chat.not_whatsapp``, ``chat.too_many_messages``,
            ``chat.message_too_long``.
    """
    text = decode_text(data)
    platform = sniff_platform(text)
    if platform is None:
        raise rejected("chat.not_whatsapp")
    head_re = IOS_HEAD if platform == "ios" else ANDROID_HEAD
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    heads = _find_heads(lines, head_re, limits)
    order, warnings = _decide_order(heads)
    export = ChatExport(platform="whatsapp",
                        source_format=f"whatsapp-{platform}-{'zip' if zipped else 'txt'}",
                        title=title_from_name(name), date_order=order, warnings=warnings)
    _build(export, lines, heads, order, ios=platform == "ios", limits=limits,
           members=members or {})
    return export


def _find_heads(lines: list[str], head_re: re.Pattern[str], limits: ChatLimits) -> list[_Head]:
    heads: list[_Head] = []
    match = head_re.match
    for i, line in enumerate(lines):
        m = match(line)
        if m is None:
            continue
        g = m.groupdict()
        try:
            b = int(g["b"].translate(_DIGITS))
            c = int(g["c"].translate(_DIGITS))
            h = int(g["h"].translate(_DIGITS))
            mi = int(g["mi"].translate(_DIGITS))
            s = int(g["s"].translate(_DIGITS)) if g["s"] else 0
        except ValueError:
            continue  # str.isdigit() digits outside our three systems: not a header
        heads.append(_Head(i, g["a"].translate(_DIGITS), b, c, h, mi, s, g["ap"] or "",
                           line[m.end():]))
        if len(heads) > limits.max_messages:
            raise rejected("chat.too_many_messages", limit=limits.max_messages)
    if not heads:
        raise rejected("chat.not_whatsapp")
    return heads


def _decide_order(heads: list[_Head]) -> tuple[str, list[str]]:
    if sum(len(h.a) == 4 for h in heads) * 2 > len(heads):
        return "ymd", []
    firsts = [int(h.a) for h in heads if len(h.a) <= 2]
    if any(a > 12 for a in firsts):
        return "dmy", []
    if any(h.b > 12 for h in heads):
        return "mdy", []
    # ambiguous: the order under which the export runs forward more often
    back = {"dmy": 0, "mdy": 0}
    prev: dict[str, tuple[int, int, int]] = {}
    for h in heads:
        a = int(h.a)
        for order, key in (("dmy", (h.c, h.b, a)), ("mdy", (h.c, a, h.b))):
            if order in prev and key < prev[order]:
                back[order] += 1
            prev[order] = key
    order = "mdy" if back["mdy"] < back["dmy"] else "dmy"
    return order, ["chat.ambiguous_dates"]


def _when(h: _Head, order: str) -> datetime | None:
    a = int(h.a)
    if order == "ymd":
        year, month, day = a, h.b, h.c
    elif order == "dmy":
        day, month, year = a, h.b, h.c
    else:
        month, day, year = a, h.b, h.c
    if year < 100:
        year += 2000
    hour = h.h
    ap = h.ap.replace(".", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if ap:
        if not 1 <= hour <= 12:
            return None
        pm = ap.lower() == "pm" or ap == "م"
        hour = hour % 12 + (12 if pm else 0)
    try:
        return datetime(year, month, day, hour, h.mi, h.s)
    except ValueError:
        return None


def _build(export: ChatExport, lines: list[str], heads: list[_Head], order: str, *, ios: bool,
           limits: ChatLimits, members: dict[str, str]) -> None:
    # resolve each header's time first: a header with an impossible date is a continuation line
    valid: list[tuple[_Head, datetime]] = []
    for h in heads:
        when = _when(h, order)
        if when is not None:
            valid.append((h, when))
    if not valid:
        raise rejected("chat.not_whatsapp")
    if valid[0][0].line > 0 and any(line.strip() for line in lines[: valid[0][0].line]):
        export.warnings.append("chat.leading_text")
        lead = "\n".join(lines[: valid[0][0].line])
        export.messages.append(Message(index=0, sent_at=None, author=None, text=lead,
                                       kind="system"))
    seen_authors: dict[str, None] = {}
    title_guess = ""
    for k, (h, when) in enumerate(valid):
        end = valid[k + 1][0].line if k + 1 < len(valid) else len(lines)
        size = len(h.rest) + sum(len(lines[j]) + 1 for j in range(h.line + 1, end))
        if size > limits.max_message_chars:
            raise rejected("chat.message_too_long", line=h.line + 1,
                           limit=limits.max_message_chars)
        body = h.rest if end == h.line + 1 else "\n".join([h.rest, *lines[h.line + 1 : end]])
        msg, group = _message(len(export.messages), when, body, ios, members, limits)
        if group and not title_guess:
            title_guess = group
        if msg.author is not None:
            seen_authors.setdefault(msg.author)
        export.messages.append(msg)
    if not export.title and title_guess:
        export.title = title_guess
    export.participants = list(seen_authors)


def _split_author(rest: str, ios: bool, limits: ChatLimits) -> tuple[str | None, str]:
    colon = rest.find(": ", 0, limits.max_author_chars + 2)
    if colon <= 0:
        return None, rest
    if not ios and _SYSTEM_BEFORE_COLON.search(rest, 0, colon):
        return None, rest  # Android: 'X changed the subject from "a: b"' has no author
    return rest[:colon], rest[colon + 2 :]


def _is_system(text: str) -> bool:
    head = text[:300]
    return bool(_SYSTEM_EN.search(head) or _SYSTEM_AR.search(head))


def _message(index: int, when: datetime, rest: str, ios: bool, members: dict[str, str],
             limits: ChatLimits) -> tuple[Message, str]:
    """One message from the text after its header. Returns it and, for an iPhone system line,
    the group name it carried as author ("" otherwise)."""
    author, body = _split_author(rest, ios, limits)
    if author is None:
        text = body[1:] if body.startswith(_LRM) else body
        return Message(index=index, sent_at=when, author=None, text=text, kind="system"), ""
    marked = body.startswith(_LRM)
    core = body[1:] if marked else body
    edited = False
    for tag in _EDITED if core.endswith(">") else ():
        for sep in (" " + _LRM, _LRM, " ", ""):
            if core.endswith(sep + tag):
                core = core[: -len(sep + tag)]
                edited = True
                break
        if edited:
            break
    stripped = core.strip() if len(core) < 64 else ""
    if stripped in _DELETED:
        return Message(index=index, sent_at=when, author=author, text="", deleted=True,
                       edited=edited), ""
    if stripped in _OMITTED:
        att = Attachment(name="", member=None, kind=_OMITTED[stripped])
        return Message(index=index, sent_at=when, author=author, text="", edited=edited,
                       attachments=(att,)), ""
    attachments: tuple[Attachment, ...] = ()
    first, nl, after = core.partition("\n")
    m = (_IOS_ATTACHED if ios else _ANDROID_ATTACHED).fullmatch(first.lstrip(_LRM))
    if m is not None:
        fname = m.group(1)
        attachments = (Attachment(name=fname, member=members.get(fname),
                                  kind=kind_for_name(fname)),)
        core = after
        marked = False
    elif ios and marked and _is_system(core):
        return Message(index=index, sent_at=when, author=None, text=core, kind="system"), author
    text = (_LRM + core) if marked else core
    return Message(index=index, sent_at=when, author=author, text=text, edited=edited,
                   attachments=attachments, links=extract_links(text),
                   mentions=extract_mentions(text), hashtags=extract_hashtags(text)), ""


_CHAT_TXT = re.compile(r"(?:^|/)(?:_chat\.txt|(?:WhatsApp Chat|WhatsApp-Chat|محادثة واتساب"
                       r"|دردشة واتساب|دردشة WhatsApp|محادثة WhatsApp)[^/]*\.txt)$", re.IGNORECASE)


def find_chat_member(names: list[str]) -> str | None:
    """The chat text of a WhatsApp zip: ``_chat.txt`` (iPhone), ``WhatsApp Chat with X.txt``
    (Android, any language we know), else the only ``.txt`` at the top level."""
    named = [n for n in names if _CHAT_TXT.search(n) and not n.startswith("__MACOSX/")]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        return None
    txt = [n for n in names if n.lower().endswith(".txt") and "/" not in n]
    return txt[0] if len(txt) == 1 else None


@gc_paused
def parse_zip(data: bytes | BinaryIO, name: str = "",
              limits: ChatLimits = DEFAULT_LIMITS) -> ChatExport:
    """Parse a WhatsApp export ``.zip``: the chat text plus its media, linked by file name.

    Raises:
        InputRejected: the zip refusals of :class:`app.chats.archive.ExportZip`,
            ``chat.no_chat_text`` and those of :func:`parse_txt`.
    """
    z = ExportZip(data, limits)
    chat = find_chat_member(z.names())
    if chat is None:
        raise rejected("chat.no_chat_text")
    media = {n.rsplit("/", 1)[-1]: n for n in z.names() if n != chat}
    title = title_from_name(name) or title_from_name(chat)
    export = parse_txt(z.read(chat, limits.max_text_member), chat, limits, media, zipped=True)
    if title:
        export.title = title
    return export


def strip_marks(value: str) -> str:
    """``value`` without bidi marks and embedding/isolate controls (for comparisons and keys)."""
    return _STRIP_MARKS.sub("", value)
