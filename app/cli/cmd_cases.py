# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Case-model commands: ``tag``, ``list``, ``case``, ``perpetrator``, ``platform-report``,
``stats`` and ``demo`` (``docs/cli.md``). Each is a thin layer over :mod:`app.cases`; every value
that came from a user or a platform is printed through :func:`safe`.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from typing import Any

from app import cases
from app.cases.demo import fill_demo
from app.cases.model import AccountRef, CaseId, ItemId, ReportId
from app.cases.query import REPORT_FILTERS
from app.cases.textnorm import handle_norm
from app.cli.cmd_chats import print_hits, search_hits
from app.cli.cmd_vault import unlock
from app.cli.io import Context, safe
from app.errors import AppError
from app.vault import Vault

_Reg = Callable[[argparse.ArgumentParser], None]
SENSITIVE_KINDS = tuple(cases.SENSITIVITY)


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    _register_tag(sub, _, add_globals)
    _register_list(sub, _, add_globals)
    _register_case(sub, _, add_globals)
    _register_perpetrator(sub, _, add_globals)
    _register_report(sub, _, add_globals)
    p = sub.add_parser("stats", help=_("counts by platform, category, perpetrator, account and "
                                       "day, and how platforms answered reports"))
    p.add_argument("--case", metavar=_("TITLE"), help=_("only this case"))
    add_globals(p)
    p.set_defaults(handler=cmd_stats)
    p = sub.add_parser("demo", help=_("fill the vault with clearly fictional sample evidence"))
    add_globals(p)
    p.set_defaults(handler=cmd_demo)


def _register_tag(sub: argparse._SubParsersAction, _: Callable[[str], str],
                  add_globals: _Reg) -> None:
    p = sub.add_parser("tag", help=_("describe an item: platform, accounts, categories, case, "
                                     "dates, notes, sensitivity"))
    p.add_argument("item", type=int, metavar=_("ITEM_ID"))
    p.add_argument("--platform", choices=cases.PLATFORMS, metavar=_("KEY"),
                   help=_("the platform it was posted on"))
    p.add_argument("--account", action="append", default=[], metavar=_("PLATFORM:HANDLE"),
                   help=_("an account involved (repeatable)"))
    p.add_argument("--remove-account", action="append", default=[], metavar=_("PLATFORM:HANDLE"),
                   help=_("unlink an account (repeatable)"))
    p.add_argument("--category", action="append", default=[], metavar=_("KEY"),
                   help=_("a category of abuse (repeatable)"))
    p.add_argument("--remove-category", action="append", default=[], metavar=_("KEY"),
                   help=_("remove a category (repeatable)"))
    p.add_argument("--case", action="append", default=[], metavar=_("TITLE"),
                   help=_("add to a case, created if new (repeatable)"))
    p.add_argument("--remove-case", action="append", default=[], metavar=_("TITLE"),
                   help=_("take out of a case (repeatable)"))
    p.add_argument("--tag", dest="hashtag", action="append", default=[], metavar=_("NAME"),
                   help=_("a free tag such as a hashtag (repeatable)"))
    p.add_argument("--remove-tag", action="append", default=[], metavar=_("NAME"),
                   help=_("remove a free tag (repeatable)"))
    p.add_argument("--url", metavar=_("URL"), help=_("where it was posted"))
    p.add_argument("--posted-at", metavar=_("ISO8601"),
                   help=_("when it was posted, as shown, with its time zone"))
    p.add_argument("--seen-at", metavar=_("ISO8601"), help=_("when you saw it"))
    p.add_argument("--language", metavar=_("CODE"), help=_("language of the content (ar, en…)"))
    p.add_argument("--description", metavar=_("TEXT"), help=_("a short description"))
    p.add_argument("--note", metavar=_("TEXT"), help=_("notes (replaces the previous notes)"))
    p.add_argument("--sensitive", action="append", default=[], choices=SENSITIVE_KINDS,
                   metavar=_("KIND"),
                   help=_("flag as graphic, intimate or personal-info (repeatable)"))
    p.add_argument("--not-sensitive", action="append", default=[], choices=SENSITIVE_KINDS,
                   metavar=_("KIND"), help=_("clear a sensitivity flag (repeatable)"))
    p.add_argument("--deleted-by-source", action=argparse.BooleanOptionalAction, default=None,
                   help=_("the post was deleted by whoever published it"))
    add_globals(p)
    p.set_defaults(handler=cmd_tag)


