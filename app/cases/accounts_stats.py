# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The accounts behind a campaign and its escalation over time (issue 15), read-only.

- :func:`account_summaries`: every account with items, its platform, how many items and which
  clusters of reposts it posted in, first and last seen (the items' instants, else the account's
  own ``first_seen``/``last_seen``), its linked perpetrator, its categories, how many of its items
  are *severe* (threats, doxing: ``SEVERE``) and whether it is escalating; accounts that posted in
  the same cluster share a ``group`` number (connected components, largest group first).
- An account is **escalating** when it has at least ``MIN_ESCALATING`` items and, splitting its
  active span at its midpoint, the later half holds more items than the earlier half (its posts
  grow in frequency) or severe items while the earlier half holds none (they grow in severity).
- :func:`escalation`: items per day and ISO week by platform over any span (no cut: the case
  timeline stops at 400 days), for the vault, one case or one account, with the days holding more
  than ``PEAK_FACTOR`` times the median of the days that hold any item marked as peaks.

The day of an item is :data:`app.cases.stats.DAY_SQL`'s (posted, else seen, else imported), its
instant :data:`app.cases.stats.INSTANT_SQL`'s. Nothing here writes: no custody entry.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from app.cases import similar
from app.cases.model import EXAMPLE_DMY, EXAMPLE_ISO
from app.cases.stats import DAY_SQL, INSTANT_SQL
from app.errors import AppError, UsageError
from app.media.pdq import DEFAULT_THRESHOLD
from app.vault import Vault

SEVERE = ("death-threat", "sexual-violence-threat", "doxing")
MIN_ESCALATING = 3
PEAK_FACTOR = 3


@dataclass(frozen=True)
class AccountSummary:
    """One account. ``ref`` is ``platform:handle``; ``categories`` are (key, count), most first;
    ``clusters`` the indexes (in :func:`app.cases.similar.clusters` order) of the clusters it
    posted in; ``group`` 0 when it shares no cluster with another account."""

    account_id: int
    platform: str
    untrusted_handle: str
    untrusted_display_name: str
    perpetrator: str | None
    items: int
    clusters: tuple[int, ...]
    first_seen: str | None
    last_seen: str | None
    categories: tuple[tuple[str, int], ...]
    severe: int
    escalating: bool
    group: int = 0

    @property
    def ref(self) -> str:
        return f"{self.platform}:{self.untrusted_handle}"


@dataclass(frozen=True)
class AccountItem:
    """One of an account's items, oldest first: its instant, day, platform and categories."""

    item_id: int
    instant: str | None
    day: str | None
    platform: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Escalation:
    """Items per day and per ISO week (``2026-W28``), each {platform key ("" none): count};
    ``median`` of the days holding items; ``peaks`` the days above ``PEAK_FACTOR × median``,
    in date order; ``names`` platform key → (English, Arabic)."""

    days: tuple[str, ...]
    per_day: dict[str, dict[str, int]]
    weeks: tuple[str, ...]
    per_week: dict[str, dict[str, int]]
    median: float
    peaks: tuple[str, ...]
    names: dict[str, tuple[str, str]]
    total: int

    def day_total(self, day: str) -> int:
        return sum(self.per_day.get(day, {}).values())

    def week_total(self, week: str) -> int:
        return sum(self.per_week.get(week, {}).values())


def _scope(case_id: int | None, account_id: int | None) -> tuple[str, list[object]]:
    sql, params = "", list[object]()
    if case_id is not None:
        sql += " AND i.id IN (SELECT item_id FROM item_cases WHERE case_id = ?)"
        params.append(case_id)
    if account_id is not None:
        sql += " AND i.id IN (SELECT item_id FROM item_accounts WHERE account_id = ?)"
        params.append(account_id)
    return sql, params


def _require_account(vault: Vault, account_id: int) -> None:
    if not vault.read("SELECT 1 FROM accounts WHERE id = ?", (account_id,)):
        raise AppError("cases.account_not_found", account=str(account_id))


def account_items(vault: Vault, account_id: int) -> list[AccountItem]:
    """The account's items, oldest first (items without a date last)."""
    _require_account(vault, account_id)
    cats: dict[int, list[str]] = {}
    for item_id, key in vault.read(
            "SELECT ic.item_id, c.key FROM item_categories ic JOIN categories c ON "
            "c.id = ic.category_id JOIN item_accounts ia ON ia.item_id = ic.item_id WHERE "
            "ia.account_id = ? ORDER BY c.position, c.key", (account_id,)):
        cats.setdefault(int(item_id), []).append(str(key))
    rows = vault.read(
        f"SELECT i.id, {INSTANT_SQL}, {DAY_SQL}, coalesce(i.platform, '') FROM items i JOIN "
        f"item_accounts ia ON ia.item_id = i.id WHERE ia.account_id = ? ORDER BY "
        f"{INSTANT_SQL} IS NULL, {INSTANT_SQL}, i.id", (account_id,))
    return [AccountItem(int(r[0]), r[1], r[2], str(r[3]), tuple(cats.get(int(r[0]), ())))
            for r in rows]


def is_escalating(items: Sequence[AccountItem]) -> bool:
    """The rule of the module docstring over one account's items (oldest first)."""
    dated = [(_instant(i.instant), i) for i in items if i.instant]
    stamps = [t for t, _i in dated if t is not None]
    if len(stamps) < MIN_ESCALATING:
        return False
    first, last = min(stamps), max(stamps)
    middle = first + (last - first) / 2
    early = [i for t, i in dated if t is not None and t <= middle]
    late = [i for t, i in dated if t is not None and t > middle]
    if len(late) > len(early):
        return True
    severe_early = any(set(i.categories) & set(SEVERE) for i in early)
    severe_late = any(set(i.categories) & set(SEVERE) for i in late)
    return severe_late and not severe_early


