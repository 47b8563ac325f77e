# SPDX-License-Identifier: GPL-3.0-or-later
"""A tiny stand-in for the chat parsers (written by another branch), used by the vault-side tests:
WhatsApp Android lines ``DD/MM/YYYY, HH:MM - Author: text``, continuation lines, system lines
(no ``Author:``), ``NAME (file attached)`` references, ``<Media omitted>``. A zip holds
``WhatsApp Chat with TITLE.txt`` and the media. It is registered in :data:`app.chats.entry.PARSERS`
by the ``chat_parsers`` fixture, which restores the registry afterwards."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from app.chats.model import Attachment, ChatExport, Message
from app.errors import InputRejected

_LINE = re.compile(r"^(\d{2})/(\d{2})/(\d{4}), (\d{2}):(\d{2}) - (.*)$")
_ATTACHED = re.compile(r"^(.+?) \(file attached\)$")
MAGIC = "Messages and calls are end-to-end encrypted"


def _chat_text(name: str, data: bytes) -> tuple[str, bytes, set[str]] | None:
    if data[:4] == b"PK\x03\x04":
        zf = zipfile.ZipFile(io.BytesIO(data))
        texts = [n for n in zf.namelist() if n.startswith("WhatsApp Chat") and n.endswith(".txt")]
        if not texts:
            return None
        return texts[0][len("WhatsApp Chat with "):-4], zf.read(texts[0]), set(zf.namelist())
    if MAGIC.encode() not in data[:4096]:
        return None
    return name.removeprefix("WhatsApp Chat with ").removesuffix(".txt"), data, set()


def detect(name: str, data: bytes) -> str | None:
    return "whatsapp-android-txt" if _chat_text(name, data) else None


def parse(name: str, data: bytes, source_format: str) -> ChatExport:
    found = _chat_text(name, data)
    if found is None:
        raise InputRejected("chat.not_a_chat", name=name)
    title, raw, members = found
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputRejected("chat.bad_encoding", name=name) from exc
    rows: list[dict] = []
    for line in text.splitlines():
        m = _LINE.match(line)
        if m is None:
            if not rows:
                raise InputRejected("chat.unreadable_line", line=1)
            rows[-1]["text"] += "\n" + line
            continue
        d, mo, y, h, mi, rest = m.groups()
        when = datetime(int(y), int(mo), int(d), int(h), int(mi))
        author, sep, body = rest.partition(": ")
        rows.append({"sent_at": when, "author": author if sep else None,
                     "text": body if sep else rest})
    export = ChatExport("whatsapp", source_format, title)
    for i, r in enumerate(rows):
        atts: tuple[Attachment, ...] = ()
        body = r["text"]
        att = _ATTACHED.match(body)
        if att:
            file = att.group(1)
            atts = (Attachment(file, file if file in members else None, "photo"),)
            body = ""
        elif body == "<Media omitted>":
            atts, body = (Attachment(""),), ""
        export.messages.append(Message(
            i, r["sent_at"], r["author"], body, "message" if r["author"] else "system",
            deleted=body == "This message was deleted", attachments=atts))
        if r["author"] and r["author"] not in export.participants:
            export.participants.append(r["author"])
    return export


def whatsapp_txt(lines: list[tuple[str, str | None, str]]) -> bytes:
    """``(DD/MM/YYYY HH:MM, author or None, text)`` → export bytes (with the system notice)."""
    out = [f"01/01/2024, 00:00 - {MAGIC}. Tap to learn more."]
    for when, author, text in lines:
        day, time = when.split(" ")
        out.append(f"{day}, {time} - {author}: {text}" if author else f"{day}, {time} - {text}")
    return ("\n".join(out) + "\n").encode()


def whatsapp_zip(title: str, txt: bytes, media: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"WhatsApp Chat with {title}.txt", txt)
        for member, blob in media.items():
            zf.writestr(member, blob)
    return buf.getvalue()