def _register_list(sub: argparse._SubParsersAction, _: Callable[[str], str],
                   add_globals: _Reg) -> None:
    p = sub.add_parser("list", help=_("list and search items"))
    p.add_argument("--search", metavar=_("TEXT"),
                   help=_("words in notes, descriptions, handles, URLs, tags, case titles "
                          "or chat messages"))
    p.add_argument("--case", metavar=_("TITLE"), help=_("only items of this case"))
    p.add_argument("--platform", action="append", default=[], choices=cases.PLATFORMS,
                   metavar=_("KEY"), help=_("only items from this platform (repeatable)"))
    p.add_argument("--account", metavar=_("HANDLE"),
                   help=_("only items involving this account (HANDLE or PLATFORM:HANDLE)"))
    p.add_argument("--perpetrator", metavar=_("LABEL"),
                   help=_("only items involving this perpetrator's accounts"))
    p.add_argument("--category", action="append", default=[], metavar=_("KEY"),
                   help=_("only items in this category (repeatable)"))
    p.add_argument("--reported", action="append", default=[], choices=REPORT_FILTERS,
                   metavar=_("STATUS"),
                   help=_("only items with a platform report in this status; any or none"))
    p.add_argument("--sensitive", action="append", default=[], choices=SENSITIVE_KINDS,
                   metavar=_("KIND"), help=_("only items flagged this way"))
    p.add_argument("--hide-sensitive", action="store_true", help=_("leave out flagged items"))
    p.add_argument("--since", metavar=_("DATE"), help=_("from this date (inclusive)"))
    p.add_argument("--until", metavar=_("DATE"), help=_("up to this date (inclusive)"))
    p.add_argument("--date", choices=("posted", "seen", "imported"), default="imported",
                   help=_("the date that --since, --until and the order use (default: imported)"))
    p.add_argument("--oldest-first", action="store_true", help=_("oldest first"))
    p.add_argument("--limit", type=int, default=None, metavar=_("N"), help=_("at most N items"))
    p.add_argument("--offset", type=int, default=0, metavar=_("N"), help=_("skip N items"))
    add_globals(p)
    p.set_defaults(handler=cmd_list)


def _register_case(sub: argparse._SubParsersAction, _: Callable[[str], str],
                   add_globals: _Reg) -> None:
    group = sub.add_parser("case", help=_("cases: campaigns or incidents"))
    add_globals(group)  # so that `case --vault X` asks for the action instead of misreading X
    case_sub = group.add_subparsers(dest="case_command", metavar=_("COMMAND"), required=True)
    p = case_sub.add_parser("add", help=_("create a case"))
    p.add_argument("title", metavar=_("TITLE"))
    p.add_argument("--description", default="", metavar=_("TEXT"), help=_("what happened"))
    p.add_argument("--starts-on", metavar=_("DATE"), help=_("when it started"))
    p.add_argument("--ends-on", metavar=_("DATE"), help=_("when it ended"))
    p.add_argument("--notes", default="", metavar=_("TEXT"), help=_("notes"))
    add_globals(p)
    p.set_defaults(handler=cmd_case_add)
    p = case_sub.add_parser("list", help=_("list the cases"))
    add_globals(p)
    p.set_defaults(handler=cmd_case_list)
    p = case_sub.add_parser("show", help=_("show a case and its figures"))
    p.add_argument("title", metavar=_("TITLE"))
    add_globals(p)
    p.set_defaults(handler=cmd_case_show)


