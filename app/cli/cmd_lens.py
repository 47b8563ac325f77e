# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The campaign lens on the command line: ``index`` (the pending OCR and PDQ work),
``similar ITEM`` (near-duplicates with their distances, tags for a whole cluster),
``clusters`` and ``hashes export`` (a PDQ hash list for a platform, :mod:`app.exports.hashlist`);
plus the lens lines of ``show`` and ``stats``."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cases import TagChanges, get_case, lens, similar
from app.cli.cmd_report import parse_items
from app.cli.cmd_vault import unlock
from app.cli.io import Context, safe
from app.exports import hashlist
from app.media.pdq import DEFAULT_THRESHOLD
from app.vault import Vault

_Reg = Callable[[argparse.ArgumentParser], None]


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    p = sub.add_parser("index", help=_("read the text inside pictures and hash them for "
                                       "near-duplicates; report the pending work"))
    p.add_argument("--wait", action="store_true",
                   help=_("do all the pending work now and wait until it is finished"))
    p.add_argument("--limit", type=int, metavar=_("N"), help=_("stop after N tasks"))
    p.add_argument("--retry-failed", action="store_true",
                   help=_("queue the pictures that could not be read again"))
    add_globals(p)
    p.set_defaults(handler=cmd_index)

    p = sub.add_parser("similar", help=_("near-duplicates of an item's picture, with distances"))
    p.add_argument("item", type=int, metavar=_("ITEM_ID"))
    _threshold(p, _)
    p.add_argument("--tag-cluster", action="append", default=[], metavar=_("TAG"),
                   help=_("add this tag to every item of the item's cluster"))
    add_globals(p)
    p.set_defaults(handler=cmd_similar)

    p = sub.add_parser("clusters", help=_("groups of reposts of the same picture"))
    _threshold(p, _)
    p.add_argument("--case", metavar=_("TITLE"), help=_("only the items of this case"))
    add_globals(p)
    p.set_defaults(handler=cmd_clusters)


    p = sub.add_parser("hashes", help=_("PDQ hash lists for a platform's report, without the "
                                        "pictures"))
    hsub = p.add_subparsers(dest="hashes_command", metavar=_("ACTION"), required=True)
    h = hsub.add_parser("export", help=_("write the PDQ hashes of items to a new file (no "
                                         "picture, name, account or date)"))
    h.add_argument("--out", type=Path, required=True, metavar=_("FILE"),
                   help=_("the new file to write (never replaced)"))
    which = h.add_mutually_exclusive_group()
    which.add_argument("--case", metavar=_("TITLE"), help=_("the items of this case"))
    which.add_argument("--items", metavar=_("ID,ID..."),
                       help=_("these items (numbers separated by commas)"))
    h.add_argument("--format", choices=hashlist.FORMATS, default="csv",
                   help=_("csv (default) or json"))
    h.add_argument("--label", metavar=_("TEXT"),
                   help=_("a label for every hash of the list (a case or report reference)"))
    add_globals(h)
    h.set_defaults(handler=cmd_hashes_export)


def _threshold(p: argparse.ArgumentParser, _: Callable[[str], str]) -> None:
    p.add_argument("--threshold", type=int, default=DEFAULT_THRESHOLD, metavar=_("BITS"),
                   help=_("largest Hamming distance between two PDQ hashes of the same picture "
                          "(default 31)"))


def _state_line(ctx: Context, st: lens.LensState) -> str:
    c = st.counts
    return ctx._("Pictures hashed: {pdq_done}, waiting: {pdq_queued}, failed: {pdq_failed}. "
                 "Text read: {ocr_done}, waiting: {ocr_queued}, failed: {ocr_failed}.").format(
        pdq_done=c["pdq"].get("done", 0), pdq_queued=c["pdq"].get("queued", 0),
        pdq_failed=c["pdq"].get("failed", 0), ocr_done=c["ocr"].get("done", 0),
        ocr_queued=c["ocr"].get("queued", 0), ocr_failed=c["ocr"].get("failed", 0))


