# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Version 13: a marked moment may have an end ("02:13–02:40 — the threat", issue 20).

``item_moments.end_ms``: milliseconds from the start of the recording where the marked span ends,
after ``at_ms``; NULL for a moment that is a single point in time (every moment before this
version).
"""

from __future__ import annotations

VERSION = 13

SQL = """
ALTER TABLE item_moments ADD COLUMN end_ms INTEGER CHECK (end_ms IS NULL OR end_ms > at_ms);
"""