def _instant(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def account_summaries(vault: Vault, *, case_id: int | None = None,
                      threshold: int = DEFAULT_THRESHOLD) -> list[AccountSummary]:
    """Every account with at least one item (in the case, when given), most items first."""
    scope, params = _scope(case_id, None)
    rows = vault.read(
        f"SELECT a.id, a.platform, a.handle, coalesce(a.display_name, ''), p.label, "
        f"count(DISTINCT i.id), min({INSTANT_SQL}), max({INSTANT_SQL}), a.first_seen, "
        f"a.last_seen FROM accounts a JOIN item_accounts ia ON ia.account_id = a.id JOIN items i "
        f"ON i.id = ia.item_id LEFT JOIN perpetrators p ON p.id = a.perpetrator_id WHERE 1{scope} "
        f"GROUP BY a.id ORDER BY 6 DESC, a.platform, a.handle_norm", params)
    item_ids = None
    if case_id is not None:
        item_ids = [int(r[0]) for r in vault.read(
            "SELECT item_id FROM item_cases WHERE case_id = ?", (case_id,))]
    members = similar.cluster_members(vault.conn, threshold, item_ids)
    cluster_of_item = {item: n for n, group in enumerate(members) for item in group}
    posted: dict[int, set[int]] = {}
    for account_id, item_id in vault.read("SELECT account_id, item_id FROM item_accounts"):
        n = cluster_of_item.get(int(item_id))
        if n is not None:
            posted.setdefault(int(account_id), set()).add(n)
    groups = _groups(posted)
    out = []
    for r in rows:
        account_id = int(r[0])
        items = account_items(vault, account_id)
        if case_id is not None:
            wanted = set(item_ids or ())
            items = [i for i in items if i.item_id in wanted]
        counts: dict[str, int] = {}
        for item in items:
            for key in item.categories:
                counts[key] = counts.get(key, 0) + 1
        severe = sum(1 for i in items if set(i.categories) & set(SEVERE))
        out.append(AccountSummary(
            account_id, str(r[1]), str(r[2]), str(r[3]), r[4], int(r[5]),
            tuple(sorted(posted.get(account_id, ()))), r[6] or r[8], r[7] or r[9],
            tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))), severe,
            is_escalating(items), groups.get(account_id, 0)))
    return out


def _groups(posted: dict[int, set[int]]) -> dict[int, int]:
    """Accounts that posted in a common cluster, as components numbered 1.. (largest first);
    accounts alone are left out."""
    by_cluster: dict[int, list[int]] = {}
    for account, found in posted.items():
        for n in found:
            by_cluster.setdefault(n, []).append(account)
    parent: dict[int, int] = {a: a for a in posted}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for accounts in by_cluster.values():
        for other in accounts[1:]:
            a, b = find(accounts[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    comps: dict[int, list[int]] = {}
    for account in posted:
        comps.setdefault(find(account), []).append(account)
    ordered = sorted((sorted(c) for c in comps.values() if len(c) > 1),
                     key=lambda c: (-len(c), c[0]))
    return {a: n for n, comp in enumerate(ordered, 1) for a in comp}


def escalation(vault: Vault, *, case_id: int | None = None, account_id: int | None = None,
               start: str | None = None, end: str | None = None) -> Escalation:
    """Items per day and week by platform, with the peak days; ``start``/``end`` (ISO dates,
    inclusive) bound the span, unbounded by default."""
    if account_id is not None:
        _require_account(vault, account_id)
    for value in (start, end):
        if value is not None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise UsageError("cases.bad_date", value=value, example=EXAMPLE_DMY,
                                 example_iso=EXAMPLE_ISO) from None
    scope, params = _scope(case_id, account_id)
    per_day: dict[str, dict[str, int]] = {}
    for day, platform, n in vault.read(
            f"SELECT {DAY_SQL} AS d, coalesce(i.platform, ''), count(*) FROM items i "
            f"WHERE 1{scope} GROUP BY d, i.platform", params):
        if not day or (start and day < start) or (end and day > end):
            continue
        per_day.setdefault(str(day), {})[str(platform)] = int(n)
    days = tuple(sorted(per_day))
    per_week: dict[str, dict[str, int]] = {}
    for day in days:
        year, week, _wd = dt.date.fromisoformat(day).isocalendar()
        bucket = per_week.setdefault(f"{year}-W{week:02d}", {})
        for platform, n in per_day[day].items():
            bucket[platform] = bucket.get(platform, 0) + n
    totals = [sum(per_day[d].values()) for d in days]
    median = float(statistics.median(totals)) if totals else 0.0
    peaks = tuple(d for d, t in zip(days, totals, strict=True) if t > PEAK_FACTOR * median)
    names = {str(k): (str(e), str(a)) for k, e, a in vault.read(
        "SELECT key, name_en, name_ar FROM platforms ORDER BY position")}
    return Escalation(days, per_day, tuple(sorted(per_week)), per_week, median, peaks, names,
                      sum(totals))


__all__ = ["SEVERE", "AccountItem", "AccountSummary", "Escalation", "account_items",
           "account_summaries", "escalation", "is_escalating"]
