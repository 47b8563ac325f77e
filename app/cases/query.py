# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Finding items: full-text search plus filters, sorted by a date, one page at a time.

This is the API the evidence list (GUI) and ``bayyina-cli list`` share. Rows are light: no blobs,
no metadata JSON, a short description only. Within one filter the values are alternatives (any
of these platforms); different filters must all hold. Items without the sort date come last when
sorting newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.cases.model import (
    DATE_FIELDS,
    REPORT_STATUSES,
    SENSITIVITY,
    AccountId,
    CaseId,
    ItemId,
    PerpetratorId,
    date_bound,
    require_platform,
    require_sensitivity,
)
from app.cases.stats import DAY_SQL
from app.cases.textnorm import fts_query
from app.errors import UsageError
from app.vault import Vault
from app.vault.connection import damage_guard

SHORT_DESCRIPTION = 120
REPORT_FILTERS = (*REPORT_STATUSES, "any", "none")


@dataclass(frozen=True)
class ItemQuery:
    """What to list. Empty tuples and None mean "no filter"."""

    text: str = ""
    case_ids: tuple[CaseId, ...] = ()
    platforms: tuple[str, ...] = ()
    account_ids: tuple[AccountId, ...] = ()
    perpetrator_ids: tuple[PerpetratorId, ...] = ()
    item_ids: tuple[int, ...] = ()  # exactly these items (a cluster of reposts)
    categories: tuple[str, ...] = ()
    report_status: tuple[str, ...] = ()  # statuses, or "any" (reported) / "none" (never reported)
    sensitive: tuple[str, ...] = ()  # items flagged with any of these kinds
    hide_sensitive: bool = False  # leave out every item with a sensitivity flag
    deleted_by_source: bool | None = None
    posted_from: str | None = None  # ISO date or date-time; a bare date as "to" is inclusive
    posted_to: str | None = None
    seen_from: str | None = None
    seen_to: str | None = None
    imported_from: str | None = None
    imported_to: str | None = None
    dated_from: str | None = None  # the date a card shows: posted when known, else imported
    dated_to: str | None = None
    day_from: str | None = None  # ISO dates, inclusive, on the timeline's day (stats.DAY_SQL)
    day_to: str | None = None
    sort: str = "imported"  # "imported" | "posted" | "seen"
    descending: bool = True
    limit: int | None = 200
    offset: int = 0


@dataclass(frozen=True)
class ItemRow:
    """One line of the evidence list. ``description`` and ``original_name`` are untrusted text."""

    id: ItemId
    uuid: str
    imported_at: str
    posted_at: str | None
    posted_tz: str | None
    seen_at: str | None
    platform: str | None
    media_type: str
    kind: str
    sensitive: tuple[str, ...]
    has_thumbnail: bool
    description: str
    original_name: str | None
    deleted_by_source: bool
    accounts: tuple[str, ...] = ()  # handles of the item's accounts (untrusted), first 3
    reported: bool = False  # reported to a platform at least once
    has_clean_copy: bool = False  # a sanitised copy to draw a thumbnail from (received items)
    received: bool = False  # came in a bundle (import_method 'bundle'): "Received …" on a card


_ROW_COLS = ("i.id, i.uuid, i.imported_at, i.posted_at, i.posted_tz, i.seen_at, i.platform, "
             "i.media_type, i.kind, i.sensitive_graphic, i.sensitive_intimate, "
             "i.sensitive_personal_info, EXISTS (SELECT 1 FROM blobs b WHERE b.item_id = i.id AND "
             f"b.role = 'thumbnail'), substr(coalesce(i.description, i.notes, ''), 1, "
             f"{SHORT_DESCRIPTION}), i.original_name, i.deleted_by_source, "
             "(SELECT group_concat(handle, char(31)) FROM (SELECT a.handle FROM item_accounts ia "
             "JOIN accounts a ON a.id = ia.account_id WHERE ia.item_id = i.id ORDER BY a.id "
             "LIMIT 3)), EXISTS (SELECT 1 FROM platform_reports r WHERE r.item_id = i.id), "
             "EXISTS (SELECT 1 FROM blobs b WHERE b.item_id = i.id AND b.role = 'sanitized'), "
             "i.import_method = 'bundle'")


def _in(column: str, values: tuple[Any, ...], params: list[Any]) -> str:
    params.extend(values)
    return f"{column} IN ({', '.join('?' * len(values))})"


