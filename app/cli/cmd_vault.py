# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Vault commands: ``init``, ``info``, ``passwd``, ``check``, ``log verify``, ``log show``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from app.cli.io import Context, safe
from app.errors import AppError, VerificationFailed
from app.i18n import N_
from app.session import open_session
from app.tasks import Progress
from app.vault import KdfParams, Vault, create_vault, open_vault
from app.vault.custody import entries as custody_entries
from app.vault.duress import AccessLog, when

_Reg = Callable[[argparse.ArgumentParser], None]


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    p = sub.add_parser("init", help=_("create a new vault"))
    p.add_argument("--kdf-profile", choices=["calibrated", "test"], default="calibrated",
                   help=_("key-derivation cost: calibrated on this machine (default), or a cheap "
                          "profile for automated tests only, never for real evidence"))
    add_globals(p)
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("info", help=_("show the vault's schema, counts, key fingerprint and KDF"))
    add_globals(p)
    p.set_defaults(handler=cmd_info)

    p = sub.add_parser("check", help=_("check every page of the vault and the custody log"))
    add_globals(p)
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("passwd", help=_("change the passphrase (the evidence is not rewritten)"))
    p.add_argument("--new-passphrase-file", metavar=_("FILE"),
                   help=_("read the new passphrase from FILE (- for standard input)"))
    p.add_argument("--rekey", action="store_true",
                   help=_("my passphrase may be known: a new master key, the whole vault "
                          "re-encrypted, old copies of the key file useless (slower)"))
    add_globals(p)
    p.set_defaults(handler=cmd_passwd)

    log = sub.add_parser("log", help=_("the custody log"))
    add_globals(log)  # so that `log --vault X` asks for the action instead of misreading X
    log_sub = log.add_subparsers(dest="log_command", metavar=_("COMMAND"), required=True)
    p = log_sub.add_parser("verify", help=_("check the hash chain of the custody log"))
    add_globals(p)
    p.set_defaults(handler=cmd_log_verify)
    p = log_sub.add_parser("show", help=_("show the custody log"))
    p.add_argument("--item", type=int, metavar=_("ID"), help=_("only entries about this item"))
    add_globals(p)
    p.set_defaults(handler=cmd_log_show)


def unlock(ctx: Context) -> Vault:
    """Ask for the passphrase and open the vault named by ``--vault``; say how many failed
    unlocks there were since the last one (issue 16)."""
    passphrase = ctx.passphrase(ctx._("Passphrase: "))
    vault = open_session(ctx.vault_path, passphrase)
    for line in access_log_lines(ctx, vault.access_log):
        ctx.say(line)
    return vault


def access_log_lines(ctx: Context, log: AccessLog | None) -> list[str]:
    """"3 failed attempts since you last opened the vault, the last one on …"."""
    lines: list[str] = []
    if log is None:
        return lines
    if log.failed_since_last_open:
        n = log.failed_since_last_open
        lines.append(ctx.n_("{count} failed attempt since you last opened the vault, the last "
                            "one at {when} (UTC).",
                            "{count} failed attempts since you last opened the vault, the last "
                            "one at {when} (UTC).", n).format(
            count=n, when=when(log.last_failed_at)))
    if log.altered:
        lines.append(ctx._("Warning: the record of failed unlocks in the key file was set back "
                           "or changed since you last opened the vault."))
    return lines


def cmd_init(ctx: Context, args: argparse.Namespace) -> int:
    passphrase = ctx.passphrase(ctx._("New passphrase: "), confirm=True)
    kdf = KdfParams.testing() if args.kdf_profile == "test" else None
    with create_vault(ctx.vault_path, passphrase, kdf) as vault:
        info = vault.info()
    if ctx.json:
        ctx.emit_json({"path": info.path, "fingerprint": info.fingerprint, "kdf": info.kdf})
    else:
        ctx.say(ctx._("Vault created at {path}.").format(path=safe(info.path)))
        ctx.out(ctx._("Signing-key fingerprint: {fingerprint}").format(
            fingerprint=info.fingerprint))
    return 0


