# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Reposts of the same picture: PDQ hashes per item, a multi-index to match them fast, clusters
of near-duplicates, and tags applied to a whole cluster.

Matching. Each hash is split into 16 chunks of 16 bits, stored in ``pdq_chunks`` (see migration
7). If two hashes are within distance ``t``, at least one chunk position differs in at most
``t // 16`` bits (pigeonhole: otherwise every one of the 16 positions differs in ≥ ``t // 16 + 1``
bits and the total exceeds ``t``). For the default ``t = 31`` a query therefore looks up, per
position, its own value and its 16 one-bit neighbours (272 index keys), and checks the full
distance of the few candidates: exactly the matches a brute-force scan finds. Thresholds above 31
are allowed; they scan every hash (still exact, slower).

Clusters are the connected components of "some hash of item A is within ``t`` of some hash of
item B" (the ``whole``, ``inner`` and ``centre:N`` hashes all count, so a screenshot joins the
cluster of the picture it shows and a cropped copy that of its original). A pair in which either
hash is a text-only picture's (``text``) must be within ``min(t, TEXT_THRESHOLD)``: different
posts on the same platform template are otherwise within ``t`` of each other (see
:mod:`app.media.pdq`). They are computed in memory from the same chunks, vectorised.

Custody: hashes are derived data, recomputed from the sealed copy by a recorded algorithm; storing
them appends no custody entry. Tagging a cluster is one ``item.tag`` entry per member (the same
entries as tagging each item by hand), in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from app.cases.model import TagChanges
from app.cases.stats import INSTANT_SQL
from app.cases.tagging import apply_tags
from app.errors import AppError
from app.media.pdq import (
    DEFAULT_THRESHOLD,
    PdqHash,
    hashes_of,
    is_hash,
    is_text_kind,
    pair_threshold,
)
from app.vault import Vault
from app.vault.connection import Connection

CHUNKS = 16
MAX_THRESHOLD = 128
_MASKS = (0, *(1 << b for b in range(16)))


@dataclass(frozen=True)
class Match:
    """One stored hash within the threshold of a query hash."""

    item_id: int
    kind: str
    hash: str
    distance: int


@dataclass(frozen=True)
class SimilarItem:
    """An item near another: its best distance, and which hashes met (``whole``/``inner``…)."""

    item_id: int
    distance: int
    kind: str
    query_kind: str


@dataclass(frozen=True)
class Cluster:
    """Near-duplicates: member item ids, the accounts that posted them (``platform:handle``), the
    platforms they were posted on, and their first and last date (UTC instants)."""

    members: tuple[int, ...]
    accounts: tuple[str, ...]
    platforms: tuple[str, ...]
    first: str | None
    last: str | None

    @property
    def size(self) -> int:
        return len(self.members)


def require_threshold(threshold: int) -> int:
    if not 0 <= threshold <= MAX_THRESHOLD:
        raise AppError("lens.bad_threshold", threshold=threshold, limit=MAX_THRESHOLD)
    return threshold


def chunks_of(hash_hex: str) -> list[int]:
    """The 16 index keys of a hash: ``position * 65536 + value``."""
    value = int(hash_hex, 16)
    return [p * 65536 + ((value >> (16 * (CHUNKS - 1 - p))) & 0xFFFF) for p in range(CHUNKS)]


def _neighbour_keys(hash_hex: str) -> list[int]:
    keys = []
    for key in chunks_of(hash_hex):
        base, value = key & ~0xFFFF, key & 0xFFFF
        keys += [base | (value ^ m) for m in _MASKS]
    return keys


# --- storing ---------------------------------------------------------------------------------
def store_hashes_tx(conn: Connection, item_id: int, hashes: Sequence[PdqHash]) -> None:
    """Replace the item's hashes (and their index rows) inside the caller's transaction."""
    conn.execute("DELETE FROM item_pdq WHERE item_id = ?", (item_id,))
    for h in hashes:
        if not is_hash(h.hash):
            raise ValueError("not a PDQ hash")
        cur = conn.execute(
            "INSERT INTO item_pdq (item_id, kind, hash, quality, box) VALUES (?, ?, ?, ?, ?)",
            (item_id, h.kind, h.hash, int(h.quality),
             json.dumps(list(h.box)) if h.box else None))
        pdq_id = int(cur.lastrowid or 0)
        conn.executemany("INSERT OR IGNORE INTO pdq_chunks (chunk, pdq_id) VALUES (?, ?)",
                         [(key, pdq_id) for key in chunks_of(h.hash)])


