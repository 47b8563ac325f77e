# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Chat exports on the command line: the messages ``show`` lists for a chat item, the message
hits ``list --search`` adds, and the ``chat`` group (``chat offset``, ``chat excerpt``)."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from typing import Any

from app.chats import query
from app.cli.cmd_vault import unlock
from app.cli.io import Context, safe
from app.errors import UsageError

_Reg = Callable[[argparse.ArgumentParser], None]


def add_message_filters(p: argparse.ArgumentParser, _: Callable[[str], str]) -> None:
    """``show`` of a chat item: which of its messages to list."""
    p.add_argument("--author", metavar=_("AUTHOR"),
                   help=_("chat items: only messages by this author (as exported, or a handle)"))
    p.add_argument("--since", metavar=_("DATE"),
                   help=_("chat items: messages from this date (inclusive)"))
    p.add_argument("--until", metavar=_("DATE"),
                   help=_("chat items: messages up to this date (inclusive)"))
    p.add_argument("--has-media", action=argparse.BooleanOptionalAction, default=None,
                   help=_("chat items: only messages with (or without) media"))
    p.add_argument("--limit", type=int, default=500, metavar=_("N"),
                   help=_("chat items: at most N messages (default 500)"))
    p.add_argument("--offset", type=int, default=0, metavar=_("N"),
                   help=_("chat items: skip N messages"))


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    group = sub.add_parser("chat", help=_("chat exports: the exporter's time offset, excerpts"))
    add_globals(group)
    chat_sub = group.add_subparsers(dest="chat_command", metavar=_("COMMAND"), required=True)
    p = chat_sub.add_parser("offset", help=_("set the time offset of a chat whose export had none"))
    p.add_argument("item", type=int, metavar=_("ITEM_ID"))
    p.add_argument("offset", metavar=_("OFFSET"), help=_("the exporter's offset, e.g. +03:00"))
    add_globals(p)
    p.set_defaults(handler=cmd_chat_offset)
    p = chat_sub.add_parser("excerpt", help=_("cut the selected messages of a chat as an item "
                                              "of their own, to tag, report and hand over"))
    p.add_argument("item", type=int, metavar=_("ITEM_ID"))
    p.add_argument("--messages", required=True, metavar=_("NUMBERS"),
                   help=_("the message numbers, e.g. 12,15-18"))
    p.add_argument("--context", type=int, default=3, metavar=_("N"),
                   help=_("messages kept before and after each one (default 3)"))
    add_globals(p)
    p.set_defaults(handler=cmd_chat_excerpt)


def message_json(m: query.ChatMessage) -> dict[str, Any]:
    return dataclasses.asdict(m)


def message_line(ctx: Context, m: query.ChatMessage, mark: str = " ") -> str:
    when = (m.sent_at or "")[:16].replace("T", " ")
    who = safe(m.author or "", 40) if m.author else "·"
    text = safe(m.text.replace("\n", " / "), 200)
    media = ""
    if m.attachments:
        parts = [f"[{safe(a.name or '-', 60)} → {a.item_id}]" if a.item_id else
                 f"[{safe(a.name or '-', 60)}]" for a in m.attachments]
        media = " " + " ".join(parts)
    flags = "".join(f for f, on in ((" ✎", m.edited), (" ✗", m.deleted)) if on)
    return f"{mark}{m.index:>6}  {when:<16}  {who}: {text}{media}{flags}"


def chat_record(vault: Any, item_id: int, args: argparse.Namespace) -> dict[str, Any] | None:
    """What ``show`` adds for a chat item (None for other items)."""
    if not query.is_chat(vault, item_id):
        return None
    flt = query.MessageFilter(author=args.author, since=args.since, until=args.until,
                              has_media=args.has_media)
    messages = query.list_messages(vault, item_id, flt, offset=args.offset, limit=args.limit)
    return {**dataclasses.asdict(query.get_chat(vault, item_id)),
            "messages_total": query.count_messages(vault, item_id, flt),
            "messages": [message_json(m) for m in messages]}


def chat_lines(ctx: Context, chat: dict[str, Any]) -> list[str]:
    _ = ctx._
    lines = [_("Chat: {title} ({platform}, {format}), {count} messages").format(
        title=safe(chat["title"] or "-"), platform=chat["platform"],
        format=chat["source_format"], count=chat["message_count"])]
    if chat["period"]:
        lines.append(_("From {first} to {last}").format(first=chat["period"][0],
                                                        last=chat["period"][1]))
    if chat["offset_source"] == "assumed-local":
        lines.append(_("Times are read at UTC{offset}, this computer's offset at import: the "
                       "export does not say. Correct it with: chat offset ITEM OFFSET").format(
            offset=chat["utc_offset"]))
    elif chat["offset_source"] == "given":
        lines.append(_("Times are read at UTC{offset} (given at import).").format(
            offset=chat["utc_offset"]))
    lines.append(_("Participants: {names}").format(
        names=", ".join(safe(p, 40) for p in chat["participants"][:30]) or "-"))
    for m in chat["messages"]:
        lines.append(message_line(ctx, query.ChatMessage(**{
            **m, "attachments": tuple(query.ChatAttachment(**a) for a in m["attachments"])})))
    lines.append(ctx.n_("{shown} of {count} message listed", "{shown} of {count} messages listed",
                        chat["messages_total"]).format(shown=len(chat["messages"]),
                                                       count=chat["messages_total"]))
    return lines


def search_hits(vault: Any, text: str, limit: int | None) -> dict[str, Any]:
    hits = query.search_messages(vault, text, limit=limit or 50)
    return {"messages_total": query.count_hits(vault, text),
            "messages": [{"message": message_json(h.message), "chat_title": h.chat_title,
                          "before": [message_json(m) for m in h.before],
                          "after": [message_json(m) for m in h.after]} for h in hits]}


def print_hits(ctx: Context, found: dict[str, Any]) -> None:
    for hit in found["messages"]:
        ctx.out(ctx._("Chat item {item}, {title}:").format(
            item=hit["message"]["item_id"], title=safe(hit["chat_title"] or "-", 80)))
        for m in [*hit["before"], hit["message"], *hit["after"]]:
            msg = query.ChatMessage(**{**m, "attachments": tuple(
                query.ChatAttachment(**a) for a in m["attachments"])})
            ctx.out(message_line(ctx, msg, ">" if m is hit["message"] else " "))
    ctx.say(ctx.n_("{count} message", "{count} messages", found["messages_total"]).format(
        count=found["messages_total"]))


def cmd_chat_offset(ctx: Context, args: argparse.Namespace) -> int:
    from app.chats.store import set_offset

    if not args.offset:
        raise UsageError("chat.bad_offset", offset="")
    with unlock(ctx) as vault:
        offset = set_offset(vault, args.item, args.offset)
    if ctx.json:
        ctx.emit_json({"item_id": args.item, "utc_offset": offset})
    else:
        ctx.say(ctx._("Chat item {item}: times now read at UTC{offset}.").format(
            item=args.item, offset=offset))
    return 0


def cmd_chat_excerpt(ctx: Context, args: argparse.Namespace) -> int:
    from app.chats.excerpt import make_excerpt, parse_selection

    picked = parse_selection(args.messages)
    with unlock(ctx) as vault:
        result = make_excerpt(vault, args.item, picked, context=args.context)
    if ctx.json:
        ctx.emit_json(result)
    else:
        ctx.say(ctx._("Excerpt of chat item {chat}: item {item} ({count} messages with their "
                      "context).").format(chat=args.item, item=result["item_id"],
                                          count=result["messages"]))
    return 0
