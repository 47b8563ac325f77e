# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The safety settings of one vault as the GUI shows them (issue 16), and the opt-in reminder to
back up.

Everything here lives inside the vault (its key file and its encrypted ``meta`` table), never in
the GUI's settings file: ``backup_reminder_days`` (off, or one of :data:`REMINDER_CHOICES`) and
``last_backup_at`` (written by :func:`app.handover.backup.backup_vault`). A decoy vault has its own
reminder, as it has its own backups. Changing the reminder is one transaction with its custody
entry (``vault.safety``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from app.errors import AppError
from app.vault import Vault

REMINDER_CHOICES = (7, 30)


@dataclass(frozen=True)
class SafetyState:
    wipe_after: int | None
    show_remaining: bool
    last_backup_at: str | None  # ISO-8601 UTC
    reminder_days: int | None


def safety_state(vault: Vault) -> SafetyState:
    """What the settings' Safety section shows for the open vault."""
    attempts = vault._key_file.attempts
    last = vault.meta("last_backup_at")
    return SafetyState(attempts.wipe_after, bool(attempts.show_remaining),
                       str(last) if last else None, reminder_days(vault))


def reminder_days(vault: Vault) -> int | None:
    value = vault.meta("backup_reminder_days")
    try:
        days = int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
    return days if days in REMINDER_CHOICES else None


def set_backup_reminder(vault: Vault, days: int | None) -> None:
    """Remind her to back up every ``days`` days (one of :data:`REMINDER_CHOICES`), or never."""
    if days is not None and days not in REMINDER_CHOICES:
        raise AppError("safety.reminder_choice",
                       choices=", ".join(map(str, REMINDER_CHOICES)))
    with vault.write() as tx:
        if days is None:
            tx.execute("DELETE FROM meta WHERE key = 'backup_reminder_days'")
        else:
            tx.execute("INSERT OR REPLACE INTO meta (key, value) "
                       "VALUES ('backup_reminder_days', ?)", (days,))
        tx.custody("vault.safety", [f"vault:{vault.vault_id}"], {"backup_reminder_days": days})


def _parse(stamp: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def backup_due(vault: Vault, now: datetime | None = None) -> int | None:
    """With the reminder on and no backup for its interval: the days since the last backup
    (-1: never backed up). None when no reminder is due."""
    days = reminder_days(vault)
    if days is None:
        return None
    last = vault.meta("last_backup_at")
    now = now or datetime.now(UTC)
    when = _parse(str(last)) if last else None
    if when is None:
        return -1
    age = (now - when).days
    return age if age >= days else None
