# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A received bundle item's tags, notes, platform reports and case, applied to this vault's case
model (called by :func:`app.handover.receive_into_vault`, inside its write transaction)."""

from __future__ import annotations

from typing import Any

from app.cases.model import (
    CATEGORIES,
    PLATFORMS,
    REPORT_STATUSES,
    SENSITIVITY,
    AccountRef,
    TagChanges,
    parse_instant,
    to_utc_text,
)
from app.cases.platform_reports import add_report_tx
from app.cases.tagging import apply_tags
from app.errors import AppError, UsageError


def apply_received_case_data(tx: Any, item_id: int, item: dict[str, Any], case_title: str | None
                     ) -> list[str]:
    """Apply a received item's tags, notes, reports and case to this vault's case model.

    The manifest was schema-checked (types, lengths) but its values come from another vault,
    perhaps another version: each value is checked the way the case model checks user input and
    what does not pass is left out (and returned, as ``field=value`` strings), never failing the
    receipt. Returns what was not applied.
    """

    skipped: list[str] = []
    tags = item.get("tags") or {}

    def instant(name: str, value: Any) -> str | None:
        if not value:
            return None
        try:
            parse_instant(str(value))
            return str(value)
        except AppError:
            skipped.append(f"{name}={value}")
            return None

    known_categories = {str(r[0]) for r in tx.conn.execute("SELECT key FROM categories")}
    known_categories |= set(CATEGORIES)
    platform = tags.get("platform")
    if platform and platform not in PLATFORMS:
        skipped.append(f"platform={platform}")
        platform = None
    accounts = []
    for p in tags.get("perpetrators") or []:
        handle = str(p.get("handle", "")).strip()
        if p.get("platform") in PLATFORMS and handle.lstrip("@"):
            accounts.append(AccountRef(str(p["platform"]), handle))
        else:
            skipped.append(f"perpetrator={p.get('platform')}:{handle}")
    categories: list[str] = []
    for key in tags.get("abuse_types") or []:
        (categories if key in known_categories else skipped).append(
            key if key in known_categories else f"abuse_type={key}")
    sensitive: list[str] = []
    for kind in tags.get("sensitive") or []:
        (sensitive if kind in SENSITIVITY else skipped).append(
            kind if kind in SENSITIVITY else f"sensitive={kind}")
    titles: list[str] = []  # the bundle's case (a case export) and the item's own cases
    for value in [case_title, *(tags.get("cases") or [])]:
        title = str(value or "").strip()
        if title and title not in titles:
            titles.append(title)
    apply_tags(tx, item_id, TagChanges(
        platform=platform, url=tags.get("url") or None,
        posted_at=instant("posted_at", tags.get("posted_at")),
        seen_at=instant("seen_at", tags.get("seen_at")), notes=item.get("notes") or None,
        add_categories=tuple(dict.fromkeys(categories)), add_sensitive=tuple(sensitive),
        add_accounts=tuple(accounts), add_cases=tuple(titles)))
    for r in item.get("platform_reports") or []:
        outcome = r.get("outcome") or "pending"
        try:
            if r["platform"] not in PLATFORMS or outcome not in REPORT_STATUSES:
                raise UsageError("cases.unknown_platform", platform=r["platform"])
            reported = to_utc_text(r["reported_at"])
            answered = to_utc_text(r["answered_at"]) if r.get("answered_at") else None
            if answered and answered < reported:
                raise UsageError("cases.answer_before_report")
        except AppError:
            skipped.append(f"platform_report={r.get('platform')}:{r.get('reported_at')}")
            continue
        add_report_tx(tx, item_id, r["platform"], reported, channel=None,
                      reference=r.get("reference"), status=outcome, answered=answered, notes="")
    return skipped
