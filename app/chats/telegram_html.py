# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Telegram Desktop HTML export (``messages.html``, ``messages2.html`` …) → messages.

Parsed as a stream of tags by :meth:`_Page.feed`, a small tokenizer of the HTML subset Telegram
writes: never rendered, no resource fetched, ``<script>``/``<style>`` content dropped, character
references decoded (:func:`html.unescape`). It replaced :class:`html.parser.HTMLParser`, whose
per-tag Python work made 100,000 messages (1.5 million tags) take 7.7 s; lxml would be faster
still but the packaged app leaves it out (packaging/README.md). The tokenizer is linear by
construction: every regular expression is possessive (no backtracking), and a tag, comment or
script that never closes ends the page (its rest is not markup we read), so no position is
scanned twice. The parser keeps
a stack of open elements (capped at ``_MAX_DEPTH``, ``chat.bad_telegram`` beyond) and reads the
classes Telegram Desktop writes::

    <div class="message default clearfix [joined]" id="message123">
      <div class="body">
        <div class="pull_right date details" title="31.12.2023 21:41:05 UTC+03:00">21:41</div>
        <div class="from_name">Name</div>                         (absent on joined messages)
        <div class="reply_to details">… <a href="#go_to_message120">…</a></div>
        <div class="forwarded body"><div class="from_name">Orig <span class="date details">…
        <div class="media_wrap clearfix"><a class="photo_wrap …" href="photos/…jpg">…</a></div>
        <div class="text">text<br>more <a href="https://…">…</a></div>
        <span class="reactions"><span class="reaction"><span class="emoji">👍</span>
              <span class="count">2</span></span></span>
    <div class="message service" id="message-1"><div class="body details">31 December 2023</div>
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from html import unescape

from app.chats.common import ChatLimits, rejected

log = logging.getLogger(__name__)

_MAX_DEPTH = 256
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base",
                   "col", "embed", "param", "track"})
_DATE = re.compile(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2}):(\d{2})"
                   r"(?: UTC([+-])(\d{1,2}):(\d{2}))?")
_GO_TO = re.compile(r"go_to_message(-?\d+)")
MEDIA_CLASSES = (("photo_wrap", "photo"), ("media_photo", "photo"),
                 ("video_file_wrap", "video"), ("media_video", "video"),
                 ("video_message_wrap", "video"), ("animated_wrap", "video"),
                 ("media_animation", "video"), ("media_voice_message", "voice"),
                 ("media_audio_file", "audio"), ("sticker_wrap", "sticker"),
                 ("media_sticker", "sticker"), ("media_file", "document"))
_MEDIA_NAMES = frozenset(c for c, _k in MEDIA_CLASSES)
#: every class :meth:`_Page._role` looks at, and the tags it looks at whatever their class
_ROLE_CLASSES = _MEDIA_NAMES | {"message", "default", "service", "date", "details", "reaction",
                                "emoji", "count", "forwarded", "body", "from_name", "reply_to",
                                "text"}
_ANY_ROLE = frozenset({"a", "script", "style"})


@dataclass
class HtmlMessage:
    """One message as the page shows it (the caller turns it into a model Message)."""

    source_id: str
    service: bool
    joined: bool
    sent_at: datetime | None = None
    from_name: str | None = None
    text: str = ""
    reply_to: str | None = None
    forwarded_from: str | None = None
    hrefs: list[str] = field(default_factory=list)
    media: list[tuple[str, str | None]] = field(default_factory=list)   # (kind, href)
    reactions: list[tuple[str, int]] = field(default_factory=list)


@lru_cache(maxsize=256)
def _zone(sign: str, hours: int, minutes: int) -> timezone:
    off = timedelta(hours=hours, minutes=minutes)
    return timezone(off if sign == "+" else -off)


def parse_title_date(title: str) -> datetime | None:
    """``31.12.2023 21:41:05 UTC+03:00`` → aware; without ``UTC±hh:mm`` → naive."""
    m = _DATE.match(title)
    if m is None:
        return None
    d, mo, y, h, mi, s, sign, oh, om = m.groups()
    try:
        when = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s))
        if sign:
            return when.replace(tzinfo=_zone(sign, int(oh), int(om)))
    except ValueError:
        return None
    return when


