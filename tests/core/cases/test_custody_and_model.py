# SPDX-License-Identifier: GPL-3.0-or-later
"""Every change appends a custody entry; deletions keep their history; the 1 → 2 migration."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import cases
from app.cases import AccountRef, TagChanges
from app.errors import AppError
from app.vault import KdfParams, Vault, create_vault, migrations, open_vault
from app.vault.connection import connect
from app.vault.custody import entries
from app.vault.keys import KeyFile
from tests.core.cases.factory import make_item
from tests.helpers import PASSPHRASE


def _actions(vault: Vault) -> list[str]:
    return [e["action"] for e in entries(vault.conn)]


def _log_len(vault: Vault) -> int:
    return len(entries(vault.conn))


def test_every_change_appends_custody(cvault: Vault) -> None:
    item = make_item(cvault)
    steps = [
        lambda: cases.add_case(cvault, "Case A", description="d"),
        lambda: cases.tag_item(cvault, item, TagChanges(platform="x", add_cases=("Case A",))),
        lambda: cases.add_perpetrator(cvault, "P", notes="n"),
        lambda: cases.add_account(cvault, "telegram", "@chan"),
        lambda: cases.link_account(cvault, cases.get_perpetrator(cvault, "P").id, "telegram",
                                   "chan"),
        lambda: cases.add_report(cvault, item, "x", "2026-01-01T00:00:00Z"),
        lambda: cases.update_report(cvault, cases.list_reports(cvault)[0].id, status="removed",
                                    answered_at="2026-01-03T12:00:00Z"),
        lambda: cases.update_case(cvault, cases.get_case(cvault, "Case A").id, notes="more"),
        lambda: cases.add_category(cvault, "spam", "Spam", "بريد مزعج"),
        lambda: cases.rename_category(cvault, "spam", name_en="Spam posts"),
        lambda: cases.delete_category(cvault, "spam"),
        lambda: cases.delete_perpetrator(cvault, cases.get_perpetrator(cvault, "P").id),
        lambda: cases.delete_case(cvault, cases.get_case(cvault, "Case A").id),
    ]
    for step in steps:
        before = _log_len(cvault)
        step()
        assert _log_len(cvault) > before, step
    assert cvault.verify_custody().ok
    assert cases.list_reports(cvault)[0].days_to_answer == 2.5


def test_tag_custody_records_before_and_after(cvault: Vault) -> None:
    item = make_item(cvault)
    cases.tag_item(cvault, item, TagChanges(notes="first", add_categories=("doxing",)))
    cases.tag_item(cvault, item, TagChanges(notes="second", remove_categories=("doxing",)))
    last = entries(cvault.conn)[-1]
    assert last["action"] == "item.tag"
    assert last["details"]["before"] == {"notes": "first"}
    assert last["details"]["after"] == {"notes": "second"}
    assert last["details"]["categories_removed"] == ["doxing"]
    uid = cases.get_item_tags(cvault, item).uuid
    assert [e["action"] for e in entries(cvault.conn, uid)][-2:] == ["item.tag", "item.tag"]
    n = _log_len(cvault)
    cases.tag_item(cvault, item, TagChanges(notes="second"))  # nothing changes: no entry
    assert _log_len(cvault) == n


def test_deleting_tag_and_account_keeps_history(cvault: Vault) -> None:
    item = make_item(cvault)
    cases.tag_item(cvault, item, TagChanges(add_tags=("#Smear",),
                                            add_accounts=(AccountRef.parse("x:@Troll"),)))
    cases.delete_tag(cvault, "smear")
    cases.delete_account(cvault, cases.get_account(cvault, "x", "troll").id)
    tags = cases.get_item_tags(cvault, item)
    assert tags.tags == () and tags.accounts == ()
    log = entries(cvault.conn)
    created = next(e for e in log if e["action"] == "account.create")
    assert created["details"]["handle"] == "Troll"
    tagged = next(e for e in log if e["action"] == "item.tag")
    assert tagged["details"]["tags_added"] == ["Smear"]
    assert tagged["details"]["accounts_added"] == ["x:Troll"]
    deleted_tag = next(e for e in log if e["action"] == "tag.delete")
    assert deleted_tag["details"] == {"tag": "Smear", "items": [tags.uuid]}
    deleted_acct = next(e for e in log if e["action"] == "account.delete")
    assert deleted_acct["details"]["handle"] == "Troll"
    assert deleted_acct["details"]["items"] == [tags.uuid]
    assert f"item:{tags.uuid}" in deleted_acct["subjects"]
    assert cvault.verify_custody().ok


def test_failed_change_leaves_vault_and_log_untouched(cvault: Vault) -> None:
    item = make_item(cvault)
    n = _log_len(cvault)
    with pytest.raises(AppError) as err:
        cases.tag_item(cvault, item, TagChanges(notes="x", add_categories=("nope",)))
    assert err.value.code == "cases.unknown_category"
    assert _log_len(cvault) == n and cases.get_item_tags(cvault, item).notes is None
    with pytest.raises(AppError):
        cases.add_report(cvault, item, "x", "2026-01-05", answered_at="2026-01-01")
    with pytest.raises(AppError):
        cases.tag_item(cvault, 999, TagChanges(notes="x"))


def test_accounts_unique_without_at_and_case(cvault: Vault) -> None:
    cases.add_account(cvault, "x", "@Someone")
    with pytest.raises(AppError) as err:
        cases.add_account(cvault, "x", "someone")
    assert err.value.code == "cases.account_exists"
    cases.add_account(cvault, "instagram", "someone")  # another platform is another account
    assert len(cases.list_accounts(cvault)) == 2


def test_seeded_platforms_and_categories(cvault: Vault) -> None:
    platforms = cases.list_platforms(cvault)
    assert tuple(p.key for p in platforms) == cases.PLATFORMS
    assert all(p.name_ar and p.name_en for p in platforms)
    cats = cases.list_categories(cvault)
    assert {c.key for c in cats} == set(cases.CATEGORIES)
    cases.rename_category(cvault, "other", name_ar="غير ذلك")
    with pytest.raises(AppError):
        cases.delete_category(cvault, "other")


def test_stats_for_case(cvault: Vault) -> None:
    a, b, c = (make_item(cvault) for _ in range(3))
    for item, day in ((a, "2026-02-01T22:30:00-01:00"), (b, "2026-02-02T10:00:00Z"),
                      (c, "2026-02-09T10:00:00Z")):
        cases.tag_item(cvault, item, TagChanges(platform="x", posted_at=day, add_cases=("C",),
                                                add_accounts=(AccountRef("x", "t"),)))
    cases.add_report(cvault, a, "x", "2026-02-02", status="removed", answered_at="2026-02-04")
    cases.add_report(cvault, b, "x", "2026-02-02", status="rejected", answered_at="2026-02-08")
    cases.add_report(cvault, c, "x", "2026-02-10")
    st = cases.compute_stats(cvault, cases.get_case(cvault, "C").id)
    assert st.items == 3 and st.case == "C"
    assert [(d.key, d.count) for d in st.per_day] == [("2026-02-01", 1), ("2026-02-02", 1),
                                                       ("2026-02-09", 1)]  # local day of post
    assert [(w.key, w.count) for w in st.per_week] == [("2026-W05", 1), ("2026-W06", 1),
                                                        ("2026-W07", 1)]  # ISO weeks
    assert st.first_item == "2026-02-01T23:30:00Z" and st.last_item == "2026-02-09T10:00:00Z"
    resp = st.platform_response[0]
    assert (resp.reported, resp.removed, resp.pending, resp.answered) == (3, 1, 1, 2)
    assert resp.median_days == 4.0 and resp.max_days == 6.0
    assert st.by_account[0].count == 3


def test_migration_1_to_2_keeps_items(tmp_path: Path) -> None:
    v = create_vault(tmp_path / "old.bayyina", PASSPHRASE, KdfParams.testing())
    path = v.path
    v.lock()
    # Rebuild the database at schema 1 and put items in it, as an older Bayyina would have.
    key = KeyFile.from_json((path / "vault.key").read_bytes()).unwrap(PASSPHRASE)
    (path / "vault.db").unlink()
    conn = connect(path / "vault.db", key, create=True)
    assert migrations.upgrade(conn, target=1) == 1
    conn.execute("INSERT INTO meta (key, value) VALUES ('signing_key', ?)", (b"\x01" * 32,))
    for n in range(3):
        conn.execute("INSERT INTO items (uuid, sha256, size, media_type, kind, import_method, "
                     "imported_at, imported_utc_offset) VALUES (?, ?, 1, 'image/png', 'image', "
                     "'file', '2026-01-0' || ?, 0)", (f"u{n}", f"s{n}", n + 1))
    conn.close()
    v2 = open_vault(path, PASSPHRASE)
    try:
        assert migrations.current_version(v2.conn) == migrations.LATEST >= 2
        rows = cases.list_items(v2, cases.ItemQuery(sort="imported", descending=False))
        assert [r.uuid for r in rows] == ["u0", "u1", "u2"]
        assert rows[0].platform is None and rows[0].sensitive == ()
        cases.tag_item(v2, rows[0].id, TagChanges(notes="بعد الترقية"))
        assert [r.uuid for r in cases.list_items(v2, cases.ItemQuery(text="الترقيه"))] == ["u0"]
    finally:
        v2.lock()
