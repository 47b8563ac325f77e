# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Perpetrators and their accounts: create, read, update, link, delete.

One person (a perpetrator, possibly anonymous) can run many accounts; an account is identified by
(platform, handle without ``@``, case-folded). Every change appends its custody entry in the same
transaction and re-indexes the items whose searchable text (handles, display names, labels) moved.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.cases import index
from app.cases.model import (
    Account,
    AccountId,
    Perpetrator,
    PerpetratorId,
    require_nonempty,
    require_platform,
)
from app.cases.store import date_or_none, new_uuid, uuids_for
from app.cases.textnorm import handle_norm
from app.errors import AppError
from app.vault import Tx, Vault
from app.vault.connection import Connection
from app.vault.custody import utc_now

ACCOUNT_COLS = ("a.id, a.uuid, a.platform, a.handle, a.display_name, a.profile_url, a.numeric_id,"
                " a.first_seen, a.last_seen, a.perpetrator_id, a.notes")


# --- accounts -----------------------------------------------------------------------------------
def account_from_row(row: tuple[Any, ...], count: int = 0) -> Account:
    return Account(AccountId(int(row[0])), row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                   row[8], PerpetratorId(int(row[9])) if row[9] is not None else None, row[10],
                   count)


def find_account(conn: Connection, platform: str, handle: str) -> Account | None:
    row = conn.execute(f"SELECT {ACCOUNT_COLS} FROM accounts a WHERE a.platform = ? AND "
                       f"a.handle_norm = ?", (platform, handle_norm(handle))).fetchone()
    return account_from_row(row) if row else None


def get_account(vault: Vault, platform: str, handle: str) -> Account:
    account = find_account(vault.conn, require_platform(platform), handle)
    if account is None:
        raise AppError("cases.account_not_found", account=f"{platform}:{handle}")
    count = vault.read("SELECT count(*) FROM item_accounts WHERE account_id = ?", (account.id,))
    return _account_with_count(account, int(count[0][0]))


def _account_with_count(account: Account, count: int) -> Account:
    return replace(account, item_count=count)