# From a "<": a start or end tag (name, then attributes; quoted values may hold ">"), else a
# comment, else the start of a tag that never closes, else a declaration ("<!DOCTYPE", "<?",
# a bogus "</ …>"). A "<" followed by anything else is text and not matched.
_MARKUP = re.compile(r"<(?:(/?)([a-zA-Z][^\t\n\f\r />]*+)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>"
                     r"|(!--)|(/?[a-zA-Z])|[!?/])")
_ATTR = re.compile(r"([^\s\"'>/=][^\s\"'>/=]*+)"
                   r"(?:\s*+=\s*+(?:\"([^\"]*+)\"|'([^']*+)'|([^\s>]++)))?")
_SIMPLE_ATTRS = re.compile(r' ([a-zA-Z][-a-zA-Z0-9_:.]*+)="([^"]*+)"')
_RAW_END = {"script": re.compile(r"</script[\t\n\f\r />]", re.IGNORECASE),
            "style": re.compile(r"</style[\t\n\f\r />]", re.IGNORECASE)}
_NO_ATTRS: tuple[dict[str, str], frozenset[str], bool] = ({}, frozenset(), False)


def _attrs(raw: str) -> tuple[dict[str, str], frozenset[str], bool]:
    """A start tag's attributes (names lower-cased, values unescaped, the first of a repeated
    name kept, as browsers do), its classes, and whether :meth:`_Page._role` reads any."""
    out: dict[str, str] = {}
    simple = _SIMPLE_ATTRS.findall(raw)  # the export's own form: name="value", one space apart
    if simple and sum(len(n) + len(v) + 4 for n, v in simple) == len(raw):
        for name, value in simple:
            name = name.lower()
            if name not in out:
                out[name] = unescape(value) if "&" in value else value
        classes = frozenset(out.get("class", "").split())
        return out, classes, not classes.isdisjoint(_ROLE_CLASSES)
    for m in _ATTR.finditer(raw):
        name = m.group(1).lower()
        value = m.group(2)
        if value is None:
            value = m.group(3) if m.group(3) is not None else m.group(4) or ""
        if name not in out:
            out[name] = unescape(value) if "&" in value else value
    classes = frozenset(out.get("class", "").split())
    return out, classes, not classes.isdisjoint(_ROLE_CLASSES)


