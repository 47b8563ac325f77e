# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Backups, key statements and receipts (issue 16): ``backup``, ``restore``, ``key rotate|revoke|
accept|apply``, ``receipt make|import`` (docs/cli.md).

Exit codes as everywhere: 0 done, 2 usage, 3 wrong passphrase, 4 a verification failure (a
changed backup, a bad statement or receipt, a bundle from a revoked key), 1 otherwise.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from app.bundle import display_fingerprint
from app.cli.cmd_bundle import _read_text, _write_new
from app.cli.cmd_vault import unlock
from app.cli.io import Context, read_passphrase_file, safe
from app.errors import AppError, UsageError
from app.handover.backup import backup_vault, restore_vault
from app.handover.continuity import apply_statement, replace_signing_key
from app.handover.receipts import import_receipt, make_receipt

_Reg = Callable[[argparse.ArgumentParser], None]
_MAX_STATEMENT = 1024 * 1024


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    p = sub.add_parser("backup", help=_("write one encrypted backup file of the whole vault"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    p.add_argument("--backup-passphrase-file", metavar=_("FILE"),
                   help=_("read the backup's own passphrase from FILE"))
    p.add_argument("--recipient", action="append", default=[], metavar=_("AGE_RECIPIENT"),
                   help=_("encrypt the backup to the organisation's age key instead"))
    add_globals(p)
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help=_("make a working vault at --vault from a backup file"))
    p.add_argument("backup", type=Path, metavar=_("FILE"))
    p.add_argument("--backup-passphrase-file", metavar=_("FILE"),
                   help=_("read the backup's own passphrase from FILE"))
    p.add_argument("--identity", metavar=_("FILE"),
                   help=_("age identity file, for a backup encrypted to an organisation"))
    add_globals(p)
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("receipt", help=_("signed receipts of what an organisation received"))
    rsub = p.add_subparsers(dest="receipt_command", metavar=_("ACTION"), required=True)
    r = rsub.add_parser("make", help=_("for organisations: a signed receipt for a received "
                                       "bundle"))
    r.add_argument("bundle", type=Path, metavar=_("BUNDLE"))
    r.add_argument("--identity", metavar=_("FILE"), help=_("age identity file to decrypt with"))
    r.add_argument("--bundle-passphrase-file", metavar=_("FILE"),
                   help=_("read the bundle passphrase from FILE"))
    r.add_argument("--name", metavar=_("NAME"),
                   help=_("the organisation's name, as the defender will see it"))
    r.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    add_globals(r)
    r.set_defaults(handler=cmd_receipt_make)
    r = rsub.add_parser("import", help=_("record an organisation's signed receipt"))
    r.add_argument("receipt", type=Path, metavar=_("FILE"))
    r.add_argument("--trust-signer", metavar=_("FINGERPRINT"),
                   help=_("trust this organisation's key (first contact); compare the "
                          "fingerprint out of band"))
    add_globals(r)
    r.set_defaults(handler=cmd_receipt_import)
    add_globals(p)


def register_key(ksub: argparse._SubParsersAction, _: Callable[[str], str],
                 add_globals: _Reg) -> None:
    """``key rotate|revoke|accept|apply`` (called by the ``key`` group of cmd_bundle)."""
    k = ksub.add_parser("rotate", help=_("a new signing key, and a statement signed by both keys "
                                         "for the organisation"))
    k.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    add_globals(k)
    k.set_defaults(handler=cmd_key_rotate)
    k = ksub.add_parser("revoke", help=_("revoke this key (a lost laptop: run it on the vault "
                                         "restored from a backup) and make a new one"))
    k.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    add_globals(k)
    k.set_defaults(handler=cmd_key_revoke)
    for name, text in (("accept", _("for organisations: apply a sender's key rotation")),
                       ("apply", _("for organisations: apply a sender's key revocation"))):
        k = ksub.add_parser(name, help=text)
        k.add_argument("statement", type=Path, metavar=_("FILE"))
        add_globals(k)
        k.set_defaults(handler=cmd_key_apply, expect="rotation" if name == "accept"
                       else "revocation")


def _secret(ctx: Context, file: str | None, prompt: str, *, confirm: bool) -> str:
    if file is not None:
        return read_passphrase_file(file)
    if not sys.stdin.isatty():
        raise UsageError("backup.passphrase_needed")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass(ctx._("Repeat the backup passphrase: ")) != first:
        raise AppError("vault.passphrase_mismatch")
    return first


def _read_small(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError:
        raise UsageError("handover.unreadable_file", path=str(path)) from None
    if len(data) > _MAX_STATEMENT:
        raise UsageError("handover.unreadable_file", path=str(path))
    return data


# --- backup and restore -------------------------------------------------------------------------


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    recipients = tuple(r.strip() for r in args.recipient if r.strip())
    given = args.backup_passphrase_file is not None
    if (recipients and given) or (not recipients and not given and not sys.stdin.isatty()):
        raise UsageError("backup.protection")
    with unlock(ctx) as vault:
        passphrase = None if recipients else _secret(
            ctx, args.backup_passphrase_file, _("Backup passphrase: "), confirm=True)
        res = backup_vault(vault, args.out, passphrase=passphrase, recipients=recipients)
    if ctx.json:
        ctx.emit_json({"path": str(res.path), "size": res.size, "sha256": res.sha256,
                       "created_at": res.created_at, "bundle_seq": res.bundle_seq,
                       "bundle_epoch": res.bundle_epoch, "encrypted_to": res.encrypted_to,
                       "readback": res.readback, "read_from_drive": res.read_from_drive})
        return 0
    ctx.say(_("Backup written: {path}").format(path=safe(res.path)))
    ctx.out(_("SHA-256 of the backup file: {sha256}").format(sha256=res.sha256))
    if res.read_from_drive:
        ctx.out(_("Read back from the drive and verified: every file matches."))
    else:
        ctx.out(_("Read back and verified: every file matches (this system may have answered "
                  "from memory, not from the drive)."))
    ctx.out(_("Keep it apart from the laptop. A vault restored from it continues after bundle "
              "{seq}.").format(seq=res.bundle_seq))
    return 0


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    identity = _read_text(args.identity) if args.identity else None
    backup_pw = None
    if identity is None:
        backup_pw = _secret(ctx, args.backup_passphrase_file, _("Backup passphrase: "),
                            confirm=False)
    vault_pw = ctx.passphrase(_("Passphrase of the vault when it was backed up: "))
    res = restore_vault(args.backup, ctx.vault_path, vault_pw, passphrase=backup_pw,
                        identity=identity)
    if ctx.json:
        ctx.emit_json({"path": str(res.path), "backup_created_at": res.created_at,
                       "bundle_seq": res.bundle_seq, "bundle_epoch": res.bundle_epoch,
                       "fingerprint": res.fingerprint})
        return 0
    ctx.say(_("Vault restored at {path} from the backup of {time} (UTC).").format(
        path=safe(res.path), time=res.created_at))
    ctx.out(_("Its bundles continue after bundle {seq}, in restore epoch {epoch}: the "
              "organisation sees that this vault was restored. Use only one copy from now on; "
              "if the old laptop may be in other hands, run 'key revoke'.").format(
        seq=res.bundle_seq, epoch=res.bundle_epoch))
    return 0


# --- keys ---------------------------------------------------------------------------------------


def _replace_key(ctx: Context, args: argparse.Namespace, kind: str) -> int:
    _ = ctx._
    if args.out.exists() or args.out.is_symlink():
        raise UsageError("bundle.exists", path=args.out.name)
    with unlock(ctx) as vault:
        data, st = replace_signing_key(vault, kind)
    _write_new(args.out, data)
    old, new = st["old"]["fingerprint"], st["new"]["fingerprint"]
    if ctx.json:
        ctx.emit_json({"path": str(args.out), "kind": kind, "old_fingerprint": old,
                       "new_fingerprint": new})
        return 0
    if kind == "rotation":
        ctx.say(_("New signing key made; the statement signed by the old and the new key is in "
                  "{path}. Give it to the organisation (key accept) before your next bundle.")
                .format(path=safe(args.out)))
    else:
        ctx.say(_("Key revoked and replaced; the revocation is in {path}. Give it to the "
                  "organisation (key apply): bundles signed with the old key are then refused.")
                .format(path=safe(args.out)))
    ctx.out(_("Old signing-key fingerprint: {fingerprint}").format(
        fingerprint=display_fingerprint(old)))
    ctx.out(_("New signing-key fingerprint: {fingerprint}").format(
        fingerprint=display_fingerprint(new)))
    return 0


def cmd_key_rotate(ctx: Context, args: argparse.Namespace) -> int:
    return _replace_key(ctx, args, "rotation")


def cmd_key_revoke(ctx: Context, args: argparse.Namespace) -> int:
    return _replace_key(ctx, args, "revocation")


def cmd_key_apply(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    data = _read_small(args.statement)
    with unlock(ctx) as vault:
        res = apply_statement(vault, data)
    if ctx.json:
        ctx.emit_json({"kind": res.kind, "old_fingerprint": res.old,
                       "new_fingerprint": res.new, "status": res.status})
        return 0
    if res.kind != args.expect:
        ctx.say(_("Note: this statement is a {kind}; it was applied as such.").format(
            kind=_("rotation") if res.kind == "rotation" else _("revocation")))
    if res.status == "already_applied":
        ctx.say(_("This statement was already applied; nothing changed."))
    elif res.kind == "rotation":
        ctx.say(_("Key {old} is replaced by {new}: bundles from the new key continue its "
                  "sequence; bundles signed by the old key are refused.").format(
            old=display_fingerprint(res.old), new=display_fingerprint(res.new)))
    else:
        ctx.say(_("Key {old} is revoked: bundles signed by it are refused from now on; its "
                  "owner's new key is {new}.").format(
            old=display_fingerprint(res.old), new=display_fingerprint(res.new)))
    return 0


# --- receipts -----------------------------------------------------------------------------------


def cmd_receipt_make(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    identity = _read_text(args.identity) if args.identity else None
    pw = read_passphrase_file(args.bundle_passphrase_file) if args.bundle_passphrase_file \
        else None
    if args.out.exists() or args.out.is_symlink():
        raise UsageError("bundle.exists", path=args.out.name)
    with unlock(ctx) as vault:
        data = make_receipt(vault, args.bundle, name=args.name, identity=identity,
                            passphrase=pw)
    _write_new(args.out, data)
    if ctx.json:
        ctx.emit_json({"path": str(args.out)})
        return 0
    ctx.say(_("Receipt written: {path}. Send it to the defender.").format(path=safe(args.out)))
    return 0


def cmd_receipt_import(ctx: Context, args: argparse.Namespace) -> int:
    _ = ctx._
    data = _read_small(args.receipt)
    with unlock(ctx) as vault:
        res = import_receipt(vault, data, trust_signer=args.trust_signer)
    if ctx.json:
        ctx.emit_json({"organisation": res.organisation, "fingerprint": res.fingerprint,
                       "bundle_id": res.bundle_id, "received_at": res.received_at,
                       "marked": res.marked, "unknown": res.unknown,
                       "newly_trusted": res.newly_trusted})
        return 0
    ctx.say(ctx.n_("{count} item is recorded as received by {org} on {date}.",
                   "{count} items are recorded as received by {org} on {date}.",
                   len(res.marked)).format(count=len(res.marked), org=safe(res.organisation),
                                           date=res.received_at))
    if res.unknown:
        ctx.say(ctx.n_("{count} item of the receipt is not in this vault with that hash; not "
                       "recorded.", "{count} items of the receipt are not in this vault with "
                       "those hashes; not recorded.", res.unknown).format(count=res.unknown))
    return 0