def _id_sets(query: ItemQuery,
             hidden_as_sets: bool = False) -> tuple[list[str], list[Any], list[str]]:
    """The filters that are sets of item ids (text matches, cases, accounts, perpetrators,
    categories, report statuses), as SELECTs of ids, with their parameters; plus the id sets to
    leave out (never reported; each sensitivity flag, when hidden and ``hidden_as_sets``: for a
    count, which then reads no item row; a page checks the flags on the rows it walks, cheaper
    than building the sets first). Intersecting these sets needs no item row at all."""
    sets: list[str] = []
    params: list[Any] = []
    if query.text.strip():
        match = fts_query(query.text)
        if match:
            sets.append("SELECT rowid FROM item_fts WHERE item_fts MATCH ?")
            params.append(match)
    if query.case_ids:
        sets.append("SELECT item_id FROM item_cases WHERE "
                    + _in("case_id", query.case_ids, params))
    if query.account_ids:
        sets.append("SELECT item_id FROM item_accounts WHERE "
                    + _in("account_id", query.account_ids, params))
    if query.perpetrator_ids:
        sets.append("SELECT ia.item_id FROM item_accounts ia JOIN accounts a ON "
                    "a.id = ia.account_id WHERE "
                    + _in("a.perpetrator_id", query.perpetrator_ids, params))
    if query.categories:
        sets.append("SELECT ic.item_id FROM item_categories ic JOIN categories c ON "
                    "c.id = ic.category_id WHERE " + _in("c.key", query.categories, params))
    excluded: list[str] = []
    statuses = query.report_status
    for status in statuses:
        if status not in REPORT_FILTERS:
            raise UsageError("cases.unknown_status", status=status)
    if statuses and "none" not in statuses:
        if "any" in statuses:
            sets.append("SELECT item_id FROM platform_reports")
        else:
            sets.append("SELECT item_id FROM platform_reports WHERE "
                        + _in("status", statuses, params))
    elif statuses and set(statuses) == {"none"}:
        excluded.append("SELECT item_id FROM platform_reports")
    if query.hide_sensitive and hidden_as_sets:
        # the flagged items, read from the partial index of each flag (migration 13): a few per
        # cent of the items, where "every flag = 0" would read every item row
        excluded += [f"SELECT id FROM items WHERE {c} = 1" for c in SENSITIVITY.values()]
    return sets, params, excluded


def _id_clause(query: ItemQuery, params: list[Any],
               hidden_as_sets: bool = False) -> tuple[str | None, str | None]:
    """``i.id IN (A INTERSECT B … EXCEPT R)`` for the id-set filters, or None; and the SELECT of
    those distinct ids alone (None when the only id filter is "never reported")."""
    sets, set_params, excluded = _id_sets(query, hidden_as_sets)
    if not sets and not excluded:
        return None, None
    params.extend(set_params)
    if not sets:
        return f"i.id NOT IN ({' UNION ALL '.join(excluded)})", None
    body = " INTERSECT ".join(sets)
    if excluded:
        body += "".join(f" EXCEPT {e}" for e in excluded)
    clause = f"i.id IN ({body})"
    if len(sets) == 1 and not excluded and not sets[0].startswith("SELECT rowid FROM"):
        # one link table alone repeats an item linked twice (two cases, two reports…); a
        # compound SELECT and the search index (one row per item) never do
        body = f"SELECT DISTINCT * FROM ({body})"
    return clause, body


def _column_clauses(query: ItemQuery, params: list[Any],
                    hidden_as_sets: bool = False) -> list[str]:
    """The filters that read the item's own row (platform, flags, dates)."""
    clauses: list[str] = []
    if query.item_ids:  # exactly these items (the members of a cluster of reposts)
        clauses.append(_in("i.id", tuple(int(i) for i in query.item_ids), params))
    if query.platforms:
        clauses.append(_in("i.platform", tuple(require_platform(p) for p in query.platforms),
                           params))
    statuses = query.report_status
    if "none" in statuses and set(statuses) != {"none"}:
        clauses += _report_clauses(statuses, params)
    if query.sensitive:
        kinds = [SENSITIVITY[require_sensitivity(k)] for k in query.sensitive]
        clauses.append("(" + " OR ".join(f"i.{c} = 1" for c in kinds) + ")")
    if query.hide_sensitive and not hidden_as_sets:
        clauses.append(" AND ".join(f"i.{c} = 0" for c in SENSITIVITY.values()))
    if query.deleted_by_source is not None:
        clauses.append("i.deleted_by_source = ?")
        params.append(int(query.deleted_by_source))
    for name, column in DATE_FIELDS.items():
        clauses += _range(f"i.{column}", getattr(query, f"{name}_from"),
                          getattr(query, f"{name}_to"), params)
    clauses += _range("coalesce(i.posted_at, i.imported_at)", query.dated_from, query.dated_to,
                      params)
    if query.day_from:
        clauses.append(f"({DAY_SQL}) >= ?")
        params.append(date_bound(query.day_from, end=False)[:10])
    if query.day_to:
        clauses.append(f"({DAY_SQL}) <= ?")
        params.append(date_bound(query.day_to, end=False)[:10])
    return clauses


