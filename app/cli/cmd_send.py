# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Sending (issue 18): ``contact make|add|list|remove|send-when-connected``, ``send``, ``outbox``.

``send`` starts the separate sender process (:mod:`app.send.launch`); this process, which holds
the vault key, opens no socket.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli.cmd_vault import unlock
from app.cli.io import Context, safe
from app.errors import AppError, UsageError
from app.messages import describe
from app.safefile import new_file

_Reg = Callable[[argparse.ArgumentParser], None]


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    group = sub.add_parser("contact", help=_("destinations: organisations' signed contact "
                                             "cards"))
    add_globals(group)
    csub = group.add_subparsers(dest="contact_command", metavar=_("ACTION"), required=True)
    p = csub.add_parser("make", help=_("for organisations: write a signed contact card"))
    p.add_argument("--name", required=True, metavar=_("NAME"), help=_("the organisation's name"))
    p.add_argument("--url", required=True, metavar="URL",
                   help=_("the inbox's upload address, https://HOST:PORT/files/"))
    p.add_argument("--cert", type=Path, required=True, metavar=_("FILE"),
                   help=_("the inbox's TLS certificate (PEM); only this one will be accepted"))
    p.add_argument("--onion", metavar="URL", help=_("the inbox's onion address, for Tor"))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--recipient", metavar=_("AGE_RECIPIENT"),
                     help=_("the age recipient bundles are encrypted to (age1…)"))
    who.add_argument("--identity", type=Path, metavar=_("FILE"),
                     help=_("the age identity file; its recipient goes in the card"))
    p.add_argument("--out", type=Path, required=True, metavar=_("CARD"))
    p.add_argument("--qr", type=Path, metavar=_("FILE"),
                   help=_("also write the card as a QR code (.png or .svg)"))
    add_globals(p)
    p.set_defaults(handler=cmd_contact_make)
    p = csub.add_parser(
        "add", help=_("add a destination from its contact card (or a picture of its QR code)"))
    p.add_argument("card", type=Path, metavar=_("CARD"))
    add_globals(p)
    p.set_defaults(handler=cmd_contact_add)
    p = csub.add_parser("list", help=_("list the destinations"))
    add_globals(p)
    p.set_defaults(handler=cmd_contact_list)
    p = csub.add_parser("remove", help=_("remove a destination (refused while bundles for it "
                                         "wait in the outbox)"))
    p.add_argument("name", metavar=_("NAME"))
    add_globals(p)
    p.set_defaults(handler=cmd_contact_remove)
    p = csub.add_parser("send-when-connected",
                        help=_("allow or stop sending to a destination whenever the app is open "
                               "and it can be reached"))
    p.add_argument("name", metavar=_("NAME"))
    p.add_argument("state", choices=["on", "off"])
    p.add_argument("--via", metavar="socks5://HOST:PORT",
                   help=_("through this SOCKS5 proxy (Tor) instead of directly"))
    add_globals(p)
    p.set_defaults(handler=cmd_contact_auto)

    p = sub.add_parser("send", help=_("send what the outbox holds (starts a separate process "
                                      "that has no access to the vault)"))
    p.add_argument("--to", metavar=_("NAME"), help=_("only to this destination"))
    p.add_argument("--via", metavar="socks5://HOST:PORT",
                   help=_("through this SOCKS5 proxy, for example Tor Browser's "
                          "socks5://127.0.0.1:9150; never falls back to a direct connection"))
    add_globals(p)
    p.set_defaults(handler=cmd_send)

    p = sub.add_parser("outbox", help=_("what is queued, being sent, sent, and confirmed"))
    add_globals(p)
    p.set_defaults(handler=cmd_outbox)


def cmd_contact_make(ctx: Context, args: argparse.Namespace) -> int:
    from app.bundle import SigningKey
    from app.bundle.agecrypt import parse_identities
    from app.send.contact import make_card, write_qr

    try:
        cert = args.cert.read_bytes()
        identity = args.identity.read_text(encoding="utf-8") if args.identity else None
    except (OSError, UnicodeDecodeError):
        raise UsageError("send.no_such_file", path=str(args.cert)) from None
    recipient = args.recipient or str(parse_identities(identity or "")[0].to_public())
    with unlock(ctx) as vault:
        card = make_card(SigningKey(vault.signing_key()), name=args.name, recipient=recipient,
                         url=args.url, cert_pem=cert, onion_url=args.onion)
    with new_file(args.out, exists_code="bundle.exists") as fh:
        fh.write(card)
    if args.qr:
        with new_file(args.qr, exists_code="bundle.exists") as fh:
            write_qr(card, fh, "svg" if args.qr.suffix.lower() == ".svg" else "png")
    from app.send.contact import parse_card

    made = parse_card(card)
    if ctx.json:
        ctx.emit_json({"card": str(args.out), "qr": str(args.qr) if args.qr else None,
                       "signing_fingerprint": made.signing_fingerprint,
                       "cert_sha256": made.cert_sha256})
        return 0
    ctx.say(ctx._("Contact card written to {path}.").format(path=safe(args.out)))
    ctx.out(ctx._("Signing-key fingerprint: {fingerprint}").format(
        fingerprint=made.display_signing_fingerprint))
    return 0


