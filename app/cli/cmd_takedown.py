# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``takedown --platform KEY (--case TITLE | --items IDS) --out DIR|X.zip [--from NAME]
[--on-behalf-of NAME]``: a takedown packet for one platform (:mod:`app.exports.packet`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.cli.cmd_report import parse_items
from app.cli.cmd_vault import unlock
from app.cli.io import Context, safe
from app.exports.packet import TakedownRequest, make_packet
from app.exports.policies import platform_policies

_Reg = Callable[[argparse.ArgumentParser], None]


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    p = sub.add_parser("takedown", help=_("write a takedown packet for one platform"))
    p.add_argument("--platform", required=True, metavar=_("KEY"),
                   help=_("meta, x, telegram, tiktok or youtube (or facebook, instagram, "
                          "whatsapp, messenger for one Meta product)"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", metavar=_("TITLE"), help=_("the posts of this case"))
    which.add_argument("--items", metavar=_("ID,ID..."),
                       help=_("these items (numbers separated by commas)"))
    p.add_argument("--out", type=Path, required=True, metavar=_("PATH"),
                   help=_("a new or empty folder, or a file ending in .zip"))
    p.add_argument("--from", dest="sender", default="", metavar=_("NAME"),
                   help=_("the organisation making the request, for the cover letter"))
    p.add_argument("--on-behalf-of", default="", metavar=_("NAME"),
                   help=_("the person the request is made for, for the cover letter"))
    add_globals(p)
    p.set_defaults(handler=cmd_takedown)


def cmd_takedown(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    platform_policies(args.platform)  # an unknown platform is refused before unlocking
    items = parse_items(args.items) if args.items is not None else None
    request = TakedownRequest(args.platform, Path(args.out),
                              None if items is None else tuple(items), args.case, ctx.lang,
                              args.sender, args.on_behalf_of)
    with unlock(ctx) as vault:
        result = make_packet(vault, request)
    if ctx.json:
        ctx.emit_json({"packet_id": result.packet_id, "platform": result.platform,
                       "path": str(result.out), "items": list(result.item_ids),
                       "reports": list(result.report_ids), "files": list(result.files),
                       "sha256sums": result.sums_sha256, "urgent": result.urgent,
                       "custody_seq": result.custody_seq})
    else:
        ctx.say(_("Wrote the takedown packet for {platform} ({count} posts) to {path}.").format(
            platform=result.platform, count=len(result.item_ids), path=safe(str(result.out))))
        ctx.out(_("Recorded {count} pending platform reports; fill in the reference when the "
                  "platform answers.").format(count=len(result.report_ids)))
    return 0
