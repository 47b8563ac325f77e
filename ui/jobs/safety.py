# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""What a worker runs for the settings' Safety tab (issue 16), each over one core function that
the CLI also uses: ``safety wipe-after``, ``safety decoy``, ``backup``, ``key rotate|revoke``,
``receipt import``, ``delete --case``. Every write appends its custody entry in the core."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.cases import list_cases
from app.cases.erase import ErasedCase, erase_case
from app.errors import UsageError
from app.handover.backup import BackupResult, RestoreResult, backup_vault, restore_vault
from app.handover.continuity import replace_signing_key
from app.handover.receipts import ReceiptImported, import_receipt
from app.handover.reminder import SafetyState, backup_due, safety_state, set_backup_reminder
from app.safefile import new_file
from app.vault import Vault, duress
from app.vault.duress import AccessLog

MAX_RECEIPT = 1024 * 1024  # as the CLI reads a statement or a receipt


@dataclass(frozen=True)
class SafetyChoices:
    """What the Safety tab applies when the settings are accepted."""

    wipe_after: int | None
    show_remaining: bool
    reminder_days: int | None


@dataclass(frozen=True)
class SafetyView:
    """What the Safety tab shows: the vault's settings and the titles of its cases; and the
    signing key's fingerprint, for the "My signing key" tab (``ui/dialogs/my_key.py``)."""

    state: SafetyState
    cases: list[str]
    fingerprint: str = ""


def load(vault: Vault) -> SafetyView:
    return SafetyView(safety_state(vault), [c.title for c in list_cases(vault)],
                      vault.fingerprint())


def apply_choices(vault: Vault, choices: SafetyChoices) -> SafetyView:
    """Only what changed is written (each change its own custody entry)."""
    state = safety_state(vault)
    if (choices.wipe_after, choices.show_remaining) != (state.wipe_after, state.show_remaining):
        duress.set_wipe_after(vault, choices.wipe_after, choices.show_remaining)
    if choices.reminder_days != state.reminder_days:
        set_backup_reminder(vault, choices.reminder_days)
    return load(vault)


def make_decoy(vault: Vault, passphrase: str, decoy: str, erase_real_on_open: bool) -> bool:
    duress.make_decoy(vault, passphrase, decoy, erase_real_on_open=erase_real_on_open)
    return erase_real_on_open


def backup(vault: Vault, request: BackupRequest) -> BackupResult:
    return backup_vault(vault, request.out, passphrase=request.passphrase,
                        recipients=request.recipients)


def replace_key(vault: Vault, kind: str, out: Path) -> tuple[str, Path]:
    """The statement (rotation or revocation) where she chose, written only if new."""
    if out.exists() or out.is_symlink():
        raise UsageError("bundle.exists", path=out.name)
    data, _statement = replace_signing_key(vault, kind)
    with new_file(out, exists_code="bundle.exists", io_code="handover.unwritable_file",
                  error=UsageError) as fh:
        fh.write(data)
    return kind, out


def receipt(vault: Vault, path: Path, trust_signer: str | None) -> ReceiptImported:
    try:
        with path.open("rb") as fh:
            untrusted = fh.read(MAX_RECEIPT + 1)
    except OSError:
        raise UsageError("handover.unreadable_file", path=str(path)) from None
    if len(untrusted) > MAX_RECEIPT:
        raise UsageError("handover.unreadable_file", path=str(path))
    return import_receipt(vault, untrusted, trust_signer=trust_signer)


def delete_case(vault: Vault, title: str) -> ErasedCase:
    return erase_case(vault, title)


@dataclass(frozen=True)
class BackupRequest:
    out: Path
    passphrase: str | None  # the backup's own passphrase, or None with recipients
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class RestoreRequest:
    backup: Path
    new_vault: Path
    vault_passphrase: str
    backup_passphrase: str | None  # or an identity file
    identity: Path | None = None


def restore(request: RestoreRequest) -> RestoreResult:
    """No vault is open: the start window's "Restore from a backup…"."""
    identity = None
    if request.identity is not None:
        try:
            identity = request.identity.read_text(encoding="utf-8")[:MAX_RECEIPT]
        except (OSError, UnicodeDecodeError):
            raise UsageError("handover.unreadable_file", path=str(request.identity)) from None
    return restore_vault(request.backup, request.new_vault, request.vault_passphrase,
                         passphrase=None if identity else request.backup_passphrase,
                         identity=identity)


def recipient_keys(vault: Vault) -> list[tuple[str, str]]:
    """The address book's keys (label, age recipient) a backup can be encrypted to."""
    from app.handover.recipients import list_recipients

    return [(r.label, r.recipient) for r in list_recipients(vault)]


def after_unlock(vault: Vault) -> tuple[AccessLog | None, int | None]:
    """The access log of this unlock and the days since the last backup when a reminder is due."""
    return vault.access_log, backup_due(vault)
