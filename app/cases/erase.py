# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Quick delete (issue 16): a case and its evidence, or the whole vault, gone at once.

Every connection has ``secure_delete`` on (:mod:`app.vault.connection`). A case: the case row,
and every item that is in no other case — its original, clean copy,
thumbnail, tags, notes, links, search entries, lens data — deleted in one transaction with
``secure_delete`` on (freed pages overwritten before they are encrypted and written), the search
index merged so that no old segment keeps their words, and the write-ahead log checkpointed and
truncated. Items that are also in another case stay, linked to it. The custody log gets one
tombstone — ``case.erase``, what kind of thing and when, how many items; never a title, a note or
a file name — and still verifies.

What stays (``docs/threat-model.md``): the custody log is append-only and hash-chained, so the
entries written before (a case's title when it was made, an imported file's name and hash) stay
in it; only ``delete --all``, which crypto-erases the vault, removes those.

The whole vault: :func:`app.vault.duress.erase` (every key slot overwritten, then the databases
removed); the key file keeps the mark of when.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.cases import index
from app.cases.store import get_case
from app.vault import Vault, duress
from app.vault.connection import damage_guard


@dataclass(frozen=True)
class ErasedCase:
    items_deleted: int
    items_kept: int  # also in another case


def _flush(vault: Vault) -> None:
    """Merge the search index (no old segment keeps a deleted word) and truncate the WAL."""
    with damage_guard():
        vault.conn.execute("INSERT INTO item_fts (item_fts) VALUES ('optimize')")
        vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def erase_case(vault: Vault, title: str) -> ErasedCase:
    """Delete the case titled ``title`` and the items that are only in it (see the module)."""
    case = get_case(vault, title)
    with vault.write() as tx:
        rows = tx.execute(
            "SELECT ic.item_id, i.uuid, (SELECT count(*) FROM item_cases o"
            " WHERE o.item_id = ic.item_id AND o.case_id != ic.case_id)"
            " FROM item_cases ic JOIN items i ON i.id = ic.item_id WHERE ic.case_id = ?",
            (case.id,)).fetchall()
        only_here = [(int(r[0]), str(r[1])) for r in rows if int(r[2]) == 0]
        kept = len(rows) - len(only_here)
        for item_id, _uuid in only_here:
            tx.execute("DELETE FROM item_fts WHERE rowid = ?", (item_id,))
            tx.execute("DELETE FROM chat_fts WHERE rowid IN (SELECT id FROM chat_messages "
                       "WHERE item_id = ?)", (item_id,))  # a chat's messages (issue 14)
            tx.execute("DELETE FROM items WHERE id = ?", (item_id,))
        tx.execute("DELETE FROM cases WHERE id = ?", (case.id,))
        # the items kept no longer carry the case's title in the search index
        index.reindex(tx.conn, [int(r[0]) for r in rows if int(r[2]) > 0])
        tx.custody("case.erase", [f"case:{case.uuid}", *(f"item:{u}" for _i, u in only_here)],
                   {"kind": "case", "items_deleted": len(only_here), "items_kept": kept})
    _flush(vault)
    return ErasedCase(len(only_here), kept)


def erase_all(vault: Vault) -> None:
    """The whole vault crypto-erased: its key slots (and a decoy's) overwritten, then the
    database files removed; the vault is locked."""
    path, key_file = vault.path, vault._key_file
    vault.lock()
    duress.erase(path, key_file)