def _register_perpetrator(sub: argparse._SubParsersAction, _: Callable[[str], str],
                          add_globals: _Reg) -> None:
    group = sub.add_parser("perpetrator", help=_("perpetrators and their accounts"))
    add_globals(group)
    perp_sub = group.add_subparsers(dest="perpetrator_command", metavar=_("COMMAND"),
                                    required=True)
    p = perp_sub.add_parser("add", help=_("record a perpetrator"))
    p.add_argument("label", metavar=_("LABEL"))
    p.add_argument("--account", action="append", default=[], metavar=_("PLATFORM:HANDLE"),
                   help=_("an account this person runs (repeatable)"))
    p.add_argument("--note", default="", metavar=_("TEXT"), help=_("notes"))
    p.add_argument("--anonymous", action="store_true", help=_("the person is not identified"))
    add_globals(p)
    p.set_defaults(handler=cmd_perpetrator_add)
    p = perp_sub.add_parser("list", help=_("list the perpetrators"))
    add_globals(p)
    p.set_defaults(handler=cmd_perpetrator_list)
    p = perp_sub.add_parser("show", help=_("show a perpetrator and their accounts"))
    p.add_argument("label", metavar=_("LABEL"))
    add_globals(p)
    p.set_defaults(handler=cmd_perpetrator_show)


def _register_report(sub: argparse._SubParsersAction, _: Callable[[str], str],
                     add_globals: _Reg) -> None:
    group = sub.add_parser("platform-report", help=_("reports made to platforms"))
    add_globals(group)
    rep_sub = group.add_subparsers(dest="report_command", metavar=_("COMMAND"), required=True)
    p = rep_sub.add_parser("add", help=_("record a report made to a platform"))
    p.add_argument("item", type=int, metavar=_("ITEM_ID"))
    p.add_argument("--platform", required=True, choices=cases.PLATFORMS, metavar=_("KEY"),
                   help=_("the platform reported to"))
    p.add_argument("--reported-at", required=True, metavar=_("ISO8601"),
                   help=_("when it was reported"))
    p.add_argument("--channel", metavar=_("TEXT"), help=_("how: in-app form, e-mail, partner…"))
    p.add_argument("--reference", metavar=_("REF"), help=_("the platform's reference number"))
    p.add_argument("--status", choices=cases.REPORT_STATUSES, default="pending",
                   help=_("the platform's answer so far"))
    p.add_argument("--answered-at", metavar=_("ISO8601"), help=_("when the platform answered"))
    p.add_argument("--note", default="", metavar=_("TEXT"), help=_("notes"))
    add_globals(p)
    p.set_defaults(handler=cmd_report_add)
    p = rep_sub.add_parser("update", help=_("record the platform's answer"))
    p.add_argument("report", type=int, metavar=_("REPORT_ID"))
    p.add_argument("--status", choices=cases.REPORT_STATUSES, help=_("the platform's answer"))
    p.add_argument("--answered-at", metavar=_("ISO8601"), help=_("when the platform answered"))
    p.add_argument("--reference", metavar=_("REF"), help=_("the platform's reference number"))
    add_globals(p)
    p.set_defaults(handler=cmd_report_update)
    p = rep_sub.add_parser("list", help=_("list the reports made to platforms"))
    p.add_argument("--item", type=int, metavar=_("ITEM_ID"), help=_("only this item's reports"))
    p.add_argument("--case", metavar=_("TITLE"), help=_("only reports about this case's items"))
    add_globals(p)
    p.set_defaults(handler=cmd_report_list)


