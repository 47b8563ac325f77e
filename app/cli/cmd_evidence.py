# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Evidence commands: ``import``, ``show``, ``extract``, ``delete``."""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli.cmd_chats import add_message_filters, chat_lines, chat_record
from app.cli.cmd_vault import unlock
from app.cli.io import Context, safe
from app.errors import AppError
from app.i18n import is_rtl
from app.ingest import ImportOutcome, import_paths
from app.messages import describe
from app.vault.items import extract, get_item, item_custody

_Reg = Callable[[argparse.ArgumentParser], None]


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    p = sub.add_parser("import", help=_("import files and folders into the vault"))
    p.add_argument("paths", nargs="+", type=Path, metavar=_("PATH"))
    p.add_argument("--case", metavar=_("TITLE"), help=_("add the imported items to this case"))
    p.add_argument("--chat-offset", metavar=_("OFFSET"),
                   help=_("chat exports without time zone: the exporter's UTC offset, e.g. "
                          "+03:00 (default: this computer's, recorded as an assumption)"))
    add_globals(p)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("show", help=_("everything known about an item"))
    p.add_argument("item", type=int, metavar=_("ITEM_ID"))
    add_message_filters(p, _)
    add_globals(p)
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("extract", help=_("write an item's sanitised copy (or original) to a file"))
    p.add_argument("item", type=int, metavar=_("ITEM_ID"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    p.add_argument("--original", action="store_true",
                   help=_("write the original instead; it may carry identifying metadata"))
    add_globals(p)
    p.set_defaults(handler=cmd_extract)


def _outcome_json(ctx: Context, o: ImportOutcome) -> dict[str, Any]:
    error = None
    if o.error_code and o.status != "imported":
        error = describe(AppError(o.error_code, **o.error_params), ctx.tr, isolate=False)
    return {"path": o.path, "status": o.status, "item_id": o.item_id, "sha256": o.sha256,
            "pixels_sha256": o.pixels_sha256, "media_type": o.media_type, "kind": o.kind,
            "proof": o.proof, "sanitize_error": o.sanitize_error, "removed": o.removed,
            "converted_from": o.converted_from, "sanitized": o.sanitized,
            "error": error, "error_code": o.error_code, "messages": o.messages, "chat": o.chat}


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    case_link = _case_linker(ctx, args.case)
    with unlock(ctx) as vault:
        if case_link is not None:
            case_link = case_link(vault)

        def on_outcome(o: ImportOutcome) -> None:
            if ctx.json:
                print(json.dumps(_outcome_json(ctx, o), ensure_ascii=False), flush=True)
            elif o.status == "imported" and o.kind == "chat":
                ctx.out(ctx.n_("Imported the chat export {name} as item {item}: {count} message.",
                               "Imported the chat export {name} as item {item}: {count} "
                               "messages.", o.messages or 0).format(
                    name=safe(Path(o.path).name), item=o.item_id, count=o.messages))
                if (o.chat or {}).get("offset_source") == "assumed-local":
                    ctx.say(_("The export does not say its time zone: its times are read at "
                              "UTC{offset}, this computer's offset. If the phone that exported "
                              "it was elsewhere, import with --chat-offset or correct it with "
                              "'chat offset'.").format(offset=(o.chat or {}).get("utc_offset")))
            elif o.status == "imported":
                line = _("Imported {name} as item {item}.").format(name=safe(Path(o.path).name),
                                                                 item=o.item_id)
                if o.removed:
                    line += " " + _("Removed from the copy: {what}.").format(
                        what=", ".join(o.removed))
                if not o.sanitized:
                    line += " " + _("Kept sealed, without a sanitised copy.")
                ctx.out(line)
            else:
                ctx.say(describe(AppError(o.error_code or "generic.unknown", **o.error_params),
                                 ctx.tr, isolate=is_rtl(ctx.lang)))

        summary = import_paths(vault, list(args.paths), method="file", on_outcome=on_outcome,
                               on_item=case_link, chat_offset=args.chat_offset)
    if not ctx.json:
        ctx.say(ctx.n_("{count} imported", "{count} imported", summary.imported).format(
            count=summary.imported) + " · " +
            ctx.n_("{count} already in the vault", "{count} already in the vault",
                   summary.duplicates).format(count=summary.duplicates) + " · " +
            ctx.n_("{count} refused", "{count} refused", summary.rejected).format(
                count=summary.rejected))
    return 5 if summary.rejected else 0


def _case_linker(ctx: Context, title: str | None) -> Callable[..., Any] | None:
    """``--case``: each imported item is tagged with the case (created on first use), which is
    a custody entry of its own (``item.tag``)."""
    if not title:
        return None
    from app.cases import ItemId, TagChanges, tag_item

    def bind(vault: Any) -> Callable[[int], None]:
        def link(item_id: int) -> None:
            tag_item(vault, ItemId(item_id), TagChanges(add_cases=(title,)))

        return link

    return bind


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        record = get_item(vault, args.item)
        record["custody"] = item_custody(vault, args.item)
        from app.cases import ItemId, get_item_tags

        tags = get_item_tags(vault, ItemId(args.item))
        record["tags"] = {**dataclasses.asdict(tags), "posted_as_shown": tags.posted_as_shown}
        from app.cli.cmd_lens import item_lens, lens_lines

        record["lens"] = item_lens(vault, args.item)
        from app.handover.receipts import item_receipts

        record["received_by"] = item_receipts(vault, str(record["uuid"]))
        chat = chat_record(vault, args.item, args)
        if chat is not None:
            record["chat"] = chat
    if ctx.json:
        ctx.emit_json(record)
        return 0
    _ = ctx._
    lines = [
        _("Item {item}").format(item=record["id"]),
        _("Original: {name}, {size} bytes, {type}").format(
            name=safe(record.get("original_name") or "-"), size=record["size"],
            type=record["media_type"]),
        _("SHA-256 of the original: {sha}").format(sha=record["sha256"]),
        _("Imported at {time} (UTC) by {method}").format(time=record["imported_at"],
                                                        method=record["import_method"]),
    ]
    if record.get("sanitized_sha256"):
        lines.append(_("SHA-256 of the sanitised copy: {sha}").format(
            sha=record["sanitized_sha256"]))
        pixels = record.get("original_pixels") or {}
        equal = _("yes") if record["pixels_equal"] else _("no")
        if pixels.get("proof") == "streams":
            for s in pixels.get("streams") or []:
                lines.append(_("SHA-256 of the {kind} stream ({codec}, {packets} packets): {sha} "
                               "(copy identical: {equal})").format(
                    kind=s.get("kind"), codec=safe(str(s.get("codec"))),
                    packets=s.get("packets"), sha=s.get("sha256"), equal=equal))
            rec = (record.get("metadata") or {}).get("recording") or {}
            if rec.get("duration_s") is not None:
                lines.append(_("Duration: {seconds} s").format(
                    seconds=round(float(rec["duration_s"]), 2)))
        elif pixels.get("proof") == "pages":
            lines.append(_("SHA-256 of the {pages} pages: {sha} (copy identical: {equal})").format(
                pages=pixels.get("pages"), sha=pixels.get("page_sha256"), equal=equal))
        else:
            lines.append(_("SHA-256 of the pixels: {sha} (copy identical: {equal})").format(
                sha=pixels.get("sha256", "-"), equal=equal))
        lines.append(_("Removed from the copy: {what}.").format(
            what=", ".join(record.get("removed") or []) or _("nothing")))
    else:
        lines.append(_("No sanitised copy: {reason}").format(
            reason=safe(record.get("sanitize_error") or "-")))
    if record.get("converted_from"):
        lines.append(_("Converted from {type} to a lossless PNG.").format(
            type=record["converted_from"]))
    lines += lens_lines(ctx, record["lens"])
    for got in record["received_by"]:  # signed receipts (issue 16)
        lines.append(_("Received by {org} on {date} (signed receipt, key {fingerprint}).").format(
            org=safe(got["organisation"]), date=got["received_at"],
            fingerprint=got["fingerprint"][:16]))
    if "chat" in record:
        lines += chat_lines(ctx, record["chat"])
    ctx.out("\n".join(lines))
    ctx.out(json.dumps(record.get("metadata") or {}, ensure_ascii=True, indent=2,
                       sort_keys=True)[:20000])
    return 0


def cmd_extract(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    if args.original:
        ctx.say(_("Warning: the original may carry identifying metadata (location, device, "
                  "names). Share it only with people you trust."))
    with unlock(ctx) as vault:
        result = extract(vault, args.item, args.out, original=args.original)
    if ctx.json:
        ctx.emit_json(result)
    else:
        ctx.say(_("Wrote item {item} ({role}) to {path}.").format(
            item=result["item_id"], role=_("original") if args.original else _("sanitised copy"),
            path=safe(result["path"])))
    return 0