def hash_item_tx(conn: Connection, item_id: int, image: Image.Image) -> list[PdqHash]:
    """Hash a decoded picture of ``item_id`` (``whole`` and, inside a screenshot, ``inner``) and
    store it, marking the item's ``pdq`` work done — for the import, inside its transaction."""
    hashes = hashes_of(image)
    store_done_tx(conn, item_id, hashes)
    return hashes


def store_done_tx(conn: Connection, item_id: int, hashes: Sequence[PdqHash]) -> None:
    """Store the item's hashes (a document's pages, a recording's keyframes: possibly none) and
    mark its ``pdq`` work done, inside the caller's transaction."""
    store_hashes_tx(conn, item_id, hashes)
    conn.execute("INSERT OR REPLACE INTO lens_work (item_id, task, state, attempts, error, "
                 "updated_at) VALUES (?, 'pdq', 'done', 0, NULL, datetime('now'))", (item_id,))


def item_hashes(conn: Connection, item_id: int) -> list[PdqHash]:
    rows = conn.execute("SELECT kind, hash, quality, box FROM item_pdq WHERE item_id = ? "
                        "ORDER BY kind = 'whole' DESC, kind", (item_id,)).fetchall()
    return [PdqHash(str(k), str(h), int(q), tuple(json.loads(b)) if b else None)
            for k, h, q, b in rows]


# --- matching --------------------------------------------------------------------------------
def match(conn: Connection, hash_hex: str, threshold: int = DEFAULT_THRESHOLD,
          kind: str = "whole") -> list[Match]:
    """Every stored hash within ``threshold`` of ``hash_hex`` (a hash of this ``kind``), nearest
    first (exact; a text-only picture's hashes within the stricter :func:`pair_threshold`)."""
    require_threshold(threshold)
    if threshold >= 2 * CHUNKS:
        return brute_force_match(conn, hash_hex, threshold, kind)
    keys = _neighbour_keys(hash_hex) if threshold >= CHUNKS else chunks_of(hash_hex)
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT DISTINCT p.item_id, p.kind, p.hash FROM pdq_chunks c JOIN item_pdq p "
        f"ON p.id = c.pdq_id WHERE c.chunk IN ({marks})", keys).fetchall()
    query = int(hash_hex, 16)
    out = []
    for item_id, other, h in rows:
        d = (query ^ int(h, 16)).bit_count()
        if d <= pair_threshold(kind, str(other), threshold):
            out.append(Match(int(item_id), str(other), str(h), d))
    out.sort(key=lambda m: (m.distance, m.item_id, m.kind))
    return out


def brute_force_match(conn: Connection, hash_hex: str, threshold: int,
                      kind: str = "whole") -> list[Match]:
    """:func:`match` by scanning every hash (the baseline of tests and benches)."""
    query = int(hash_hex, 16)
    out = []
    for item_id, other, h in conn.execute("SELECT item_id, kind, hash FROM item_pdq"):
        d = (query ^ int(h, 16)).bit_count()
        if d <= pair_threshold(kind, str(other), threshold):
            out.append(Match(int(item_id), str(other), str(h), d))
    out.sort(key=lambda m: (m.distance, m.item_id, m.kind))
    return out


def similar_items(vault: Vault, item_id: int,
                  threshold: int = DEFAULT_THRESHOLD) -> list[SimilarItem]:
    """Items with a hash within ``threshold`` of one of ``item_id``'s, nearest first."""
    conn = vault.conn
    if conn.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone() is None:
        raise AppError("item.not_found", item=item_id)
    best: dict[int, SimilarItem] = {}
    for own in item_hashes(conn, item_id):
        for m in match(conn, own.hash, threshold, own.kind):
            if m.item_id == item_id:
                continue
            seen = best.get(m.item_id)
            if seen is None or m.distance < seen.distance:
                best[m.item_id] = SimilarItem(m.item_id, m.distance, m.kind, own.kind)
    return sorted(best.values(), key=lambda s: (s.distance, s.item_id))


# --- clusters --------------------------------------------------------------------------------
def _as_words(hashes: Sequence[str]) -> NDArray[np.uint64]:
    raw = b"".join(bytes.fromhex(h) for h in hashes)
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64).reshape(-1, 4)


