# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Tags, categories and platform reports of one item, run in a worker for
:mod:`ui.flows.tagging_flow`. Each write appends its custody entry in the core."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.cases import ItemTags, PlatformReport
    from app.vault import Vault


def tag(vault: Vault, item_id: int, changes: dict[str, Any]) -> ItemTags:
    from app.cases import ItemId, TagChanges, tag_item

    return tag_item(vault, ItemId(item_id), TagChanges(**changes))


def tag_batch(vault: Vault, item_ids: list[int], changes: dict[str, Any]) -> int:
    """The same changes to every item (one transaction); how many changed."""
    from app.cases import ItemId, TagChanges, tag_items

    return tag_items(vault, [ItemId(i) for i in item_ids], TagChanges(**changes))


def new_category(vault: Vault, name_en: str, name_ar: str) -> str:
    """``app.cases.create_category`` (custody ``category.create``); the new key."""
    from app.cases import create_category

    return create_category(vault, name_en, name_ar).key


def write_platform_report(vault: Vault, item_id: int, report_id: int | None,
                          f: dict[str, Any]) -> list[PlatformReport]:
    """Add (``report_id`` None) or update one platform report; the item's reports afterwards."""
    from app.cases import ItemId, ReportId, add_report, list_reports, update_report

    if report_id is None:
        add_report(vault, ItemId(item_id), f["platform"], f["reported_at"],
                   channel=f.get("channel") or None, reference=f.get("reference") or None,
                   status=f.get("status", "pending"), answered_at=f.get("answered_at") or None)
    else:
        update_report(vault, ReportId(report_id), **f)
    return list_reports(vault, item_id=ItemId(item_id))
