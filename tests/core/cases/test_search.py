# SPDX-License-Identifier: GPL-3.0-or-later
"""Search in Arabic and English, filters alone and combined with search, sorting and paging."""

from __future__ import annotations

from app import cases
from app.cases import AccountRef, ItemQuery, TagChanges
from app.cases.index import rebuild_all
from app.cases.model import ItemId
from app.vault import Vault
from tests.core.cases.factory import make_item


def _ids(vault: Vault, **kw: object) -> list[int]:
    return [r.id for r in cases.list_items(vault, ItemQuery(**kw))]  # type: ignore[arg-type]


def _populate(v: Vault) -> dict[str, int]:
    a = make_item(v, imported_at="2026-03-01T10:00:00Z")
    b = make_item(v, imported_at="2026-03-02T10:00:00Z")
    c = make_item(v, imported_at="2026-03-03T10:00:00Z")
    cases.tag_item(v, a, TagChanges(
        platform="x", notes="صورة مفبركة عن إسراء", posted_at="2026-02-10T23:30:00+03:00",
        add_accounts=(AccountRef.parse("x:@Abu_Fulan"),), add_categories=("deepfake",),
        add_cases=("حملة آذار",), add_sensitive=("intimate",)))
    cases.tag_item(v, b, TagChanges(
        platform="facebook", description="Defamation post about the march",
        url="https://facebook.example/posts/991", posted_at="2026-02-12T08:00:00Z",
        add_tags=("#ExposeHer",), add_categories=("defamation",), add_cases=("حملة آذار",)))
    cases.tag_item(v, c, TagChanges(
        platform="x", notes="تهديد مباشر", add_accounts=(AccountRef.parse("x:other_one"),),
        add_categories=("death-threat",), seen_at="2026-02-20T12:00:00+01:00"))
    cases.add_report(v, a, "x", "2026-02-11T09:00:00Z", status="removed",
                     answered_at="2026-02-14T09:00:00Z")
    return {"a": a, "b": b, "c": c}


def test_search_arabic_normalisation_both_ways(cvault: Vault) -> None:
    ids = _populate(cvault)
    assert _ids(cvault, text="اسراء") == [ids["a"]]
    assert _ids(cvault, text="مفبركه") == [ids["a"]]
    assert _ids(cvault, text="مُفَبْرَكَة") == [ids["a"]]
    assert _ids(cvault, text="حمله") == [ids["b"], ids["a"]]  # case title, ة/ه
    assert _ids(cvault, text="اذار") == [ids["b"], ids["a"]]  # آ → ا
    assert _ids(cvault, text="غير موجود") == []


def test_search_handles_urls_tags_english(cvault: Vault) -> None:
    ids = _populate(cvault)
    for query in ("@abu_fulan", "ABU_FULAN", "Abu_Ful", "abu fulan"):
        assert _ids(cvault, text=query) == [ids["a"]], query
    assert _ids(cvault, text="facebook.example/posts/991") == [ids["b"]]
    assert _ids(cvault, text="#exposeher") == [ids["b"]]
    assert _ids(cvault, text="DEFAMATION march") == [ids["b"]]
    assert _ids(cvault, text="march threat") == []


def test_filters_alone_and_with_search(cvault: Vault) -> None:
    ids = _populate(cvault)
    case = cases.get_case(cvault, "حملة آذار")
    acct = cases.get_account(cvault, "x", "ABU_FULAN")
    assert _ids(cvault, platforms=("x",)) == [ids["c"], ids["a"]]
    assert _ids(cvault, platforms=("x",), text="تهديد") == [ids["c"]]
    assert _ids(cvault, case_ids=(case.id,), text="اسراء") == [ids["a"]]
    assert _ids(cvault, case_ids=(case.id,), platforms=("x",)) == [ids["a"]]
    assert _ids(cvault, account_ids=(acct.id,)) == [ids["a"]]
    assert _ids(cvault, categories=("defamation", "death-threat")) == [ids["c"], ids["b"]]
    assert _ids(cvault, report_status=("removed",)) == [ids["a"]]
    assert _ids(cvault, report_status=("none",), text="march") == [ids["b"]]
    assert _ids(cvault, sensitive=("intimate",)) == [ids["a"]]
    assert _ids(cvault, hide_sensitive=True) == [ids["c"], ids["b"]]
    perp = cases.add_perpetrator(cvault, "P1", accounts=(("x", "abu_fulan"),))
    assert _ids(cvault, perpetrator_ids=(perp.id,), text="صورة") == [ids["a"]]
    assert _ids(cvault, text="p1") == [ids["a"]]  # perpetrator label is searchable
    assert cases.count_items(cvault, ItemQuery(platforms=("x",), text="تهديد")) == 1


