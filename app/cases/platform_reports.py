# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Reports made to platforms about an item: when, through which channel, with which reference,
and what the platform answered (pending, removed, restricted, rejected, no answer) and when.

Days to answer are derived (:attr:`PlatformReport.days_to_answer`). Every change appends a custody
entry in the same transaction.
"""

from __future__ import annotations

from typing import Any

from app.cases.model import (
    ItemId,
    PlatformReport,
    ReportId,
    require_platform,
    require_status,
    to_utc_text,
)
from app.cases.store import new_uuid
from app.errors import AppError, UsageError
from app.vault import Tx, Vault
from app.vault.custody import utc_now

_COLS = ("r.id, r.uuid, r.item_id, r.platform, r.reported_at, r.channel, r.reference, r.status,"
         " r.answered_at, r.notes")


def _report(row: tuple[Any, ...]) -> PlatformReport:
    return PlatformReport(ReportId(int(row[0])), row[1], ItemId(int(row[2])), row[3], row[4],
                          row[5], row[6], row[7], row[8], row[9])


def _check_answer(reported_at: str, answered_at: str | None) -> None:
    if answered_at and answered_at < reported_at:
        raise UsageError("cases.answer_before_report")


def add_report(vault: Vault, item_id: ItemId, platform: str, reported_at: str, *,
               channel: str | None = None, reference: str | None = None,
               status: str = "pending", answered_at: str | None = None,
               notes: str = "") -> PlatformReport:
    """Record a report made to ``platform`` about the item."""
    require_platform(platform)
    require_status(status)
    reported = to_utc_text(reported_at)
    answered = to_utc_text(answered_at) if answered_at else None
    _check_answer(reported, answered)
    with vault.write() as tx:
        return add_report_tx(tx, item_id, platform, reported, channel=channel,
                             reference=reference, status=status, answered=answered, notes=notes)


def add_report_tx(tx: Tx, item_id: int, platform: str, reported: str, *, channel: str | None,
                  reference: str | None, status: str, answered: str | None, notes: str
                  ) -> PlatformReport:
    """:func:`add_report` inside the caller's write transaction; dates already UTC text."""
    row = tx.execute("SELECT uuid FROM items WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise AppError("cases.item_not_found", item=item_id)
    uid = new_uuid()
    cur = tx.execute(
        "INSERT INTO platform_reports (uuid, item_id, platform, reported_at, channel, "
        "reference, status, answered_at, notes, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (uid, item_id, platform, reported, channel, reference, status, answered, notes,
         utc_now()))
    tx.custody("report.create", [f"item:{row[0]}", f"report:{uid}"],
               {"platform": platform, "reported_at": reported, "channel": channel,
                "reference": reference, "status": status, "answered_at": answered,
                "notes": notes})
    new = tx.execute(f"SELECT {_COLS} FROM platform_reports r WHERE r.id = ?",
                     (cur.lastrowid,)).fetchone()
    return _report(new)


def update_report(vault: Vault, report_id: ReportId, *, status: str | None = None,
                  answered_at: str | None = None, reference: str | None = None,
                  channel: str | None = None, notes: str | None = None) -> PlatformReport:
    """Record the platform's answer (or fix the reference). ``answered_at=""`` clears it."""
    changes: dict[str, Any] = {}
    if status is not None:
        changes["status"] = require_status(status)
    if answered_at is not None:
        changes["answered_at"] = to_utc_text(answered_at) if answered_at else None
    for name, value in (("reference", reference), ("channel", channel), ("notes", notes)):
        if value is not None:
            changes[name] = value
    with vault.write() as tx:
        row = tx.execute(f"SELECT {_COLS} FROM platform_reports r WHERE r.id = ?",
                         (report_id,)).fetchone()
        if row is None:
            raise AppError("cases.report_not_found", report=report_id)
        before = _report(row)
        _check_answer(before.reported_at, changes.get("answered_at", before.answered_at))
        for column, value in changes.items():
            tx.execute(f"UPDATE platform_reports SET {column} = ? WHERE id = ?",
                       (value, report_id))
        item = tx.execute("SELECT uuid FROM items WHERE id = ?", (before.item_id,)).fetchone()
        tx.custody("report.update", [f"item:{item[0]}", f"report:{before.uuid}"],
                   {"before": {k: getattr(before, k) for k in changes}, "after": changes})
        row = tx.execute(f"SELECT {_COLS} FROM platform_reports r WHERE r.id = ?",
                         (report_id,)).fetchone()
    return _report(row)


def list_reports(vault: Vault, *, item_id: ItemId | None = None,
                 case_id: int | None = None) -> list[PlatformReport]:
    """Reports, oldest first; only one item's, or only those about a case's items."""
    sql = f"SELECT {_COLS} FROM platform_reports r"
    params: list[Any] = []
    where = []
    if item_id is not None:
        where.append("r.item_id = ?")
        params.append(item_id)
    if case_id is not None:
        where.append("r.item_id IN (SELECT item_id FROM item_cases WHERE case_id = ?)")
        params.append(case_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    return [_report(r) for r in vault.read(sql + " ORDER BY r.reported_at, r.id", params)]
