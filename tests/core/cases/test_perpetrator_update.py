# SPDX-License-Identifier: GPL-3.0-or-later
"""update_perpetrator: rename re-indexes, custody records before/after, unique labels."""

from __future__ import annotations

import pytest

from app import cases
from app.cases import AccountRef, ItemQuery, TagChanges
from app.errors import AppError
from app.vault import Vault
from app.vault.custody import entries
from tests.core.cases.conftest import reopen
from tests.core.cases.factory import make_item


def _ids(vault: Vault, text: str) -> list[int]:
    return [r.id for r in cases.list_items(vault, ItemQuery(text=text))]


def test_rename_reindexes_and_logs(cvault: Vault) -> None:
    item = make_item(cvault)
    other = make_item(cvault)
    cases.tag_item(cvault, item, TagChanges(platform="x",
                                            add_accounts=(AccountRef.parse("x:@troll_1"),)))
    perp = cases.add_perpetrator(cvault, "Oldlabel", notes="n", accounts=(("x", "troll_1"),))
    assert _ids(cvault, "oldlabel") == [item]

    updated = cases.update_perpetrator(cvault, perp.id, label="صقر الليل", notes="ملاحظة",
                                       anonymous=True)
    assert (updated.label, updated.notes, updated.anonymous) == ("صقر الليل", "ملاحظة", True)
    assert updated.uuid == perp.uuid and updated.item_count == 1
    assert _ids(cvault, "oldlabel") == []
    assert _ids(cvault, "صقر") == [item]
    assert other not in _ids(cvault, "صقر")

    last = entries(cvault.conn)[-1]
    assert last["action"] == "perpetrator.update"
    assert last["details"]["before"] == {"label": "Oldlabel", "notes": "n", "anonymous": False}
    assert last["details"]["after"] == {"label": "صقر الليل", "notes": "ملاحظة",
                                        "anonymous": True}
    assert f"perpetrator:{perp.uuid}" in last["subjects"]
    assert cvault.verify_custody().ok

    reopened = reopen(cvault)
    try:
        assert cases.get_perpetrator(reopened, "صقر الليل").anonymous is True
        assert reopened.verify_custody().ok
    finally:
        reopened.lock()


def test_partial_update_touches_only_given_fields(cvault: Vault) -> None:
    perp = cases.add_perpetrator(cvault, "P", notes="keep", anonymous=True)
    updated = cases.update_perpetrator(cvault, perp.id, notes="changed")
    assert (updated.label, updated.notes, updated.anonymous) == ("P", "changed", True)
    assert entries(cvault.conn)[-1]["details"] == {"before": {"notes": "keep"},
                                                   "after": {"notes": "changed"}}


def test_rename_errors(cvault: Vault) -> None:
    cases.add_perpetrator(cvault, "A")
    b = cases.add_perpetrator(cvault, "B")
    n = len(entries(cvault.conn))
    with pytest.raises(AppError) as err:
        cases.update_perpetrator(cvault, b.id, label="A")
    assert err.value.code == "cases.perpetrator_exists"
    with pytest.raises(AppError) as err:
        cases.update_perpetrator(cvault, b.id, label="  ")
    assert err.value.code == "cases.empty_name"
    with pytest.raises(AppError) as err:
        cases.update_perpetrator(cvault, cases.PerpetratorId(9999), notes="x")
    assert err.value.code == "cases.perpetrator_not_found"
    assert len(entries(cvault.conn)) == n
    assert cases.get_perpetrator(cvault, "B").label == "B"