def test_date_ranges_and_sorting(cvault: Vault) -> None:
    ids = _populate(cvault)
    # Posted 2026-02-10 23:30 +03:00 = 20:30 UTC; the bare date "to" bound is inclusive.
    assert _ids(cvault, posted_from="2026-02-10", posted_to="2026-02-10") == [ids["a"]]
    assert _ids(cvault, posted_from="2026-02-11") == [ids["b"]]
    assert _ids(cvault, seen_from="2026-02-20T11:00:00Z", seen_to="2026-02-20T11:00:00Z") == \
        [ids["c"]]
    assert _ids(cvault, imported_from="2026-03-02", imported_to="2026-03-02") == [ids["b"]]
    assert _ids(cvault, sort="posted") == [ids["b"], ids["a"], ids["c"]]  # undated last
    assert _ids(cvault, sort="posted", descending=False) == [ids["a"], ids["b"], ids["c"]]
    assert _ids(cvault, sort="imported", limit=2) == [ids["c"], ids["b"]]
    assert _ids(cvault, sort="imported", limit=2, offset=2) == [ids["a"]]
    rows = cases.list_items(cvault, ItemQuery(text="اسراء"))
    assert rows[0].platform == "x" and rows[0].sensitive == ("intimate",)
    assert rows[0].posted_tz == "+03:00" and not rows[0].has_thumbnail


def test_index_follows_renames_and_deletes(cvault: Vault) -> None:
    ids = _populate(cvault)
    case = cases.get_case(cvault, "حملة آذار")
    cases.update_case(cvault, case.id, title="Spring campaign")
    assert _ids(cvault, text="spring") == [ids["b"], ids["a"]]
    assert _ids(cvault, text="اذار") == []
    acct = cases.get_account(cvault, "x", "abu_fulan")
    cases.update_account(cvault, acct.id, display_name="الصقر الأسود")
    assert _ids(cvault, text="الاسود") == [ids["a"]]
    cases.delete_account(cvault, acct.id)
    assert _ids(cvault, text="abu_fulan") == []
    cases.delete_tag(cvault, "ExposeHer")
    assert _ids(cvault, text="exposeher") == []
    assert rebuild_all(cvault.conn) == 3
    assert _ids(cvault, text="spring") == [ids["b"], ids["a"]]


