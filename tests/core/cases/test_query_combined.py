# SPDX-License-Identifier: GPL-3.0-or-later
"""The sidebar's filters combined (issue 13): platform AND case AND reported AND the card date
range hold together; rows carry the accounts and the reported flag the grid cards show."""

from __future__ import annotations

from app.cases import (
    AccountRef,
    ItemId,
    ItemQuery,
    TagChanges,
    add_report,
    count_items,
    list_items,
    tag_item,
)
from app.vault.items import insert_item


def _item(vault, n: int, imported: str) -> int:  # type: ignore[no-untyped-def]
    with vault.write() as tx:
        return insert_item(tx.conn, {
            "uuid": f"u-{n}", "sha256": f"{n:064x}", "size": 1, "media_type": "image/png",
            "kind": "image", "import_method": "file", "imported_at": imported,
            "imported_utc_offset": 0})


def test_filters_of_different_sections_all_hold(vault) -> None:  # type: ignore[no-untyped-def]
    ids = [_item(vault, n, f"2026-03-0{n}T10:00:00.000000Z") for n in range(1, 7)]
    for i in ids[:4]:
        tag_item(vault, ItemId(i), TagChanges(platform="facebook", add_cases=("حملة",)))
    tag_item(vault, ItemId(ids[4]), TagChanges(platform="facebook"))
    tag_item(vault, ItemId(ids[0]), TagChanges(posted_at="2024-02-11T14:02:00+03:00",
                                               add_accounts=(AccountRef("facebook", "abu.x"),
                                                             AccountRef("facebook", "troll2"))))
    add_report(vault, ItemId(ids[1]), "facebook", "2026-03-10")
    add_report(vault, ItemId(ids[2]), "facebook", "2026-03-10")

    def ids_of(**kw: object) -> set[int]:
        return {int(r.id) for r in list_items(vault, ItemQuery(**kw))}  # type: ignore[arg-type]

    both = {"platforms": ("facebook",), "case_ids": (1,)}
    assert ids_of(**both) == set(ids[:4])
    assert ids_of(**both, report_status=("any",)) == {ids[1], ids[2]}
    assert ids_of(**both, report_status=("none",)) == {ids[0], ids[3]}
    # the card date: posted when known (item 1, 2024), else imported (March 2026)
    assert ids_of(**both, dated_from="2026-03-03", dated_to="2026-03-04") == {ids[2], ids[3]}
    assert ids_of(dated_to="2024-12-31") == {ids[0]}
    # exactly some items (a cluster of reposts), with the other filters still holding
    assert ids_of(item_ids=(ids[1], ids[4], ids[5])) == {ids[1], ids[4], ids[5]}
    assert ids_of(item_ids=(ids[1], ids[4], ids[5]), **both) == {ids[1]}
    assert count_items(vault, ItemQuery(**both, report_status=("none",),  # type: ignore[arg-type]
                                        dated_from="2026-01-01")) == 1
    rows = {int(r.id): r for r in list_items(vault, ItemQuery())}
    assert rows[ids[0]].accounts == ("abu.x", "troll2") and not rows[ids[0]].reported
    assert rows[ids[1]].reported and rows[ids[1]].accounts == ()
    assert not rows[ids[0]].has_clean_copy
