# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The tamper-evident custody log: append-only, hash-chained, written in the same transaction as
the change it records.

Entry (``docs/design.md`` §Custody log): ``seq``, ``ts`` (UTC), ``action``, ``subjects`` (ids such
as ``item:<uuid>``), ``item_id`` (the first item's uuid or null), ``data_sha256`` (SHA-256 of the
canonical JSON of the details acted on), ``prev`` (the previous entry's hash; 64 zeros for the
first) and ``entry_sha256``: SHA-256 of the canonical JSON of all those fields. The details
themselves stay inside the vault, bound to the entry by ``data_sha256``. Triggers refuse UPDATE and
DELETE; the chain head and length are mirrored in ``meta`` so truncation is detected too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.vault.connection import Connection

GENESIS = "0" * 64
ENTRY_FIELDS = ("seq", "ts", "action", "subjects", "item_id", "data_sha256", "prev")


def canonical_json(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def entry_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "entry_sha256"}
    return hashlib.sha256(canonical_json(body)).hexdigest()


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def head(conn: Connection) -> tuple[int, str]:
    row = conn.execute("SELECT seq, entry_sha256 FROM custody ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def append(conn: Connection, action: str, subjects: list[str],
           details: dict[str, Any]) -> dict[str, Any]:
    """Append one entry. Must be called inside the caller's write transaction."""
    seq, prev = head(conn)
    item_id = next((s.split(":", 1)[1] for s in subjects if s.startswith("item:")), None)
    entry: dict[str, Any] = {
        "seq": seq + 1,
        "ts": utc_now(),
        "action": action,
        "subjects": list(subjects),
        "item_id": item_id,
        "data_sha256": hashlib.sha256(canonical_json(details)).hexdigest(),
        "prev": prev,
    }
    entry["entry_sha256"] = entry_hash(entry)
    conn.execute(
        "INSERT INTO custody (seq, ts, action, subjects, item_id, data_sha256, prev, entry_sha256,"
        " details) VALUES (?,?,?,?,?,?,?,?,?)",
        (entry["seq"], entry["ts"], action, json.dumps(entry["subjects"]), item_id,
         entry["data_sha256"], prev, entry["entry_sha256"], canonical_json(details).decode()),
    )
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('custody_head', ?)",
                 (f"{entry['seq']}:{entry['entry_sha256']}",))
    return entry


def row_to_entry(row: tuple[Any, ...]) -> dict[str, Any]:
    seq, ts, action, subjects, item_id, data_sha, prev, entry_sha = row[:8]
    return {"seq": seq, "ts": ts, "action": action, "subjects": json.loads(subjects),
            "item_id": item_id, "data_sha256": data_sha, "prev": prev, "entry_sha256": entry_sha}


SELECT_ENTRY = ("SELECT seq, ts, action, subjects, item_id, data_sha256, prev, entry_sha256,"
                " details FROM custody")


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    head: str
    first_bad_seq: int | None = None
    reason: str | None = None  # machine reason: hash, link, gap, details, head


def verify(conn: Connection) -> ChainReport:
    """Walk the whole chain; name the first broken entry."""
    expected_seq, prev = 1, GENESIS
    count = 0
    for row in conn.execute(SELECT_ENTRY + " ORDER BY seq"):
        entry = row_to_entry(row)
        details = row[8]
        if entry["seq"] != expected_seq:
            return ChainReport(False, count, prev, expected_seq, "gap")
        if entry["prev"] != prev:
            return ChainReport(False, count, prev, entry["seq"], "link")
        if entry_hash(entry) != entry["entry_sha256"]:
            return ChainReport(False, count, prev, entry["seq"], "hash")
        try:
            details_hash = hashlib.sha256(canonical_json(json.loads(details))).hexdigest()
        except (ValueError, TypeError):
            details_hash = ""
        if details_hash != entry["data_sha256"]:
            return ChainReport(False, count, prev, entry["seq"], "details")
        prev = entry["entry_sha256"]
        expected_seq += 1
        count += 1
    row = conn.execute("SELECT value FROM meta WHERE key = 'custody_head'").fetchone()
    recorded = str(row[0]) if row else "0:" + GENESIS
    if recorded != f"{count}:{prev}":
        return ChainReport(False, count, prev, count + 1, "head")
    return ChainReport(True, count, prev)


def entries(conn: Connection, item_uuid: str | None = None) -> list[dict[str, Any]]:
    if item_uuid:
        rows = conn.execute(SELECT_ENTRY + " WHERE subjects LIKE ? ORDER BY seq",
                            (f'%"item:{item_uuid}"%',))
    else:
        rows = conn.execute(SELECT_ENTRY + " ORDER BY seq")
    out = []
    for row in rows:
        entry = row_to_entry(row)
        entry["details"] = json.loads(row[8])
        out.append(entry)
    return out
