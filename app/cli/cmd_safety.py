# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Coercion and seizure (issue 16): ``safety wipe-after``, ``safety decoy``, ``delete``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from app.cases.erase import erase_all, erase_case
from app.cli.cmd_vault import unlock
from app.cli.io import Context, safe
from app.errors import AppError, UsageError
from app.vault import duress
from app.vault.items import delete_item

_Reg = Callable[[argparse.ArgumentParser], None]


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    group = sub.add_parser("safety", help=_("coercion and seizure: wipe after failed unlocks, a "
                                            "decoy vault"))
    add_globals(group)
    safety_sub = group.add_subparsers(dest="safety_command", metavar=_("COMMAND"), required=True)
    p = safety_sub.add_parser("wipe-after", help=_("erase the vault after N failed unlocks in a "
                                                   "row (5, 10 or 20), or off"))
    p.add_argument("limit", choices=["5", "10", "20", "off"], metavar="N|off")
    p.add_argument("--show-remaining", action="store_true",
                   help=_("tell whoever types a wrong passphrase how many attempts are left"))
    add_globals(p)
    p.set_defaults(handler=cmd_wipe_after)
    p = safety_sub.add_parser("decoy", help=_("make a decoy vault that a second passphrase "
                                              "opens"))
    p.add_argument("--decoy-passphrase-file", metavar=_("FILE"), required=True,
                   help=_("read the decoy passphrase from FILE (- for standard input)"))
    p.add_argument("--erase-real-on-open", action="store_true",
                   help=_("opening the decoy also erases this vault's key for good"))
    add_globals(p)
    p.set_defaults(handler=cmd_decoy)

    p = sub.add_parser("delete", help=_("delete an item, a case and its evidence, or the whole "
                                        "vault, at once"))
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("item", nargs="?", type=int, metavar="ITEM", help=_("the item's number"))
    what.add_argument("--case", metavar=_("TITLE"),
                      help=_("the case and the items that are in no other case"))
    what.add_argument("--all", action="store_true",
                      help=_("the whole vault: its keys overwritten, its files removed"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    add_globals(p)
    p.set_defaults(handler=cmd_delete)


def cmd_wipe_after(ctx: Context, args: argparse.Namespace) -> int:
    limit = None if args.limit == "off" else int(args.limit)
    with unlock(ctx) as vault:
        duress.set_wipe_after(vault, limit, args.show_remaining)
    if ctx.json:
        ctx.emit_json({"wipe_after": limit, "show_remaining": bool(args.show_remaining and limit)})
    elif limit is None:
        ctx.say(ctx._("Wipe after failed unlocks: off."))
    else:
        ctx.say(ctx._("After {count} failed unlocks in a row, the vault will be erased for good. "
                      "Someone who copies the folder first can keep guessing on the copy."
                      ).format(count=limit))
    return 0


def cmd_decoy(ctx: Context, args: argparse.Namespace) -> int:
    passphrase = ctx.passphrase(ctx._("Passphrase: "))
    decoy = ctx.passphrase("", file=args.decoy_passphrase_file)
    from app.session import open_session

    with open_session(ctx.vault_path, passphrase) as vault:
        duress.make_decoy(vault, passphrase, decoy, erase_real_on_open=args.erase_real_on_open)
    if ctx.json:
        ctx.emit_json({"decoy": True, "erase_real_on_open": bool(args.erase_real_on_open)})
    else:
        ctx.say(ctx._("A decoy vault was made: the decoy passphrase opens it, empty, with its own "
                      "keys and log. Fill it with ordinary items so that it looks used."))
        if args.erase_real_on_open:
            ctx.say(ctx._("Opening the decoy will erase this vault's key: after that, your "
                          "passphrase no longer opens it."))
    return 0


def cmd_delete(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    with unlock(ctx) as vault:
        if args.all:
            question = _("Erase the whole vault for good? Nothing can bring it back.")
        elif args.case is not None:
            question = _("Delete the case {title} and its evidence for good?").format(
                title=safe(args.case))
        else:
            question = _("Delete item {item} for good?").format(item=args.item)
        _confirm(ctx, question, args.yes)
        if args.all:
            erase_all(vault)
            result: dict[str, object] = {"erased": "vault"}
            message = _("The vault was erased.")
        elif args.case is not None:
            done = erase_case(vault, args.case)
            result = {"erased": "case", "items_deleted": done.items_deleted,
                      "items_kept": done.items_kept}
            message = ctx.n_("The case was deleted with {count} item.",
                             "The case was deleted with {count} items.",
                             done.items_deleted).format(count=done.items_deleted)
        else:
            deleted = delete_item(vault, args.item)  # as "Delete…" in the GUI
            result = {"erased": "item", "item": args.item, **deleted}
            message = _("Deleted item {item}; the custody log records that an item was "
                        "removed.").format(item=args.item)
    if ctx.json:
        ctx.emit_json(result)
    else:
        ctx.say(message)
    return 0


def _confirm(ctx: Context, question: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise UsageError("cli.confirm_needed")
    answer = input(question + " " + ctx._("Type yes to confirm: "))
    if answer.strip().lower() not in {"yes", ctx._("yes")}:
        raise AppError("cli.not_confirmed")