def _where(query: ItemQuery) -> tuple[str, list[Any]]:
    params: list[Any] = []
    ids, _ = _id_clause(query, params)
    clauses = ([ids] if ids else []) + _column_clauses(query, params)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _range(column: str, low: str | None, high: str | None, params: list[Any]) -> list[str]:
    """``column`` between two ISO dates or date-times; a bare date as ``high`` is inclusive."""
    out = []
    if low:
        out.append(f"{column} >= ?")
        params.append(date_bound(low, end=False))
    if high:
        out.append(f"{column} < ?" if len(high.strip()) == 10 else f"{column} <= ?")
        params.append(date_bound(high, end=True))
    return out


def _report_clauses(statuses: tuple[str, ...], params: list[Any]) -> list[str]:
    if not statuses:
        return []
    for status in statuses:
        if status not in REPORT_FILTERS:
            raise UsageError("cases.unknown_status", status=status)
    parts = []
    if "any" in statuses:
        parts.append("i.id IN (SELECT item_id FROM platform_reports)")
    if "none" in statuses:
        parts.append("i.id NOT IN (SELECT item_id FROM platform_reports)")
    real = tuple(s for s in statuses if s in REPORT_STATUSES)
    if real:
        parts.append("i.id IN (SELECT item_id FROM platform_reports WHERE "
                     + _in("status", real, params) + ")")
    return ["(" + " OR ".join(parts) + ")"]


def _column(query: ItemQuery) -> str:
    if query.sort not in DATE_FIELDS:
        raise UsageError("cases.unknown_sort", sort=query.sort)
    return f"i.{DATE_FIELDS[query.sort]}"


# Above this many matching ids, walking the date index and probing the id set beats reading
# every matching row to sort it (measured by bench/search.py: random row reads are what cost;
# probing the in-memory id set of _matched, the walk costs more than sorting up to ~2,500 ids:
# 1,929 ids 1.2 ms walked, 0.7 ms sorted; 3,137 ids 0.8 ms walked, 2.4 ms sorted).
WALK_INDEX_ABOVE = 2500
_DATE_INDEX = {"imported": "items_imported", "posted": "items_posted", "seen": "items_seen"}

# The ids the id-set filters match, built once per query and kept in this connection's temp
# database (in memory: temp_store is MEMORY, checked at open), with what they were built from.
# The page and its count then read them instead of computing the search match and the links
# again (bench/search.py: the match was computed three times per page and count).
_MATCH = "temp.bayyina_match"
_MATCH_KEY = "temp.bayyina_match_key"


def _match_key(body: str, params: list[Any]) -> str:
    return repr((body, params))


def _matched(vault: Vault, query: ItemQuery,
             build: bool = True) -> tuple[str, list[Any], int] | None:
    """The id-set filters as ``i.id IN temp.bayyina_match``, the rest of the WHERE clauses with
    their parameters, and how many ids matched; None when there is no id set to build (or, with
    ``build`` false, none kept for this query).

    The set is rebuilt unless the one kept was built from the same SQL and parameters, on this
    connection, with no change since: no commit by another connection (``data_version``), no
    row changed by this one (``total_changes()``, which building the set itself moves last)."""
    sets, params, excluded = _id_sets(query)
    if not sets:
        return None
    # a link table alone may list an item twice: the table's primary key keeps it once (cheaper
    # than the DISTINCT of _id_clause)
    body = " INTERSECT ".join(sets) + "".join(f" EXCEPT {e}" for e in excluded)
    key = _match_key(body, params)
    conn = vault.conn
    with damage_guard():
        conn.execute(f"CREATE TABLE IF NOT EXISTS {_MATCH} (id INTEGER PRIMARY KEY)")
        conn.execute(f"CREATE TABLE IF NOT EXISTS {_MATCH_KEY} (key TEXT NOT NULL, "
                     "version INTEGER NOT NULL, changes INTEGER NOT NULL, n INTEGER NOT NULL)")
        row = conn.execute(f"SELECT n FROM {_MATCH_KEY} WHERE key = ? AND version = (SELECT "
                           "data_version FROM pragma_data_version) AND changes = total_changes()",
                           (key,)).fetchone()
        if row is not None:
            n = int(row[0])
        elif not build:
            return None
        else:
            conn.execute(f"DELETE FROM {_MATCH_KEY}")
            conn.execute(f"DELETE FROM {_MATCH}")
            n = conn.execute(f"INSERT OR IGNORE INTO {_MATCH} (id) SELECT * FROM ({body})",
                             params).rowcount
            # this INSERT adds one to total_changes() once it ends
            conn.execute(f"INSERT INTO {_MATCH_KEY} SELECT ?, data_version, total_changes() + 1, "
                         "? FROM pragma_data_version", (key, n))
    where: list[Any] = []
    clauses = [f"i.id IN {_MATCH}", *_column_clauses(query, where)]
    return " WHERE " + " AND ".join(clauses), where, n