def cmd_info(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        info = vault.info()
        log = vault.access_log
        last_backup, epoch = vault.meta("last_backup_at"), vault.meta("bundle_epoch")
    data = {**info.__dict__, "last_backup_at": last_backup,
            "bundle_epoch": int(epoch) if epoch is not None else 0}
    if log is not None:
        data["access_log"] = {"failed_since_last_open": log.failed_since_last_open,
                              "last_failed_at": log.last_failed_at, "altered": log.altered,
                              "wipe_after": log.wipe_after}
    if ctx.json:
        ctx.emit_json(data)
        return 0
    _ = ctx._
    kdf = info.kdf
    lines = [
        _("Vault: {path}").format(path=safe(info.path)),
        _("Schema version: {version}").format(version=info.schema_version),
        ctx.n_("{count} item", "{count} items", info.items).format(count=info.items),
        ctx.n_("{count} custody entry", "{count} custody entries",
               info.custody_entries).format(count=info.custody_entries),
        _("Signing-key fingerprint: {fingerprint}").format(fingerprint=info.fingerprint),
        _("Key derivation: Argon2id, {iterations} passes, {memory} MiB, {lanes} lanes").format(
            iterations=kdf["iterations"], memory=kdf["memory_kib"] // 1024, lanes=kdf["lanes"]),
        _("SQLCipher: {version}").format(version=info.sqlcipher),
        _("Last backup: {time} (UTC)").format(time=last_backup) if last_backup
        else _("Last backup: never"),
    ]
    if data["bundle_epoch"]:
        lines.append(_("Restored from a backup: bundles carry restore epoch {epoch}.").format(
            epoch=data["bundle_epoch"]))
    if kdf["memory_kib"] < 256 * 1024:
        lines.append(_("Warning: this vault uses a cheap test key-derivation profile."))
    ctx.out("\n".join(lines))
    return 0


def cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        problems = vault.check_integrity()
        if problems:
            raise AppError("vault.damaged", reason="; ".join(problems[:3]))
        report = vault.verify_custody()
    if not report.ok:
        raise VerificationFailed("custody.broken", seq=report.first_bad_seq, reason=report.reason)
    if ctx.json:
        ctx.emit_json({"ok": True, "custody_entries": report.entries, "head": report.head})
    else:
        ctx.say(ctx._(N_("The vault is intact and its custody log verifies.")))
    return 0


def cmd_passwd(ctx: Context, args: argparse.Namespace) -> int:
    old = ctx.passphrase(ctx._("Current passphrase: "))
    pages = 0
    with open_vault(ctx.vault_path, old) as vault:
        if args.new_passphrase_file is not None:
            new = ctx.passphrase("", file=args.new_passphrase_file)
        else:
            new = ctx.passphrase(ctx._("New passphrase: "), confirm=True, file=None) \
                if ctx.passphrase_file is None else _no_tty_new()
        if not args.rekey:
            vault.change_passphrase(old, new)
        else:
            def show(progress: Progress) -> None:
                if progress.done == 0:
                    total = progress.total or 0
                    ctx.say(ctx.n_("Re-encrypting the vault ({count} page)…",
                                   "Re-encrypting the vault ({count} pages)…",
                                   total).format(count=total))

            pages = vault.rekey(old, new, progress=show)
    if ctx.json:
        ctx.emit_json({"rekeyed": bool(args.rekey), "pages": pages if args.rekey else None})
    if args.rekey:
        ctx.say(ctx._("Passphrase changed and the vault re-encrypted with a new key: old copies "
                      "of the key file no longer open it."))
    else:
        ctx.say(ctx._("Passphrase changed. The evidence was not rewritten."))
    return 0


def _no_tty_new() -> str:
    from app.errors import UsageError

    raise UsageError("cli.new_passphrase_file_needed")


def cmd_log_verify(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        report = vault.verify_custody()
    if ctx.json:
        ctx.emit_json({"ok": report.ok, "entries": report.entries, "head": report.head,
                       "first_bad_seq": report.first_bad_seq, "reason": report.reason})
    if not report.ok:
        raise VerificationFailed("custody.broken", seq=report.first_bad_seq, reason=report.reason)
    if not ctx.json:
        ctx.say(ctx.n_("The custody log verifies: {count} entry, head {head}.",
                       "The custody log verifies: {count} entries, head {head}.",
                       report.entries).format(count=report.entries, head=report.head))
    return 0


def cmd_log_show(ctx: Context, args: argparse.Namespace) -> int:
    with unlock(ctx) as vault:
        item_uuid = None
        if args.item is not None:
            rows = vault.read("SELECT uuid FROM items WHERE id = ?", (args.item,))
            if not rows:
                raise AppError("item.not_found", item=args.item)
            item_uuid = rows[0][0]
        entries = custody_entries(vault.conn, item_uuid)
    if ctx.json:
        ctx.emit_json(entries)
        return 0
    for e in entries:
        ctx.out(f"{e['seq']:>6}  {e['ts']}  {safe(e['action']):<24} "
                f"{safe(' '.join(e['subjects']))}  {e['entry_sha256'][:16]}")
    return 0
