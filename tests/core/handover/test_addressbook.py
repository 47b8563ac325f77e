# SPDX-License-Identifier: GPL-3.0-or-later
"""The recipient address book and saved filters: stored inside the vault, custody-logged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.bundle import keygen_recipient
from app.cases import ItemQuery, add_case, count_items
from app.cases.filters import delete_filter, list_filters, query_from_json, save_filter
from app.errors import AppError
from app.handover.recipients import (
    add_recipient,
    delete_recipient,
    list_recipients,
    recipient_fingerprint,
)
from app.vault import KdfParams, create_vault, open_vault
from tests.helpers import PASSPHRASE


@pytest.fixture
def vault(tmp_path: Path):  # type: ignore[no-untyped-def]
    v = create_vault(tmp_path / "ab.bayyina", PASSPHRASE, KdfParams.testing())
    yield v
    if not v.is_locked:
        v.lock()


def _actions(vault) -> list[str]:  # type: ignore[no-untyped-def]
    return [r[0] for r in vault.read("SELECT action FROM custody ORDER BY seq")]


def test_recipient_add_list_delete_with_custody(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _identity, key = keygen_recipient()
    saved = add_recipient(vault, "  منظمة   الدعم ", f"  {key}\n")
    assert saved.label == "منظمة الدعم" and saved.recipient == key
    digest = hashlib.sha256(key.encode()).hexdigest()
    assert saved.fingerprint.replace(" ", "") == digest
    assert [len(g) for g in saved.fingerprint.split(" ")] == [4] * 16
    assert recipient_fingerprint(key) == saved.fingerprint
    assert [r.recipient for r in list_recipients(vault)] == [key]
    assert _actions(vault)[-1] == "recipient.add"
    # survives a lock: it is in the vault
    path = vault.path
    vault.lock()
    again = open_vault(path, PASSPHRASE)
    try:
        assert [r.label for r in list_recipients(again)] == ["منظمة الدعم"]
        delete_recipient(again, saved.id)
        assert list_recipients(again) == []
        assert _actions(again)[-1] == "recipient.delete"
        assert again.verify_custody().ok
    finally:
        again.lock()


def test_recipient_never_written_outside_the_vault(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _identity, key = keygen_recipient()
    add_recipient(vault, "org", key)
    for f in vault.path.rglob("*"):
        if f.is_file():
            assert key.encode() not in f.read_bytes(), f.name  # the database is encrypted


@pytest.mark.parametrize("bad", ["", "age1notakey", "AGE-SECRET-KEY-1XYZ", "ssh-ed25519 AAAA"])
def test_recipient_refuses_bad_keys(vault, bad: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AppError) as err:
        add_recipient(vault, "org", bad)
    assert err.value.code == "bundle.bad_recipient"
    assert list_recipients(vault) == []


def test_recipient_duplicate_and_empty_label(vault) -> None:  # type: ignore[no-untyped-def]
    _identity, key = keygen_recipient()
    add_recipient(vault, "first", key)
    with pytest.raises(AppError) as err:
        add_recipient(vault, "second", key)
    assert err.value.code == "addressbook.recipient_exists" and err.value.params["label"] == "first"
    with pytest.raises(AppError) as err:
        add_recipient(vault, "   ", keygen_recipient()[1])
    assert err.value.code == "addressbook.empty_label"
    with pytest.raises(AppError) as err:
        delete_recipient(vault, 999)
    assert err.value.code == "addressbook.recipient_not_found"


def test_saved_filter_round_trip(vault) -> None:  # type: ignore[no-untyped-def]
    case = add_case(vault, "حملة")
    query = ItemQuery(text="تهديد", case_ids=(case.id,), platforms=("x", "facebook"),
                      categories=("death-threat",), hide_sensitive=True,
                      posted_from="2026-01-01", sort="posted", limit=50, offset=100)
    saved = save_filter(vault, "تهديدات إكس", query)
    assert saved.query == ItemQuery(text="تهديد", case_ids=(case.id,), platforms=("x", "facebook"),
                                    categories=("death-threat",), hide_sensitive=True,
                                    posted_from="2026-01-01", sort="posted")
    assert [f.name for f in list_filters(vault)] == ["تهديدات إكس"]
    assert list_filters(vault)[0].query == saved.query
    assert count_items(vault, saved.query) == 0  # a usable ItemQuery
    assert _actions(vault)[-1] == "filter.save"
    replaced = save_filter(vault, "تهديدات إكس", ItemQuery(platforms=("tiktok",)))
    assert replaced.id == saved.id and replaced.query.platforms == ("tiktok",)
    assert len(list_filters(vault)) == 1
    delete_filter(vault, saved.id)
    assert list_filters(vault) == []
    assert _actions(vault)[-3:] == ["filter.save", "filter.save", "filter.delete"]
    assert vault.verify_custody().ok
    with pytest.raises(AppError) as err:
        save_filter(vault, "  ", ItemQuery())
    assert err.value.code == "addressbook.empty_name"


def test_saved_filter_ignores_unknown_keys() -> None:
    assert query_from_json('{"platforms": ["x"], "from_the_future": 1}') == ItemQuery(
        platforms=("x",))