# --- JSON shapes --------------------------------------------------------------------------------
def to_json(obj: Any) -> Any:
    """Dataclasses → dicts, adding the derived fields scripts want (account ref, days to answer)."""
    if isinstance(obj, cases.PlatformReport):
        data = dataclasses.asdict(obj)
        data["days_to_answer"] = obj.days_to_answer
        return data
    if isinstance(obj, cases.Account):
        return {**dataclasses.asdict(obj), "ref": obj.ref}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_json(x) for x in obj]
    return obj


# --- handlers -----------------------------------------------------------------------------------
def cmd_tag(ctx: Context, args: argparse.Namespace) -> int:
    changes = cases.TagChanges(
        platform=args.platform, url=args.url, posted_at=args.posted_at, seen_at=args.seen_at,
        language=args.language, description=args.description, notes=args.note,
        deleted_by_source=args.deleted_by_source,
        add_categories=tuple(args.category), remove_categories=tuple(args.remove_category),
        add_tags=tuple(args.hashtag), remove_tags=tuple(args.remove_tag),
        add_cases=tuple(args.case), remove_cases=tuple(args.remove_case),
        add_accounts=tuple(AccountRef.parse(a) for a in args.account),
        remove_accounts=tuple(AccountRef.parse(a) for a in args.remove_account),
        add_sensitive=tuple(args.sensitive), remove_sensitive=tuple(args.not_sensitive))
    with unlock(ctx) as vault:
        tags = cases.tag_item(vault, ItemId(args.item), changes)
    if ctx.json:
        ctx.emit_json(to_json(tags))
        return 0
    ctx.say(ctx._("Item {item} updated.").format(item=tags.item_id))
    _print_tags(ctx, tags)
    return 0


def _print_tags(ctx: Context, tags: cases.ItemTags) -> None:
    _ = ctx._
    rows = [
        (_("Platform"), tags.platform or ""), (_("URL"), tags.url or ""),
        (_("Posted at"), tags.posted_as_shown or ""), (_("Seen at"), tags.seen_at or ""),
        (_("Categories"), ", ".join(tags.categories)), (_("Tags"), ", ".join(tags.tags)),
        (_("Cases"), ", ".join(tags.cases)),
        (_("Accounts"), ", ".join(a.ref for a in tags.accounts)),
        (_("Sensitive"), ", ".join(tags.sensitive)), (_("Notes"), tags.notes or ""),
    ]
    for label, value in rows:
        if value:
            ctx.out(f"{label}: {safe(value)}")


def _resolve_account_ids(vault: Vault, untrusted: str) -> tuple[cases.AccountId, ...]:
    platform, sep, handle = untrusted.partition(":")
    if sep and platform.lower() in cases.PLATFORMS:
        return (cases.get_account(vault, platform.lower(), handle).id,)
    rows = vault.read("SELECT id FROM accounts WHERE handle_norm = ?", (handle_norm(untrusted),))
    if not rows:
        raise AppError("cases.account_not_found", account=untrusted)
    return tuple(cases.AccountId(int(r[0])) for r in rows)


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        query = cases.ItemQuery(
            text=args.search or "",
            case_ids=(cases.get_case(vault, args.case).id,) if args.case else (),
            platforms=tuple(args.platform),
            account_ids=_resolve_account_ids(vault, args.account) if args.account else (),
            perpetrator_ids=((cases.get_perpetrator(vault, args.perpetrator).id,)
                             if args.perpetrator else ()),
            categories=tuple(args.category), report_status=tuple(args.reported),
            sensitive=tuple(args.sensitive), hide_sensitive=args.hide_sensitive,
            **{f"{args.date}_from": args.since, f"{args.date}_to": args.until},
            sort=args.date, descending=not args.oldest_first, limit=args.limit,
            offset=args.offset)
        for key in query.categories:
            if key not in {c.key for c in cases.list_categories(vault)}:
                raise AppError("cases.unknown_category", category=key)
        rows = cases.list_items(vault, query)
        total = cases.count_items(vault, query)
        found = search_hits(vault, args.search, args.limit) if args.search else None
    if ctx.json:
        ctx.emit_json({"total": total, "offset": args.offset, "items": to_json(rows),
                       **(found or {})})
        return 0
    date_attr = {"posted": "posted_at", "seen": "seen_at", "imported": "imported_at"}[args.date]
    for row in rows:
        when = (getattr(row, date_attr) or "")[:16]
        flags = "!" if row.sensitive else " "
        ctx.out(f"{row.id:>7} {flags} {when:<16}  {row.platform or '-':<9}  "
                f"{safe(row.description or row.original_name or '', 80)}")
    ctx.say(ctx.n_("{count} item", "{count} items", total).format(count=total))
    if found is not None:
        print_hits(ctx, found)
    return 0


