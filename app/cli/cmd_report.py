# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``report --out FILE.pdf [--case TITLE | --items ID,ID...] [--lang ar|en] [--redact-sensitive]``.

The arguments become an :class:`app.report.requests.ReportRequest` (the report dialog builds the
same); :func:`app.report.collect.write_report` claims the file where the user points (created
exclusively under a random name, never following a planted link), builds the PDF in memory (a
custody event), syncs it and moves it into place without ever replacing an existing file.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.cli.cmd_vault import unlock
from app.cli.io import Context, safe
from app.errors import UsageError
from app.report.collect import write_report
from app.report.requests import ReportRequest

_Reg = Callable[[argparse.ArgumentParser], None]


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    p = sub.add_parser("report", help=_("write a PDF evidence report (Arabic or English)"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"),
                   help=_("where to write the PDF; an existing file is never overwritten"))
    which = p.add_mutually_exclusive_group()
    which.add_argument("--case", metavar=_("TITLE"), help=_("only the items of this case"))
    which.add_argument("--items", metavar=_("ID,ID..."),
                       help=_("only these items (numbers separated by commas)"))
    p.add_argument("--redact-sensitive", action="store_true",
                   help=_("withhold the images of items flagged graphic or intimate"))
    add_globals(p)
    p.set_defaults(handler=cmd_report)


def parse_items(text: str) -> list[int]:
    parts = [p.strip() for p in text.split(",")]
    if not parts or any(not p.isascii() or not p.isdigit() for p in parts):
        raise UsageError("report.bad_items", value=text)
    return [int(p) for p in parts]


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    items = parse_items(args.items) if args.items is not None else None
    request = ReportRequest(Path(args.out), None if items is None else tuple(items), args.case,
                            ctx.lang, bool(args.redact_sensitive))
    with unlock(ctx) as vault:
        result = write_report(vault, request)  # claims the file first, then builds the PDF
    out = request.out
    if ctx.json:
        ctx.emit_json({"path": str(out), "sha256": result.sha256, "size": len(result.pdf),
                       "lang": result.lang, "items": list(result.item_ids),
                       "redact_sensitive": bool(args.redact_sensitive),
                       "custody_seq": result.custody_seq})
    else:
        ctx.say(_("Wrote the report ({count} items, {lang}) to {path}.").format(
            count=len(result.item_ids), lang=result.lang, path=safe(str(out))))
        ctx.out(_("SHA-256 of the report: {sha}").format(sha=result.sha256))
    return 0
