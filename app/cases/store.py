# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Cases, categories and free tags: create, read, update, delete (accounts and perpetrators:
:mod:`app.cases.people`).

Every change runs in one :meth:`Vault.write` transaction that also appends its custody entry and
re-indexes the items whose searchable text it changed. Deleting something never erases its
history: the custody entries that created and used it stay, and the delete entry records what it
was and which items it was attached to.
"""

from __future__ import annotations

import re
import uuid as uuidlib
from typing import Any

from app.cases import index
from app.cases.model import (
    Case,
    CaseId,
    Category,
    Platform,
    Tag,
    require_nonempty,
    to_utc_text,
)
from app.errors import AppError, UsageError
from app.vault import Tx, Vault
from app.vault.connection import Connection
from app.vault.custody import utc_now

_CASE_COLS = "c.id, c.uuid, c.title, c.description, c.starts_on, c.ends_on, c.notes, c.created_at"


def new_uuid() -> str:
    return str(uuidlib.uuid4())


def date_or_none(value: str | None) -> str | None:
    return to_utc_text(value) if value else None


def _check_span(starts: str | None, ends: str | None) -> None:
    """A case cannot end before it starts (both stored as UTC text, so they compare as text)."""
    if starts and ends and starts > ends:
        raise AppError("cases.ends_before_start", starts=starts[:10], ends=ends[:10])


# --- platforms and categories -------------------------------------------------------------------
def list_platforms(vault: Vault) -> list[Platform]:
    return [Platform(*r) for r in vault.read(
        "SELECT key, name_en, name_ar FROM platforms ORDER BY position")]


def list_categories(vault: Vault) -> list[Category]:
    return [Category(int(r[0]), r[1], r[2], r[3], bool(r[4])) for r in vault.read(
        "SELECT id, key, name_en, name_ar, builtin FROM categories ORDER BY position, key")]


def category_id(conn: Connection, key: str) -> int:
    row = conn.execute("SELECT id FROM categories WHERE key = ?", (key,)).fetchone()
    if row is None:
        raise AppError("cases.unknown_category", category=key)
    return int(row[0])


def add_category(vault: Vault, key: str, name_en: str, name_ar: str) -> Category:
    """A user-defined category (the seeded ones cover the common kinds of abuse)."""
    key = require_nonempty(key, "cases.empty_name").lower()
    with vault.write() as tx:
        if tx.execute("SELECT 1 FROM categories WHERE key = ?", (key,)).fetchone():
            raise AppError("cases.category_exists", category=key)
        cur = tx.execute("INSERT INTO categories (key, name_en, name_ar) VALUES (?, ?, ?)",
                         (key, name_en, name_ar))
        tx.custody("category.create", [f"category:{key}"],
                   {"key": key, "name_en": name_en, "name_ar": name_ar})
    return Category(int(cur.lastrowid), key, name_en, name_ar, False)


def create_category(vault: Vault, name_en: str = "", name_ar: str = "") -> Category:
    """A user-defined category from its names, as the desktop app asks for one: either name may
    be left out (the other is used for both); the key is made from the English name (``honour
    threat`` → ``honour-threat``), or ``custom-N`` when there is none usable."""
    name_en, name_ar = (name_en or "").strip(), (name_ar or "").strip()
    if not name_en and not name_ar:
        raise UsageError("cases.empty_name")
    taken = {c.key for c in list_categories(vault)}
    base = "-".join(re.findall(r"[a-z0-9]+", name_en.lower()))[:40].strip("-") or "custom"
    key, n = (base if base != "custom" else ""), 1
    while not key or key in taken:
        key, n = f"{base}-{n}", n + 1
    return add_category(vault, key, name_en or name_ar, name_ar or name_en)


def rename_category(vault: Vault, key: str, *, name_en: str | None = None,
                    name_ar: str | None = None) -> Category:
    with vault.write() as tx:
        cid = category_id(tx.conn, key)
        old = tx.execute("SELECT name_en, name_ar, builtin FROM categories WHERE id = ?",
                         (cid,)).fetchone()
        new_en, new_ar = name_en or old[0], name_ar or old[1]
        tx.execute("UPDATE categories SET name_en = ?, name_ar = ? WHERE id = ?",
                   (new_en, new_ar, cid))
        tx.custody("category.rename", [f"category:{key}"],
                   {"key": key, "before": {"name_en": old[0], "name_ar": old[1]},
                    "after": {"name_en": new_en, "name_ar": new_ar}})
    return Category(cid, key, new_en, new_ar, bool(old[2]))


def delete_category(vault: Vault, key: str) -> None:
    """Delete a user-defined category; the seeded ones can be renamed but not deleted."""
    with vault.write() as tx:
        cid = category_id(tx.conn, key)
        row = tx.execute("SELECT name_en, name_ar, builtin FROM categories WHERE id = ?",
                         (cid,)).fetchone()
        if row[2]:
            raise AppError("cases.category_builtin", category=key)
        items = _item_uuids(tx, "SELECT item_id FROM item_categories WHERE category_id = ?", cid)
        tx.execute("DELETE FROM categories WHERE id = ?", (cid,))
        tx.custody("category.delete", [f"category:{key}", *(f"item:{u}" for u in items)],
                   {"key": key, "name_en": row[0], "name_ar": row[1], "items": items})


# --- free tags ----------------------------------------------------------------------------------
def list_tags(vault: Vault) -> list[Tag]:
    return [Tag(r[0], int(r[1])) for r in vault.read(
        "SELECT t.name, count(it.item_id) FROM tags t LEFT JOIN item_tags it ON it.tag_id = t.id "
        "GROUP BY t.id ORDER BY t.name")]


def clean_tag(untrusted_name: str) -> str:
    name = untrusted_name.strip().lstrip("#").strip()
    if not name:
        raise AppError("cases.empty_name")
    return name


def delete_tag(vault: Vault, name: str) -> None:
    """Remove a free tag from every item. The log keeps when it was added and to what."""
    name = clean_tag(name)
    with vault.write() as tx:
        row = tx.execute("SELECT id, name FROM tags WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise AppError("cases.tag_not_found", tag=name)
        ids = index.items_of(tx.conn, "SELECT item_id FROM item_tags WHERE tag_id = ?", (row[0],))
        items = uuids_for(tx, ids)
        tx.execute("DELETE FROM tags WHERE id = ?", (row[0],))
        index.reindex(tx.conn, ids)
        tx.custody("tag.delete", [f"tag:{row[1]}", *(f"item:{u}" for u in items)],
                   {"tag": row[1], "items": items})


# --- cases --------------------------------------------------------------------------------------
def _case(row: tuple[Any, ...], count: int = 0) -> Case:
    return Case(CaseId(int(row[0])), row[1], row[2], row[3], row[4], row[5], row[6], row[7], count)


def add_case(vault: Vault, title: str, *, description: str = "", starts_on: str | None = None,
             ends_on: str | None = None, notes: str = "") -> Case:
    title = require_nonempty(title, "cases.empty_name")
    with vault.write() as tx:
        return create_case_tx(tx, title, description=description, starts_on=starts_on,
                              ends_on=ends_on, notes=notes)


def create_case_tx(tx: Tx, title: str, *, description: str = "", starts_on: str | None = None,
                 ends_on: str | None = None, notes: str = "") -> Case:
    if tx.execute("SELECT 1 FROM cases WHERE title = ?", (title,)).fetchone():
        raise AppError("cases.case_exists", case=title)
    starts, ends, now, uid = date_or_none(starts_on), date_or_none(ends_on), utc_now(), new_uuid()
    _check_span(starts, ends)
    cur = tx.execute("INSERT INTO cases (uuid, title, description, starts_on, ends_on, notes, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (uid, title, description, starts, ends, notes, now))
    tx.custody("case.create", [f"case:{uid}"],
               {"title": title, "description": description, "starts_on": starts,
                "ends_on": ends, "notes": notes})
    return Case(CaseId(int(cur.lastrowid)), uid, title, description, starts, ends, notes, now)


def get_case(vault: Vault, title: str) -> Case:
    rows = vault.read(f"SELECT {_CASE_COLS}, (SELECT count(*) FROM item_cases ic "
                      f"WHERE ic.case_id = c.id) FROM cases c WHERE c.title = ?", (title,))
    if not rows:
        raise AppError("cases.case_not_found", case=title)
    return _case(rows[0], int(rows[0][8]))


def list_cases(vault: Vault) -> list[Case]:
    return [_case(r, int(r[8])) for r in vault.read(
        f"SELECT {_CASE_COLS}, (SELECT count(*) FROM item_cases ic WHERE ic.case_id = c.id) "
        f"FROM cases c ORDER BY c.created_at, c.id")]


def update_case(vault: Vault, case_id: CaseId, *, title: str | None = None,
                description: str | None = None, starts_on: str | None = None,
                ends_on: str | None = None, notes: str | None = None) -> Case:
    """Change the given fields (``""`` clears a date). Renaming re-indexes the case's items."""
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = require_nonempty(title, "cases.empty_name")
    if description is not None:
        changes["description"] = description
    if notes is not None:
        changes["notes"] = notes
    if starts_on is not None:
        changes["starts_on"] = date_or_none(starts_on)
    if ends_on is not None:
        changes["ends_on"] = date_or_none(ends_on)
    with vault.write() as tx:
        row = tx.execute(f"SELECT {_CASE_COLS} FROM cases c WHERE c.id = ?", (case_id,)).fetchone()
        if row is None:
            raise AppError("cases.case_not_found", case=str(case_id))
        if "title" in changes and tx.execute("SELECT 1 FROM cases WHERE title = ? AND id != ?",
                                             (changes["title"], case_id)).fetchone():
            raise AppError("cases.case_exists", case=changes["title"])
        before = _case(row)
        _check_span(changes.get("starts_on", before.starts_on),
                    changes.get("ends_on", before.ends_on))
        for column, value in changes.items():
            tx.execute(f"UPDATE cases SET {column} = ? WHERE id = ?", (value, case_id))
        if "title" in changes:
            index.reindex(tx.conn, index.items_of(
                tx.conn, "SELECT item_id FROM item_cases WHERE case_id = ?", (case_id,)))
        tx.custody("case.update", [f"case:{before.uuid}"],
                   {"before": {k: getattr(before, k) for k in changes}, "after": changes})
        row = tx.execute(f"SELECT {_CASE_COLS} FROM cases c WHERE c.id = ?", (case_id,)).fetchone()
    return _case(row)


