# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Bundle numbers: taken for good before a bundle is written, so that a crash never gives a number
twice (:func:`app.handover.export_from_vault`).

1. :func:`reserve_seq` — ``meta.bundle_seq`` advances and ``meta export_pending:<bundle id>``
   records the export (its process id), with an ``export.reserve`` custody entry naming the items;
   exports that died leave their key, which the next reservation closes (``export.interrupted``,
   saying whether the file may exist on a drive).
2. :func:`record_written` — the file is whole, fsynced and verified on read-back but not yet
   published: from here it may exist, so ``meta.bundle_last_sha256`` (what the next bundle names
   as its predecessor) becomes its SHA-256.
3. the caller publishes the file, then records the ``export`` entry and the ``bundle_exports``
   row and removes the pending key; a failure in-process calls :func:`abandon`
   (``export.failed``): the number stays used, the chain goes back to the previous bundle.

A bundle whose number was reserved but which never reached the organisation is a gap there
("bundle N never arrived"), recorded by ``receive``; the chain check is unchanged, since the next
bundle names as previous exactly the last file that may exist.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence

from app.errors import AppError
from app.handover.staging import process_alive
from app.vault.core import Vault

PENDING = "export_pending:"  # meta key of a reserved bundle number, until the export ends
ACTIVE: set[str] = set()  # bundle ids being exported by this process


def reserve_seq(vault: Vault, bundle_id: str, created_at: str,
                item_uuids: Sequence[str]) -> tuple[int, str | None]:
    """Take the next bundle number for good (a custody entry ``export.reserve``) before anything
    is written, so that no number that may exist on a drive is ever given again; close what
    exports that died left reserved (``export.interrupted``). Returns (seq, previous SHA-256)."""
    with vault.write() as tx:
        for key, value in tx.execute("SELECT key, value FROM meta WHERE key LIKE ?",
                                     (PENDING + "%",)).fetchall():
            other = str(key)[len(PENDING):]
            info = json.loads(value)
            if other in ACTIVE or (info.get("pid") != os.getpid()
                                    and process_alive(info.get("pid"))):
                continue
            tx.execute("DELETE FROM meta WHERE key = ?", (key,))
            tx.custody("export.interrupted", [f"bundle:{other}"], {
                "bundle_id": other, "bundle_seq": info.get("seq"),
                "sha256": info.get("sha256"), "may_exist": info.get("sha256") is not None})
        row = tx.execute("SELECT value FROM meta WHERE key = 'bundle_seq'").fetchone()
        seq = int(row[0] if row else 0) + 1
        prev_row = tx.execute("SELECT value FROM meta WHERE key = 'bundle_last_sha256'").fetchone()
        prev = str(prev_row[0]) if prev_row and prev_row[0] else None
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('bundle_seq', ?)", (seq,))
        tx.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (PENDING + bundle_id, json.dumps(
            {"seq": seq, "pid": os.getpid(), "previous": prev, "sha256": None})))
        tx.custody("export.reserve", [f"bundle:{bundle_id}"] + [f"item:{u}" for u in item_uuids],
                   {"bundle_id": bundle_id, "bundle_seq": seq, "previous_bundle_sha256": prev,
                    "created_at": created_at})
    ACTIVE.add(bundle_id)
    return seq, prev


def record_written(vault: Vault, bundle_id: str, seq: int, prev: str | None, sha: str,
                   size: int) -> None:
    """The file is whole and verified but has no name yet: from here it may exist on a drive, so
    the next bundle chains to it (``bundle_last_sha256``). Another export that recorded its file
    since this one was reserved would fork the chain: refused."""
    with vault.write() as tx:
        row = tx.execute("SELECT value FROM meta WHERE key = 'bundle_last_sha256'").fetchone()
        if (str(row[0]) if row and row[0] else None) != prev:
            raise AppError("handover.concurrent_export")
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('bundle_last_sha256', ?)",
                   (sha,))
        tx.execute("UPDATE meta SET value = ? WHERE key = ?", (json.dumps(
            {"seq": seq, "pid": os.getpid(), "previous": prev, "sha256": sha, "size": size}),
            PENDING + bundle_id))


def abandon(vault: Vault, bundle_id: str, seq: int, prev: str | None, written: list[str],
            exc: BaseException) -> None:
    """An export that failed here (not a crash): nothing was published (or it was removed), so
    the chain goes back to the previous bundle (``written``: the SHA-256 recorded for the file,
    empty when there is none or it may still exist); the number stays used (``export.failed``)."""
    with contextlib.suppress(Exception), vault.write() as tx:
        tx.execute("DELETE FROM meta WHERE key = ?", (PENDING + bundle_id,))
        if written:
            row = tx.execute("SELECT value FROM meta WHERE key = 'bundle_last_sha256'"
                             ).fetchone()
            if row and row[0] == written[0]:
                tx.execute("DELETE FROM meta WHERE key = 'bundle_last_sha256'")
                if prev is not None:
                    tx.execute("INSERT INTO meta (key, value) VALUES ('bundle_last_sha256', ?)",
                               (prev,))
        tx.custody("export.failed", [f"bundle:{bundle_id}"], {
            "bundle_id": bundle_id, "bundle_seq": seq,
            "reason": exc.code if isinstance(exc, AppError) else type(exc).__name__})
