# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``export-table --format uwazi|csv|jsonl (--case TITLE | --items IDS) --out PATH``: tables for
the organisation's database (:mod:`app.exports.tables`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.cli.cmd_report import parse_items
from app.cli.cmd_vault import unlock
from app.cli.io import Context, safe
from app.exports.tables import FORMATS, TableRequest, export_table

_Reg = Callable[[argparse.ArgumentParser], None]


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    p = sub.add_parser("export-table",
                       help=_("export items, accounts and platform reports as tables"))
    p.add_argument("--format", required=True, metavar=_("FORMAT"),
                   help=_("one of: {formats}").format(formats=", ".join(FORMATS)))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", metavar=_("TITLE"), help=_("the items of this case"))
    which.add_argument("--items", metavar=_("ID,ID..."),
                       help=_("these items (numbers separated by commas)"))
    p.add_argument("--out", type=Path, required=True, metavar=_("PATH"),
                   help=_("a new or empty folder, or a file ending in .zip"))
    add_globals(p)
    p.set_defaults(handler=cmd_export_table)


def cmd_export_table(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    items = parse_items(args.items) if args.items is not None else None
    request = TableRequest(args.format, Path(args.out), None if items is None else tuple(items),
                           args.case, ctx.lang)  # an unknown format is refused before unlocking
    with unlock(ctx) as vault:
        result = export_table(vault, request)
    if ctx.json:
        ctx.emit_json({"format": result.format, "path": str(result.out),
                       "items": list(result.item_ids), "files": result.files,
                       "custody_seq": result.custody_seq})
    else:
        ctx.say(_("Wrote {count} items as {format} to {path}.").format(
            count=len(result.item_ids), format=result.format, path=safe(str(result.out))))
    return 0