def cmd_case_add(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        case = cases.add_case(vault, args.title, description=args.description,
                              starts_on=args.starts_on, ends_on=args.ends_on, notes=args.notes)
    if ctx.json:
        ctx.emit_json(to_json(case))
    else:
        ctx.say(ctx._("Case {case} created.").format(case=safe(case.title)))
    return 0


def cmd_case_list(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        found = cases.list_cases(vault)
    if ctx.json:
        ctx.emit_json(to_json(found))
        return 0
    for case in found:
        ctx.out(f"{case.item_count:>6}  {safe(case.title)}")
    ctx.say(ctx.n_("{count} case", "{count} cases", len(found)).format(count=len(found)))
    return 0


def cmd_case_show(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        case = cases.get_case(vault, args.title)
        stats = cases.compute_stats(vault, case.id)
        items = [r.id for r in cases.list_items(vault, cases.ItemQuery(
            case_ids=(case.id,), sort="posted", descending=False, limit=None))]
    if ctx.json:
        ctx.emit_json({"case": to_json(case), "items": items, "stats": to_json(stats)})
        return 0
    _ = ctx._
    ctx.out(safe(case.title))
    if case.description:
        ctx.out(safe(case.description))
    ctx.out(ctx.n_("{count} item", "{count} items", case.item_count).format(
        count=case.item_count))
    _print_span(ctx, stats)
    ctx.out(_("Items: {ids}").format(ids=" ".join(str(i) for i in items)))
    return 0


def _print_span(ctx: Context, stats: cases.Stats) -> None:
    _ = ctx._
    if stats.first_item:
        ctx.out(_("First item: {first} · last item: {last}").format(
            first=stats.first_item, last=stats.last_item))
    if stats.peak_days:
        ctx.out(_("Peak days: {days}").format(
            days=", ".join(f"{c.key} ({c.count})" for c in stats.peak_days)))


def _print_perpetrator(ctx: Context, perp: cases.Perpetrator) -> None:
    anonymous = ctx._(" (anonymous)") if perp.anonymous else ""
    ctx.out(f"{safe(perp.label)}{anonymous}  —  " + ctx.n_(
        "{count} item", "{count} items", perp.item_count).format(count=perp.item_count))
    for account in perp.accounts:
        name = f"  {safe(account.display_name)}" if account.display_name else ""
        ctx.out(f"    {safe(account.ref)}{name}  ({account.item_count})")


def cmd_perpetrator_add(ctx: Context, args: argparse.Namespace) -> int:
    refs = tuple((r.platform, r.handle) for r in (AccountRef.parse(a) for a in args.account))
    with unlock(ctx) as vault:
        perp = cases.add_perpetrator(vault, args.label, notes=args.note,
                                     anonymous=args.anonymous, accounts=refs)
    if ctx.json:
        ctx.emit_json(to_json(perp))
    else:
        ctx.say(ctx._("Perpetrator {label} recorded.").format(label=safe(perp.label)))
    return 0


def cmd_perpetrator_list(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        found = cases.list_perpetrators(vault)
    if ctx.json:
        ctx.emit_json(to_json(found))
        return 0
    for perp in found:
        _print_perpetrator(ctx, perp)
    return 0


def cmd_perpetrator_show(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        perp = cases.get_perpetrator(vault, args.label)
        items = [r.id for r in cases.list_items(vault, cases.ItemQuery(
            perpetrator_ids=(perp.id,), limit=None))]
    if ctx.json:
        ctx.emit_json({**to_json(perp), "items": items})
        return 0
    _print_perpetrator(ctx, perp)
    if perp.notes:
        ctx.out(safe(perp.notes))
    ctx.out(ctx._("Items: {ids}").format(ids=" ".join(str(i) for i in items)))
    return 0


def cmd_report_add(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        report = cases.add_report(vault, ItemId(args.item), args.platform, args.reported_at,
                                  channel=args.channel, reference=args.reference,
                                  status=args.status, answered_at=args.answered_at,
                                  notes=args.note)
    if ctx.json:
        ctx.emit_json(to_json(report))
    else:
        ctx.say(ctx._("Report {report} recorded.").format(report=report.id))
    return 0


def cmd_report_update(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        report = cases.update_report(vault, ReportId(args.report), status=args.status,
                                     answered_at=args.answered_at, reference=args.reference)
    if ctx.json:
        ctx.emit_json(to_json(report))
    else:
        ctx.say(ctx._("Report {report} updated.").format(report=report.id))
    return 0


def cmd_report_list(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        case_id = cases.get_case(vault, args.case).id if args.case else None
        found = cases.list_reports(vault, item_id=ItemId(args.item) if args.item else None,
                                   case_id=case_id)
    if ctx.json:
        ctx.emit_json(to_json(found))
        return 0
    for r in found:
        days = "" if r.days_to_answer is None else str(r.days_to_answer)
        ctx.out(f"{r.id:>5}  {r.item_id:>6}  {r.platform:<10} {r.reported_at[:10]}  "
                f"{r.status:<10} {days:>5}  {safe(r.reference or '')}")
    return 0


def cmd_stats(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        case_id: CaseId | None = cases.get_case(vault, args.case).id if args.case else None
        stats = cases.compute_stats(vault, case_id)
        from app.cli.cmd_lens import cluster_json, cluster_stats_lines, stats_clusters

        clusters = stats_clusters(vault, case_id)
    if ctx.json:
        ctx.emit_json({**to_json(stats), "clusters": [cluster_json(c) for c in clusters]})
        return 0
    _ = ctx._
    ar = ctx.lang == "ar"
    ctx.out(ctx.n_("{count} item", "{count} items", stats.items).format(count=stats.items))
    for title, counts in ((_("By platform"), stats.by_platform),
                          (_("By category"), stats.by_category),
                          (_("By perpetrator"), stats.by_perpetrator),
                          (_("By account"), stats.by_account), (_("By day"), stats.per_day),
                          (_("By week"), stats.per_week)):
        if counts:
            ctx.out(f"\n{title}")
            for c in counts:
                label = (c.label_ar if ar and c.label_ar else c.label) or "—"
                ctx.out(f"  {c.count:>6}  {safe(label)}")
    _print_span(ctx, stats)
    if stats.platform_response:
        ctx.out("\n" + _("Platform response"))
        for r in stats.platform_response:
            ctx.out("  " + _("{platform}: {reported} reported, {removed} removed, median "
                             "{median} days, longest {max} days to answer").format(
                platform=r.platform, reported=r.reported, removed=r.removed,
                median="—" if r.median_days is None else r.median_days,
                max="—" if r.max_days is None else r.max_days))
    ctx.out("\n".join(cluster_stats_lines(ctx, clusters)))
    return 0


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        summary = fill_demo(vault)
    if ctx.json:
        ctx.emit_json(to_json(summary))
    else:
        ctx.say(ctx.n_("Added {count} fictional sample item to the case {case}.",
                       "Added {count} fictional sample items to the case {case}.",
                       len(summary.items)).format(count=len(summary.items),
                                                  case=safe(summary.case_title)))
    return 0