def cmd_index(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        lens.backfill(vault)
        if args.retry_failed:
            lens.retry_failed(vault)
        processed = 0
        if args.wait or args.limit:
            def progress(done: int, st: lens.LensState) -> None:
                if not ctx.json and done % 10 == 0:
                    ctx.say(_state_line(ctx, st))

            processed = lens.run_pending(vault, args.limit, on_progress=progress)
        st = lens.state(vault)
    if ctx.json:
        ctx.emit_json({"processed": processed, "state": st.as_dict(), "queued": st.queued,
                       "failed": st.failed})
    else:
        ctx.out(_state_line(ctx, st))
    return 0


def cluster_json(c: similar.Cluster) -> dict[str, Any]:
    return {**dataclasses.asdict(c), "size": c.size}


def cluster_sentence(ctx: Context, c: similar.Cluster) -> str:
    accounts = ctx.n_("{count} account", "{count} accounts", len(c.accounts)).format(
        count=len(c.accounts))
    platforms = ctx.n_("{count} platform", "{count} platforms", len(c.platforms)).format(
        count=len(c.platforms))
    return ctx.n_("{count} item posted by {accounts} on {platforms} between {first} and {last}",
                  "{count} items posted by {accounts} on {platforms} between {first} and {last}",
                  c.size).format(count=c.size, accounts=accounts, platforms=platforms,
                                 first=(c.first or "—")[:10], last=(c.last or "—")[:10])


def cmd_similar(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        found = similar.similar_items(vault, args.item, args.threshold)
        cluster = similar.cluster_of(vault, args.item, args.threshold)
        tagged = 0
        if args.tag_cluster and cluster is not None:
            tagged = similar.tag_cluster(vault, cluster.members,
                                         TagChanges(add_tags=tuple(args.tag_cluster)))
    if ctx.json:
        ctx.emit_json({"item": args.item, "threshold": args.threshold,
                       "similar": [dataclasses.asdict(s) for s in found],
                       "cluster": cluster_json(cluster) if cluster else None, "tagged": tagged})
        return 0
    _ = ctx._
    if not found:
        ctx.out(_("No near-duplicate of item {item}.").format(item=args.item))
        return 0
    for s in found:
        ctx.out(_("Item {item}: distance {distance} ({kind} against {query_kind})").format(
            item=s.item_id, distance=s.distance, kind=s.kind, query_kind=s.query_kind))
    if cluster is not None:
        ctx.out(cluster_sentence(ctx, cluster))
    if tagged:
        ctx.say(ctx.n_("Tagged {count} item.", "Tagged {count} items.", tagged).format(
            count=tagged))
    return 0


def cmd_clusters(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        members = None
        if args.case:
            members = [int(r[0]) for r in vault.read(
                "SELECT item_id FROM item_cases WHERE case_id = ?",
                (get_case(vault, args.case).id,))]
        found = similar.clusters(vault, args.threshold, members)
    if ctx.json:
        ctx.emit_json([cluster_json(c) for c in found])
        return 0
    if not found:
        ctx.out(ctx._("No reposts of the same picture."))
    for c in found:
        ctx.out(cluster_sentence(ctx, c) + ": " + ", ".join(str(m) for m in c.members))
        if c.accounts:
            ctx.out("  " + ", ".join(safe(a) for a in c.accounts))
    return 0


def cmd_hashes_export(ctx: Context, args: argparse.Namespace) -> int:
    items = parse_items(args.items) if args.items is not None else None
    with unlock(ctx) as vault:
        result = hashlist.export_hashes(vault, Path(args.out), fmt=args.format,
                                        item_ids=items, case_title=args.case, label=args.label)
    if ctx.json:
        ctx.emit_json({"path": str(result.out), "format": result.format,
                       "items": list(result.item_ids), "without_hash": list(result.without_hash),
                       "hashes": result.hashes, "sha256": result.sha256,
                       "custody_seq": result.custody_seq})
        return 0
    ctx.say(ctx.n_("Wrote {count} PDQ hash to {path}.", "Wrote {count} PDQ hashes to {path}.",
                   result.hashes).format(count=result.hashes, path=safe(str(result.out))))
    if result.without_hash:
        ctx.say(ctx._("Not in the list, no hash yet: items {items}.").format(
            items=", ".join(str(i) for i in result.without_hash)))
    return 0


# --- additions to ``show`` and ``stats`` ----------------------------------------------------------
def item_lens(vault: Vault, item_id: int) -> dict[str, Any]:
    """The lens part of ``show``: PDQ hashes, recognised text, work state."""
    text = lens.ocr_text(vault, item_id)
    return {"pdq": [dataclasses.asdict(h) for h in similar.item_hashes(vault.conn, item_id)],
            "ocr": dataclasses.asdict(text) if text else None,
            "state": lens.item_state(vault, item_id)}


def lens_lines(ctx: Context, data: dict[str, Any]) -> list[str]:
    _ = ctx._
    lines = [_("PDQ hash ({kind}): {hash}, quality {quality}").format(
        kind=h["kind"], hash=h["hash"], quality=h["quality"]) for h in data["pdq"]]
    ocr = data.get("ocr")
    if ocr and ocr["text"]:
        label = _("Text in the picture (corrected by hand):") if ocr["corrected_by_hand"] \
            else _("Text in the picture:")
        lines.append(label)
        lines += ["  " + safe(line) for line in ocr["text"].splitlines()]
    return lines


def stats_clusters(vault: Vault, case_id: int | None = None) -> list[similar.Cluster]:
    members = None if case_id is None else [int(r[0]) for r in vault.read(
        "SELECT item_id FROM item_cases WHERE case_id = ?", (case_id,))]
    return similar.clusters(vault, item_ids=members)


def cluster_stats_lines(ctx: Context, found: list[similar.Cluster]) -> list[str]:
    lines = ["", ctx.n_("{count} cluster of reposts of the same picture",
                        "{count} clusters of reposts of the same picture",
                        len(found)).format(count=len(found))]
    lines += ["  " + cluster_sentence(ctx, c) for c in found[:10]]
    return lines
