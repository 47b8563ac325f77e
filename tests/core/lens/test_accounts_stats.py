# SPDX-License-Identifier: GPL-3.0-or-later
"""The accounts behind a campaign: counts, clusters, groups, escalation; the escalation view's
days and weeks by platform with its peaks, over any span."""

from __future__ import annotations

import random

import pytest

from app.cases import AccountRef, TagChanges, similar, tag_item
from app.cases.accounts_stats import (
    AccountItem,
    account_items,
    account_summaries,
    escalation,
    is_escalating,
)
from app.errors import AppError
from app.media.pdq import PdqHash
from app.vault import Vault
from tests.core.cases.factory import make_item


def _item(vault: Vault, account: str, posted: str, *, platform: str = "x",
          categories: tuple[str, ...] = (), pdq: str | None = None) -> int:
    item = make_item(vault)
    tag_item(vault, item, TagChanges(platform=platform, posted_at=posted,
                                     add_accounts=(AccountRef.parse(account),),
                                     add_categories=categories))
    if pdq is not None:
        with vault.write() as tx:
            similar.store_hashes_tx(tx.conn, item, [PdqHash("whole", pdq, 100)])
    return item


def _account_id(vault: Vault, handle: str) -> int:
    return int(vault.read("SELECT id FROM accounts WHERE handle_norm = ?", (handle,))[0][0])


def test_accounts_are_counted_grouped_by_shared_clusters_and_flagged_escalating(
        vault: Vault) -> None:
    rng = random.Random(7)
    picture = f"{rng.getrandbits(256):064x}"
    near = f"{int(picture, 16) ^ 0b1011:064x}"  # 3 bits away: the same picture re-encoded
    # a1 posts slowly, then faster (3 items in the last days of its span): escalating
    for posted in ("2026-07-01T10:00Z", "2026-07-17T10:00Z", "2026-07-18T10:00Z",
                   "2026-07-18T12:00Z"):
        _item(vault, "x:@a1", posted)
    _item(vault, "x:@a1", "2026-07-05T10:00Z", pdq=picture)
    _item(vault, "facebook:b2", "2026-07-06T10:00Z", platform="facebook", pdq=near)
    # c3: as many early as late, but the threats come only later: escalating in severity
    _item(vault, "x:c3", "2026-07-01T10:00Z")
    _item(vault, "x:c3", "2026-07-02T10:00Z")
    _item(vault, "x:c3", "2026-07-09T10:00Z", categories=("death-threat",))
    # d4: steady, nothing severe
    for day in ("01", "02", "09"):
        _item(vault, "x:d4", f"2026-07-{day}T10:00Z", categories=("defamation",))

    by = {s.untrusted_handle: s for s in account_summaries(vault)}
    assert [s.untrusted_handle for s in account_summaries(vault)][:1] == ["a1"]
    a1, b2, c3, d4 = by["a1"], by["b2"], by["c3"], by["d4"]
    assert (a1.items, b2.items, c3.items, d4.items) == (5, 1, 3, 3)
    assert a1.clusters == b2.clusters == (0,) and c3.clusters == ()
    assert a1.group == b2.group == 1 and c3.group == d4.group == 0
    assert a1.first_seen == "2026-07-01T10:00:00Z" and a1.last_seen == "2026-07-18T12:00:00Z"
    assert a1.escalating and c3.escalating and not d4.escalating and not b2.escalating
    assert c3.severe == 1 and c3.categories == (("death-threat", 1),)
    assert d4.categories == (("defamation", 3),) and d4.severe == 0
    assert a1.ref == "x:a1" and b2.platform == "facebook"
    assert [i.day for i in account_items(vault, _account_id(vault, "c3"))] == [
        "2026-07-01", "2026-07-02", "2026-07-09"]


def test_escalation_rule_needs_three_dated_items() -> None:
    def item(n: int, when: str, cats: tuple[str, ...] = ()) -> AccountItem:
        return AccountItem(n, when, when[:10], "x", cats)

    assert not is_escalating([item(1, "2026-07-01T00:00Z"), item(2, "2026-07-09T00:00Z")])
    assert not is_escalating([item(1, "2026-07-01T00:00Z", ("doxing",)),
                              item(2, "2026-07-02T00:00Z"), item(3, "2026-07-09T00:00Z",
                                                                 ("doxing",))])
    assert is_escalating([item(1, "2026-07-01T00:00Z"), item(2, "2026-07-08T00:00Z"),
                          item(3, "2026-07-09T00:00Z")])


def test_escalation_over_more_than_400_days_marks_days_above_three_times_the_median(
        vault: Vault) -> None:
    _item(vault, "x:a1", "2025-01-02T10:00Z")  # more than 400 days before the burst
    for n in range(7):  # the burst: 7 items on one day, on two platforms
        _item(vault, "x:a1" if n % 2 else "facebook:b2", f"2026-07-18T0{n}:00Z",
              platform="x" if n % 2 else "facebook")
    _item(vault, "x:a1", "2026-07-19T10:00Z")
    _item(vault, "x:a1", "2026-07-20T10:00Z")
    _item(vault, "x:a1", "2026-07-21T10:00Z")
    esc = escalation(vault)
    assert esc.days[0] == "2025-01-02" and esc.days[-1] == "2026-07-21"
    assert esc.per_day["2026-07-18"] == {"facebook": 4, "x": 3}
    assert esc.median == 1.0 and esc.peaks == ("2026-07-18",)
    assert esc.week_total("2026-W29") == 8 and esc.week_total("2026-W30") == 2  # Mon 20 July
    assert esc.total == 11
    assert esc.names["facebook"][0] == "Facebook"
    only_x = escalation(vault, account_id=_account_id(vault, "a1"), start="2026-07-01")
    assert only_x.total == 6 and only_x.days[0] == "2026-07-18"
    assert escalation(vault, end="2025-12-31").days == ("2025-01-02",)


def test_escalation_refuses_a_bad_date_and_an_unknown_account(vault: Vault) -> None:
    with pytest.raises(AppError) as err:
        escalation(vault, start="yesterday")
    assert err.value.code == "cases.bad_date"
    with pytest.raises(AppError) as err:
        escalation(vault, account_id=999)
    assert err.value.code == "cases.account_not_found"
    assert escalation(vault).days == () and escalation(vault).peaks == ()
