# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Version 5: the recipient address book and saved filters, both inside the vault.

* ``recipients``: organisations' age public keys (``age1…``) with a label. Kept in the encrypted
  database, never in a settings file: which organisations a defender works with is sensitive.
* ``saved_filters``: a name and the JSON of an ``app.cases.ItemQuery`` (sidebar "saved filters").
"""

VERSION = 5

SQL = """
CREATE TABLE recipients (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    recipient TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE saved_filters (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""
