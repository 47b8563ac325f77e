# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The sentences of issue 16 that the GUI composes: when something happened ("yesterday at
22:14", in this computer's time zone), the access log told after an unlock, and the reminder to
back up. The counts come from the core (:class:`app.vault.duress.AccessLog`,
:func:`app.handover.reminder.backup_due`); only the wording lives here."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6 import QtCore

from app.textsafety import ltr_isolate
from app.vault.duress import AccessLog
from ui.i18n import _, ngettext
from ui.widgets.date_field import digits


def moment_words(stamp: str | None, now: datetime | None = None) -> str:
    """A stored UTC time as she reads it: "today at 09:05", "yesterday at 22:14",
    "on 3/11/2026 at 22:14" (local time)."""
    if not stamp:
        return "?"
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return ltr_isolate(stamp[:16])
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    clock = ltr_isolate(digits(local.strftime("%H:%M")))
    days = (today - local.date()).days
    if days == 0:
        return _("today at {time}").format(time=clock)
    if days == 1:
        return _("yesterday at {time}").format(time=clock)
    day = QtCore.QLocale().toString(QtCore.QDate(local.year, local.month, local.day),
                                    QtCore.QLocale.FormatType.ShortFormat)
    return _("on {date} at {time}").format(date=ltr_isolate(digits(day)), time=clock)


def access_log_message(log: AccessLog | None, now: datetime | None = None) -> str | None:
    """What the unlock tells her about the attempts since her last one (None: nothing to tell)."""
    if log is None:
        return None
    parts = []
    count = log.failed_since_last_open
    if count:
        parts.append(ngettext(
            "{count} failed attempt since you last opened the vault, the last one {when}.",
            "{count} failed attempts since you last opened the vault, the last one {when}.",
            count).format(count=digits(str(count)), when=moment_words(log.last_failed_at, now)))
    if log.altered:
        parts.append(_("The record of failed attempts was changed without your passphrase: "
                       "someone may have tried to hide attempts."))
    return " ".join(parts) or None


def backup_due_message(days: int | None) -> str | None:
    """The reminder she asked for (``days``: since the last backup; -1: never)."""
    if days is None:
        return None
    if days < 0:
        return _("You have not backed up this vault yet. Settings → Safety → Back up now.")
    return ngettext("Your last backup was {count} day ago. Settings → Safety → Back up now.",
                    "Your last backup was {count} days ago. Settings → Safety → Back up now.",
                    days).format(count=digits(str(days)))
