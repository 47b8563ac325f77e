# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Bundle commands: ``key show|export-public``, ``keygen-recipient``, ``export``, ``verify``,
``receive`` (docs/cli.md; format in docs/design.md §Bundles).

Exit codes: 0 done, 2 usage, 3 wrong passphrase, 4 any verification failure (incl. an untrusted
signer on first contact, and an out-of-order bundle), 1 otherwise.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.bundle import display_fingerprint, keygen_recipient, parse_signer, verify_bundle
from app.bundle.options import check_protection
from app.bundle.signing import minisign_public_key_file
from app.cli.cmd_vault import unlock
from app.cli.io import Context, read_passphrase_file, safe
from app.errors import AppError, UsageError
from app.handover import PinnedSet, ReceiveRequest, export_bundle, receive_bundle
from app.handover.requests import export_request
from app.messages import describe
from app.safefile import new_file

_Reg = Callable[[argparse.ArgumentParser], None]


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    p = sub.add_parser("key", help=_("the vault's signing key"))
    ksub = p.add_subparsers(dest="key_command", metavar=_("ACTION"))
    k = ksub.add_parser("show", help=_("print the signing-key fingerprint"))
    add_globals(k)
    k.set_defaults(handler=cmd_key_show)
    k = ksub.add_parser("export-public", help=_("write the public key in minisign format"))
    k.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    add_globals(k)
    k.set_defaults(handler=cmd_key_export)
    from app.cli.cmd_continuity import register_key

    register_key(ksub, _, add_globals)  # rotate, revoke, accept, apply (issue 16)
    add_globals(p)
    p.set_defaults(handler=cmd_key_show)

    p = sub.add_parser("keygen-recipient",
                       help=_("for organisations: make an age identity and print its recipient"))
    p.add_argument("--out", type=Path, required=True, metavar=_("IDENTITY_FILE"))
    add_globals(p)
    p.set_defaults(handler=cmd_keygen_recipient)

    p = sub.add_parser("export", help=_("write a signed, encrypted evidence bundle"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    sel = p.add_mutually_exclusive_group()
    sel.add_argument("--case", metavar=_("TITLE"), help=_("export the items of this case"))
    sel.add_argument("--items", metavar=_("ID,ID..."), help=_("export these items"))
    p.add_argument("--recipient", action="append", default=[], metavar=_("AGE_RECIPIENT"),
                   help=_("encrypt to this age recipient (age1…); may be repeated"))
    p.add_argument("--recipients-file", metavar=_("FILE"),
                   help=_("read age recipients from FILE, one per line"))
    p.add_argument("--passphrase-protect", action="store_true",
                   help=_("encrypt with a passphrase instead of recipient keys"))
    p.add_argument("--bundle-passphrase-file", metavar=_("FILE"),
                   help=_("read the bundle passphrase from FILE"))
    p.add_argument("--no-encryption", action="store_true",
                   help=_("write an unencrypted bundle: anyone who finds it can read it"))
    p.add_argument("--include-originals", action="store_true",
                   help=_("also include the originals, which may reveal where and with what "
                          "device they were made"))
    p.add_argument("--report", choices=["ar", "en", "none"], default="none",
                   help=_("include a PDF report in this language"))
    p.add_argument("--to", metavar=_("NAME"),
                   help=_("encrypt to this destination (a contact card you added) and put the "
                          "bundle in its outbox; send it with: send"))
    add_globals(p)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("verify", help=_("verify a bundle (needs no vault)"))
    p.add_argument("bundle", type=Path, metavar=_("BUNDLE"))
    p.add_argument("--identity", metavar=_("FILE"), help=_("age identity file to decrypt with"))
    who = p.add_mutually_exclusive_group()
    who.add_argument("--signer", metavar=_("PUBKEY_FILE"),
                     help=_("the signer's public key (minisign or PEM) or fingerprint"))
    who.add_argument("--trusted-signers", metavar=_("FILE"),
                     help=_("a file of trusted signer keys or fingerprints, one per line"))
    p.add_argument("--bundle-passphrase-file", metavar=_("FILE"),
                   help=_("read the bundle passphrase from FILE"))
    add_globals(p)
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("receive", help=_("verify a bundle and import it into this vault"))
    p.add_argument("bundle", type=Path, metavar=_("BUNDLE"))
    p.add_argument("--identity", metavar=_("FILE"), help=_("age identity file to decrypt with"))
    p.add_argument("--trust-signer", metavar=_("FINGERPRINT"),
                   help=_("trust this signer (first contact); compare the fingerprint out of band"))
    p.add_argument("--accept-out-of-order", action="store_true",
                   help=_("accept a bundle older than one already received, or whose chain is "
                          "broken"))
    p.add_argument("--bundle-passphrase-file", metavar=_("FILE"),
                   help=_("read the bundle passphrase from FILE"))
    add_globals(p)
    p.set_defaults(handler=cmd_receive)


# --- helpers ----------------------------------------------------------------------------------


def _read_text(path: str | Path, code: str = "handover.unreadable_file") -> str:
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise UsageError(code, path=str(path)) from None
    if len(data) > 1024 * 1024:
        raise UsageError(code, path=str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(code, path=str(path)) from None


def _bundle_passphrase(ctx: Context, file: str | None, *, confirm: bool) -> str:
    """Never the vault's ``--passphrase-file``: a file of its own, or a no-echo prompt."""
    if file is not None:
        return read_passphrase_file(file)
    if not sys.stdin.isatty():
        raise UsageError("handover.bundle_passphrase_needed")
    first = getpass.getpass(ctx._("Bundle passphrase: "))
    if confirm and getpass.getpass(ctx._("Repeat the bundle passphrase: ")) != first:
        raise AppError("vault.passphrase_mismatch")
    return first


def _write_new(path: Path, data: bytes) -> None:
    """A key file where the user points: through the one safe-publish helper (app.safefile)."""
    if os.path.lexists(path):
        raise UsageError("bundle.exists", path=path.name)
    with new_file(path, exists_code="bundle.exists", io_code="handover.unwritable_file",
                  error=UsageError) as fh:
        fh.write(data)


def _decrypt_args(ctx: Context, args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {"identity": None, "passphrase": None}
    if args.identity:
        out["identity"] = _read_text(args.identity)
    if args.bundle_passphrase_file:
        out["passphrase"] = read_passphrase_file(args.bundle_passphrase_file)
    return out


def _retry_with_passphrase(ctx: Context, args: argparse.Namespace, run: Callable[..., Any],
                           kw: dict[str, Any]) -> Any:
    try:
        return run(**kw)
    except UsageError as err:
        if err.code != "bundle.passphrase_required" or kw.get("passphrase") is not None:
            raise
        kw["passphrase"] = _bundle_passphrase(ctx, None, confirm=False)
        return run(**kw)


# --- key --------------------------------------------------------------------------------------


def cmd_key_show(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        fp = vault.fingerprint()
    if ctx.json:
        ctx.emit_json({"fingerprint": fp})
    else:
        ctx.out(ctx._("Signing-key fingerprint: {fingerprint}").format(
            fingerprint=display_fingerprint(fp)))
    return 0


def cmd_key_export(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        pub, fp = vault.public_key_bytes(), vault.fingerprint()
    _write_new(args.out, minisign_public_key_file(pub).encode())
    if ctx.json:
        ctx.emit_json({"path": str(args.out), "fingerprint": fp})
    else:
        ctx.say(ctx._("Public key written to {path}.").format(path=safe(args.out)))
        ctx.out(ctx._("Signing-key fingerprint: {fingerprint}").format(
            fingerprint=display_fingerprint(fp)))
    return 0


def cmd_keygen_recipient(ctx: Context, args: argparse.Namespace) -> int:
    identity, recipient = keygen_recipient()
    _write_new(args.out, identity.encode())
    if ctx.json:
        ctx.emit_json({"identity_file": str(args.out), "recipient": recipient})
    else:
        ctx.say(ctx._("Identity written to {path}. Keep it secret and make a backup: without it "
                      "the bundles sent to you cannot be opened.").format(path=safe(args.out)))
        ctx.out(recipient)
    return 0


# --- export -----------------------------------------------------------------------------------


def _parse_items(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise UsageError("handover.bad_items", value=part[:40])
        out.append(int(part))
    if not out:
        raise UsageError("handover.bad_items", value=text[:40])
    return out


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    recipients = list(args.recipient)
    if args.recipients_file:
        for line in _read_text(args.recipients_file).splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                recipients.append(line)
    item_ids = _parse_items(args.items) if args.items else None
    recipients = [r.strip() for r in recipients if r.strip()]
    to = getattr(args, "to", None)
    if to is not None and (args.no_encryption or args.passphrase_protect):
        raise UsageError("outbox.to_needs_recipient")
    # the request's own rule, asked before unlocking: the bundle passphrase is read after it
    # (with --to, the destination's recipient is added once the vault is open)
    check_protection(recipients or (["age1"] if to else []),
                     passphrase_given=args.passphrase_protect, encrypt=not args.no_encryption)
    if args.include_originals:
        ctx.say(_("Warning: originals are included. They may contain the place, the time and the "
                  "device where they were made, and anyone who opens this bundle can read them."))
    if args.no_encryption:
        ctx.say(_("Warning: this bundle is not encrypted. Anyone who finds it can read it."))
    with unlock(ctx) as vault:
        destination = None
        if to is not None:
            from app.send.outbox import contact_named

            destination = contact_named(vault, to)
            recipients.append(destination.recipient)
        passphrase = None
        if args.passphrase_protect:
            passphrase = _bundle_passphrase(ctx, args.bundle_passphrase_file, confirm=True)
        request = export_request(
            args.out, item_ids=item_ids, case=args.case, recipients=recipients,
            passphrase=passphrase, encrypt=not args.no_encryption,
            include_originals=args.include_originals,
            report_lang=None if args.report == "none" else args.report)
        res = export_bundle(vault, request)
        queued = None
        if destination is not None:
            from app.send.outbox import queue_bundle

            queued = queue_bundle(vault, destination, res.path, bundle_id=res.bundle_id,
                                  sha256=res.sha256, size=res.size)
    if queued is not None and not ctx.json:
        ctx.say(_("The bundle is in the outbox for {name}. It stays in the file you chose until "
                  "it is sent: do not move it.").format(name=safe(queued.contact)))
    if ctx.json:
        ctx.emit_json({"path": str(res.path), "bundle_id": res.bundle_id, "seq": res.seq,
                       "sha256": res.sha256, "size": res.size, "encrypted": res.encrypted,
                       "signer_fingerprint": res.signer_fingerprint, "item_ids": res.item_ids,
                       "skipped": [{"item_id": i, "reason": r} for i, r in res.skipped],
                       "originals_included": res.originals_included, "report": res.report_lang,
                       "report_unavailable": res.report_unavailable, "readback": res.readback,
                       "read_from_drive": res.read_from_drive,
                       "verified_files": len(res.verified.files) if res.verified else 0,
                       "outbox": queued.id if queued is not None else None})
        return 0
    for item_id, reason in res.skipped:
        if reason == "chat_export_not_asked":
            ctx.say(_("Item {item} was not exported: it is a whole chat export. Cut an excerpt "
                      "of the messages that matter (chat excerpt), or add --include-originals "
                      "to send the whole export.").format(item=item_id))
            continue
        ctx.say(_("Item {item} was not exported: it has no sanitised copy.").format(item=item_id))
    if res.report_unavailable:
        ctx.say(_("The PDF report is not available in this version; the bundle has no report."))
    ctx.say(ctx.n_("Bundle written with {count} item: {path}",
                   "Bundle written with {count} items: {path}",
                   len(res.item_ids)).format(count=len(res.item_ids), path=safe(res.path)))
    ctx.out(_("Bundle ID: {bundle_id}").format(bundle_id=res.bundle_id))
    ctx.out(_("Sequence number: {seq}").format(seq=res.seq))
    ctx.out(_("Signing-key fingerprint: {fingerprint}").format(
        fingerprint=display_fingerprint(res.signer_fingerprint)))
    ctx.out(_("SHA-256 of the bundle file: {sha256}").format(sha256=res.sha256))
    say_readback(ctx, res)
    return 0


def say_readback(ctx: Context, res: Any) -> None:
    """What the read-back verified, and whether it came from the drive (never claimed if not)."""
    if res.verified is None:
        return
    count = len(res.verified.files)
    if res.read_from_drive:
        ctx.out(ctx.n_("Read back from the drive and verified: signature valid, {count} file "
                       "matches.", "Read back from the drive and verified: signature valid, "
                       "{count} files match.", count).format(count=count))
    else:
        ctx.out(ctx.n_("Read back and verified: signature valid, {count} file matches (this "
                       "system may have answered from memory, not from the drive).",
                       "Read back and verified: signature valid, {count} files match (this "
                       "system may have answered from memory, not from the drive).",
                       count).format(count=count))


# --- verify -----------------------------------------------------------------------------------


def _pinned(args: argparse.Namespace) -> Any:
    if args.signer:
        try:
            text = Path(args.signer).read_bytes()
        except OSError:
            text = args.signer.encode()  # a fingerprint given inline
        return parse_signer(text)
    if args.trusted_signers:
        allowed = set()
        for line in _read_text(args.trusted_signers).splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "untrusted comment:")):
                continue
            allowed.add(parse_signer(line).fingerprint)
        if not allowed:
            raise UsageError("bundle.bad_signer_key")
        return PinnedSet(fingerprint="", allowed=frozenset(allowed))
    return None


def cmd_verify(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    signer = _pinned(args)
    kw = _decrypt_args(ctx, args)
    vb = _retry_with_passphrase(ctx, args, lambda **k: verify_bundle(args.bundle, signer=signer,
                                                                      **k), kw)
    if ctx.json:
        ctx.emit_json({"ok": True, "signer_fingerprint": vb.signer_fingerprint,
                       "signer_trusted": vb.signer_trusted, "bundle_id": vb.bundle_id,
                       "seq": vb.seq, "created_at_claimed": vb.created_at,
                       "item_count": vb.item_count, "encrypted": vb.encrypted,
                       "sha256": vb.container_sha256})
        return 0
    ctx.say(_("The bundle is intact and correctly signed."))
    if not vb.signer_trusted:
        ctx.say(_("The signer was not checked against a key you trust: compare this fingerprint "
                  "with the sender's, out of band, or use --signer."))
    ctx.out(_("Signing-key fingerprint: {fingerprint}").format(
        fingerprint=display_fingerprint(vb.signer_fingerprint)))
    ctx.out(_("Bundle ID: {bundle_id}").format(bundle_id=vb.bundle_id))
    ctx.out(_("Sequence number: {seq}").format(seq=vb.seq))
    ctx.out(ctx.n_("{count} item", "{count} items", vb.item_count).format(count=vb.item_count))
    ctx.out(_("Created (as claimed by the sending device): {created}").format(
        created=safe(vb.created_at)))
    return 0


# --- receive ----------------------------------------------------------------------------------


def cmd_receive(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    kw = _decrypt_args(ctx, args)
    request = ReceiveRequest(Path(args.bundle), kw["identity"], kw["passphrase"],
                             args.trust_signer, args.accept_out_of_order)
    with unlock(ctx) as vault:
        res = _retry_with_passphrase(
            ctx, args, lambda **k: receive_bundle(vault, replace(request, **k)), kw)
    if ctx.json:
        ctx.emit_json({"status": res.status, "signer_fingerprint": res.signer_fingerprint,
                       "bundle_id": res.bundle_id, "seq": res.seq,
                       "created_at_claimed": res.created_at, "item_count": res.item_count,
                       "added": res.added, "duplicates": res.duplicates,
                       "newly_trusted": res.newly_trusted, "out_of_order": res.out_of_order,
                       "gap": res.gap, "missing": list(res.missing) if res.missing else None,
                       "restore_epoch": res.restore_epoch,
                       "originals_included": res.originals_included,
                       "originals_completed": res.originals_completed,
                       "quarantined": [{"item": q.item, "item_uuid": q.item_uuid, "code": q.code,
                                        "params": q.params,
                                        "reason": describe(AppError(q.code, **q.params), ctx.tr,
                                                           isolate=False)}
                                       for q in res.quarantined]})
        return 0
    if res.status == "already_received":
        ctx.say(_("Already received: bundle {bundle_id} (sequence {seq}) is in the vault; "
                  "nothing was added.").format(bundle_id=res.bundle_id, seq=res.seq))
        return 0
    if res.newly_trusted:
        ctx.say(_("Signer {fingerprint} is now trusted for this vault.").format(
            fingerprint=display_fingerprint(res.signer_fingerprint)))
    if res.out_of_order:
        ctx.say(_("Warning: this bundle was accepted out of order."))
    if res.restore_epoch is not None:
        ctx.say(_("Note: the sender's vault was restored from a backup (restore epoch {epoch}); "
                  "its bundles continue after the last one before the backup.").format(
            epoch=res.restore_epoch))
    if res.missing and res.missing[0] == res.missing[1]:
        ctx.say(_("Note: bundle {seq} of this sender never arrived here.").format(
            seq=res.missing[0]))
    elif res.missing:
        ctx.say(_("Note: bundles {first} to {last} of this sender never arrived here.").format(
            first=res.missing[0], last=res.missing[1]))
    elif res.gap:
        ctx.say(_("Note: some earlier bundles of this sender were never received here."))
    ctx.say(ctx.n_("Received {count} new item from bundle {bundle_id} (sequence {seq}).",
                   "Received {count} new items from bundle {bundle_id} (sequence {seq}).",
                   len(res.added)).format(count=len(res.added), bundle_id=res.bundle_id,
                                          seq=res.seq))
    if res.duplicates:
        ctx.say(ctx.n_("{count} item was already in the vault.",
                       "{count} items were already in the vault.",
                       len(res.duplicates)).format(count=len(res.duplicates)))
    if res.originals_completed:
        n = len(res.originals_completed)
        ctx.say(ctx.n_("{count} item received earlier without its original now has it.",
                       "{count} items received earlier without their originals now have them.",
                       n).format(count=n))
    _say_quarantined(ctx, res)
    return 0


def _say_quarantined(ctx: Context, res: Any) -> None:
    """Which received items failed the clean-copy checks, and why (issue 12, point 3)."""
    _ = ctx._
    n = len(res.quarantined)
    if not n:
        return
    ctx.say(ctx.n_("Warning: {count} item's clean copy failed this vault's checks. It is kept, "
                   "quarantined: sealed as evidence, never shown or exported as a clean copy.",
                   "Warning: {count} items' clean copies failed this vault's checks. They are "
                   "kept, quarantined: sealed as evidence, never shown or exported as clean "
                   "copies.", n).format(count=n))
    for q in res.quarantined:
        ctx.say(_("  item {item}: {reason}").format(
            item=q.item, reason=describe(AppError(q.code, **q.params), ctx.tr, isolate=False)))
