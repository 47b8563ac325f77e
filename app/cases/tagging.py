# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Tagging one item: its platform, URL, dates, language, notes, sensitivity, categories, free tags,
cases and accounts.

:func:`tag_item` applies a :class:`TagChanges` in one transaction, appends one ``item.tag`` custody
entry listing exactly what changed (before and after for fields; added and removed for links), and
re-indexes the item for search. Cases and accounts named for the first time are created, each with
its own custody entry in the same transaction.
"""

from __future__ import annotations

from typing import Any

from app.cases import index, platform_reports
from app.cases.model import (
    SENSITIVITY,
    AccountRef,
    ItemId,
    ItemTags,
    TagChanges,
    require_platform,
    require_sensitivity,
    stored_date,
)
from app.cases.people import ACCOUNT_COLS, account_from_row, ensure_account, find_account
from app.cases.store import category_id, clean_tag, create_case_tx
from app.errors import AppError
from app.vault import Tx, Vault
from app.vault.connection import Connection

_FIELDS = ("platform", "url", "posted_at", "posted_tz", "seen_at", "language", "description",
           "notes", "deleted_by_source", *SENSITIVITY.values())


def item_uuid(conn: Connection, item_id: int) -> str:
    row = conn.execute("SELECT uuid FROM items WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise AppError("cases.item_not_found", item=item_id)
    return str(row[0])


def _field_values(conn: Connection, item_id: int) -> dict[str, Any]:
    row = conn.execute(f"SELECT {', '.join(_FIELDS)} FROM items WHERE id = ?",
                       (item_id,)).fetchone()
    return dict(zip(_FIELDS, row, strict=True))


def _set_fields(changes: TagChanges, before: dict[str, Any]) -> dict[str, Any]:
    """The column values ``changes`` asks for ("" clears), validated."""
    want: dict[str, Any] = {}
    if changes.platform is not None:
        want["platform"] = require_platform(changes.platform) if changes.platform else None
    for name in ("url", "language", "description", "notes"):
        value = getattr(changes, name)
        if value is not None:
            want[name] = value or None
    if changes.posted_at is not None:
        if changes.posted_at:
            want["posted_at"], want["posted_tz"] = stored_date(changes.posted_at)
        else:
            want["posted_at"] = want["posted_tz"] = None
    if changes.seen_at is not None:
        want["seen_at"] = stored_date(changes.seen_at)[0] if changes.seen_at else None
    if changes.deleted_by_source is not None:
        want["deleted_by_source"] = int(changes.deleted_by_source)
    for kind in changes.add_sensitive:
        want[SENSITIVITY[require_sensitivity(kind)]] = 1
    for kind in changes.remove_sensitive:
        want[SENSITIVITY[require_sensitivity(kind)]] = 0
    return {k: v for k, v in want.items() if before.get(k) != v}


def tag_item(vault: Vault, item_id: ItemId, changes: TagChanges) -> ItemTags:
    """Apply ``changes`` to the item. Returns the item's tags afterwards.

    Raises:
        AppError: ``cases.item_not_found``, ``cases.unknown_category``, ``cases.unknown_platform``,
            ``cases.bad_date`` (the vault is unchanged).
    """
    with vault.write() as tx:
        apply_tags(tx, item_id, changes)
    return get_item_tags(vault, item_id)


def tag_items(vault: Vault, item_ids: list[ItemId] | tuple[ItemId, ...],
              changes: TagChanges) -> int:
    """Apply the same ``changes`` to every item of a batch (the GUI's multi-selection).

    One write transaction for the whole batch: either every item is tagged or, on any error
    (an item deleted meanwhile, a bad date), none is — never a half-tagged selection. Inside it,
    one ``item.tag`` custody entry per item that changed, exactly as :func:`tag_item` would write
    it, so each item's history reads the same whether it was tagged alone or in a batch. A case or
    an account named for the first time is created once (its own custody entry). Returns how many
    items changed.

    Raises:
        AppError: as :func:`tag_item` (the vault is unchanged).
    """
    changed = 0
    with vault.write() as tx:
        for item_id in dict.fromkeys(item_ids):
            changed += apply_tags(tx, item_id, changes)
    return changed


def apply_tags(tx: Tx, item_id: int, changes: TagChanges) -> bool:
    """:func:`tag_item` inside the caller's write transaction (bundle receipt uses it). Returns
    whether anything changed (then one custody entry was appended)."""
    uid = item_uuid(tx.conn, item_id)
    before = _field_values(tx.conn, item_id)
    fields = _set_fields(changes, before)
    for column, value in fields.items():
        tx.execute(f"UPDATE items SET {column} = ? WHERE id = ?", (value, item_id))
    links: dict[str, Any] = {}
    subjects = [f"item:{uid}"]
    _categories(tx, item_id, changes, links)
    _tags(tx, item_id, changes, links)
    _cases(tx, item_id, changes, links, subjects)
    _accounts(tx, item_id, changes, links, subjects)
    if fields or links:
        index.reindex(tx.conn, [item_id])
        tx.custody("item.tag", subjects,
                   {"item": uid, "before": {k: before.get(k) for k in fields},
                    "after": fields, **links})
        return True
    return False


def _record(links: dict[str, Any], key: str, value: str) -> None:
    links.setdefault(key, []).append(value)


def _categories(tx: Tx, item_id: int, changes: TagChanges, links: dict[str, Any]) -> None:
    for key in changes.add_categories:
        cur = tx.execute("INSERT OR IGNORE INTO item_categories (item_id, category_id) "
                         "VALUES (?, ?)", (item_id, category_id(tx.conn, key)))
        if cur.rowcount:
            _record(links, "categories_added", key)
    for key in changes.remove_categories:
        cur = tx.execute("DELETE FROM item_categories WHERE item_id = ? AND category_id = ?",
                         (item_id, category_id(tx.conn, key)))
        if cur.rowcount:
            _record(links, "categories_removed", key)


def _tags(tx: Tx, item_id: int, changes: TagChanges, links: dict[str, Any]) -> None:
    for raw in changes.add_tags:
        name = clean_tag(raw)
        row = tx.execute("SELECT id, name FROM tags WHERE name = ?", (name,)).fetchone()
        if row is None:
            tag_id = int(tx.execute("INSERT INTO tags (name) VALUES (?)", (name,)).lastrowid)
        else:
            tag_id, name = int(row[0]), str(row[1])
        cur = tx.execute("INSERT OR IGNORE INTO item_tags (item_id, tag_id) VALUES (?, ?)",
                         (item_id, tag_id))
        if cur.rowcount:
            _record(links, "tags_added", name)
    for raw in changes.remove_tags:
        row = tx.execute("SELECT id, name FROM tags WHERE name = ?", (clean_tag(raw),)).fetchone()
        if row and tx.execute("DELETE FROM item_tags WHERE item_id = ? AND tag_id = ?",
                              (item_id, row[0])).rowcount:
            _record(links, "tags_removed", str(row[1]))


def _cases(tx: Tx, item_id: int, changes: TagChanges, links: dict[str, Any],
           subjects: list[str]) -> None:
    for title in changes.add_cases:
        row = tx.execute("SELECT id, uuid, title FROM cases WHERE title = ?",
                         (title.strip(),)).fetchone()
        if row is None:
            case = create_case_tx(tx, title.strip())
            row = (case.id, case.uuid, case.title)
        if tx.execute("INSERT OR IGNORE INTO item_cases (item_id, case_id) VALUES (?, ?)",
                      (item_id, row[0])).rowcount:
            _record(links, "cases_added", str(row[2]))
            subjects.append(f"case:{row[1]}")
    for title in changes.remove_cases:
        row = tx.execute("SELECT id, uuid, title FROM cases WHERE title = ?",
                         (title.strip(),)).fetchone()
        if row is None:
            raise AppError("cases.case_not_found", case=title)
        if tx.execute("DELETE FROM item_cases WHERE item_id = ? AND case_id = ?",
                      (item_id, row[0])).rowcount:
            _record(links, "cases_removed", str(row[2]))
            subjects.append(f"case:{row[1]}")


def _accounts(tx: Tx, item_id: int, changes: TagChanges, links: dict[str, Any],
              subjects: list[str]) -> None:
    for ref in changes.add_accounts:
        account, _created = ensure_account(tx, ref.platform, ref.handle)
        if tx.execute("INSERT OR IGNORE INTO item_accounts (item_id, account_id) VALUES (?, ?)",
                      (item_id, account.id)).rowcount:
            _record(links, "accounts_added", account.ref)
            subjects.append(f"account:{account.uuid}")
    for ref in changes.remove_accounts:
        found = find_account(tx.conn, ref.platform, ref.handle)
        if found is None:
            raise AppError("cases.account_not_found", account=f"{ref.platform}:{ref.handle}")
        if tx.execute("DELETE FROM item_accounts WHERE item_id = ? AND account_id = ?",
                      (item_id, found.id)).rowcount:
            _record(links, "accounts_removed", found.ref)
            subjects.append(f"account:{found.uuid}")


def get_item_tags(vault: Vault, item_id: ItemId) -> ItemTags:
    """Everything the case model holds about one item."""
    conn = vault.conn
    uid = item_uuid(conn, item_id)
    f = _field_values(conn, item_id)
    categories = tuple(r[0] for r in conn.execute(
        "SELECT c.key FROM item_categories ic JOIN categories c ON c.id = ic.category_id "
        "WHERE ic.item_id = ? ORDER BY c.position, c.key", (item_id,)))
    tags = tuple(r[0] for r in conn.execute(
        "SELECT t.name FROM item_tags it JOIN tags t ON t.id = it.tag_id WHERE it.item_id = ? "
        "ORDER BY t.name", (item_id,)))
    cases = tuple(r[0] for r in conn.execute(
        "SELECT c.title FROM item_cases ic JOIN cases c ON c.id = ic.case_id WHERE ic.item_id = ? "
        "ORDER BY c.title", (item_id,)))
    accounts = tuple(account_from_row(r) for r in conn.execute(
        f"SELECT {ACCOUNT_COLS} FROM item_accounts ia JOIN accounts a ON a.id = ia.account_id "
        f"WHERE ia.item_id = ? ORDER BY a.platform, a.handle_norm", (item_id,)))
    return ItemTags(
        item_id=item_id, uuid=uid, platform=f["platform"], url=f["url"],
        posted_at=f["posted_at"], posted_tz=f["posted_tz"], seen_at=f["seen_at"],
        language=f["language"], description=f["description"], notes=f["notes"],
        sensitive=tuple(k for k, col in SENSITIVITY.items() if f[col]),
        deleted_by_source=bool(f["deleted_by_source"]), categories=categories, tags=tags,
        cases=cases, accounts=accounts,
        reports=tuple(platform_reports.list_reports(vault, item_id=item_id)))


__all__ = ["AccountRef", "get_item_tags", "item_uuid", "tag_item", "tag_items"]
