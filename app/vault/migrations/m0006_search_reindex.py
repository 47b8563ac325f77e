# SPDX-License-Identifier: GPL-3.0-or-later
"""Version 6: the search index must be rebuilt because the normaliser changed (a capital dotted İ
used to split its word: "İSTANBUL" was indexed as "i stanbul"). No schema change, no evidence
touched.

A migration freezes the SQL of its version and runs no live code of other layers: the index's
documents are built by the case model's current code, so this step only marks the index stale
(``meta`` key ``rebuild.search_index``). ``app.session.open_session`` — the one open path of
both front ends — rebuilds a stale index right after unlocking (``app.cases.index.
rebuild_if_stale``), in one transaction, and clears the mark with it.
"""

VERSION = 6

SQL = """
INSERT OR REPLACE INTO meta (key, value) VALUES ('rebuild.search_index', 6);
"""
