# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Search indexes (issue 19): one partial index per sensitivity flag, on the import date.

Filtering on one flag ("graphic only") read every item row to count them (about 16 ms CPU at
100,000 items); a partial index holds only the flagged items (a few per cent), so the count reads
that index alone and the newest-first page walks it in order. Partial, not a plain index on the
flag: the planner would otherwise pick a flag index for "hide sensitive" (flag = 0, almost every
item) and seek every row, slower than the scan. Pure SQL, nothing refers to this step's number.
"""

VERSION = 14

SQL = """
CREATE INDEX IF NOT EXISTS items_graphic ON items(imported_at) WHERE sensitive_graphic = 1;
CREATE INDEX IF NOT EXISTS items_intimate ON items(imported_at) WHERE sensitive_intimate = 1;
CREATE INDEX IF NOT EXISTS items_personal_info ON items(imported_at)
    WHERE sensitive_personal_info = 1;
"""
