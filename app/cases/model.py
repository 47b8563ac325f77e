# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Domain types of the case model: frozen dataclasses, keys, and date parsing.

Dates cross this API as ISO 8601 text. Instants (posted, seen, reported, answered) are stored in
UTC as ``YYYY-MM-DDTHH:MM:SSZ``; the offset a post showed is kept beside it (``posted_tz``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
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


def parse_instant(untrusted: str) -> tuple[datetime, str | None]:
    """Parse ISO 8601 (date or date-time, ``Z`` or an offset). Returns (UTC datetime, offset).

    The offset is ``+HH:MM`` as written, or None when the text carried none (then UTC is assumed).
    """
    text = untrusted.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise UsageError("cases.bad_date", value=untrusted) from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC), None
    offset = parsed.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    tz = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return parsed.astimezone(UTC), tz


def to_utc_text(untrusted: str) -> str:
    """ISO 8601 input → the stored UTC form ``YYYY-MM-DDTHH:MM:SSZ``."""
    return parse_instant(untrusted)[0].strftime("%Y-%m-%dT%H:%M:%SZ")


def as_shown(utc_text: str, tz: str | None) -> str:
    instant = parse_instant(utc_text)[0]
    if not tz:
        return instant.strftime("%Y-%m-%dT%H:%M:%SZ")
    sign = -1 if tz.startswith("-") else 1
    hours, minutes = tz[1:].split(":")
    offset = timedelta(hours=int(hours), minutes=int(minutes)) * sign
    return instant.astimezone(timezone(offset)).isoformat()


def date_bound(untrusted: str, *, end: bool) -> str:
    """A filter bound comparable with stored UTC text. A bare date as an end bound is inclusive."""
    text = untrusted.strip()
    if len(text) == 10:  # YYYY-MM-DD
        try:
            day = datetime.strptime(text, "%Y-%m-%d")
        except ValueError:
            raise UsageError("cases.bad_date", value=untrusted) from None
        if end:
            day += timedelta(days=1)
        return day.strftime("%Y-%m-%d")
    return to_utc_text(text)


def require_nonempty(value: str, code: str) -> str:
    value = value.strip()
    if not value:
        raise AppError(code)
    return value
