# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Version 11: marked moments of a recording (issue 20).

``item_moments``: a note with its time code on an item ("02:13 — the threat"), in milliseconds
from the start of the recording. ``source`` is ``local`` or ``bundle`` (carried in with a received
item). Deleting the item deletes its moments (the custody log keeps what they were).
"""

from __future__ import annotations

VERSION = 11

SQL = """
CREATE TABLE IF NOT EXISTS item_moments (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    at_ms INTEGER NOT NULL CHECK (at_ms >= 0),
    label TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'local',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS item_moments_item ON item_moments(item_id, at_ms);
"""
