# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Telegram Desktop "Export chat history" (JSON ``result.json`` and HTML ``messages*.html``) →
:class:`~app.chats.model.ChatExport`.

JSON: a single chat (``{"name", "type", "id", "messages"}``) or a whole-account export
(``{"chats": {"list": [...]}, "left_chats": {...}}``): :func:`list_chats` names its chats and
``chat=`` picks one (``chat.choose_chat`` when there are several and none was picked). ``text`` is a
string or a list of strings and entities; ``text_entities`` (newer exports) gives links, mentions
and hashtags. ``date_unixtime`` with the naive local ``date`` gives an aware time *with the
exporter's offset* (``date - utc``); without ``date_unixtime`` the time stays naive. Service
messages become ``kind="system"`` records whose author is the actor and whose text is
``action[: members][: title]`` (the action code as exported, e.g. ``invite_members: Sara``).

HTML: parsed with :mod:`html.parser` only — never rendered, nothing fetched, ``<script>`` and
``<style>`` content ignored. Pages are read in order (``messages.html``, ``messages2.html`` …);
"joined" messages without a name inherit the previous author; the ``title`` of the date
(``31.12.2023 21:41:05 UTC+03:00``) gives an aware time; date separators (negative ids) are
skipped; other service messages keep their text as shown, with no time.

