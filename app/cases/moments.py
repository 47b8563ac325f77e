# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Marked moments of a recording: a note with its time code on the item ("02:13 — the threat"),
or with a span ("02:13–02:40 — the threat").

A moment is stored in ``item_moments`` (milliseconds from the start, and optionally where it
ends) with a custody entry in the same transaction (``moment.add``, ``moment.delete``). The times
must lie inside the recording when its duration is known, the end after the start; the label is
plain text, 1 to :data:`MAX_LABEL` characters. Moments travel in bundles (``items[].moments`` of
the manifest, ``end_ms`` only when there is an end) and come back in with a received item
(:func:`apply_received_moments`), marked ``source = 'bundle'``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from app.cases.store import new_uuid
from app.errors import AppError, UsageError
from app.vault import Tx, Vault
from app.vault.custody import utc_now

MAX_LABEL = 500
MAX_MOMENTS = 1000  # per item: what a manifest carries
_COLS = "id, uuid, item_id, at_ms, label, source, created_at, end_ms"
_TIME = re.compile(r"(?:(?:(?P<h>\d{1,3}):)?(?P<m>\d{1,2}):)?(?P<s>\d{1,6})(?:[.,](?P<f>\d{1,3}))?")


@dataclass(frozen=True)
class Moment:
    id: int
    uuid: str
    item_id: int
    at_ms: int
    label: str  # untrusted when source == "bundle": show it as plain text
    source: str
    created_at: str
    end_ms: int | None = None

    @property
    def timecode(self) -> str:
        """Where it starts (``02:13``)."""
        return timecode(self.at_ms)

    @property
    def span(self) -> str:
        """``02:13–02:40`` with an end, else ``02:13`` (what reports and lists show)."""
        return span(self.at_ms, self.end_ms)


def span(at_ms: int, end_ms: int | None) -> str:
    """``02:13–02:40`` (an en dash) or, without an end, ``02:13``."""
    return timecode(at_ms) if end_ms is None else f"{timecode(at_ms)}–{timecode(end_ms)}"


def parse_time(untrusted: str) -> int:
    """Milliseconds from ``MM:SS``, ``H:MM:SS`` or ``SECONDS`` (optional decimals).

    Raises:
        UsageError: ``moments.bad_time``.
    """
    text = untrusted.strip()
    m = _TIME.fullmatch(text)
    if m is None or (m.group("m") is not None and int(m.group("s")) > 59) \
            or (m.group("h") is not None and int(m.group("m")) > 59):
        raise UsageError("moments.bad_time", time=untrusted)
    seconds = int(m.group("s")) + 60 * int(m.group("m") or 0) + 3600 * int(m.group("h") or 0)
    fraction = (m.group("f") or "").ljust(3, "0")
    return seconds * 1000 + int(fraction or 0)


def timecode(ms: int) -> str:
    """``02:13`` below an hour, ``1:02:13`` above (Latin digits: a time code is a record)."""
    seconds = max(0, int(ms)) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _moment(row: tuple[Any, ...]) -> Moment:
    return Moment(int(row[0]), str(row[1]), int(row[2]), int(row[3]), str(row[4]), str(row[5]),
                  str(row[6]), None if row[7] is None else int(row[7]))


def _duration_ms(metadata: Any) -> int | None:
    try:
        meta = json.loads(metadata) if isinstance(metadata, str) else metadata
        value = meta["recording"]["duration_s"]
    except (TypeError, ValueError, KeyError):
        return None
    return int(round(float(value) * 1000)) if isinstance(value, int | float) else None


def _check(tx: Tx, item_id: int, at_ms: int, label: str,
           end_ms: int | None = None) -> tuple[str, str]:
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
    for value in (at_ms, end_ms):
        if value is not None and (value < 0 or (duration is not None and value > duration)):
            raise UsageError("moments.outside", at=timecode(value),
                             length=timecode(duration or 0))
    if end_ms is not None and end_ms <= at_ms:
        raise UsageError("moments.end_before_start", at=timecode(at_ms), end=timecode(end_ms))
    return str(row[0]), text


def add_moment(vault: Vault, item_id: int, at_ms: int, label: str,
               end_ms: int | None = None) -> Moment:
    """Mark the moment ``at_ms`` (to ``end_ms``, when given) of the item with ``label``; one
    ``moment.add`` custody entry.

    Raises:
        AppError: ``cases.item_not_found``. UsageError: ``moments.empty_label``,
            ``moments.label_too_long``, ``moments.outside`` (past the end of the recording),
            ``moments.end_before_start``.
    """
    with vault.write() as tx:
        return add_moment_tx(tx, item_id, int(at_ms), label,
                             end_ms=None if end_ms is None else int(end_ms))


def add_moment_tx(tx: Tx, item_id: int, at_ms: int, label: str, *, source: str = "local",
                  end_ms: int | None = None) -> Moment:
    """:func:`add_moment` inside the caller's write transaction."""
    item_uuid, text = _check(tx, item_id, at_ms, label, end_ms)
    count = tx.execute("SELECT COUNT(*) FROM item_moments WHERE item_id = ?",
                       (item_id,)).fetchone()[0]
    if int(count) >= MAX_MOMENTS:
        raise UsageError("moments.too_many", limit=MAX_MOMENTS)
    uid = new_uuid()
    cur = tx.execute("INSERT INTO item_moments (uuid, item_id, at_ms, end_ms, label, source, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (uid, item_id, at_ms, end_ms, text, source, utc_now()))
    details: dict[str, Any] = {"at_ms": at_ms, "timecode": timecode(at_ms), "label": text,
                               "source": source}
    if end_ms is not None:  # moments without an end keep the entry they always had
        details.update(end_ms=end_ms, span=span(at_ms, end_ms))
    tx.custody("moment.add", [f"item:{item_uuid}", f"moment:{uid}"], details)
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
        row = tx.execute("SELECT m.uuid, m.at_ms, m.label, i.uuid, m.end_ms FROM item_moments m "
                         "JOIN items i ON i.id = m.item_id WHERE m.id = ?",
                         (moment_id,)).fetchone()
        if row is None:
            raise AppError("moments.not_found", moment=moment_id)
        tx.execute("DELETE FROM item_moments WHERE id = ?", (moment_id,))
        details: dict[str, Any] = {"at_ms": int(row[1]), "timecode": timecode(int(row[1])),
                                   "label": str(row[2])}
        if row[4] is not None:
            details.update(end_ms=int(row[4]), span=span(int(row[1]), int(row[4])))
        tx.custody("moment.delete", [f"item:{row[3]}", f"moment:{row[0]}"], details)


def manifest_moments(vault: Vault, item_id: int) -> list[dict[str, Any]]:
    """The moments in manifest form (``items[].moments``; ``end_ms`` only for a span)."""
    return [{"at_ms": m.at_ms, "label": m.label,
             **({"end_ms": m.end_ms} if m.end_ms is not None else {})}
            for m in list_moments(vault, item_id)]


def apply_received_moments(tx: Tx, item_id: int, moments: Any) -> list[str]:
    """The moments of a received item (schema-checked by the manifest, values from another vault:
    each one is checked as a local one and left out, named in the result, when it fails)."""
    skipped: list[str] = []
    for m in moments or []:
        try:
            end = m.get("end_ms")
            add_moment_tx(tx, item_id, int(m["at_ms"]), str(m["label"]), source="bundle",
                          end_ms=None if end is None else int(end))
        except (AppError, KeyError, TypeError, ValueError):
            skipped.append(f"moment={m.get('at_ms') if isinstance(m, dict) else m}")
    return skipped