def _close_pairs(words: NDArray[np.uint64], threshold: int) -> NDArray[np.int64]:
    """Index pairs (i < j) of rows within ``threshold``, exact (see the module docstring)."""
    n = len(words)
    found: list[NDArray[np.int64]] = []
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    if threshold >= 2 * CHUNKS or n <= 256:
        for i in range(n - 1):
            d = np.bitwise_count(words[i + 1:] ^ words[i]).sum(axis=1)
            js = np.flatnonzero(d <= threshold) + i + 1
            found.append(np.stack([np.full(js.size, i), js], axis=1))
        return np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
    masks = _MASKS if threshold >= CHUNKS else (0,)
    for p in range(CHUNKS):
        word, shift = divmod(p, 4)
        vals = ((words[:, word] >> np.uint64(16 * (3 - shift))) & np.uint64(0xFFFF)).astype(
            np.int64)
        order = np.argsort(vals, kind="stable")
        ordered = vals[order]
        for m in masks:
            keys = vals ^ m
            lo = np.searchsorted(ordered, keys, "left")
            hi = np.searchsorted(ordered, keys, "right")
            counts = hi - lo
            total = int(counts.sum())
            if not total:
                continue
            left = np.repeat(np.arange(n), counts)
            offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            right = order[np.repeat(lo, counts) + offsets]
            keep = left < right
            left, right = left[keep], right[keep]
            d = np.bitwise_count(words[left] ^ words[right]).sum(axis=1)
            close = d <= threshold
            found.append(np.stack([left[close], right[close]], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(found), axis=0)


def cluster_members(conn: Connection, threshold: int = DEFAULT_THRESHOLD,
                    item_ids: Iterable[int] | None = None) -> list[tuple[int, ...]]:
    """Connected components (≥ 2 items) of near-duplicate items, largest first.

    ``item_ids`` restricts the clustering to those items (a case's)."""
    require_threshold(threshold)
    rows = conn.execute(
        "SELECT item_id, hash, kind FROM item_pdq ORDER BY item_id, kind").fetchall()
    if item_ids is not None:
        wanted = set(item_ids)
        rows = [r for r in rows if r[0] in wanted]
    if len(rows) < 2:
        return []
    owners = [int(r[0]) for r in rows]
    words = _as_words([str(r[1]) for r in rows])
    pairs = _close_pairs(words, threshold)
    text = np.array([is_text_kind(str(r[2])) for r in rows], dtype=bool)
    if pairs.size and text.any():
        strict = text[pairs[:, 0]] | text[pairs[:, 1]]
        d = np.bitwise_count(words[pairs[:, 0]] ^ words[pairs[:, 1]]).sum(axis=1)
        pairs = pairs[~strict | (d <= pair_threshold("text", "text", threshold))]
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs.tolist():
        a, b = find(owners[i]), find(owners[j])
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for item in parent:
        groups.setdefault(find(item), []).append(item)
    out = [tuple(sorted(g)) for g in groups.values() if len(g) > 1]
    out.sort(key=lambda g: (-len(g), g[0]))
    return out


def describe_members(conn: Connection, members: Sequence[int]) -> Cluster:
    """Accounts, platforms and date span of a set of items."""
    marks = ",".join("?" * len(members))
    accounts = tuple(f"{r[0]}:{r[1]}" for r in conn.execute(
        f"SELECT DISTINCT a.platform, a.handle FROM item_accounts ia JOIN accounts a "
        f"ON a.id = ia.account_id WHERE ia.item_id IN ({marks}) ORDER BY a.platform, "
        f"a.handle_norm", list(members)))
    platforms = {str(r[0]) for r in conn.execute(
        f"SELECT DISTINCT platform FROM items WHERE platform IS NOT NULL AND id IN ({marks})",
        list(members))}
    platforms |= {a.split(":", 1)[0] for a in accounts}
    first, last = conn.execute(
        f"SELECT min({INSTANT_SQL}), max({INSTANT_SQL}) FROM items i WHERE i.id IN ({marks})",
        list(members)).fetchone()
    return Cluster(tuple(members), accounts, tuple(sorted(platforms)), first, last)


def clusters(vault: Vault, threshold: int = DEFAULT_THRESHOLD,
             item_ids: Iterable[int] | None = None) -> list[Cluster]:
    """Every cluster of near-duplicates, with who posted them, where and when; largest first."""
    conn = vault.conn
    return [describe_members(conn, m) for m in cluster_members(conn, threshold, item_ids)]


def cluster_of(vault: Vault, item_id: int, threshold: int = DEFAULT_THRESHOLD) -> Cluster | None:
    """The cluster ``item_id`` belongs to, or None when it has no near-duplicate."""
    for members in cluster_members(vault.conn, threshold):
        if item_id in members:
            return describe_members(vault.conn, members)
    return None


def tag_cluster(vault: Vault, members: Sequence[int], changes: TagChanges) -> int:
    """Apply ``changes`` to every member in one transaction (one ``item.tag`` custody entry per
    member that changed, exactly as tagging each by hand). Returns how many members there were."""
    with vault.write() as tx:
        for item_id in members:
            apply_tags(tx, int(item_id), changes)
    return len(members)