Both: ``reply_to`` is resolved to the index of the replied-to message when it is in the export.
"""

from __future__ import annotations

import html
import json
import logging
import re
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, BinaryIO

from app.chats.archive import ExportZip
from app.chats.common import (
    DEFAULT_LIMITS,
    ChatLimits,
    decode_text,
    extract_hashtags,
    extract_links,
    extract_mentions,
    gc_paused,
    rejected,
)
from app.chats.model import Attachment, ChatExport, Message
from app.chats.telegram_html import HtmlMessage, page_order, read_pages
from app.textsafety import is_web_link

log = logging.getLogger(__name__)

_NOT_INCLUDED = "(File not included"
_MEDIA_KIND = {"voice_message": "voice", "video_file": "video", "video_message": "video",
               "sticker": "sticker", "animation": "video", "audio_file": "audio"}


# ---------------------------------------------------------------------------------------- JSON

def _load_json(data: bytes, limits: ChatLimits) -> Any:
    if len(data) > limits.max_json_bytes:
        raise rejected("chat.too_large", name="result.json", limit=limits.max_json_bytes)
    text = decode_text(data, "result.json")
    try:
        return json.loads(text)
    except RecursionError:
        raise rejected("chat.json_too_deep", limit=sys.getrecursionlimit()) from None
    except json.JSONDecodeError as exc:
        raise rejected("chat.bad_json", reason=f"{exc.msg} @{exc.pos}") from None


def _chat_list(root: Any) -> list[dict[str, Any]]:
    if not isinstance(root, dict):
        raise rejected("chat.bad_telegram", reason="top level")
    if isinstance(root.get("messages"), list):
        return [root]
    chats: list[dict[str, Any]] = []
    for key in ("chats", "left_chats"):
        group = root.get(key)
        items = group.get("list") if isinstance(group, dict) else None
        if isinstance(items, list):
            chats.extend(c for c in items if isinstance(c, dict)
                         and isinstance(c.get("messages"), list))
    if not chats:
        raise rejected("chat.no_messages")
    return chats


def list_chats(data: bytes, limits: ChatLimits = DEFAULT_LIMITS) -> list[tuple[str, str, int]]:
    """(name, type, message count) of every chat in a ``result.json``, in export order."""
    return [(str(c.get("name") or ""), str(c.get("type") or ""), len(c["messages"]))
            for c in _chat_list(_load_json(data, limits))]


@gc_paused
def parse_json(data: bytes, limits: ChatLimits = DEFAULT_LIMITS, chat: int | None = None,
               members: set[str] | None = None, prefix: str = "") -> ChatExport:
    """Parse a ``result.json``.

    Args:
        data: the file's bytes.
        limits: caps.
        chat: index (see :func:`list_chats`) of the chat to parse in a whole-account export.
        members: for a zipped export, the zip's member names (media found there get
            ``member`` = ``prefix`` + the export's relative path; others ``None``).
        prefix: the folder of ``result.json`` inside the zip ("" or "ChatExport_…/").

    Raises:
        InputRejected: ``chat.bad_encoding``, ``chat.bad_json``, ``chat.json_too_deep``,
            ``chat.bad_telegram``, ``chat.no_messages``, ``chat.choose_chat``,
            ``chat.no_such_chat``, ``chat.too_many_messages``, ``chat.message_too_long``.
    """
    chats = _chat_list(_load_json(data, limits))
    if chat is None:
        if len(chats) > 1:
            raise rejected("chat.choose_chat", count=len(chats))
        chat = 0
    if not 0 <= chat < len(chats):
        raise rejected("chat.no_such_chat", chat=chat)
    raw = chats[chat]["messages"]
    if len(raw) > limits.max_messages:
        raise rejected("chat.too_many_messages", limit=limits.max_messages)
    export = ChatExport(platform="telegram",
                        source_format="telegram-json" + ("-zip" if members is not None else ""),
                        title=_str(chats[chat].get("name")))
    ids: dict[str, int] = {}
    replies: list[tuple[int, str]] = []
    for i, m in enumerate(raw):
        if not isinstance(m, dict):
            raise rejected("chat.bad_telegram", reason=f"message {i}")
        msg = _json_message(len(export.messages), m, limits, members, prefix)
        if msg.source_id is not None:
            ids.setdefault(msg.source_id, msg.index)
        if "reply_to_message_id" in m and m.get("reply_to_peer_id") is None:
            replies.append((msg.index, _str(m["reply_to_message_id"])))
        export.messages.append(msg)
    _resolve_replies(export, ids, replies)
    _finish(export)
    return export


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _when(m: dict[str, Any]) -> datetime | None:
    local = m.get("date")
    try:
        naive = datetime.fromisoformat(local) if isinstance(local, str) else None
    except ValueError:
        naive = None
    if naive is not None and naive.tzinfo is not None:
        return naive
    unix = m.get("date_unixtime")
    try:
        utc = datetime.fromtimestamp(int(unix), UTC) if unix is not None else None
    except (ValueError, OverflowError, OSError):
        utc = None
    if utc is None:
        return naive
    if naive is None:
        return utc
    offset = naive - utc.replace(tzinfo=None)
    if offset % timedelta(minutes=1) or abs(offset) > timedelta(hours=14):
        return utc  # the local date does not belong to this instant: keep UTC
    return utc.astimezone(timezone(offset))


def _flatten(m: dict[str, Any]) -> tuple[str, list[str], list[str], list[str], bool]:
    """Text plus links, mentions, hashtags from ``text_entities`` or ``text`` (entities given:
    True)."""
    parts = m.get("text_entities")
    if not isinstance(parts, list):
        raw = m.get("text", "")
        parts = raw if isinstance(raw, list) else [raw]
    text: list[str] = []
    links: list[str] = []
    mentions: list[str] = []
    tags: list[str] = []
    entities = False
    for p in parts:
        if isinstance(p, str):
            text.append(p)
            continue
        if not isinstance(p, dict):
            continue
        entities = True
        t = _str(p.get("text"))
        text.append(t)
        kind = p.get("type")
        if kind == "link":
            links.append(t)
        elif kind == "text_link" and isinstance(p.get("href"), str):
            links.append(p["href"])
        elif kind in ("mention", "mention_name"):
            mentions.append(t)
        elif kind == "hashtag":
            tags.append(t)
    return "".join(text), links, mentions, tags, entities


def _attachment(m: dict[str, Any], members: set[str] | None, prefix: str) -> Attachment | None:
    for key in ("photo", "file"):
        path = m.get(key)
        if not isinstance(path, str) or not path:
            continue
        kind = "photo" if key == "photo" else _MEDIA_KIND.get(_str(m.get("media_type")),
                                                              "document")
        if path.startswith(_NOT_INCLUDED):
            return Attachment(name=_str(m.get("file_name")), member=None, kind=kind)
        name = _str(m.get("file_name")) or path.rsplit("/", 1)[-1]
        member: str | None = path
        if members is not None:
            member = prefix + path if prefix + path in members else None
        return Attachment(name=name, member=member, kind=kind)
    return None


def _json_message(index: int, m: dict[str, Any], limits: ChatLimits, members: set[str] | None,
                  prefix: str) -> Message:
    source_id = _str(m.get("id")) if m.get("id") is not None else None
    when = _when(m)
    if m.get("type") == "service":
        parts = [_str(m.get("action"))]
        if isinstance(m.get("members"), list):
            parts.append(", ".join(_str(x) for x in m["members"]))
        if m.get("title") is not None:
            parts.append(_str(m.get("title")))
        return Message(index=index, sent_at=when, author=m.get("actor") or None,
                       text=": ".join(parts), kind="system",
                       author_id=m.get("actor_id") or None, source_id=source_id)
    text, links, mentions, tags, entities = _flatten(m)
    if len(text) > limits.max_message_chars:
        raise rejected("chat.message_too_long", line=index + 1, limit=limits.max_message_chars)
    if not entities:
        links, mentions, tags = (list(extract_links(text)), list(extract_mentions(text)),
                                 list(extract_hashtags(text)))
    att = _attachment(m, members, prefix)
    reactions = []
    for r in m.get("reactions") or ():
        if isinstance(r, dict):
            key = r.get("emoji") or f"custom:{_str(r.get('document_id'))}"
            try:
                reactions.append((str(key), int(r.get("count", 0))))
            except (TypeError, ValueError):
                continue
    fwd = m.get("forwarded_from")
    return Message(index=index, sent_at=when, author=_str(m["from"]) if m.get("from") else None,
                   text=text, author_id=_str(m.get("from_id")) or None, source_id=source_id,
                   forwarded_from=_str(fwd) if fwd is not None else None,
                   edited="edited" in m or "edited_unixtime" in m,
                   attachments=(att,) if att else (), reactions=tuple(reactions),
                   links=tuple(dict.fromkeys(links)), mentions=tuple(dict.fromkeys(mentions)),
                   hashtags=tuple(dict.fromkeys(tags)))


def _resolve_replies(export: ChatExport, ids: dict[str, int],
                     replies: list[tuple[int, str]]) -> None:
    for index, target in replies:
        if target in ids:
            export.messages[index] = replace(export.messages[index], reply_to=ids[target])


def _finish(export: ChatExport) -> None:
    if not export.messages:
        raise rejected("chat.no_messages")
    seen: dict[str, None] = {}
    for m in export.messages:
        if m.author is not None and m.kind == "message":
            seen.setdefault(m.author)
    export.participants = list(seen)
    export.has_offset = all(m.sent_at is not None and m.sent_at.tzinfo is not None
                            for m in export.messages)


# ---------------------------------------------------------------------------------------- HTML

@gc_paused
def parse_html(pages: list[bytes], limits: ChatLimits = DEFAULT_LIMITS,
               members: set[str] | None = None, prefix: str = "") -> ChatExport:
    """Parse the ``messages*.html`` pages of one chat, in reading order
    (:func:`app.chats.telegram_html.page_order`).

    Raises:
        InputRejected: ``chat.too_many_files``, ``chat.bad_encoding``, ``chat.bad_telegram``,
            ``chat.no_messages``, ``chat.too_many_messages``, ``chat.message_too_long``.
    """
    if len(pages) > limits.max_html_files:
        raise rejected("chat.too_many_files", limit=limits.max_html_files)
    texts = [decode_text(p, "messages.html") for p in pages]
    export = ChatExport(platform="telegram",
                        source_format="telegram-html" + ("-zip" if members is not None else ""),
                        title=_html_title(texts[0]) if texts else "")
    ids: dict[str, int] = {}
    replies: list[tuple[int, str]] = []
    author: str | None = None
    for h in read_pages(texts, limits):
        if h.service:
            if h.source_id.startswith("-"):
                continue  # a date separator, not a message
            msg = Message(index=len(export.messages), sent_at=h.sent_at, author=None,
                          text=h.text, kind="system", source_id=h.source_id or None)
        else:
            if h.from_name is not None or not h.joined:
                author = h.from_name
            # a reply to an earlier message is resolved at once, a later one at the end
            earlier = ids.get(h.reply_to) if h.reply_to is not None else None
            msg = _html_message(len(export.messages), h, author, members, prefix, earlier)
            if h.reply_to is not None and earlier is None:
                replies.append((msg.index, h.reply_to))
        if msg.source_id is not None:
            ids.setdefault(msg.source_id, msg.index)
        export.messages.append(msg)
    _resolve_replies(export, ids, replies)
    _finish(export)
    return export


def _html_message(index: int, h: HtmlMessage, author: str | None, members: set[str] | None,
                  prefix: str, reply_to: int | None = None) -> Message:
    atts = []
    for kind, href in h.media:
        member = href
        if href is not None and members is not None:
            member = prefix + href if prefix + href in members else None
        atts.append(Attachment(name=href.rsplit("/", 1)[-1] if href else "", member=member,
                               kind=kind))
    media = {href for _k, href in h.media if href}
    links = [u for u in h.hrefs if u not in media and is_web_link(u)]
    links += extract_links(h.text)
    return Message(index=index, sent_at=h.sent_at, author=author, text=h.text,
                   source_id=h.source_id or None, forwarded_from=h.forwarded_from,
                   reply_to=reply_to,
                   attachments=tuple(atts), reactions=tuple(h.reactions),
                   links=tuple(dict.fromkeys(links)), mentions=extract_mentions(h.text),
                   hashtags=extract_hashtags(h.text))


_TITLE = re.compile(r'<div class="text bold">\s*([^<]{1,500}?)\s*</div>')


def _html_title(page: str) -> str:
    m = _TITLE.search(page, 0, 20_000)
    return html.unescape(m.group(1)) if m else ""


# ----------------------------------------------------------------------------------------- zip

@gc_paused
def parse_zip(data: bytes | BinaryIO, limits: ChatLimits = DEFAULT_LIMITS,
              chat: int | None = None) -> ChatExport:
    """A zipped Telegram export folder: its ``result.json`` (preferred) or its
    ``messages*.html`` pages; media linked to the zip's members."""
    z = ExportZip(data, limits)
    names = z.names()
    members = set(names)
    results = sorted((n for n in names if n.rsplit("/", 1)[-1] == "result.json"),
                     key=lambda n: (n.count("/"), n))
    if results:
        prefix = results[0][: -len("result.json")]
        return parse_json(z.read(results[0], limits.max_text_member), limits, chat=chat,
                          members=members, prefix=prefix)
    pages = page_order(names)
    if not pages:
        raise rejected("chat.not_a_chat")
    if len(pages) > limits.max_html_files:
        raise rejected("chat.too_many_files", limit=limits.max_html_files)
    prefix = pages[0][: -len("messages.html")]
    return parse_html([z.read(p, limits.max_text_member) for p in pages], limits,
                      members=members, prefix=prefix)
