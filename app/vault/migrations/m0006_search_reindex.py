# SPDX-License-Identifier: GPL-3.0-or-later
"""Version 6: the search index is rebuilt because the normaliser changed (a capital dotted İ used
to split its word: "İSTANBUL" was indexed as "i stanbul"). No schema change, no evidence touched;
documents are rebuilt from the case model exactly as any tag edit does."""

from app.vault.connection import Connection

VERSION = 6

SQL = ""


def migrate(conn: Connection) -> None:
    from app.cases.index import rebuild_all  # the index's own code, at this version

    rebuild_all(conn)