def delete_case(vault: Vault, case_id: CaseId) -> None:
    """Delete a case; its items stay in the vault, unlinked."""
    with vault.write() as tx:
        row = tx.execute(f"SELECT {_CASE_COLS} FROM cases c WHERE c.id = ?", (case_id,)).fetchone()
        if row is None:
            raise AppError("cases.case_not_found", case=str(case_id))
        case = _case(row)
        ids = index.items_of(tx.conn, "SELECT item_id FROM item_cases WHERE case_id = ?",
                             (case_id,))
        items = uuids_for(tx, ids)
        tx.execute("DELETE FROM cases WHERE id = ?", (case_id,))
        index.reindex(tx.conn, ids)
        tx.custody("case.delete", [f"case:{case.uuid}", *(f"item:{u}" for u in items)],
                   {"title": case.title, "description": case.description, "items": items})


# --- helpers ------------------------------------------------------------------------------------
def uuids_for(tx: Tx, item_ids: list[int]) -> list[str]:
    out = []
    for item_id in item_ids:
        row = tx.execute("SELECT uuid FROM items WHERE id = ?", (item_id,)).fetchone()
        if row:
            out.append(str(row[0]))
    return out


def _item_uuids(tx: Tx, sql: str, *params: Any) -> list[str]:
    return uuids_for(tx, index.items_of(tx.conn, sql, tuple(params)))
