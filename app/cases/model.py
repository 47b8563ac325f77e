# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Domain types of the case model: frozen dataclasses, keys, and date parsing.

Dates cross this API as text: ISO 8601 or day/month/year (:func:`normalize_date_text`). Instants
(posted, seen, reported, answered) are stored in UTC as ``YYYY-MM-DDTHH:MM:SSZ``; the offset a post
showed is kept beside it (``posted_tz``). A bare date (posted, seen) is stored as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import NewType

from app.errors import AppError, UsageError

ItemId = NewType("ItemId", int)
CaseId = NewType("CaseId", int)
PerpetratorId = NewType("PerpetratorId", int)
AccountId = NewType("AccountId", int)
ReportId = NewType("ReportId", int)

PLATFORMS = ("facebook", "instagram", "whatsapp", "messenger", "x", "telegram", "tiktok",
             "youtube", "snapchat", "other")
CATEGORIES = ("death-threat", "sexual-violence-threat", "sexual-harassment", "doxing", "deepfake",
              "defamation", "incitement", "hate-speech", "impersonation", "blasphemy-accusation",
              "threats-to-family", "other")
REPORT_STATUSES = ("pending", "removed", "restricted", "rejected", "no-answer")
# Sensitivity kind → items column.
SENSITIVITY = {"graphic": "sensitive_graphic", "intimate": "sensitive_intimate",
               "personal-info": "sensitive_personal_info"}
DATE_FIELDS = {"posted": "posted_at", "seen": "seen_at", "imported": "imported_at"}


@dataclass(frozen=True)
class Platform:
    key: str
    name_en: str
    name_ar: str


@dataclass(frozen=True)
class Category:
    id: int
    key: str
    name_en: str
    name_ar: str
    builtin: bool


@dataclass(frozen=True)
class Tag:
    name: str
    item_count: int


@dataclass(frozen=True)
class Case:
    id: CaseId
    uuid: str
    title: str
    description: str
    starts_on: str | None
    ends_on: str | None
    notes: str
    created_at: str
    item_count: int = 0


@dataclass(frozen=True)
class Account:
    id: AccountId
    uuid: str
    platform: str
    handle: str
    display_name: str | None
    profile_url: str | None
    numeric_id: str | None
    first_seen: str | None
    last_seen: str | None
    perpetrator_id: PerpetratorId | None
    notes: str
    item_count: int = 0

    @property
    def ref(self) -> str:
        """``platform:handle``, the form the command line uses."""
        return f"{self.platform}:{self.handle}"


@dataclass(frozen=True)
class Perpetrator:
    id: PerpetratorId
    uuid: str
    label: str
    notes: str
    anonymous: bool
    created_at: str
    accounts: tuple[Account, ...] = ()
    item_count: int = 0


@dataclass(frozen=True)
class PlatformReport:
    id: ReportId
    uuid: str
    item_id: ItemId
    platform: str
    reported_at: str
    channel: str | None
    reference: str | None
    status: str
    answered_at: str | None
    notes: str

    @property
    def days_to_answer(self) -> float | None:
        """Days between the report and the answer (one decimal), None while unanswered."""
        if not self.answered_at:
            return None
        delta = parse_instant(self.answered_at)[0] - parse_instant(self.reported_at)[0]
        return round(delta.total_seconds() / 86400, 1)


@dataclass(frozen=True)
class ItemTags:
    """Everything the case model records about one item."""

    item_id: ItemId
    uuid: str
    platform: str | None
    url: str | None
    posted_at: str | None
    posted_tz: str | None
    seen_at: str | None
    language: str | None
    description: str | None
    notes: str | None
    sensitive: tuple[str, ...]
    deleted_by_source: bool
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    cases: tuple[str, ...]
    accounts: tuple[Account, ...]
    reports: tuple[PlatformReport, ...]

    @property
    def posted_as_shown(self) -> str | None:
        """``posted_at`` in the offset the post showed (ISO 8601), or None."""
        if not self.posted_at:
            return None
        return as_shown(self.posted_at, self.posted_tz)


@dataclass(frozen=True)
class AccountRef:
    """``platform:handle`` as typed by a user, validated."""

    platform: str
    handle: str

    @classmethod
    def parse(cls, untrusted_ref: str) -> AccountRef:
        platform, sep, handle = untrusted_ref.partition(":")
        platform = platform.strip().lower()
        handle = handle.strip()
        if not sep or not handle.lstrip("@"):
            raise UsageError("cases.bad_account_ref", ref=untrusted_ref)
        require_platform(platform)
        return cls(platform, handle)


@dataclass(frozen=True)
class TagChanges:
    """What :func:`app.cases.tag_item` changes. ``None`` leaves a field alone; ``""`` clears it."""

    platform: str | None = None
    url: str | None = None
    posted_at: str | None = None
    seen_at: str | None = None
    language: str | None = None
    description: str | None = None
    notes: str | None = None
    deleted_by_source: bool | None = None
    add_categories: tuple[str, ...] = ()
    remove_categories: tuple[str, ...] = ()
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    add_cases: tuple[str, ...] = ()
    remove_cases: tuple[str, ...] = ()
    add_accounts: tuple[AccountRef, ...] = ()
    remove_accounts: tuple[AccountRef, ...] = ()
    add_sensitive: tuple[str, ...] = ()
    remove_sensitive: tuple[str, ...] = ()


def require_platform(key: str) -> str:
    if key not in PLATFORMS:
        raise UsageError("cases.unknown_platform", platform=key)
    return key