def ensure_account(tx: Tx, platform: str, handle: str, **fields: Any) -> tuple[Account, bool]:
    """The account (platform, handle), created with a custody entry when new."""
    require_platform(platform)
    existing = find_account(tx.conn, platform, handle)
    if existing is not None:
        return existing, False
    clean = handle.strip().lstrip("@").strip()
    if not clean:
        raise AppError("cases.empty_name")
    uid, now = new_uuid(), utc_now()
    first, last = date_or_none(fields.get("first_seen")), date_or_none(fields.get("last_seen"))
    values = (uid, platform, clean, handle_norm(clean), fields.get("display_name"),
              fields.get("profile_url"), fields.get("numeric_id"), first, last,
              fields.get("perpetrator_id"), fields.get("notes") or "", now)
    tx.execute("INSERT INTO accounts (uuid, platform, handle, handle_norm, display_name, "
               "profile_url, numeric_id, first_seen, last_seen, perpetrator_id, notes, created_at)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
    tx.custody("account.create", [f"account:{uid}"],
               {"platform": platform, "handle": clean, "display_name": fields.get("display_name"),
                "profile_url": fields.get("profile_url"), "numeric_id": fields.get("numeric_id"),
                "first_seen": first, "last_seen": last,
                "perpetrator_id": fields.get("perpetrator_id")})
    account = find_account(tx.conn, platform, clean)
    if account is None:  # just inserted in this transaction
        raise AppError("cases.account_not_found", account=f"{platform}:{clean}")
    return account, True


def add_account(vault: Vault, platform: str, handle: str, *, display_name: str | None = None,
                profile_url: str | None = None, numeric_id: str | None = None,
                first_seen: str | None = None, last_seen: str | None = None,
                perpetrator_id: PerpetratorId | None = None, notes: str = "") -> Account:
    """Create an account; raises ``cases.account_exists`` when (platform, handle) is known."""
    with vault.write() as tx:
        account, created = ensure_account(
            tx, platform, handle, display_name=display_name, profile_url=profile_url,
            numeric_id=numeric_id, first_seen=first_seen, last_seen=last_seen,
            perpetrator_id=perpetrator_id, notes=notes)
        if not created:
            raise AppError("cases.account_exists", account=account.ref)
    return account


_ACCOUNT_FIELDS = ("display_name", "profile_url", "numeric_id", "first_seen", "last_seen",
                   "notes", "handle")


def update_account(vault: Vault, account_id: AccountId, **fields: Any) -> Account:
    """Change ``display_name``, ``profile_url``, ``numeric_id``, ``first_seen``, ``last_seen``,
    ``notes`` or ``handle`` (same account, spelling fixed). Re-indexes the account's items."""
    unknown = set(fields) - set(_ACCOUNT_FIELDS)
    if unknown:
        raise TypeError(f"unknown account fields: {sorted(unknown)}")
    with vault.write() as tx:
        row = tx.execute(f"SELECT {ACCOUNT_COLS} FROM accounts a WHERE a.id = ?",
                         (account_id,)).fetchone()
        if row is None:
            raise AppError("cases.account_not_found", account=str(account_id))
        before = account_from_row(row)
        after: dict[str, Any] = {}
        for key, value in fields.items():
            if key in ("first_seen", "last_seen"):
                value = date_or_none(value)
            if key == "handle":
                value = require_nonempty(str(value).lstrip("@"), "cases.empty_name")
                tx.execute("UPDATE accounts SET handle_norm = ? WHERE id = ?",
                           (handle_norm(value), account_id))
            tx.execute(f"UPDATE accounts SET {key} = ? WHERE id = ?", (value, account_id))
            after[key] = value
        _reindex_account_items(tx, account_id)
        tx.custody("account.update", [f"account:{before.uuid}"],
                   {"before": {k: getattr(before, k) for k in after}, "after": after})
        row = tx.execute(f"SELECT {ACCOUNT_COLS} FROM accounts a WHERE a.id = ?",
                         (account_id,)).fetchone()
    return account_from_row(row)


def delete_account(vault: Vault, account_id: AccountId) -> None:
    """Delete an account and its links to items. The log keeps the account and the links."""
    with vault.write() as tx:
        row = tx.execute(f"SELECT {ACCOUNT_COLS} FROM accounts a WHERE a.id = ?",
                         (account_id,)).fetchone()
        if row is None:
            raise AppError("cases.account_not_found", account=str(account_id))
        account = account_from_row(row)
        ids = index.items_of(tx.conn, "SELECT item_id FROM item_accounts WHERE account_id = ?",
                             (account_id,))
        items = uuids_for(tx, ids)
        tx.execute("DELETE FROM accounts WHERE id = ?", (account_id,))
        index.reindex(tx.conn, ids)
        tx.custody("account.delete", [f"account:{account.uuid}", *(f"item:{u}" for u in items)],
                   {"platform": account.platform, "handle": account.handle,
                    "display_name": account.display_name, "profile_url": account.profile_url,
                    "numeric_id": account.numeric_id, "perpetrator_id": account.perpetrator_id,
                    "items": items})


def _reindex_account_items(tx: Tx, account_id: int) -> None:
    index.reindex(tx.conn, index.items_of(
        tx.conn, "SELECT item_id FROM item_accounts WHERE account_id = ?", (account_id,)))


# --- perpetrators -------------------------------------------------------------------------------
_PERP_COLS = "p.id, p.uuid, p.label, p.notes, p.anonymous, p.created_at"


def _perpetrator(conn: Connection, row: tuple[Any, ...]) -> Perpetrator:
    pid = int(row[0])
    accounts = tuple(account_from_row(r, int(r[11])) for r in conn.execute(
        f"SELECT {ACCOUNT_COLS}, (SELECT count(*) FROM item_accounts ia WHERE "
        f"ia.account_id = a.id) FROM accounts a WHERE a.perpetrator_id = ? "
        f"ORDER BY a.platform, a.handle_norm", (pid,)))
    items = conn.execute("SELECT count(DISTINCT ia.item_id) FROM item_accounts ia JOIN accounts a "
                         "ON a.id = ia.account_id WHERE a.perpetrator_id = ?", (pid,)).fetchone()
    return Perpetrator(PerpetratorId(pid), row[1], row[2], row[3], bool(row[4]), row[5], accounts,
                       int(items[0]))


def add_perpetrator(vault: Vault, label: str, *, notes: str = "", anonymous: bool = False,
                    accounts: tuple[tuple[str, str], ...] = ()) -> Perpetrator:
    """Create a perpetrator and attach ``accounts`` ((platform, handle) pairs; created if new)."""
    label = require_nonempty(label, "cases.empty_name")
    with vault.write() as tx:
        if tx.execute("SELECT 1 FROM perpetrators WHERE label = ?", (label,)).fetchone():
            raise AppError("cases.perpetrator_exists", perpetrator=label)
        uid = new_uuid()
        cur = tx.execute("INSERT INTO perpetrators (uuid, label, notes, anonymous, created_at) "
                         "VALUES (?, ?, ?, ?, ?)", (uid, label, notes, int(anonymous), utc_now()))
        pid = int(cur.lastrowid)
        tx.custody("perpetrator.create", [f"perpetrator:{uid}"],
                   {"label": label, "notes": notes, "anonymous": anonymous})
        for platform, handle in accounts:
            _attach(tx, pid, uid, platform, handle)
        row = tx.execute(f"SELECT {_PERP_COLS} FROM perpetrators p WHERE p.id = ?",
                         (pid,)).fetchone()
        return _perpetrator(tx.conn, row)


def _attach(tx: Tx, pid: int, puid: str, platform: str, handle: str) -> None:
    account, _created = ensure_account(tx, platform, handle)
    tx.execute("UPDATE accounts SET perpetrator_id = ? WHERE id = ?", (pid, account.id))
    _reindex_account_items(tx, account.id)
    tx.custody("account.link_perpetrator", [f"account:{account.uuid}", f"perpetrator:{puid}"],
               {"account": account.ref, "before": account.perpetrator_id, "after": pid})


def link_account(vault: Vault, perpetrator_id: PerpetratorId | None, platform: str,
                 handle: str) -> Account:
    """Attach the account to a perpetrator (created if new), or detach it (``None``)."""
    with vault.write() as tx:
        if perpetrator_id is None:
            account = find_account(tx.conn, require_platform(platform), handle)
            if account is None:
                raise AppError("cases.account_not_found", account=f"{platform}:{handle}")
            tx.execute("UPDATE accounts SET perpetrator_id = NULL WHERE id = ?", (account.id,))
            _reindex_account_items(tx, account.id)
            tx.custody("account.link_perpetrator", [f"account:{account.uuid}"],
                       {"account": account.ref, "before": account.perpetrator_id, "after": None})
        else:
            row = tx.execute("SELECT uuid FROM perpetrators WHERE id = ?",
                             (perpetrator_id,)).fetchone()
            if row is None:
                raise AppError("cases.perpetrator_not_found", perpetrator=str(perpetrator_id))
            _attach(tx, perpetrator_id, row[0], platform, handle)
        found = find_account(tx.conn, platform, handle)
        if found is None:  # ensured just above, in this transaction
            raise AppError("cases.account_not_found", account=f"{platform}:{handle}")
        return found


def get_perpetrator(vault: Vault, label: str) -> Perpetrator:
    row = vault.conn.execute(f"SELECT {_PERP_COLS} FROM perpetrators p WHERE p.label = ?",
                             (label,)).fetchone()
    if row is None:
        raise AppError("cases.perpetrator_not_found", perpetrator=label)
    return _perpetrator(vault.conn, row)


def list_perpetrators(vault: Vault) -> list[Perpetrator]:
    conn = vault.conn
    return [_perpetrator(conn, r) for r in conn.execute(
        f"SELECT {_PERP_COLS} FROM perpetrators p ORDER BY p.label").fetchall()]


def list_accounts(vault: Vault, platform: str | None = None) -> list[Account]:
    sql = (f"SELECT {ACCOUNT_COLS}, (SELECT count(*) FROM item_accounts ia WHERE "
           f"ia.account_id = a.id) FROM accounts a")
    params: tuple[Any, ...] = ()
    if platform:
        sql += " WHERE a.platform = ?"
        params = (require_platform(platform),)
    return [account_from_row(r, int(r[11]))
            for r in vault.read(sql + " ORDER BY a.platform, a.handle_norm", params)]


def update_perpetrator(vault: Vault, perpetrator_id: PerpetratorId, *,
                       label: str | None = None, notes: str | None = None,
                       anonymous: bool | None = None) -> Perpetrator:
    """Change the given fields. Renaming re-indexes the items of the perpetrator's accounts;
    raises ``cases.perpetrator_exists`` when another perpetrator has the new label."""
    changes: dict[str, Any] = {}
    if label is not None:
        changes["label"] = require_nonempty(label, "cases.empty_name")
    if notes is not None:
        changes["notes"] = notes
    if anonymous is not None:
        changes["anonymous"] = bool(anonymous)
    with vault.write() as tx:
        row = tx.execute(f"SELECT {_PERP_COLS} FROM perpetrators p WHERE p.id = ?",
                         (perpetrator_id,)).fetchone()
        if row is None:
            raise AppError("cases.perpetrator_not_found", perpetrator=str(perpetrator_id))
        if "label" in changes and tx.execute(
                "SELECT 1 FROM perpetrators WHERE label = ? AND id != ?",
                (changes["label"], perpetrator_id)).fetchone():
            raise AppError("cases.perpetrator_exists", perpetrator=changes["label"])
        before = {"label": row[2], "notes": row[3], "anonymous": bool(row[4])}
        for column, value in changes.items():
            stored = int(value) if column == "anonymous" else value
            tx.execute(f"UPDATE perpetrators SET {column} = ? WHERE id = ?",
                       (stored, perpetrator_id))
        if "label" in changes:
            index.reindex(tx.conn, index.items_of(
                tx.conn, "SELECT ia.item_id FROM item_accounts ia JOIN accounts a ON "
                "a.id = ia.account_id WHERE a.perpetrator_id = ?", (perpetrator_id,)))
        tx.custody("perpetrator.update", [f"perpetrator:{row[1]}"],
                   {"before": {k: before[k] for k in changes}, "after": changes})
        row = tx.execute(f"SELECT {_PERP_COLS} FROM perpetrators p WHERE p.id = ?",
                         (perpetrator_id,)).fetchone()
        return _perpetrator(tx.conn, row)


def delete_perpetrator(vault: Vault, perpetrator_id: PerpetratorId) -> None:
    """Delete a perpetrator; the accounts stay, detached."""
    with vault.write() as tx:
        row = tx.execute(f"SELECT {_PERP_COLS} FROM perpetrators p WHERE p.id = ?",
                         (perpetrator_id,)).fetchone()
        if row is None:
            raise AppError("cases.perpetrator_not_found", perpetrator=str(perpetrator_id))
        accounts = [r[0] for r in tx.execute("SELECT uuid FROM accounts WHERE perpetrator_id = ?",
                                             (perpetrator_id,))]
        ids = index.items_of(tx.conn, "SELECT ia.item_id FROM item_accounts ia JOIN accounts a ON "
                             "a.id = ia.account_id WHERE a.perpetrator_id = ?", (perpetrator_id,))
        tx.execute("DELETE FROM perpetrators WHERE id = ?", (perpetrator_id,))
        index.reindex(tx.conn, ids)
        tx.custody("perpetrator.delete", [f"perpetrator:{row[1]}",
                                          *(f"account:{a}" for a in accounts)],
                   {"label": row[2], "notes": row[3], "anonymous": bool(row[4]),
                    "accounts": accounts})
