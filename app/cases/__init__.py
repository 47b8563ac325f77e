# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The case model: cases, perpetrators and accounts, platforms, categories, free tags, platform
reports; search in Arabic and English; statistics; sample data.

Every change goes through :meth:`app.vault.Vault.write` and appends its custody entry in the same
transaction. This package must not import PySide6 or any networking module.
"""

from app.cases.model import (
    CATEGORIES,
    PLATFORMS,
    REPORT_STATUSES,
    SENSITIVITY,
    Account,
    AccountId,
    AccountRef,
    Case,
    CaseId,
    Category,
    ItemId,
    ItemTags,
    Perpetrator,
    PerpetratorId,
    Platform,
    PlatformReport,
    ReportId,
    Tag,
    TagChanges,
)
from app.cases.people import (
    add_account,
    add_perpetrator,
    delete_account,
    delete_perpetrator,
    get_account,
    get_perpetrator,
    link_account,
    list_accounts,
    list_perpetrators,
    update_account,
    update_perpetrator,
)
from app.cases.platform_reports import add_report, list_reports, update_report
from app.cases.query import ItemQuery, ItemRow, count_items, list_items
from app.cases.stats import Count, PlatformResponse, Stats, compute_stats
from app.cases.store import (
    add_case,
    add_category,
    create_category,
    delete_case,
    delete_category,
    delete_tag,
    get_case,
    list_cases,
    list_categories,
    list_platforms,
    list_tags,
    rename_category,
    update_case,
)
from app.cases.tagging import get_item_tags, tag_item, tag_items

__all__ = [
    "CATEGORIES", "PLATFORMS", "REPORT_STATUSES", "SENSITIVITY", "Account", "AccountId",
    "AccountRef", "Case", "CaseId", "Category", "Count", "ItemId", "ItemQuery", "ItemRow",
    "ItemTags", "Perpetrator", "PerpetratorId", "Platform", "PlatformReport", "PlatformResponse",
    "ReportId", "Stats", "Tag", "TagChanges", "add_account", "add_case", "add_category",
    "add_perpetrator", "add_report", "compute_stats", "count_items", "create_category",
    "delete_account",
    "delete_case", "delete_category", "delete_perpetrator", "delete_tag", "get_account",
    "get_case", "get_item_tags", "get_perpetrator", "link_account", "list_accounts", "list_cases",
    "list_categories", "list_items", "list_perpetrators", "list_platforms", "list_reports",
    "list_tags", "rename_category", "tag_item", "tag_items", "update_account", "update_case",
    "update_perpetrator", "update_report",
]