def require_status(status: str) -> str:
    if status not in REPORT_STATUSES:
        raise UsageError("cases.unknown_status", status=status)
    return status


def require_sensitivity(kind: str) -> str:
    if kind not in SENSITIVITY:
        raise UsageError("cases.unknown_sensitivity", kind=kind)
    return kind


# --- dates as people write them ------------------------------------------------------------------
# The rule: numeric dates are day first (11/2/2024 is 11 February 2024), as written in Arabic
# locales and en-GB; month-first (US) order is never guessed. A four-digit year first means ISO
# 8601 (2024-02-11). Two-digit years are refused (which century?). Arabic-Indic and Persian digits,
# the Arabic comma and bidi marks typed or pasted around a date are accepted.
EXAMPLE_DMY = "11/2/2024 19:52 +03:00"
EXAMPLE_ISO = "2024-02-11T19:52+03:00"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩"
                        "۰۱۲۳۴۵۶۷۸۹"
                        "،٫٬", "01234567890123456789,.,")
_MARKS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_DMY = re.compile(
    r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
    r"(?:(?:\s*,?\s+|T)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
    r"\s*(?P<tz>(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?|Z|UTC|GMT)?", re.IGNORECASE)
_TZ = re.compile(r"(?:UTC|GMT)?\s*(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _offset_text(raw: str) -> str:
    if raw.strip().upper() in ("Z", "UTC", "GMT"):
        return "+00:00"
    m = _TZ.fullmatch(raw.strip())
    if m is None or int(m["h"]) > 14 or int(m["m"] or 0) > 59:
        raise ValueError(raw)
    return f"{m['sign']}{int(m['h']):02d}:{int(m['m'] or 0):02d}"


def normalize_date_text(untrusted: str) -> str:
    """A date as typed (day/month/year or ISO 8601, any digits) → ISO 8601 text.

    ``11/2/2024`` → ``2024-02-11`` (a date stays a date: no time is invented);
    ``11/2/2024 19:52 +03:00`` → ``2024-02-11T19:52:00+03:00``; ISO 8601 passes through.

    Raises:
        UsageError: ``cases.bad_date`` (with examples of both forms).
    """
    text = _MARKS.sub("", untrusted.translate(_DIGITS)).strip()
    try:
        m = _DMY.fullmatch(text)
        if m is None:
            if _ISO_DATE.fullmatch(text):
                return date.fromisoformat(text).isoformat()
            datetime.fromisoformat(text.replace("z", "Z"))  # ISO 8601 date-time, or ValueError
            return text
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        if m["H"] is None:
            if m["tz"]:
                raise ValueError(text)  # an offset needs a time
            return day.isoformat()
        moment = datetime(day.year, day.month, day.day, int(m["H"]), int(m["M"]), int(m["S"] or 0))
        return moment.isoformat() + (_offset_text(m["tz"]) if m["tz"] else "")
    except ValueError:
        raise UsageError("cases.bad_date", value=untrusted, example=EXAMPLE_DMY,
                         example_iso=EXAMPLE_ISO) from None


def is_date_only(text: str) -> bool:
    """Whether a stored or typed value is a bare date (``YYYY-MM-DD``), not an instant."""
    return bool(_ISO_DATE.fullmatch(text.strip()))


def parse_instant(untrusted: str) -> tuple[datetime, str | None]:
    """Parse a date as typed (:func:`normalize_date_text`). Returns (UTC datetime, offset).

    The offset is ``+HH:MM`` as written, or None when the text carried none (then UTC is assumed;
    a bare date is its midnight, UTC, for comparisons only: it is stored as a date).
    """
    text = normalize_date_text(untrusted)
    parsed = datetime.fromisoformat(text.replace("z", "Z"))
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC), None
    offset = parsed.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    tz = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return parsed.astimezone(UTC), tz


def stored_date(untrusted: str) -> tuple[str, str | None]:
    """A typed date → (the stored text, the offset it showed). A bare date is stored as
    ``YYYY-MM-DD`` (no invented time); an instant in UTC ``YYYY-MM-DDTHH:MM:SSZ``."""
    text = normalize_date_text(untrusted)
    if is_date_only(text):
        return text, None
    instant, tz = parse_instant(text)
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ"), tz


def to_utc_text(untrusted: str) -> str:
    """A typed instant → the stored UTC form ``YYYY-MM-DDTHH:MM:SSZ``."""
    return parse_instant(untrusted)[0].strftime("%Y-%m-%dT%H:%M:%SZ")


def as_shown(utc_text: str, tz: str | None) -> str:
    """A stored value as the source showed it: a bare date as is, an instant in its offset."""
    if is_date_only(utc_text):
        return utc_text.strip()
    instant = parse_instant(utc_text)[0]
    if not tz:
        return instant.strftime("%Y-%m-%dT%H:%M:%SZ")
    sign = -1 if tz.startswith("-") else 1
    hours, minutes = tz[1:].split(":")
    offset = timedelta(hours=int(hours), minutes=int(minutes)) * sign
    return instant.astimezone(timezone(offset)).isoformat()


def date_bound(untrusted: str, *, end: bool) -> str:
    """A filter bound comparable with stored UTC text. A bare date as an end bound is inclusive."""
    text = normalize_date_text(untrusted)
    if is_date_only(text):
        day = datetime.strptime(text, "%Y-%m-%d")
        if end:
            day += timedelta(days=1)
        return day.strftime("%Y-%m-%d")
    return to_utc_text(text)


def require_nonempty(value: str, code: str) -> str:
    value = value.strip()
    if not value:
        raise AppError(code)
    return value
