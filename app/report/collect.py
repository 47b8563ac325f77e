# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A PDF report straight from the vault: fill a :class:`app.report.ReportData` and build it.

What goes in: the chosen items (``item_ids``, a case's items, or every item), oldest first, each
with its SANITISED copy only (never the original), platform and category names in the report's
language, accounts, URL, posted/seen/imported times with their time zones, the three SHA-256s
(original file, sanitised copy, decoded pixels), notes, sensitivity and the reports made to
platforms; the perpetrators behind the items' accounts; figures computed over exactly these items;
the custody entries about these items; and a cover (title, case, period covered, generation time,
the vault's signing-key fingerprint, bundle id, app version).

The PDF is built in memory. Generating it is a custody event (``report``) naming the items, the
language and the PDF's SHA-256, appended after the PDF is built.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from statistics import median
from typing import Any

from app import __version__
from app.cases import accounts_stats, similar
from app.cases.lens import ocr_text
from app.cases.model import ItemId, is_date_only, parse_instant
from app.cases.moments import list_moments
from app.cases.people import list_perpetrators
from app.cases.stats import compute_stats
from app.cases.store import get_case, list_categories, list_platforms
from app.cases.tagging import get_item_tags
from app.errors import AppError
from app.i18n import N_, normalize_language, translations
from app.paths import new_file
from app.report import ReportData, build_report
from app.report import model as M
from app.report.requests import ReportRequest
from app.tasks import CancelToken, ProgressFn
from app.vault import Vault
from app.vault.blobs import read_blob
from app.vault.custody import entries as custody_entries
from app.vault.items import get_item

TITLE_ALL = N_("All the evidence in this vault")
TITLE_SELECTED = N_("Selected evidence items")
NO_PLATFORM = N_("No platform")
REPOSTS_SHOWN = 10
# Platforms whose user names are written with a leading "@" (the case model stores them bare).
AT_HANDLES = frozenset({"x", "instagram", "tiktok", "telegram", "snapchat", "youtube"})
REDACTABLE = M.SENSITIVE_KINDS  # kinds whose image is withheld with ``redact_sensitive``


# --- time helpers ---------------------------------------------------------------------------------
MAX_TRANSCRIPT_LINES = 5_000  # an excerpt of a whole chat: the report prints the first ones


def _utc(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return parse_instant(text)[0]
    except AppError:
        return None


def _offset_tz(tz: str | None) -> timezone | None:
    """``+03:00`` → a fixed-offset zone; None when absent or malformed."""
    if not tz or len(tz) != 6 or tz[0] not in "+-" or tz[3] != ":":
        return None
    try:
        delta = timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
    except ValueError:
        return None
    return timezone(-delta if tz[0] == "-" else delta)


def _bare_date(text: str | None) -> date | None:
    """A value stored as a bare date (``YYYY-MM-DD``: no time was given), else None."""
    return date.fromisoformat(text) if text and is_date_only(text) else None


def _seen(text: str | None) -> datetime | date | None:
    return _bare_date(text) or _utc(text)


def _posted(utc_text: str | None, tz: str | None) -> datetime | date | None:
    """The posted instant in the offset the post showed; a bare date stays a date (the PDF
    prints no invented 00:00)."""
    bare = _bare_date(utc_text)
    if bare is not None:
        return bare
    instant = _utc(utc_text)
    zone = _offset_tz(tz)
    return instant.astimezone(zone) if instant and zone else instant


def _imported(record: dict[str, Any]) -> datetime | None:
    """When the item was imported, in the time zone the importing machine was in."""
    instant = _utc(record.get("imported_at"))
    if instant is None:
        return None
    minutes = int(record.get("imported_utc_offset") or 0)
    return instant.astimezone(timezone(timedelta(minutes=minutes)))


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def item_day(it: M.Item) -> date | None:
    """The item's day, as :mod:`app.cases.stats` counts it: posted (in the offset the post
    showed), else seen, else imported (UTC)."""
    if it.posted_at:
        return it.posted_at.date() if isinstance(it.posted_at, datetime) else it.posted_at
    other = it.seen_at or it.imported_at
    if isinstance(other, datetime):
        return other.astimezone(UTC).date()
    return other


def shown_handle(platform: str, handle: str) -> str:
    """``user_123`` on X → ``@user_123``; phone numbers, page names and URLs stay as stored."""
    if platform in AT_HANDLES and handle and not handle.startswith("@") and \
            re.fullmatch(r"[A-Za-z0-9_.]*[A-Za-z_][A-Za-z0-9_.]*", handle):
        return "@" + handle
    return handle


# --- names in the report's language ---------------------------------------------------------------
class _Names:
    def __init__(self, vault: Vault, lang: str) -> None:
        ar = lang == "ar"
        self.platforms = {p.key: (p.name_ar if ar else p.name_en) for p in list_platforms(vault)}
        self.categories = {c.key: (c.name_ar if ar else c.name_en) for c in list_categories(vault)}

    def platform(self, key: str | None) -> M.Labelled | None:
        return M.Labelled(key, self.platforms.get(key, key)) if key else None

    def category(self, key: str) -> M.Labelled:
        return M.Labelled(key, self.categories.get(key, key))

    def account(self, a: Any) -> M.Account:
        return M.Account(platform=a.platform,
                         platform_name=self.platforms.get(a.platform, a.platform),
                         handle=shown_handle(a.platform, a.handle),
                         display_name=a.display_name or "", profile_url=a.profile_url or "")


# --- selecting the items --------------------------------------------------------------------------
def _select(vault: Vault, item_ids: Sequence[int] | None,
            case_title: str | None) -> tuple[list[int], Any]:
    case = None
    if item_ids is not None and case_title is not None:
        raise AppError("report.items_and_case")
    if case_title is not None:
        case = get_case(vault, case_title)  # cases.case_not_found
        rows = vault.read("SELECT item_id FROM item_cases WHERE case_id = ?", (case.id,))
        ids = [int(r[0]) for r in rows]
    elif item_ids is not None:
        ids = list(dict.fromkeys(int(i) for i in item_ids))
        for item in ids:
            if not vault.read("SELECT 1 FROM items WHERE id = ?", (item,)):
                raise AppError("item.not_found", item=item)
    else:
        ids = [int(r[0]) for r in vault.read("SELECT id FROM items")]
    if not ids:
        raise AppError("report.no_items")
    # oldest first: when posted, else seen, else imported (as app.cases.stats); id breaks ties
    marks = ",".join("?" * len(ids))
    rows = vault.read(f"SELECT id FROM items WHERE id IN ({marks}) "
                      f"ORDER BY coalesce(posted_at, seen_at, imported_at), id", ids)
    return [int(r[0]) for r in rows], case


# --- one item -------------------------------------------------------------------------------------
def _platform_report(r: Any, names: _Names) -> M.PlatformReport:
    reported = _utc(r.reported_at) or datetime.fromtimestamp(0, UTC)
    answered = _utc(r.answered_at)
    days = (answered - reported).days if answered else None
    return M.PlatformReport(platform=names.platform(r.platform) or M.Labelled("", ""),
                            reported_at=reported, reference=r.reference or "", status=r.status,
                            answered_at=answered, days=days)


def _item(vault: Vault, number: int, item_id: int, names: _Names,
          redact: bool) -> tuple[M.Item, Any]:
    record = get_item(vault, item_id)
    tags = get_item_tags(vault, ItemId(item_id))
    sensitivity = frozenset(tags.sensitive)
    image: bytes | None = None
    reason = ""
    media_type = record.get("sanitized_media_type") or record.get("media_type") or ""
    prov = record.get("provenance")
    if isinstance(prov, dict) and "quarantined" in prov:  # a received copy that failed checks
        reason = "quarantined"
        media_type = record.get("media_type") or ""
    elif record.get("kind") == "attachment":
        reason = "attachment"
        media_type = record.get("media_type") or ""
    elif record.get("kind") in ("chat", "excerpt"):  # text: its messages, never an image
        reason = record["kind"]
        media_type = record.get("media_type") or ""
    elif "sanitized" not in record["copies"]:
        reason = "no clean copy"
        media_type = record.get("media_type") or ""
    elif redact and sensitivity & REDACTABLE:
        pass  # withheld: the bytes never enter the PDF (the engine draws the "withheld" box)
    elif record.get("kind") in ("video", "audio", "document"):
        # a video's poster frame (made from the clean copy's first frame); never the recording
        if "thumbnail" in record["copies"]:
            image = read_blob(vault.conn, item_id, "thumbnail")
            media_type = record["copies"]["thumbnail"].get("media_type") or "image/jpeg"
        else:
            reason = "recording" if record.get("kind") == "audio" else "attachment"
    else:
        image = read_blob(vault.conn, item_id, "sanitized")  # verified against its SHA-256
    pixels = record.get("original_pixels") or {}
    facts = _proof_facts(record)
    recognised = ocr_text(vault, item_id)
    item = M.Item(
        number=number, item_id=str(item_id), platform=names.platform(tags.platform),
        image=image, media_type=media_type, no_image_reason=reason,
        accounts=tuple(names.account(a) for a in tags.accounts),
        categories=tuple(names.category(k) for k in tags.categories),
        url=tags.url or "", posted_at=_posted(tags.posted_at, tags.posted_tz),
        seen_at=_seen(tags.seen_at), imported_at=_imported(record),
        sha256_original=record.get("sha256") or "",
        sha256_sanitized=record.get("sanitized_sha256") or "",
        sha256_pixels=(pixels.get("sha256") or "") if isinstance(pixels, dict) else "",
        proof_hashes=facts[0], duration_s=facts[1], codecs=facts[2],
        notes=tags.notes or "", sensitivity=sensitivity,
        moments=tuple((m.span, m.label) for m in list_moments(vault, item_id)),
        platform_reports=tuple(_platform_report(r, names) for r in tags.reports),
        transcript=_transcript(vault, item_id) if record.get("kind") == "excerpt" else None,
        ocr_text=recognised.text.strip() if recognised else "",
        ocr_corrected=bool(recognised and recognised.corrected_by_hand))
    return item, tags


def _transcript(vault: Vault, item_id: int) -> M.Transcript | None:
    """An excerpt's messages (its clean copy is the excerpt document, ``app.chats.excerpt``:
    read here as JSON, the report sits below the chat layer), or None when unreadable."""
    try:
        doc = json.loads(read_blob(vault.conn, item_id, "sanitized"))
        chat = doc["chat"]
        offset = str(chat.get("utc_offset") or "")
        zone = _offset_tz(offset) if offset else None
        lines = []
        for m in doc["messages"][:MAX_TRANSCRIPT_LINES]:
            sent = _utc(m.get("sent_utc"))
            when: datetime | None = sent.astimezone(zone) if sent and zone else sent
            if when is None and m.get("sent_at"):
                with contextlib.suppress(ValueError):
                    when = datetime.fromisoformat(str(m["sent_at"]))  # naive: shown as such
            lines.append(M.TranscriptLine(
                index=int(m["index"]), sent_at=when, author=str(m.get("author") or ""),
                text=str(m.get("text") or ""), selected=bool(m.get("selected")),
                sha256=str(m.get("sha256") or ""),
                attachments=tuple(str(a.get("name") or "") for a in m.get("attachments") or []),
                kind=str(m.get("kind") or "message"), edited=bool(m.get("edited")),
                deleted=bool(m.get("deleted")), forwarded_from=str(m.get("forwarded_from") or "")))
        return M.Transcript(chat_title=str(chat.get("title") or ""),
                            platform=str(chat.get("platform") or ""),
                            export_sha256=str(chat.get("sha256") or ""), offset=offset,
                            offset_source=str(chat.get("offset_source") or ""),
                            lines=tuple(lines))
    except (AppError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _proof_facts(record: dict[str, Any]
                 ) -> tuple[tuple[tuple[str, str], ...], float | None, str]:
    """A recording's stream hashes, duration and codecs, or a document's page hash (the stored
    shapes of :mod:`app.ingest.proof`)."""
    proof = record.get("original_pixels")
    if not isinstance(proof, dict):
        return (), None, ""
    if proof.get("proof") == "pages":
        return ((f"pages ({proof.get('pages')})", str(proof.get("page_sha256") or "")),), None, ""
    if proof.get("proof") != "streams":
        return (), None, ""
    streams = [s for s in proof.get("streams") or [] if isinstance(s, dict)]
    hashes = tuple((f"{s.get('kind')} {s.get('codec')}", str(s.get("sha256") or ""))
                   for s in streams)
    rec = (record.get("metadata") or {}).get("recording") or {}
    duration = rec.get("duration_s")
    return (hashes, float(duration) if isinstance(duration, int | float) else None,
            ", ".join(str(s.get("codec")) for s in streams))


# --- figures over the report's items --------------------------------------------------------------
def _counts(counter: dict[str, int]) -> tuple[M.Count, ...]:
    return tuple(M.Count(k, v) for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _stats(items: list[M.Item], perps: list[tuple[M.Perpetrator, set[int]]]) -> M.Stats:
    by_p: dict[str, int] = {}
    by_c: dict[str, int] = {}
    per_day: dict[date, int] = {}
    for it in items:
        if it.platform:
            by_p[it.platform.name] = by_p.get(it.platform.name, 0) + 1
        for c in it.categories:
            by_c[c.name] = by_c.get(c.name, 0) + 1
        day = item_day(it)
        if day:
            per_day[day] = per_day.get(day, 0) + 1
    reports = [r for it in items for r in it.platform_reports]
    answered = sorted(r.days for r in reports if r.days is not None)
    response = M.PlatformResponse(
        reported=len(reports), removed=sum(1 for r in reports if r.status == "removed"),
        median_days=float(median(answered)) if answered else None,
        max_days=max(answered) if answered else None)
    return M.Stats(by_platform=_counts(by_p), by_category=_counts(by_c),
                   by_perpetrator=_counts({p.label: len(ids) for p, ids in perps if ids}),
                   per_day=tuple(M.DayCount(d, c) for d, c in sorted(per_day.items())),
                   platform_response=response)


def _stats_from_cases(st: Any, lang: str) -> M.Stats:
    """:class:`app.cases.stats.Stats` (a case or the whole vault) → the report's figures."""
    def label(c: Any) -> str:
        return (c.label_ar or c.label) if lang == "ar" else c.label

    per_day = []
    for c in st.per_day:
        try:
            per_day.append(M.DayCount(date.fromisoformat(c.key), c.count))
        except ValueError:
            continue
    every = st.all_platforms  # computed once, in app.cases.stats
    return M.Stats(
        by_platform=tuple(M.Count(label(c), c.count) for c in st.by_platform if c.key),
        by_category=tuple(M.Count(label(c), c.count) for c in st.by_category),
        by_perpetrator=tuple(M.Count(c.label, c.count) for c in st.by_perpetrator),
        per_day=tuple(per_day),
        platform_response=M.PlatformResponse(
            reported=every.reported if every else 0, removed=every.removed if every else 0,
            median_days=every.median_days if every else None,
            max_days=int(round(every.max_days)) if every and every.max_days is not None else None))


def _escalation(vault: Vault, case_id: int | None, lang: str) -> M.Escalation:
    """The core's escalation of a case or the whole vault → its peak days, platforms named."""
    esc = accounts_stats.escalation(vault, case_id=case_id)
    ar = lang == "ar"

    def name(key: str) -> str:
        if not key:
            return translations(lang).gettext(NO_PLATFORM)
        en, arabic = esc.names.get(key, (key, key))
        return (arabic or en) if ar else en

    peaks = tuple(M.PeakDay(date.fromisoformat(d), esc.day_total(d), tuple(
        M.Count(name(k), n) for k, n in sorted(esc.per_day[d].items(), key=lambda kv: -kv[1])))
        for d in esc.peaks)
    per_platform: dict[str, list[M.DayCount]] = {}
    for d in esc.days:
        for key, n in esc.per_day[d].items():
            per_platform.setdefault(key, []).append(M.DayCount(date.fromisoformat(d), n))
    platforms = tuple((name(k), tuple(v)) for k, v in sorted(
        per_platform.items(), key=lambda kv: (-sum(c.count for c in kv[1]), kv[0])))
    return M.Escalation(median=esc.median, peaks=peaks, platforms=platforms)


def _reposts(vault: Vault, ids: Sequence[int]) -> tuple[M.Repost, ...]:
    """The clusters of near-duplicates among the report's items, largest first, at most
    :data:`REPOSTS_SHOWN`."""
    number = {item_id: n for n, item_id in enumerate(ids, start=1)}

    def day(text: str | None) -> date | None:
        return _bare_date(text) or _day(_utc(text))

    return tuple(M.Repost(numbers=tuple(sorted(number[m] for m in c.members)),
                          accounts=len(c.accounts), platforms=len(c.platforms),
                          first=day(c.first), last=day(c.last))
                 for c in similar.clusters(vault, item_ids=ids)[:REPOSTS_SHOWN])


def _perpetrators(vault: Vault, item_tags: dict[int, Any], names: _Names
                  ) -> list[tuple[M.Perpetrator, set[int]]]:
    """The perpetrators owning an account seen on these items, with the items concerned."""
    by_account: dict[int, set[int]] = {}
    for item_id, tags in item_tags.items():
        for a in tags.accounts:
            by_account.setdefault(int(a.id), set()).add(item_id)
    out = []
    for p in list_perpetrators(vault):
        items = set().union(*(by_account.get(int(a.id), set()) for a in p.accounts)) \
            if p.accounts else set()
        if items:
            out.append((M.Perpetrator(label=p.label, notes=p.notes or "",
                                      anonymous=bool(p.anonymous),
                                      accounts=tuple(names.account(a) for a in p.accounts)), items))
    return out


# --- custody extract ------------------------------------------------------------------------------
def _custody(vault: Vault, uuids: dict[str, int]) -> tuple[M.CustodyEntry, ...]:
    seen: dict[int, M.CustodyEntry] = {}
    for uid in uuids:
        for e in custody_entries(vault.conn, uid):
            if e["seq"] in seen:
                continue
            subjects = e.get("subjects") or []
            subject = next((s for s in subjects if s.startswith("item:") and s[5:] in uuids),
                           subjects[0] if subjects else "")
            if subject.startswith("item:") and subject[5:] in uuids:
                subject = str(uuids[subject[5:]])
            seen[e["seq"]] = M.CustodyEntry(
                seq=int(e["seq"]), ts=_utc(e["ts"]) or datetime.fromtimestamp(0, UTC),
                action=e["action"], subject=subject, entry_sha256=e["entry_sha256"])
    return tuple(seen[k] for k in sorted(seen))


# --- the report -----------------------------------------------------------------------------------
def group_fingerprint(hexdigest: str) -> str:
    """``ab12cd34…`` → ``ab12 cd34 …`` (16 groups of 4) for reading aloud over the phone."""
    return " ".join(hexdigest[i:i + 4] for i in range(0, len(hexdigest), 4))


def collect_report_data(vault: Vault, *, item_ids: Sequence[int] | None = None,
                        case_title: str | None = None, lang: str = "en",
                        redact_sensitive: bool = False, bundle_id: str | None = None,
                        generated_at: datetime | None = None) -> ReportData:
    """The :class:`ReportData` for the chosen items (read-only: nothing is written)."""
    lang = normalize_language(lang)
    ids, case = _select(vault, item_ids, case_title)
    names = _Names(vault, lang)
    items: list[M.Item] = []
    tags: dict[int, Any] = {}
    for n, item_id in enumerate(ids, start=1):
        item, tags[item_id] = _item(vault, n, item_id, names, redact_sensitive)
        items.append(item)
    perps = _perpetrators(vault, tags, names)
    days = [d for d in map(item_day, items) if d]
    start, end = (min(days), max(days)) if days else (None, None)
    report_case = None
    if case is not None:
        c_start = _day(_utc(case.starts_on))
        c_end = _day(_utc(case.ends_on))
        start, end = c_start or start, c_end or end
        report_case = M.Case(title=case.title, description=case.description or "",
                             start=c_start, end=c_end)
    uuids = {tags[i].uuid: i for i in ids}
    if item_ids is None:  # a case or the whole vault: the case model's own figures
        stats = _stats_from_cases(compute_stats(vault, case.id if case is not None else None), lang)
        escalation = _escalation(vault, case.id if case is not None else None, lang)
    else:  # a hand-picked selection: app.cases.stats has no item scope, count these items here
        stats = _stats(items, perps)
        escalation = None
    return ReportData(
        title=report_case.title if report_case else translations(lang).gettext(
            TITLE_ALL if item_ids is None else TITLE_SELECTED),
        case=report_case,
        period_start=start, period_end=end,
        generated_at=generated_at or datetime.now(UTC).astimezone(),
        vault_fingerprint=group_fingerprint(vault.fingerprint()), app_version=__version__,
        bundle_id=bundle_id, stats=stats,
        perpetrators=tuple(p for p, _ids in perps), items=tuple(items),
        custody=_custody(vault, uuids), escalation=escalation, reposts=_reposts(vault, ids))


@dataclass(frozen=True)
class VaultReport:
    pdf: bytes
    sha256: str
    item_ids: tuple[int, ...]
    lang: str
    custody_seq: int


def build_vault_report(vault: Vault, *, item_ids: list[int] | None = None,
                       case_title: str | None = None, lang: str = "en",
                       redact_sensitive: bool = False, bundle_id: str | None = None,
                       progress: ProgressFn | None = None,
                       cancel: CancelToken | None = None) -> bytes:
    """The PDF report (bytes) for ``item_ids``, or the case titled ``case_title``, or every item.

    Appends a ``report`` custody entry (items, language, redaction, PDF SHA-256) once the PDF is
    built; a cancelled build (:class:`app.errors.Cancelled`) records nothing.

    Raises:
        AppError: ``report.no_items``, ``report.items_and_case``, ``item.not_found``,
            ``cases.case_not_found``; ``Cancelled``.
    """
    return generate_vault_report(vault, item_ids=item_ids, case_title=case_title, lang=lang,
                                 redact_sensitive=redact_sensitive, bundle_id=bundle_id,
                                 progress=progress, cancel=cancel).pdf


def generate_vault_report(vault: Vault, *, item_ids: list[int] | None = None,
                          case_title: str | None = None, lang: str = "en",
                          redact_sensitive: bool = False, bundle_id: str | None = None,
                          progress: ProgressFn | None = None,
                          cancel: CancelToken | None = None, digits: str = "western",
                          hijri: bool = False) -> VaultReport:
    """:func:`build_vault_report`, also returning the PDF's SHA-256, the items and the entry
    (``digits`` and ``hijri``: :func:`app.report.build.build_report`)."""
    lang = normalize_language(lang)
    data = collect_report_data(vault, item_ids=item_ids, case_title=case_title, lang=lang,
                               redact_sensitive=redact_sensitive, bundle_id=bundle_id)
    pdf = build_report(data, lang=lang, redact_sensitive=redact_sensitive, progress=progress,
                       cancel=cancel, digits=digits, hijri=hijri)
    digest = hashlib.sha256(pdf).hexdigest()
    ids = [int(it.item_id) for it in data.items]
    uuids = [u for u, _ in sorted(((r[0], int(r[1])) for r in vault.read(
        f"SELECT uuid, id FROM items WHERE id IN ({','.join('?' * len(ids))})", ids)),
        key=lambda ui: ids.index(ui[1]))]
    subjects = [f"item:{u}" for u in uuids]
    details: dict[str, Any] = {"items": ids, "lang": lang, "sha256": digest, "size": len(pdf),
                               "redact_sensitive": bool(redact_sensitive),
                               "generated_at": data.generated_at.isoformat()}
    if data.case is not None:
        details["case"] = data.case.title
    if bundle_id:
        details["bundle_id"] = bundle_id
    with vault.write() as tx:
        entry = tx.custody("report", subjects, details)
    return VaultReport(pdf, digest, tuple(ids), lang, int(entry["seq"]))


def write_report(vault: Vault, request: ReportRequest, *, progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None) -> VaultReport:
    """The PDF of ``request`` written at ``request.out``, for both front ends.

    The file is claimed first (:func:`app.paths.new_file`: exclusive under a random name, owner
    only, never following a link, fsynced, never replacing a file), so a bad destination fails
    before the report is built or its custody entry appended; a failed build leaves no file.

    Raises:
        AppError: ``report.exists``, ``report.cannot_write``, and those of
            :func:`build_vault_report`.
    """
    with new_file(request.out, exists_code="report.exists", io_code="report.cannot_write") as fh:
        result = generate_vault_report(
            vault, item_ids=None if request.item_ids is None else list(request.item_ids),
            case_title=request.case_title, lang=request.lang,
            redact_sensitive=request.redact_sensitive, progress=progress, cancel=cancel,
            digits=request.digits, hijri=request.hijri)
        fh.write(result.pdf)
    return result


__all__ = ["ReportRequest", "VaultReport", "build_vault_report", "collect_report_data",
           "generate_vault_report", "group_fingerprint", "write_report"]
