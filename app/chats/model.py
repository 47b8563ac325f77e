# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""What a parsed chat export is, independent of the app that wrote it.

Parsers never touch the disk or the vault: they get the export's bytes (a ``.txt``, a ``.json``, a
set of ``messages*.html`` or the members of a ``.zip``, already read and size-checked by the caller)
and return a :class:`ChatExport`, or raise :class:`app.errors.AppError` with a translatable code
(nothing partial). Times are kept as the export wrote them: ``sent_at`` is timezone-aware only when
the export carried an offset (Telegram's ``date_unixtime``); WhatsApp exports carry none, so
``sent_at`` is naive local time and the importer asks the defender for the exporter's offset once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Platform = Literal["whatsapp", "telegram"]
MessageKind = Literal["message", "system"]  # system: joins, leaves, encryption notice, service


@dataclass(frozen=True)
class Attachment:
    """A media file a message refers to. ``member`` is the zip member / export-folder path holding
    it when the export includes it (None: "<Media omitted>" or a file not in the export)."""

    name: str                      # as the export names it (file name, or "" when omitted)
    member: str | None = None      # path inside the export when included
    kind: str = ""                 # photo | video | voice | audio | sticker | document | ""


@dataclass(frozen=True)
class Message:
    index: int                     # 0-based position in the export (stable reference)
    sent_at: datetime | None       # aware if the export carried an offset, else naive local time
    author: str | None             # name or phone number as exported (None for system lines)
    text: str                      # the message text, newlines kept; "" when only media
    kind: MessageKind = "message"
    author_id: str | None = None   # platform id when exported (Telegram "user123456")
    source_id: str | None = None   # the export's own message id (Telegram "id"), as text
    reply_to: int | None = None    # index of the replied-to message when resolvable
    forwarded_from: str | None = None
    edited: bool = False
    deleted: bool = False          # "This message was deleted" / "You deleted this message"
    attachments: tuple[Attachment, ...] = ()
    reactions: tuple[tuple[str, int], ...] = ()      # (emoji, count)
    links: tuple[str, ...] = ()                      # URLs in the text / text entities
    mentions: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()


@dataclass
class ChatExport:
    platform: Platform
    source_format: str             # whatsapp-{android,ios}-{txt,zip} | telegram-{json,html}
    title: str                     # chat / group name ("" when the export does not say)
    messages: list[Message] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)   # authors seen, in first-seen order
    date_order: str = ""           # WhatsApp: "dmy" | "mdy" | "ymd" as detected ("" for Telegram)
    has_offset: bool = False       # True when every sent_at is aware
    warnings: list[str] = field(default_factory=list)  # codes, e.g. "chat.ambiguous_dates"

    def period(self) -> tuple[date, date] | None:
        days = [m.sent_at.date() for m in self.messages if m.sent_at is not None]
        return (min(days), max(days)) if days else None
