# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The plain data a report is built from: frozen dataclasses, independent of vault and language.

The vault (or a bundle reader) fills a :class:`ReportData`; :func:`app.report.build_report` turns it
into PDF bytes. Text that came from users or from the evidence (notes, handles, display names, URLs)
is untrusted: the report engine cleans it (controls, bidi overrides) and shows it as plain text.
Display names of platforms and categories come with the data, already in the report's language when
the caller has them; keys are those of ``docs/cli.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Case:
    title: str
    description: str = ""
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Account:
    platform: str  # key: facebook, instagram, whatsapp, …
    platform_name: str  # display name
    handle: str
    display_name: str = ""
    profile_url: str = ""


@dataclass(frozen=True)
class Perpetrator:
    label: str
    notes: str = ""
    anonymous: bool = False
    accounts: tuple[Account, ...] = ()


@dataclass(frozen=True)
class Labelled:
    """A key (platform, category) with its display name."""

    key: str
    name: str


@dataclass(frozen=True)
class PlatformReport:
    platform: Labelled
    reported_at: datetime
    reference: str = ""
    status: str = "pending"  # pending | removed | restricted | rejected | no-answer
    answered_at: datetime | None = None
    days: int | None = None  # days from reported_at to answered_at, when answered


@dataclass(frozen=True)
class TranscriptLine:
    """One message of an excerpt as the report prints it (untrusted ``author`` and ``text``)."""

    index: int                    # position in the sealed export
    sent_at: datetime | None      # aware when the exporter's offset is known
    author: str                   # "" for system lines
    text: str
    selected: bool                # the message she selected (else a context line)
    sha256: str                   # the message's own hash (app.chats.store.message_hash)
    attachments: tuple[str, ...] = ()
    kind: str = "message"
    edited: bool = False
    deleted: bool = False
    forwarded_from: str = ""


@dataclass(frozen=True)
class Transcript:
    """The messages an excerpt item holds and the sealed export they were cut from."""

    chat_title: str
    platform: str                 # whatsapp | telegram
    export_sha256: str
    offset: str                   # the exporter's UTC offset ("+03:00"), "" when unknown
    offset_source: str            # export | given | assumed-local
    lines: tuple[TranscriptLine, ...] = ()


@dataclass(frozen=True)
class Item:
    number: int  # 1-based position in the report
    item_id: str
    platform: Labelled | None
    image: bytes | None = None  # the SANITISED copy (never the original); None: see no_image_reason
    media_type: str = ""  # image/jpeg, image/png, … of ``image`` (or of the item when no image)
    no_image_reason: str = ""  # e.g. "attachment", "no clean copy": shown instead of the image
    accounts: tuple[Account, ...] = ()
    categories: tuple[Labelled, ...] = ()
    url: str = ""
    posted_at: datetime | date | None = None  # aware datetimes: the time zone is printed; a
    seen_at: datetime | date | None = None  # date alone when no time was given (none invented)
    imported_at: datetime | None = None
    sha256_original: str = ""
    sha256_sanitized: str = ""
    sha256_pixels: str = ""
    #: Recordings and documents: (what, SHA-256) per proof hash — "video h264", "pages 2" —
    #: shown instead of the pixel hash; duration and codecs of a recording.
    proof_hashes: tuple[tuple[str, str], ...] = ()
    duration_s: float | None = None
    codecs: str = ""
    notes: str = ""
    #: Marked moments of a recording: (time code "02:13" or span "02:13–02:40", the note),
    #: earliest first.
    moments: tuple[tuple[str, str], ...] = ()
    sensitivity: frozenset[str] = frozenset()  # e.g. {"graphic"}, {"intimate"}
    platform_reports: tuple[PlatformReport, ...] = ()
    #: An excerpt of a chat: its messages, printed as a transcript with their hashes.
    transcript: Transcript | None = None
    #: The text recognised inside the picture (OCR, app.cases.lens): derived data, not evidence;
    #: ``ocr_corrected`` when a person corrected it by hand (an ``item.ocr_correct`` entry).
    ocr_text: str = ""
    ocr_corrected: bool = False


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class PlatformResponse:
    reported: int = 0
    removed: int = 0
    median_days: float | None = None
    max_days: int | None = None


@dataclass(frozen=True)
class Count:
    """One row of a breakdown: a label (already a display name) and a count."""

    label: str
    count: int


@dataclass(frozen=True)
class Stats:
    by_platform: tuple[Count, ...] = ()
    by_category: tuple[Count, ...] = ()
    by_perpetrator: tuple[Count, ...] = ()
    per_day: tuple[DayCount, ...] = ()
    platform_response: PlatformResponse = field(default_factory=PlatformResponse)


@dataclass(frozen=True)
class PeakDay:
    """A day holding more than ``PEAK_FACTOR`` times the median day: its items, by platform
    (display names, most items first)."""

    day: date
    count: int
    platforms: tuple[Count, ...] = ()


@dataclass(frozen=True)
class Escalation:
    """The escalation of the report's scope (:func:`app.cases.accounts_stats.escalation`)."""

    median: float
    peaks: tuple[PeakDay, ...] = ()
    platforms: tuple[tuple[str, tuple[DayCount, ...]], ...] = ()  # name, its days; most first


@dataclass(frozen=True)
class Repost:
    """A cluster of near-duplicate pictures among the report's items
    (:func:`app.cases.similar.clusters`): its items' numbers in the report, how many accounts
    and platforms posted it, and its first and last day."""

    numbers: tuple[int, ...]
    accounts: int
    platforms: int
    first: date | None
    last: date | None


@dataclass(frozen=True)
class CustodyEntry:
    seq: int
    ts: datetime
    action: str  # machine key such as "import", "tag", "export"
    subject: str  # an item id, a case title, a bundle id …
    entry_sha256: str


@dataclass(frozen=True)
class ReportData:
    title: str
    case: Case | None
    period_start: date | None
    period_end: date | None
    generated_at: datetime
    vault_fingerprint: str
    app_version: str
    bundle_id: str | None = None
    stats: Stats = field(default_factory=Stats)
    perpetrators: tuple[Perpetrator, ...] = ()
    items: tuple[Item, ...] = ()
    custody: tuple[CustodyEntry, ...] = ()
    escalation: Escalation | None = None  # a case or the whole vault; None for a selection
    reposts: tuple[Repost, ...] = ()  # the largest clusters first, at most REPOSTS_SHOWN



SENSITIVE_KINDS = frozenset({"graphic", "intimate"})
