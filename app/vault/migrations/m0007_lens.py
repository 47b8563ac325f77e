# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Version 7: the campaign lens — PDQ hashes of pictures, their match index, text read inside
pictures (OCR), and the persistent queue of that derived work.

Invariants:
- ``item_pdq``: one row per (item, kind); ``kind`` is ``whole``, ``inner`` (the picture found
  inside a screenshot), ``page:N`` or ``frame:N``; ``hash`` is 64 lowercase hex digits (PDQ,
  most significant bit first, ThreatExchange's text form); ``quality`` PDQ's 0–100.
- ``pdq_chunks`` is the multi-index of ``item_pdq``: for each hash, 16 rows, one per 16-bit chunk,
  ``chunk = position * 65536 + value``. Two hashes within Hamming distance ≤ 31 share a chunk
  position whose values differ in ≤ 1 bit (pigeonhole), so a query looks up 17 values per
  position and checks the full distance of the candidates.
- ``item_ocr``: the text recognised in an item (plain text inside the encrypted database, like
  every other field), the engine that read it, and whether a person corrected it by hand.
- ``lens_work``: what remains to be derived per item and task (``pdq``, ``ocr``), with its state
  (``queued``, ``done``, ``failed``); it lives in the vault, so the work survives locking and
  restarts. Every picture already in the vault is queued here.
- The statements are idempotent (IF NOT EXISTS, OR IGNORE): re-applying the step over a vault
  whose version was set back changes nothing.
"""

VERSION = 7

SQL = """
CREATE TABLE IF NOT EXISTS item_pdq (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    hash TEXT NOT NULL CHECK (length(hash) = 64),
    quality INTEGER NOT NULL,
    box TEXT,
    UNIQUE (item_id, kind)
);

CREATE TABLE IF NOT EXISTS pdq_chunks (
    chunk INTEGER NOT NULL,
    pdq_id INTEGER NOT NULL REFERENCES item_pdq(id) ON DELETE CASCADE,
    PRIMARY KEY (chunk, pdq_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pdq_chunks_pdq ON pdq_chunks(pdq_id);

CREATE TABLE IF NOT EXISTS item_ocr (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    text TEXT NOT NULL DEFAULT '',
    engine TEXT NOT NULL DEFAULT '',
    corrected_by_hand INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS lens_work (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    task TEXT NOT NULL CHECK (task IN ('pdq', 'ocr')),
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    updated_at TEXT,
    PRIMARY KEY (item_id, task)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS lens_work_state ON lens_work(state, task, item_id);

INSERT OR IGNORE INTO lens_work (item_id, task) SELECT id, 'pdq' FROM items WHERE kind = 'image';
INSERT OR IGNORE INTO lens_work (item_id, task) SELECT id, 'ocr' FROM items WHERE kind = 'image';
"""
