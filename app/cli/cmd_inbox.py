# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The organisation's inbox (issue 18): ``inbox serve`` (a tus server storing only ciphertext,
no vault) and ``inbox receive DIR`` (complete uploads into this vault)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

from app.cli.io import Context
from app.errors import UsageError

_Reg = Callable[[argparse.ArgumentParser], None]
_LISTEN = re.compile(r"(?P<host>\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(?P<port>[0-9]{1,5})")


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    group = sub.add_parser("inbox", help=_("for organisations: receive bundles sent over the "
                                           "network"))
    add_globals(group)
    isub = group.add_subparsers(dest="inbox_command", metavar=_("ACTION"), required=True)
    p = isub.add_parser("serve", help=_("run the upload server (stores only encrypted bundles; "
                                        "needs no vault)"))
    p.add_argument("--dir", type=Path, required=True, metavar=_("DIR"),
                   help=_("the inbox folder"))
    p.add_argument("--listen", required=True, metavar="HOST:PORT",
                   help=_("address and port to listen on, for example 127.0.0.1:8443"))
    p.add_argument("--cert", type=Path, required=True, metavar=_("FILE"),
                   help=_("the TLS certificate (PEM) named in the contact card"))
    p.add_argument("--key", type=Path, required=True, metavar=_("FILE"),
                   help=_("the certificate's private key (PEM)"))
    p.add_argument("--max-size", type=int, default=2048, metavar="MB",
                   help=_("largest bundle accepted, in megabytes (default 2048)"))
    p.add_argument("--per-hour", type=int, default=60, metavar="N",
                   help=_("new uploads accepted per client address and hour (default 60)"))
    p.add_argument("--keep-days", type=int, default=30, metavar="N",
                   help=_("days an unfinished upload can still be resumed (default 30)"))
    add_globals(p)
    p.set_defaults(handler=cmd_serve)
    p = isub.add_parser("receive", help=_("receive every complete bundle in the inbox folder "
                                          "into this vault"))
    p.add_argument("dir", type=Path, metavar=_("DIR"))
    p.add_argument("--identity", type=Path, required=True, metavar=_("FILE"),
                   help=_("age identity file to decrypt with"))
    p.add_argument("--trust-signer", metavar=_("FINGERPRINT"),
                   help=_("pin this sender's fingerprint on first contact"))
    add_globals(p)
    p.set_defaults(handler=cmd_receive)


def _listen(untrusted: str) -> tuple[str, int]:
    m = _LISTEN.fullmatch(untrusted.strip())
    if not m or int(m.group("port")) > 65535:
        raise UsageError("send.bad_listen", listen=untrusted)
    return m.group("host").strip("[]"), int(m.group("port"))


def cmd_serve(ctx: Context, args: argparse.Namespace) -> int:
    host, port = _listen(args.listen)
    for path in (args.cert, args.key):
        if not path.is_file():
            raise UsageError("send.no_such_file", path=str(path))
    if args.max_size < 1 or args.per_hour < 1 or args.keep_days < 1:
        raise UsageError("send.bad_limit")
    from app.inbox.server import serve

    def ready(bound_host: str, bound_port: int) -> None:
        if ctx.json:
            ctx.emit_json({"listening": f"{bound_host}:{bound_port}"})
        else:
            ctx.say(ctx._("The inbox listens on {address}. Stop it with Ctrl+C.").format(
                address=f"{bound_host}:{bound_port}"))

    serve(args.dir, host, port, cert=args.cert, key=args.key, max_size=args.max_size << 20,
          per_hour=args.per_hour, keep_days=args.keep_days, ready=ready)
    return 0


def cmd_receive(ctx: Context, args: argparse.Namespace) -> int:
    from app.cli.cmd_vault import unlock
    from app.cli.io import safe
    from app.inbox.receive import receive_inbox
    from app.messages import describe

    try:
        identity = args.identity.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise UsageError("send.no_such_file", path=str(args.identity)) from None
    if not args.dir.is_dir():
        raise UsageError("send.no_such_file", path=str(args.dir))
    with unlock(ctx) as vault:
        report = receive_inbox(vault, args.dir, identity=identity, lang=ctx.lang,
                               trust_signer=args.trust_signer)
    refused = [o for o in report.outcomes if o.status == "refused"]
    if ctx.json:
        ctx.emit_json({"pending": report.pending, "bundles": [
            {"upload": o.upload, "sha256": o.sha256, "status": o.status, "code": o.code,
             "bundle_id": o.result.bundle_id if o.result else None,
             "items_added": len(o.result.added) if o.result else 0}
            for o in report.outcomes]})
    else:
        for o in report.outcomes:
            if o.status == "refused":
                from app.errors import AppError

                ctx.say(ctx._("Refused {sha256}: {reason}").format(
                    sha256=o.sha256[:16], reason=describe(AppError(o.code or "generic.unknown"),
                                                          ctx.tr, isolate=ctx.lang == "ar")))
            else:
                ctx.say(ctx._("Received {sha256} ({count} new items).").format(
                    sha256=o.sha256[:16], count=len(o.result.added) if o.result else 0))
        ctx.say(ctx.n_("{count} upload is not complete yet.", "{count} uploads are not complete "
                       "yet.", report.pending).format(count=report.pending))
        del safe
    return 5 if refused else 0
