# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""One case's items per day and platform (the case editor's timeline), and the by-id lookups of
cases and perpetrators that the editors read.

The day of an item follows the same rule as :func:`app.cases.stats.compute_stats` (``DAY_SQL``):
posted, else seen, else imported.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.cases.model import Case, Perpetrator
from app.cases.people import list_perpetrators
from app.cases.stats import DAY_SQL
from app.cases.store import list_cases, list_platforms
from app.errors import AppError
from app.vault import Vault


@dataclass(frozen=True)
class TimelineData:
    """Items per day of one case, split by platform. ``days`` is sorted, ISO dates; ``counts``
    maps a day to {platform key ("" for none): count}; ``names`` maps platform keys to (English,
    Arabic) names in the vault's platform order."""

    case_id: int
    title: str
    days: tuple[str, ...]
    counts: dict[str, dict[str, int]]
    names: dict[str, tuple[str, str]]
    total: int

    def per_day(self) -> list[tuple[str, int]]:
        return [(d, sum(self.counts[d].values())) for d in self.days]


def case_by_id(vault: Vault, case_id: int) -> Case:
    """Raises ``cases.case_not_found``."""
    for case in list_cases(vault):
        if case.id == case_id:
            return case
    raise AppError("cases.case_not_found", case=str(case_id))


def perpetrator_by_id(vault: Vault, perpetrator_id: int) -> Perpetrator:
    """Raises ``cases.perpetrator_not_found``."""
    for perpetrator in list_perpetrators(vault):
        if perpetrator.id == perpetrator_id:
            return perpetrator
    raise AppError("cases.perpetrator_not_found", perpetrator=str(perpetrator_id))


def timeline(vault: Vault, case_id: int) -> TimelineData:
    """Per day and platform, with the same day rule as ``compute_stats`` (``DAY_SQL``)."""
    case = case_by_id(vault, case_id)
    counts: dict[str, dict[str, int]] = {}
    for day, platform, n in vault.read(
            f"SELECT {DAY_SQL} AS d, coalesce(i.platform, ''), count(*) FROM items i WHERE i.id IN "
            f"(SELECT item_id FROM item_cases WHERE case_id = ?) GROUP BY d, i.platform",
            (case_id,)):
        if day:
            counts.setdefault(day, {})[platform] = int(n)
    names = {p.key: (p.name_en, p.name_ar) for p in list_platforms(vault)}
    total = sum(sum(v.values()) for v in counts.values())
    return TimelineData(case.id, case.title, tuple(sorted(counts)), counts, names, total)


__all__ = ["TimelineData", "case_by_id", "perpetrator_by_id", "timeline"]
