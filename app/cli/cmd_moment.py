# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``moment add ITEM_ID --at TIME [--end TIME] --note TEXT`` · ``moment list ITEM_ID`` ·
``moment remove MOMENT_ID``: the marked moments of a recording (:mod:`app.cases.moments`, issue 20).

``TIME`` is ``MM:SS``, ``H:MM:SS`` or a number of seconds, each with optional decimals
(``02:13``, ``1:02:13.5``, ``133``). Every change writes its custody entry (``moment.add``,
``moment.delete``) in the same transaction as the change itself.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from app.cases import moments
from app.cli.cmd_vault import unlock
from app.cli.io import Context, safe
from app.errors import AppError, UsageError

_Reg = Callable[[argparse.ArgumentParser], None]
parse_time = moments.parse_time  # MM:SS, H:MM:SS or seconds (app.cases.moments)


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    group = sub.add_parser("moment", help=_("marked moments of a video or voice note"))
    add_globals(group)
    msub = group.add_subparsers(dest="moment_command", metavar=_("ACTION"), required=True)
    p = msub.add_parser("add", help=_("mark a moment of a recording with a note"))
    p.add_argument("item", type=int, metavar=_("ITEM_ID"))
    p.add_argument("--at", required=True, metavar=_("TIME"),
                   help=_("where in the recording: MM:SS, H:MM:SS or seconds"))
    p.add_argument("--end", default=None, metavar=_("TIME"),
                   help=_("where the marked part ends, for a span such as 02:13–02:40 "
                          "(optional)"))
    p.add_argument("--note", required=True, metavar=_("TEXT"),
                   help=_("what is said or shown at that moment"))
    add_globals(p)
    p.set_defaults(handler=cmd_moment_add)
    p = msub.add_parser("list", help=_("list the marked moments of an item"))
    p.add_argument("item", type=int, metavar=_("ITEM_ID"))
    add_globals(p)
    p.set_defaults(handler=cmd_moment_list)
    p = msub.add_parser("remove", help=_("remove one marked moment (the custody log keeps it)"))
    p.add_argument("moment", type=int, metavar=_("MOMENT_ID"))
    add_globals(p)
    p.set_defaults(handler=cmd_moment_remove)


def _json(m: moments.Moment) -> dict[str, Any]:
    return {"id": m.id, "uuid": m.uuid, "item_id": m.item_id, "at_ms": m.at_ms,
            "end_ms": m.end_ms, "timecode": m.timecode, "span": m.span, "note": m.label,
            "source": m.source, "created_at": m.created_at}


def cmd_moment_add(ctx: Context, args: argparse.Namespace) -> int:
    at_ms = parse_time(args.at)  # a bad time is refused before unlocking
    end_ms = None if args.end is None else parse_time(args.end)
    if end_ms is not None and end_ms <= at_ms:
        raise UsageError("moments.end_before_start", at=moments.timecode(at_ms),
                         end=moments.timecode(end_ms))
    with unlock(ctx) as vault:
        moment = moments.add_moment(vault, args.item, at_ms, args.note, end_ms=end_ms)
    if ctx.json:
        ctx.emit_json(_json(moment))
    else:
        ctx.say(ctx._("Marked moment {id} at {timecode} of item {item}: {note}").format(
            id=moment.id, timecode=moment.span, item=moment.item_id, note=safe(moment.label)))
    return 0


def cmd_moment_list(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        if not vault.read("SELECT 1 FROM items WHERE id = ?", (args.item,)):
            raise AppError("cases.item_not_found", item=args.item)
        found = moments.list_moments(vault, args.item)
    if ctx.json:
        ctx.emit_json({"item_id": args.item, "moments": [_json(m) for m in found]})
        return 0
    if not found:
        ctx.say(ctx._("Item {item} has no marked moments.").format(item=args.item))
    for m in found:
        mark = "" if m.source == "local" else " " + ctx._("(from a bundle)")
        ctx.out(f"{m.id}\t{m.span}\t{safe(m.label)}{mark}")
    return 0


def cmd_moment_remove(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        moments.delete_moment(vault, args.moment)
    if ctx.json:
        ctx.emit_json({"removed": args.moment})
    else:
        ctx.say(ctx._("Removed marked moment {id}; the custody log keeps what it said.").format(
            id=args.moment))
    return 0