class _Page:
    def __init__(self, limits: ChatLimits, out: list[HtmlMessage]) -> None:
        self.limits = limits
        self.out = out
        self.stack: list[tuple[str, str]] = []      # (tag, role)
        self.msg: HtmlMessage | None = None
        self.msg_depth = -1
        self.capture: list[str] | None = None        # text being collected
        self.capture_role = ""
        self.capture_depth = -1
        self.skip_depth = -1                         # inside script/style or a nested date
        self.fwd_depth = -1
        self.reaction: list[str] | None = None       # [emoji, count]

    # -- tags ------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, a: dict[str, str], classes: frozenset[str]) -> None:
        if tag == "br":
            if self.capture is not None and self.skip_depth < 0:
                self.capture.append("\n")
            return
        role = self._role(tag, classes, a)
        if tag in _VOID:
            return
        if len(self.stack) >= _MAX_DEPTH:
            raise rejected("chat.bad_telegram", reason="nesting")
        self.stack.append((tag, role))

    def handle_startendtag(self, tag: str, a: dict[str, str], classes: frozenset[str]) -> None:
        if tag in _VOID:
            self.handle_starttag(tag, a, classes)
        else:  # "<div/>" opens and closes nothing we read
            self._role(tag, classes, a)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        stack = self.stack
        if stack and stack[-1][0] == tag:  # the common case: the innermost element closes
            self._close(len(stack) - 1, stack.pop()[1])
            return
        # pop up to the matching open tag (tolerates unclosed elements)
        for i in range(len(self.stack) - 1, max(-1, len(self.stack) - 64), -1):
            if self.stack[i][0] == tag:
                while len(self.stack) > i:
                    self._close(len(self.stack) - 1, self.stack.pop()[1])
                return

    def _role(self, tag: str, classes: frozenset[str], a: dict[str, str]) -> str:  # noqa: PLR0911, PLR0912
        # one return per element kind of the export's layout: a flat dispatch reads best
        depth = len(self.stack)
        if tag in ("script", "style") and self.skip_depth < 0:
            self.skip_depth = depth
            return "skip"
        if tag == "div" and "message" in classes and ("default" in classes
                                                      or "service" in classes):
            self._end_message()
            mid = a.get("id", "")
            self.msg = HtmlMessage(source_id=mid[7:] if mid.startswith("message") else mid,
                                   service="service" in classes, joined="joined" in classes)
            self.msg_depth = depth
            return "message"
        msg = self.msg
        if msg is None:
            return ""
        if self.capture is not None:
            if "date" in classes and "details" in classes and self.skip_depth < 0:
                self.skip_depth = depth  # the date inside a forwarded from_name
                return "skip"
            if tag == "a" and a.get("href"):
                msg.hrefs.append(a["href"])
            return ""
        if not classes:  # of the layout's elements, only the reply's link has no class
            if tag == "a" and self._inside("reply"):
                found = _GO_TO.search(a.get("href", "")) or _GO_TO.search(a.get("onclick", ""))
                if found:
                    msg.reply_to = found.group(1)
            return ""
        if self.reaction is not None and ("emoji" in classes or "count" in classes):
            return self._start_capture("emoji" if "emoji" in classes else "count", depth)
        if "reaction" in classes:
            self.reaction = ["", ""]
            return "reaction"
        if not classes.isdisjoint(_MEDIA_NAMES):
            kind = next(k for c, k in MEDIA_CLASSES if c in classes)
            href = a.get("href") if tag == "a" else None
            msg.media.append((kind, href or None))
            return "media"
        if "forwarded" in classes and "body" in classes:
            self.fwd_depth = depth
            return "forwarded"
        if msg.service and "body" in classes and "details" in classes:
            return self._start_capture("service", depth)
        if "date" in classes and "details" in classes and "title" in a:
            if msg.sent_at is None and self.fwd_depth < 0:
                msg.sent_at = parse_title_date(a["title"])
            return ""
        if "from_name" in classes:
            return self._start_capture("forwarded" if self.fwd_depth >= 0 else "from", depth)
        if "reply_to" in classes:
            return "reply"
        if tag == "a" and self._inside("reply"):
            found = _GO_TO.search(a.get("href", "")) or _GO_TO.search(a.get("onclick", ""))
            if found:
                msg.reply_to = found.group(1)
            return ""
        if "text" in classes and tag == "div":
            return self._start_capture("text", depth)
        return ""

    def _inside(self, role: str) -> bool:
        return any(r == role for _t, r in self.stack[self.msg_depth:])

    def _start_capture(self, role: str, depth: int) -> str:
        self.capture, self.capture_role, self.capture_depth = [], role, depth
        return "capture"

    def _close(self, depth: int, role: str) -> None:
        if depth == self.skip_depth:
            self.skip_depth = -1
        if depth == self.capture_depth and self.capture is not None:
            self._end_capture()
        if role == "forwarded":
            self.fwd_depth = -1
        elif role == "reaction" and self.reaction is not None and self.msg is not None:
            try:
                self.msg.reactions.append((self.reaction[0], int(self.reaction[1] or "1")))
            except ValueError:
                self.msg.reactions.append((self.reaction[0], 1))
            self.reaction = None
        elif role == "message":
            self._end_message()

    def _end_capture(self) -> None:
        text = "".join(self.capture or ())
        role = self.capture_role
        self.capture, self.capture_role, self.capture_depth = None, "", -1
        msg = self.msg
        if msg is None:
            return
        if role == "text":
            if len(text) > self.limits.max_message_chars:
                raise rejected("chat.message_too_long", line=len(self.out) + 1,
                               limit=self.limits.max_message_chars)
            msg.text = text.strip()
        elif role == "service":
            msg.text = " ".join(text.split())
        elif role == "from":
            msg.from_name = text.strip()
        elif role == "forwarded":
            msg.forwarded_from = text.strip()
        elif self.reaction is not None:
            self.reaction[0 if role == "emoji" else 1] = text.strip()

    def _end_message(self) -> None:
        if self.capture is not None:
            self._end_capture()
        if self.msg is not None:
            self.out.append(self.msg)
            if len(self.out) > self.limits.max_messages:
                raise rejected("chat.too_many_messages", limit=self.limits.max_messages)
        self.msg, self.msg_depth, self.fwd_depth, self.reaction = None, -1, -1, None

    # -- text ------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.capture is not None and self.skip_depth < 0:
            # line breaks in the source are layout; the export writes real ones as <br>
            self.capture.append(data.replace("\n", ""))

    def feed(self, page: str) -> None:  # noqa: PLR0912 — one branch per kind of markup
        """Tokenize ``page`` and dispatch: text (unescaped), start and end tags (names
        lower-cased), script and style content dropped. Attribute strings repeat a lot in an
        export (``class="body"``), so their parse is cached per page."""
        cache: dict[str, tuple[dict[str, str], frozenset[str], bool]] = {"": _NO_ATTRS}
        pos, find, search = 0, page.find, _MARKUP.search
        stack, role_of, close_role, end = self.stack, self._role, self._close, self.handle_endtag
        while (m := search(page, pos)) is not None:
            lt = m.start()
            if lt > pos and self.capture is not None:
                text = page[pos:lt]
                self.handle_data(unescape(text) if "&" in text else text)
            closing, tag, raw, comment, unclosed = m.groups()
            pos = m.end()
            if tag is not None:
                tag = tag.lower()
                if closing:
                    if stack and stack[-1][0] == tag:  # the innermost element closes (inlined)
                        role = stack.pop()[1]
                        depth = len(stack)
                        if role or depth in (self.capture_depth, self.skip_depth):
                            close_role(depth, role)
                    else:
                        end(tag)
                    continue
                selfclosed = raw.endswith("/")
                if selfclosed:
                    raw = raw[:-1]
                parsed = cache.get(raw)
                if parsed is None:
                    parsed = _attrs(raw)
                    if len(cache) < 4096:
                        cache[raw] = parsed
                if selfclosed:
                    self.handle_startendtag(tag, parsed[0], parsed[1])
                    continue
                if tag == "br":  # handle_starttag, inlined
                    if self.capture is not None and self.skip_depth < 0:
                        self.capture.append("\n")
                    continue
                # a tag with none of the classes read, and no link or script, has no role
                role = role_of(tag, parsed[1], parsed[0]) if parsed[2] or tag in _ANY_ROLE \
                    else ""
                if tag in _VOID:
                    continue
                if len(stack) >= _MAX_DEPTH:
                    raise rejected("chat.bad_telegram", reason="nesting")
                stack.append((tag, role))
                if tag in _RAW_END:
                    found = _RAW_END[tag].search(page, pos)
                    if found is None:
                        return
                    pos = found.start()
            elif comment is not None:
                close = find("-->", pos)
                if close < 0:
                    return
                pos = close + 3
            elif unclosed is not None:
                return  # a tag that never closes: the rest of the page is not markup
            else:
                close = find(">", pos)
                if close < 0:
                    return
                pos = close + 1
        if pos < len(page) and self.capture is not None:
            text = page[pos:]
            self.handle_data(unescape(text) if "&" in text else text)

    def finish(self) -> None:
        self._end_message()


def read_pages(pages: list[str], limits: ChatLimits) -> list[HtmlMessage]:
    """Every message of the pages, in page order."""
    out: list[HtmlMessage] = []
    for page in pages:
        parser = _Page(limits, out)
        parser.feed(page)
        parser.finish()
    return out


_PAGE = re.compile(r"(?:^|/)messages(\d*)\.html$")


def page_order(names: list[str]) -> list[str]:
    """``messages.html``, ``messages2.html``, … ``messages10.html`` in reading order (the folder
    holding the first page; other folders are not pages of this chat)."""
    pages = [(n.rsplit("/", 1)[0] if "/" in n else "", int(m.group(1) or 1), n)
             for n in names if (m := _PAGE.search(n))]
    if not pages:
        return []
    folder = min(pages, key=lambda p: (p[0].count("/"), p[0]))[0]
    return [n for f, _k, n in sorted(p for p in pages if p[0] == folder) if f == folder]
