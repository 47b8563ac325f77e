# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Marked moments of a recording: a note with its time code on the item ("02:13 — the threat").

A moment is stored in ``item_moments`` (milliseconds from the start) with a custody entry in the
same transaction (``moment.add``, ``moment.delete``). The time must lie inside the recording when
its duration is known; the label is plain text, 1 to :data:`MAX_LABEL` characters. Moments travel
in bundles (``items[].moments`` of the manifest) and come back in with a received item
(:func:`apply_received_moments`), marked ``source = 'bundle'``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.cases.store import new_uuid
from app.errors import AppError, UsageError
from app.vault import Tx, Vault
from app.vault.custody import utc_now

MAX_LABEL = 500
MAX_MOMENTS = 1000  # per item: what a manifest carries
_COLS = "id, uuid, item_id, at_ms, label, source, created_at"


@dataclass(frozen=True)
class Moment:
    id: int
    uuid: str
    item_id: int
    at_ms: int
    label: str  # untrusted when source == "bundle": show it as plain text
    source: str
    created_at: str

    @property
    def timecode(self) -> str:
        return timecode(self.at_ms)


def timecode(ms: int) -> str:
    """``02:13`` below an hour, ``1:02:13`` above (Latin digits: a time code is a record)."""
    seconds = max(0, int(ms)) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _moment(row: tuple[Any, ...]) -> Moment:
    return Moment(int(row[0]), str(row[1]), int(row[2]), int(row[3]), str(row[4]), str(row[5]),
                  str(row[6]))


def _duration_ms(metadata: Any) -> int | None:
    try:
        meta = json.loads(metadata) if isinstance(metadata, str) else metadata
        value = meta["recording"]["duration_s"]
    except (TypeError, ValueError, KeyError):
        return None
    return int(round(float(value) * 1000)) if isinstance(value, int | float) else None


def _check(tx: Tx, item_id: int, at_ms: int, label: str) -> tuple[str, str]:
    """(the item's uuid, the label stripped), or a UsageError in her words."""
    row = tx.execute("SELECT uuid, metadata FROM items WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise AppError("cases.item_not_found", item=item_id)
    text = " ".join(str(label).split())
    if not text:
        raise UsageError("moments.empty_label")
    if len(text) > MAX_LABEL:
        raise UsageError("moments.label_too_long", limit=MAX_LABEL)
    duration = _duration_ms(row[1])
    if at_ms < 0 or (duration is not None and at_ms > duration):
        raise UsageError("moments.outside", at=timecode(at_ms),
                         length=timecode(duration or 0))
    return str(row[0]), text


def add_moment(vault: Vault, item_id: int, at_ms: int, label: str) -> Moment:
    """Mark the moment ``at_ms`` of the item with ``label``; one ``moment.add`` custody entry.

    Raises:
        AppError: ``cases.item_not_found``. UsageError: ``moments.empty_label``,
            ``moments.label_too_long``, ``moments.outside`` (past the end of the recording).
    """
    with vault.write() as tx:
        return add_moment_tx(tx, item_id, int(at_ms), label)


def add_moment_tx(tx: Tx, item_id: int, at_ms: int, label: str, *, source: str = "local"
                  ) -> Moment:
    """:func:`add_moment` inside the caller's write transaction."""
    item_uuid, text = _check(tx, item_id, at_ms, label)
    count = tx.execute("SELECT COUNT(*) FROM item_moments WHERE item_id = ?",
                       (item_id,)).fetchone()[0]
    if int(count) >= MAX_MOMENTS:
        raise UsageError("moments.too_many", limit=MAX_MOMENTS)
    uid = new_uuid()
    cur = tx.execute("INSERT INTO item_moments (uuid, item_id, at_ms, label, source, created_at)"
                     " VALUES (?, ?, ?, ?, ?, ?)", (uid, item_id, at_ms, text, source, utc_now()))
    tx.custody("moment.add", [f"item:{item_uuid}", f"moment:{uid}"],
               {"at_ms": at_ms, "timecode": timecode(at_ms), "label": text, "source": source})
    row = tx.execute(f"SELECT {_COLS} FROM item_moments WHERE id = ?",
                     (cur.lastrowid,)).fetchone()
    return _moment(row)


def list_moments(vault: Vault, item_id: int) -> list[Moment]:
    """The item's moments, earliest first."""
    return [_moment(r) for r in vault.read(
        f"SELECT {_COLS} FROM item_moments WHERE item_id = ? ORDER BY at_ms, id", (item_id,))]


def delete_moment(vault: Vault, moment_id: int) -> None:
    """Remove one moment; the ``moment.delete`` custody entry keeps what it said.

    Raises:
        AppError: ``moments.not_found``.
    """
    with vault.write() as tx:
        row = tx.execute("SELECT m.uuid, m.at_ms, m.label, i.uuid FROM item_moments m "
                         "JOIN items i ON i.id = m.item_id WHERE m.id = ?",
                         (moment_id,)).fetchone()
        if row is None:
            raise AppError("moments.not_found", moment=moment_id)
        tx.execute("DELETE FROM item_moments WHERE id = ?", (moment_id,))
        tx.custody("moment.delete", [f"item:{row[3]}", f"moment:{row[0]}"],
                   {"at_ms": int(row[1]), "timecode": timecode(int(row[1])),
                    "label": str(row[2])})


def manifest_moments(vault: Vault, item_id: int) -> list[dict[str, Any]]:
    """The moments in manifest form (``items[].moments``)."""
    return [{"at_ms": m.at_ms, "label": m.label} for m in list_moments(vault, item_id)]


def apply_received_moments(tx: Tx, item_id: int, moments: Any) -> list[str]:
    """The moments of a received item (schema-checked by the manifest, values from another vault:
    each one is checked as a local one and left out, named in the result, when it fails)."""
    skipped: list[str] = []
    for m in moments or []:
        try:
            add_moment_tx(tx, item_id, int(m["at_ms"]), str(m["label"]), source="bundle")
        except (AppError, KeyError, TypeError, ValueError):
            skipped.append(f"moment={m.get('at_ms') if isinstance(m, dict) else m}")
    return skipped