def _page_ids(vault: Vault, query: ItemQuery) -> list[int]:
    """The ids of one page, in order. Only (id, date) are sorted; the rows are read afterwards,
    for the page alone — building every matching row before sorting was the slow part.

    Newest first: NULL dates sort last in DESC, so the date index serves the order directly.
    Oldest first: dated items, then undated ones, as two ordered halves of a UNION ALL so that
    each half can still walk an index and LIMIT stops early.
    """
    matched = _matched(vault, query)
    if matched is None:
        where, params = _where(query)
        hint = ""
    else:
        where, params, n = matched
        # many matching ids: walk the sort date's index, probing the set, rather than reading
        # every matching row to sort it
        hint = f" INDEXED BY {_DATE_INDEX[query.sort]}" if n > WALK_INDEX_ABOVE else ""
    column = _column(query)
    limit = -1 if query.limit is None else max(0, query.limit)
    page = [limit, max(0, query.offset)]
    if query.descending:
        sql = (f"SELECT i.id FROM items i{hint}{where} ORDER BY {column} DESC, i.id DESC "
               f"LIMIT ? OFFSET ?")
        return [int(r[0]) for r in vault.read(sql, [*params, *page])]
    joiner = " AND " if where else " WHERE "
    dated = (f"SELECT * FROM (SELECT i.id FROM items i{where}{joiner}{column} IS NOT NULL "
             f"ORDER BY {column} ASC, i.id ASC)")
    undated = (f"SELECT * FROM (SELECT i.id FROM items i{where}{joiner}{column} IS NULL "
               f"ORDER BY i.id ASC)")
    sql = f"{dated} UNION ALL {undated} LIMIT ? OFFSET ?"
    return [int(r[0]) for r in vault.read(sql, [*params, *params, *page])]


def list_items(vault: Vault, query: ItemQuery) -> list[ItemRow]:
    """One page of items matching ``query``, sorted by the chosen date."""
    ids = _page_ids(vault, query)
    if not ids:
        return []
    rows = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for r in vault.read(f"SELECT {_ROW_COLS} FROM items i WHERE i.id IN "
                            f"({', '.join('?' * len(chunk))})", chunk):
            sensitive = tuple(k for k, flag in zip(SENSITIVITY, r[9:12], strict=True) if flag)
            rows[int(r[0])] = ItemRow(ItemId(int(r[0])), r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                                      r[8], sensitive, bool(r[12]), r[13] or "", r[14],
                                      bool(r[15]), tuple(str(r[16]).split("\x1f")) if r[16]
                                      else (), bool(r[17]), bool(r[18]), bool(r[19]))
    return [rows[i] for i in ids if i in rows]


def count_items(vault: Vault, query: ItemQuery) -> int:
    """How many items match ``query`` (sorting and paging ignored).

    When every filter is a set of ids (text, cases, accounts, perpetrators, categories, report
    statuses, hiding the sensitive ones), the intersection of those sets is counted without
    reading a single item row: the search index holds exactly one row per item, and the link
    tables' ids are items' (foreign keys, deleted with the item; a flag's partial index holds
    item rows' ids). Right after the page of the same query, the ids that page built are counted
    instead (:func:`_matched`)."""
    params: list[Any]
    matched = _matched(vault, query, build=False)  # kept by the page just listed
    if matched is not None:
        where, params, n = matched
        if not _column_clauses(query, [], hidden_as_sets=True):
            if not query.hide_sensitive:
                return n
            flagged = " UNION ALL ".join(f"SELECT id FROM items WHERE {c} = 1"
                                         for c in SENSITIVITY.values())
            return n - int(vault.read(f"SELECT count(*) FROM {_MATCH} WHERE id IN ({flagged})")
                           [0][0])
        return int(vault.read(f"SELECT count(*) FROM items i{where}", params)[0][0])
    params = []
    _, body = _id_clause(query, params, hidden_as_sets=True)
    if body is not None and not _column_clauses(query, [], hidden_as_sets=True):
        return int(vault.read(f"SELECT count(*) FROM ({body})", params)[0][0])
    where, params = _where(query)
    return int(vault.read(f"SELECT count(*) FROM items i{where}", params)[0][0])
