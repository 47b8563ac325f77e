# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Hash lists for a platform's report: the PDQ hashes of items, without the pictures.

For intimate images above all, a defender must never have to send the image itself: platforms'
hash-matching systems (Meta's ThreatExchange and the tools built on it, StopNCII-style programmes)
take the PDQ hash instead. The list holds, per hash, only what such a system reads:

- ``signal_type``: ``pdq`` (ThreatExchange's name for the signal type);
- ``pdq``: the hash, 64 lowercase hex digits, most significant bit first (ThreatExchange's text
  form, :mod:`app.media.pdq`);
- ``quality``: PDQ's own 0–100 figure (matching systems usually ignore hashes under 50);
- ``item_id``: the item's number in this vault, so an answer can be traced back to the item;
- ``part``: which picture of the item (``whole``; ``inner`` for the picture inside a screenshot;
  ``text`` for the whole of a text-only screenshot and ``text:small`` for it reduced to 128 px
  wide (Bayyina's own, which finds resized copies); ``centre:N`` for a photograph's centre with
  N % of each side cut away, which finds cropped copies; ``page:N`` for the picture of page N of a
  document; ``frame:MS`` for a video keyframe MS milliseconds in; the last two with ``:inner`` or
  ``:text``);
- ``label``: the one label given for the whole list (a case or report reference), else empty.

Nothing else leaves: no file name, account, date, note, description or tag, and never a
picture. Formats: ``csv`` (UTF-8 without a BOM, a header row, ``\\n`` line ends, the columns in
the order above; a label starting like a spreadsheet formula gets a leading ``'``) and ``json``
(``{"format": "bayyina-pdq-hashlist", "version": 1, "signal_type": "pdq", "threshold": 31,
"label", "hashes": [{"pdq", "quality", "item_id", "part", "label"}]}``, one line).

The file is written through :func:`app.safefile.new_file` (a new file only, owner-only,
fsynced). Exporting appends a ``hash-export`` custody entry naming the items, the format, the
number of hashes and the file's SHA-256.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.cases.similar import item_hashes
from app.cases.tagging import item_uuid
from app.errors import AppError
from app.exports.rows import cell, select_items
from app.media.pdq import DEFAULT_THRESHOLD
from app.safefile import new_file
from app.textsafety import clean_untrusted
from app.vault import Vault

FORMATS = ("csv", "json")
COLUMNS = ("signal_type", "pdq", "quality", "item_id", "part", "label")
SIGNAL_TYPE = "pdq"
MAX_LABEL = 200


@dataclass(frozen=True)
class HashListResult:
    out: Path
    format: str
    item_ids: tuple[int, ...]     # the items whose hashes are in the list
    without_hash: tuple[int, ...]  # selected items with no hash (not yet hashed, or no picture)
    hashes: int
    sha256: str
    custody_seq: int


def _label(label: str | None) -> str:
    text = " ".join(clean_untrusted(label or "", 10 * MAX_LABEL).split())
    if len(text) > MAX_LABEL:
        raise AppError("lens.label_too_long", limit=MAX_LABEL)
    return text


def hash_rows(vault: Vault, item_ids: Sequence[int], label: str = ""
              ) -> list[dict[str, str | int]]:
    """The list's rows for ``item_ids``, in that order (each item's ``whole`` hash first)."""
    rows: list[dict[str, str | int]] = []
    for item_id in item_ids:
        for h in item_hashes(vault.conn, item_id):
            rows.append({"signal_type": SIGNAL_TYPE, "pdq": h.hash, "quality": h.quality,
                         "item_id": item_id, "part": h.kind, "label": label})
    return rows


def render(rows: Sequence[dict[str, str | int]], fmt: str, label: str = "") -> bytes:
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow([cell(r["label"]) if c == "label" else r[c] for c in COLUMNS])
        return buf.getvalue().encode("utf-8")
    doc = {"format": "bayyina-pdq-hashlist", "version": 1, "signal_type": SIGNAL_TYPE,
           "threshold": DEFAULT_THRESHOLD, "label": label,
           "hashes": [{k: r[k] for k in COLUMNS if k != "signal_type"} for r in rows]}
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def export_hashes(vault: Vault, out: Path, *, fmt: str = "csv",
                  item_ids: Sequence[int] | None = None, case_title: str | None = None,
                  label: str | None = None) -> HashListResult:
    """Write the hash list of a case's items, of ``item_ids``, or (neither given) of every item
    that has a hash.

    Raises:
        UsageError: ``export.items_or_case`` (both given).
        AppError: ``export.exists``, ``export.cannot_write``, ``export.no_items``,
            ``cases.case_not_found``, ``item.not_found``, ``lens.no_hashes`` (no selected item
            has a hash yet), ``lens.label_too_long``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown hash list format {fmt!r}")
    text = _label(label)
    if item_ids is None and case_title is None:
        ids = [int(r[0]) for r in vault.read(
            "SELECT DISTINCT item_id FROM item_pdq ORDER BY item_id")]
    else:
        ids = select_items(vault, item_ids=item_ids, case_title=case_title)
    rows = hash_rows(vault, ids, text)
    hashed = tuple(dict.fromkeys(int(r["item_id"]) for r in rows))
    if not rows:
        raise AppError("lens.no_hashes")
    data = render(rows, fmt, text)
    with new_file(out, exists_code="export.exists", io_code="export.cannot_write") as fh:
        fh.write(data)
    digest = hashlib.sha256(data).hexdigest()
    with vault.write() as tx:
        entry = tx.custody("hash-export", [f"item:{item_uuid(tx.conn, i)}" for i in hashed],
                           {"format": fmt, "items": list(hashed), "hashes": len(rows),
                            "sha256": digest})
    return HashListResult(out, fmt, hashed, tuple(i for i in ids if i not in hashed), len(rows),
                          digest, int(entry["seq"]))