def test_walking_the_date_index_gives_the_same_page(cvault: Vault, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.cases import query as q

    ids = _populate(cvault)
    expected = {s: _ids(cvault, text="حمله", sort=s) for s in ("imported", "posted", "seen")}
    monkeypatch.setattr(q, "WALK_INDEX_ABOVE", 0)
    for sort, want in expected.items():
        assert _ids(cvault, text="حمله", sort=sort) == want
    assert _ids(cvault, text="حمله", platforms=("facebook",)) == [ids["b"]]


def test_a_single_character_is_a_whole_token_longer_ones_prefixes(cvault: Vault) -> None:
    three, thirty = ItemId(make_item(cvault)), ItemId(make_item(cvault))
    cases.tag_item(cvault, three, TagChanges(notes="campaign 3 ٣"))
    cases.tag_item(cvault, thirty, TagChanges(notes="campaign 30 ٣٠"))
    assert _ids(cvault, text="3") == [three]
    assert _ids(cvault, text="٣") == [three]  # Arabic-Indic digits normalised as before
    assert _ids(cvault, text="campaign 3") == [three]
    assert cases.count_items(cvault, ItemQuery(text="3")) == 1
    assert _ids(cvault, text="ca") == [thirty, three]
    assert _ids(cvault, text="30") == [thirty]
    assert _ids(cvault, text="campaign 30") == [thirty]


def test_one_sensitivity_flag_is_counted_from_its_index(cvault: Vault) -> None:
    ids = _populate(cvault)
    flagged = ItemQuery(sensitive=("intimate",))
    plan = " ".join(str(r[-1]) for r in cvault.read(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM items i WHERE i.sensitive_intimate = 1"))
    assert "INDEX items_intimate" in plan, plan  # not a scan of every item row
    assert cases.count_items(cvault, flagged) == 1
    assert _ids(cvault, sensitive=("intimate",)) == [ids["a"]]
    for kind in ("graphic", "personal-info"):
        assert cases.count_items(cvault, ItemQuery(sensitive=(kind,))) == 0
    assert cases.count_items(cvault, ItemQuery(hide_sensitive=True)) == 2
    cases.tag_item(cvault, ItemId(ids["c"]), TagChanges(add_sensitive=("graphic", "intimate")))
    assert _ids(cvault, sensitive=("intimate",)) == [ids["c"], ids["a"]]
    assert cases.count_items(cvault, ItemQuery(sensitive=("intimate", "graphic"))) == 2
    assert _ids(cvault, sensitive=("intimate",), descending=False) == [ids["a"], ids["c"]]


def test_count_from_the_index_agrees_with_the_query(cvault: Vault) -> None:
    _populate(cvault)
    for text in ("مفبركه", "اسراء", "spring", "ExposeHer", "x", "تهديد", "nothing-matches"):
        listed = len(cases.list_items(cvault, ItemQuery(text=text, limit=None)))
        assert cases.count_items(cvault, ItemQuery(text=text)) == listed, text
    # with another filter the general path counts; both must agree on the same data
    both = ItemQuery(text="مفبركه", platforms=("x",))
    assert cases.count_items(cvault, both) == len(cases.list_items(cvault, both))


def test_every_filter_combination_counts_what_it_lists(cvault: Vault, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Items linked twice (two cases, two reports, two accounts of one perpetrator) are one item
    each, whichever filters combine, and the listing is the same whether it walks a date index."""
    import itertools

    from app.cases import query as q

    ids = _populate(cvault)
    a = ids["a"]
    cases.tag_item(cvault, a, TagChanges(add_cases=("Second case",),
                                         add_accounts=(AccountRef.parse("x:second_acct"),)))
    cases.add_report(cvault, a, "x", "2026-02-15T09:00:00Z", status="pending")
    perp = cases.add_perpetrator(cvault, "P1", accounts=(("x", "abu_fulan"), ("x", "second_acct")))
    both = tuple(c.id for c in cases.list_cases(cvault))
    accounts = tuple(x.id for x in cases.list_accounts(cvault))
    options: dict[str, list[object]] = {
        "text": ["", "اسراء", "حمله"], "case_ids": [(), both],
        "account_ids": [(), accounts], "perpetrator_ids": [(), (perp.id,)],
        "categories": [(), ("deepfake", "death-threat")],
        "report_status": [(), ("removed", "pending"), ("any",), ("none",), ("none", "removed")],
        "platforms": [(), ("x",)], "hide_sensitive": [False, True],
        "sensitive": [(), ("intimate",)],
    }
    for values in itertools.product(*options.values()):
        kw = dict(zip(options, values, strict=True))
        listed = _ids(cvault, limit=None, **kw)
        assert len(listed) == len(set(listed)), kw
        if kw["hide_sensitive"]:
            assert a not in listed, kw  # the only flagged item (intimate)
        if kw["sensitive"]:
            assert set(listed) <= {a}, kw
        assert cases.count_items(cvault, ItemQuery(**kw)) == len(listed), kw  # type: ignore[arg-type]
        monkeypatch.setattr(q, "WALK_INDEX_ABOVE", 0)
        assert _ids(cvault, limit=None, **kw) == listed, kw
        monkeypatch.setattr(q, "WALK_INDEX_ABOVE", 1000)
    assert cases.count_items(cvault, ItemQuery(case_ids=both)) == 2
    assert cases.count_items(cvault, ItemQuery(report_status=("removed", "pending"))) == 1
    assert cases.count_items(cvault, ItemQuery(perpetrator_ids=(perp.id,))) == 1


def test_page_and_count_share_the_matched_ids_until_anything_changes(cvault: Vault) -> None:
    """The ids the id-set filters match are built once by the page (in the connection's temp
    database, in memory) and counted from there; any change, by this connection or committed by
    another, builds them again. A count with no page before it counts on its own."""
    import threading

    ids = _populate(cvault)
    searches = [ItemQuery(text="حمله"), ItemQuery(text="حمله", platforms=("x",)),
                ItemQuery(text="حمله", hide_sensitive=True),
                ItemQuery(text="حمله", report_status=("none",), hide_sensitive=True),
                ItemQuery(text="اسراء", categories=("deepfake",), posted_from="2026-02-01")]
    expected = [2, 1, 1, 1, 1]
    for query, want in zip(searches, expected, strict=True):
        assert cases.count_items(cvault, ItemQuery(text="nothing-matches")) == 0
        assert cases.count_items(cvault, query) == want, query  # nothing kept for this query
        assert len(cases.list_items(cvault, query)) == want, query
        kept = cvault.read("SELECT * FROM temp.bayyina_match_key")
        assert len(kept) == 1, query
        assert cases.count_items(cvault, query) == want, query  # counted from the kept ids
        assert cvault.read("SELECT * FROM temp.bayyina_match_key") == kept  # not rebuilt (changes)
    assert cvault.read("SELECT name FROM sqlite_master WHERE name LIKE 'bayyina_match%'") == []

    query = ItemQuery(text="حمله")
    assert _ids(cvault, text="حمله") == [ids["b"], ids["a"]]
    # changed by this connection
    cases.tag_item(cvault, ItemId(ids["c"]), TagChanges(add_cases=("حملة آذار",)))
    assert cases.count_items(cvault, query) == 3
    assert _ids(cvault, text="حمله") == [ids["c"], ids["b"], ids["a"]]

    def other_connection() -> None:  # another thread has a connection of its own
        cases.tag_item(cvault, ItemId(ids["c"]), TagChanges(remove_cases=("حملة آذار",)))

    worker = threading.Thread(target=other_connection)
    worker.start()
    worker.join()
    assert cases.count_items(cvault, query) == 2
    assert _ids(cvault, text="حمله") == [ids["b"], ids["a"]]