def cmd_contact_add(ctx: Context, args: argparse.Namespace) -> int:
    from app.send.outbox import add_contact
    from app.send.qrpicture import MAX_PICTURE_BYTES

    try:
        with args.card.open("rb") as fh:  # a card, its QR text, or a picture of its QR code
            raw = fh.read(MAX_PICTURE_BYTES + 1)
    except OSError:
        raise UsageError("send.no_such_file", path=str(args.card)) from None
    with unlock(ctx) as vault:
        c = add_contact(vault, raw)
    from app.bundle import display_fingerprint

    if ctx.json:
        ctx.emit_json(_contact_json(c))
        return 0
    ctx.say(ctx._("Destination {name} added. Compare this fingerprint with the organisation's, "
                  "over another channel:").format(name=safe(c.name)))
    ctx.out(display_fingerprint(c.signing_fingerprint))
    return 0


def _contact_json(c: Any) -> dict[str, Any]:
    return {"name": c.name, "url": c.url, "onion_url": c.onion_url, "recipient": c.recipient,
            "cert_sha256": c.cert_sha256, "signing_fingerprint": c.signing_fingerprint,
            "send_when_connected": c.auto_send, "via": c.via}


def cmd_contact_list(ctx: Context, args: argparse.Namespace) -> int:
    from app.send.outbox import list_contacts

    with unlock(ctx) as vault:
        contacts = list_contacts(vault)
    if ctx.json:
        ctx.emit_json([_contact_json(c) for c in contacts])
        return 0
    for c in contacts:
        route = c.via or ctx._("direct")
        ctx.out(f"{safe(c.name)}\t{safe(c.url)}\t{safe(route)}")
    return 0


def cmd_contact_remove(ctx: Context, args: argparse.Namespace) -> int:
    from app.send.outbox import contact_named, remove_contact

    with unlock(ctx) as vault:
        name = remove_contact(vault, contact_named(vault, args.name).id)
    if ctx.json:
        ctx.emit_json({"removed": name})
    else:
        ctx.say(ctx._("Destination {name} removed.").format(name=safe(name)))
    return 0


def cmd_contact_auto(ctx: Context, args: argparse.Namespace) -> int:
    from app.send.outbox import contact_named, set_send_when_connected

    with unlock(ctx) as vault:
        c = set_send_when_connected(vault, contact_named(vault, args.name).id,
                                    args.state == "on", args.via)
    if ctx.json:
        ctx.emit_json(_contact_json(c))
    elif c.auto_send:
        ctx.say(ctx._("Bundles for {name} will be sent whenever Bayyina is open and can reach "
                      "it.").format(name=safe(c.name)))
    else:
        ctx.say(ctx._("Bundles for {name} will be sent only when you ask.").format(
            name=safe(c.name)))
    return 0


def route_sentence(ctx: Context, event: dict[str, Any]) -> str:
    """How a bundle goes, in plain words (said before anything is sent)."""
    if event.get("route") == "socks5" and event.get("onion") == "yes":
        return ctx._("Sending through the proxy {proxy} to the onion address {url}.").format(
            proxy=safe(event.get("proxy")), url=safe(event.get("url")))
    if event.get("route") == "socks5":
        return ctx._("Sending through the proxy {proxy} to {url}.").format(
            proxy=safe(event.get("proxy")), url=safe(event.get("url")))
    return ctx._("Sending directly (not through Tor) to {url}.").format(
        url=safe(event.get("url")))


def cmd_send(ctx: Context, args: argparse.Namespace) -> int:
    from app.send.launch import send_outbox
    from app.send.route import parse_via

    parse_via(args.via)  # refused before the passphrase is asked

    def on_event(event: dict[str, Any]) -> None:
        if ctx.json:
            if event.get("event") != "receipt":
                ctx.emit_json(event)
        elif event.get("event") == "route":
            ctx.say(route_sentence(ctx, event))

    with unlock(ctx) as vault:
        report = send_outbox(vault, contact=args.to, via=args.via, on_event=on_event)
    if ctx.json:
        return 0 if not report.failed else 1
    if report.attempted == 0:
        ctx.say(ctx._("The outbox is empty."))
        return 0
    if report.sent:
        ctx.say(ctx.n_("{count} bundle sent.", "{count} bundles sent.",
                       len(report.sent)).format(count=len(report.sent)))
    if report.receipts:
        ctx.say(ctx.n_("{count} receipt received.", "{count} receipts received.",
                       len(report.receipts)).format(count=len(report.receipts)))
    for err in report.failed.values():
        ctx.say(describe(err, ctx.tr, isolate=ctx.lang == "ar"))
    if report.failed:
        raise AppError("outbox.not_all_sent", count=len(report.failed))
    return 0


def cmd_outbox(ctx: Context, args: argparse.Namespace) -> int:
    from app.send.outbox import list_outbox

    with unlock(ctx) as vault:
        entries = list_outbox(vault)
    if ctx.json:
        ctx.emit_json([e.as_json() for e in entries])
        return 0
    if not entries:
        ctx.say(ctx._("The outbox is empty."))
    for e in entries:
        ctx.out(f"{e.id}\t{safe(e.contact)}\t{status_text(ctx._, e)}\t{safe(e.route or '')}")
    return 0


def status_text(_: Callable[[str], str], e: Any) -> str:
    """queued / sending n % / sent / receipt received, in the user's language."""
    if e.status == "sending":
        return _("sending {percent} %").format(percent=e.percent)
    return {"queued": _("queued"), "sent": _("sent, waiting for the receipt"),
            "receipt": _("receipt received")}.get(e.status, e.status)
