# SPDX-License-Identifier: GPL-3.0-or-later
"""The platforms' answer times are computed once, in app.cases.stats, and the report shows those
figures (issue 21): the median over every answered report, not a weighted mean of per-platform
medians."""

from __future__ import annotations

from app.cases import ItemId, add_report, compute_stats
from app.report.collect import _stats_from_cases
from tests.core.cases.factory import make_item


def test_the_median_answer_time_is_over_every_answered_report(cvault) -> None:  # type: ignore[no-untyped-def]
    for days in (1, 1, 1):  # X answered three reports after a day
        item = ItemId(make_item(cvault))
        add_report(cvault, item, "x", "2026-03-01T10:00:00Z", status="removed",
                   answered_at=f"2026-03-0{1 + days}T10:00:00Z")
    item = ItemId(make_item(cvault))  # Facebook one after ten days
    add_report(cvault, item, "facebook", "2026-03-01T10:00:00Z", status="rejected",
               answered_at="2026-03-11T10:00:00Z")
    stats = compute_stats(cvault)
    every = stats.all_platforms
    assert every is not None
    assert (every.reported, every.removed, every.answered) == (4, 3, 4)
    assert every.median_days == 1.0 and every.max_days == 10.0  # not (3 × 1 + 10) / 4 = 3.25
    figures = _stats_from_cases(stats, "en").platform_response
    assert (figures.reported, figures.removed, figures.median_days, figures.max_days) == (
        4, 3, 1.0, 10)
