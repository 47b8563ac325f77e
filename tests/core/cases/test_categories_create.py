# SPDX-License-Identifier: GPL-3.0-or-later
"""Categories created from their names (the desktop app's "New category…")."""

from __future__ import annotations

from typing import Any

import pytest

from app.cases import TagChanges, create_category, get_item_tags, list_categories, tag_item
from app.errors import AppError, UsageError
from tests.core.cases.factory import make_item


def test_key_from_the_english_name_and_either_name_may_be_missing(vault: Any) -> None:
    c = create_category(vault, "Honour threat", "تهديد باسم الشرف")
    assert (c.key, c.name_en, c.name_ar) == ("honour-threat", "Honour threat", "تهديد باسم الشرف")
    only_ar = create_category(vault, "", "ابتزاز جنسي")
    assert only_ar.key == "custom-1" and only_ar.name_en == only_ar.name_ar == "ابتزاز جنسي"
    assert create_category(vault, "", "تشهير عائلي").key == "custom-2"
    again = create_category(vault, "Honour  threat!", "")
    assert again.key == "honour-threat-1" and again.name_ar == "Honour  threat!"
    keys = {c.key for c in list_categories(vault)}
    assert {"honour-threat", "custom-1", "custom-2", "honour-threat-1"} <= keys
    entries = [r[0] for r in vault.read("SELECT action FROM custody WHERE action = "
                                        "'category.create'")]
    assert len(entries) == 4


def test_a_created_category_tags_items_and_empty_names_are_refused(vault: Any) -> None:
    item_id = make_item(vault)
    c = create_category(vault, "", "ابتزاز")
    tag_item(vault, item_id, TagChanges(add_categories=(c.key,)))
    assert get_item_tags(vault, item_id).categories == (c.key,)
    before = len(list_categories(vault))
    with pytest.raises(UsageError) as err:
        create_category(vault, "  ", "")
    assert err.value.code == "cases.empty_name"
    assert len(list_categories(vault)) == before
    assert isinstance(err.value, AppError)
