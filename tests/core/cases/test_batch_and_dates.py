# SPDX-License-Identifier: GPL-3.0-or-later
"""Tagging a batch of screenshots at once, and dates as people in the region write them (issue 13):
day/month/year accepted, a bare date kept without an invented time, the offset a post showed kept
through a bundle to the organisation, and the example dates of the refusal isolated."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from app.cases import (
    AccountRef,
    ItemId,
    TagChanges,
    get_item_tags,
    list_accounts,
    list_cases,
    tag_item,
    tag_items,
)
from app.cases.model import normalize_date_text, stored_date
from app.errors import AppError
from app.i18n import translations
from app.ingest import import_bytes
from app.messages import describe
from app.textsafety import FSI, PDI, localize_digits
from app.vault import KdfParams, Vault, create_vault


def _png(shade: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (9, 16), (shade, 20, 200 - shade)).save(buf, "PNG")
    return buf.getvalue()


def _items(vault: Vault, n: int) -> list[ItemId]:
    out = []
    for i in range(n):
        outcome = import_bytes(vault, _png(10 * i + 5), name=f"shot-{i}.png")
        assert outcome.item_id is not None
        out.append(ItemId(outcome.item_id))
    return out


def _custody(vault: Vault, action: str) -> list[dict[str, Any]]:
    rows = vault.conn.execute("SELECT details FROM custody WHERE action = ? ORDER BY seq",
                              (action,)).fetchall()
    return [json.loads(r[0]) for r in rows]


# --- batch tagging -------------------------------------------------------------------------------
def test_a_batch_is_tagged_at_once_with_one_custody_entry_per_item(cvault: Vault) -> None:
    ids = _items(cvault, 5)
    tag_item(cvault, ids[0], TagChanges(platform="x"))  # already tagged: only the rest changes
    changes = TagChanges(platform="facebook", add_accounts=(AccountRef.parse("facebook:@troll"),),
                         add_categories=("doxing",), add_cases=("حملة",),
                         add_sensitive=("graphic",))
    assert tag_items(cvault, ids, changes) == 5
    for item_id in ids:
        got = get_item_tags(cvault, item_id)
        assert got.platform == "facebook" and got.cases == ("حملة",)
        assert got.categories == ("doxing",) and got.sensitive == ("graphic",)
        assert [a.handle for a in got.accounts] == ["troll"]
    # the case and the account were created once, for all five
    assert [c.title for c in list_cases(cvault)] == ["حملة"]
    assert len(list_accounts(cvault)) == 1
    entries = _custody(cvault, "item.tag")
    assert len(entries) == 1 + 5
    assert entries[1]["before"]["platform"] == "x" and entries[1]["after"]["platform"] == \
        "facebook"
    assert {e["item"] for e in entries[1:]} == {get_item_tags(cvault, i).uuid for i in ids}
    # the same batch again changes nothing and writes nothing
    assert tag_items(cvault, ids, changes) == 0
    assert len(_custody(cvault, "item.tag")) == 6


def test_a_batch_with_one_bad_item_changes_none(cvault: Vault) -> None:
    ids = _items(cvault, 3)
    with pytest.raises(AppError) as info:
        tag_items(cvault, [*ids, ItemId(9999)], TagChanges(platform="telegram",
                                                           add_cases=("new case",)))
    assert info.value.code == "cases.item_not_found"
    assert all(get_item_tags(cvault, i).platform is None for i in ids)
    assert list_cases(cvault) == [] and _custody(cvault, "item.tag") == []


# --- dates as written in the region --------------------------------------------------------------
@pytest.mark.parametrize(("typed", "iso"), [
    ("11/2/2024", "2024-02-11"),
    ("11-02-2024", "2024-02-11"),
    ("11.2.2024", "2024-02-11"),
    ("١١/٢/٢٠٢٤", "2024-02-11"),  # Arabic-Indic digits
    ("\u200f11/2/2024\u200f", "2024-02-11"),  # pasted with RLMs
    ("11/2/2024 19:52", "2024-02-11T19:52:00"),
    ("11/2/2024 19:52 +03:00", "2024-02-11T19:52:00+03:00"),
    ("11/2/2024, 7:05 UTC+3", "2024-02-11T07:05:00+03:00"),
    ("11/2/2024 07:05:09 UTC", "2024-02-11T07:05:09+00:00"),
    ("٣١/١٢/٢٠٢٥ ٢٣:٥٩ +٠٣:٠٠", "2025-12-31T23:59:00+03:00"),
    ("2024-02-11", "2024-02-11"),
    ("2024-02-11T19:52+03:00", "2024-02-11T19:52+03:00"),
])
def test_day_month_year_and_iso_are_understood(typed: str, iso: str) -> None:
    assert normalize_date_text(typed) == iso


@pytest.mark.parametrize("typed", ["2/30/2024", "11/2/24", "13/13/2024", "11/2/2024 +03:00",
                                   "11/2/2024 25:00", "yesterday", ""])
def test_what_is_not_a_date_is_refused(typed: str) -> None:
    with pytest.raises(AppError) as info:
        normalize_date_text(typed)
    assert info.value.code == "cases.bad_date"


def test_the_arabic_refusal_isolates_its_example_dates() -> None:
    with pytest.raises(AppError) as info:
        normalize_date_text("غداً")
    text = describe(info.value, translations("ar"))
    assert f"{FSI}11/2/2024 19:52 +03:00{PDI}" in text
    assert f"{FSI}2024-02-11T19:52+03:00{PDI}" in text
    # no example date is left bare in the Arabic sentence, where bidi would scramble it
    assert text.replace(f"{FSI}11/2/2024 19:52 +03:00{PDI}", "").count("2024") == 1


def test_a_bare_date_stays_a_date_and_the_offset_is_kept(cvault: Vault) -> None:
    [item] = _items(cvault, 1)
    tag_item(cvault, item, TagChanges(posted_at="11/2/2024", seen_at="12/2/2024"))
    got = get_item_tags(cvault, item)
    assert (got.posted_at, got.posted_tz, got.seen_at) == ("2024-02-11", None, "2024-02-12")
    assert got.posted_as_shown == "2024-02-11"
    tag_item(cvault, item, TagChanges(posted_at="11/2/2024 19:52 +03:00"))
    got = get_item_tags(cvault, item)
    assert (got.posted_at, got.posted_tz) == ("2024-02-11T16:52:00Z", "+03:00")
    assert got.posted_as_shown == "2024-02-11T19:52:00+03:00"


def test_the_organisation_keeps_the_offset_and_the_bare_date(tmp_path: Path) -> None:
    from app.handover import export_from_vault, receive_into_vault

    sender = create_vault(tmp_path / "d.bayyina", "correct horse battery staple",
                          KdfParams.testing())
    org = create_vault(tmp_path / "o.bayyina", "correct horse battery staple",
                       KdfParams.testing())
    try:
        first, second = _items(sender, 2)
        tag_item(sender, first, TagChanges(posted_at="11/2/2024 19:52 +03:00", add_cases=("c",)))
        tag_item(sender, second, TagChanges(posted_at="12/2/2024", add_cases=("c",)))
        res = export_from_vault(sender, tmp_path / "b.zip", case="c", encrypt=False)
        posted = sorted(i["tags"]["posted_at"] for i in res.manifest["items"])
        assert posted == ["2024-02-11T19:52:00+03:00", "2024-02-12"]
        got = receive_into_vault(org, res.path, trust_signer=sender.fingerprint())
        shown = sorted(str(get_item_tags(org, i).posted_as_shown) for i in got.added)
        assert shown == ["2024-02-11T19:52:00+03:00", "2024-02-12"]
    finally:
        sender.lock()
        org.lock()


# CI: 300 examples; BAYYINA_FUZZ_EXAMPLES=10000 for a long run
@settings(max_examples=int(os.environ.get("BAYYINA_FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.dates(), st.booleans(), st.integers(0, 23), st.integers(0, 59),
       st.integers(-12, 14), st.booleans())
def test_any_typed_date_round_trips(day: Any, with_time: bool, hour: int, minute: int,
                                    tz_hours: int, arabic: bool) -> None:
    if day.year < 1000:
        return
    typed = f"{day.day}/{day.month}/{day.year}"
    if with_time:
        sign = "-" if tz_hours < 0 else "+"
        typed += f" {hour}:{minute:02d} {sign}{abs(tz_hours):02d}:00"
    if arabic:
        typed = localize_digits(typed, "arabic-indic")
    stored, tz = stored_date(typed)
    if not with_time:
        assert (stored, tz) == (day.isoformat(), None)
    else:
        from app.cases.model import as_shown
        shown = as_shown(stored, tz)
        assert shown.startswith(f"{day.isoformat()}T{hour:02d}:{minute:02d}")
        assert tz is not None and shown.endswith(tz)


@settings(max_examples=int(os.environ.get("BAYYINA_FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789٠١٢٣٤٥٦٧٨٩/-.:+ TZUCtzGM،\u200f"),
               max_size=30))
def test_any_typed_text_is_a_date_or_refused(text: str) -> None:
    code = None
    try:
        iso = normalize_date_text(text)
    except AppError as err:
        code = err.code
    if code is None:
        assert normalize_date_text(iso) == iso  # what it returns is understood again
    else:
        assert code == "cases.bad_date"
