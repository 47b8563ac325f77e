# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Statistics for a vault or one case: who, where, what and when, and how platforms answered.

An item's date is the day it was posted as the post showed it (its own time zone), else the day it
was seen, else the day it was imported (UTC). Days to answer count from the report to the answer;
reports still unanswered are counted but not in the median and maximum.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from app.cases.model import CaseId, PlatformReport
from app.cases.platform_reports import list_reports
from app.vault import Vault

PEAK_DAYS = 3
# The item's local day, as described in the module docstring.
DAY_SQL = ("CASE WHEN i.posted_at IS NOT NULL THEN date(i.posted_at, coalesce(i.posted_tz, "
           "'+00:00')) ELSE date(coalesce(i.seen_at, i.imported_at)) END")
INSTANT_SQL = "coalesce(i.posted_at, i.seen_at, i.imported_at)"


@dataclass(frozen=True)
class Count:
    """``key`` is a machine key (platform, category, account ref, day); ``label`` is for display
    (the English name; the Arabic name travels in ``label_ar`` where the vault has one)."""

    key: str
    label: str
    count: int
    label_ar: str = ""


@dataclass(frozen=True)
class PlatformResponse:
    platform: str
    reported: int
    removed: int
    restricted: int
    rejected: int
    pending: int
    no_answer: int
    answered: int
    median_days: float | None
    max_days: float | None


@dataclass(frozen=True)
class Stats:
    case: str | None
    items: int
    by_platform: tuple[Count, ...]
    by_category: tuple[Count, ...]
    by_perpetrator: tuple[Count, ...]
    by_account: tuple[Count, ...]
    per_day: tuple[Count, ...]
    per_week: tuple[Count, ...]
    first_item: str | None
    last_item: str | None
    peak_days: tuple[Count, ...]
    reports: int
    platform_response: tuple[PlatformResponse, ...]
    # every platform together (platform ""): the report's figures, computed here and only here
    all_platforms: PlatformResponse | None = None


def _scope(case_id: CaseId | None) -> tuple[str, tuple[Any, ...]]:
    if case_id is None:
        return "", ()
    return " AND i.id IN (SELECT item_id FROM item_cases WHERE case_id = ?)", (case_id,)


def compute_stats(vault: Vault, case_id: CaseId | None = None) -> Stats:
    """Counts and platform-response figures for the whole vault or for one case."""
    scope, p = _scope(case_id)
    read = vault.read
    title = None
    if case_id is not None:
        rows = read("SELECT title FROM cases WHERE id = ?", (case_id,))
        title = rows[0][0] if rows else None
    items = int(read(f"SELECT count(*) FROM items i WHERE 1{scope}", p)[0][0])
    by_platform = tuple(Count(r[0], r[1], int(r[3]), r[2]) for r in read(
        f"SELECT coalesce(i.platform, ''), coalesce(pl.name_en, ''), coalesce(pl.name_ar, ''), "
        f"count(*) FROM items i LEFT JOIN platforms pl ON pl.key = i.platform WHERE 1{scope} "
        f"GROUP BY i.platform ORDER BY count(*) DESC, pl.position", p))
    by_category = tuple(Count(r[0], r[1], int(r[3]), r[2]) for r in read(
        f"SELECT c.key, c.name_en, c.name_ar, count(*) FROM item_categories ic JOIN categories c "
        f"ON c.id = ic.category_id JOIN items i ON i.id = ic.item_id WHERE 1{scope} "
        f"GROUP BY c.id ORDER BY count(*) DESC, c.position", p))
    by_perpetrator = tuple(Count(r[0], r[0], int(r[1])) for r in read(
        f"SELECT pe.label, count(DISTINCT i.id) FROM perpetrators pe JOIN accounts a ON "
        f"a.perpetrator_id = pe.id JOIN item_accounts ia ON ia.account_id = a.id JOIN items i ON "
        f"i.id = ia.item_id WHERE 1{scope} GROUP BY pe.id ORDER BY 2 DESC, pe.label", p))
    by_account = tuple(Count(f"{r[0]}:{r[1]}", r[2] or r[1], int(r[3])) for r in read(
        f"SELECT a.platform, a.handle, a.display_name, count(*) FROM accounts a JOIN item_accounts "
        f"ia ON ia.account_id = a.id JOIN items i ON i.id = ia.item_id WHERE 1{scope} "
        f"GROUP BY a.id ORDER BY 4 DESC, a.handle_norm", p))
    per_day = tuple(Count(r[0], r[0], int(r[1])) for r in read(
        f"SELECT {DAY_SQL} AS d, count(*) FROM items i WHERE 1{scope} GROUP BY d ORDER BY d", p)
        if r[0])
    weeks: dict[str, int] = {}
    for day in per_day:
        week = read("SELECT strftime('%G-W%V', ?)", (day.key,))[0][0]
        weeks[week] = weeks.get(week, 0) + day.count
    span = read(f"SELECT min({INSTANT_SQL}), max({INSTANT_SQL}) FROM items i WHERE 1{scope}", p)[0]
    peaks = tuple(sorted(per_day, key=lambda c: (-c.count, c.key))[:PEAK_DAYS])
    reports = list_reports(vault, case_id=case_id)
    return Stats(case=title, items=items, by_platform=by_platform, by_category=by_category,
                 by_perpetrator=by_perpetrator, by_account=by_account, per_day=per_day,
                 per_week=tuple(Count(k, k, v) for k, v in sorted(weeks.items())),
                 first_item=span[0], last_item=span[1], peak_days=peaks, reports=len(reports),
                 platform_response=platform_response(reports),
                 all_platforms=_response("", reports) if reports else None)


def _response(platform: str, group: list[PlatformReport]) -> PlatformResponse:
    days = [r.days_to_answer for r in group if r.days_to_answer is not None]

    def n(status: str) -> int:
        return sum(1 for r in group if r.status == status)

    return PlatformResponse(
        platform=platform, reported=len(group), removed=n("removed"),
        restricted=n("restricted"), rejected=n("rejected"), pending=n("pending"),
        no_answer=n("no-answer"), answered=len(days),
        median_days=round(statistics.median(days), 1) if days else None,
        max_days=max(days) if days else None)


def platform_response(reports: list[PlatformReport]) -> tuple[PlatformResponse, ...]:
    """Per platform: how many reports, their outcomes, and the median and maximum days to answer."""
    by: dict[str, list[PlatformReport]] = {}
    for report in reports:
        by.setdefault(report.platform, []).append(report)
    return tuple(_response(platform, group) for platform, group in sorted(by.items()))
