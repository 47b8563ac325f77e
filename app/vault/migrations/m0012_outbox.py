# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Version 11: destinations and the outbox (issue 18), inside the vault.

* ``contacts``: the organisations' verified contact cards (name, age recipient, upload URL, onion
  URL, pinned certificate, the signing key of their receipts) and ``auto_send``: the defender
  allowed "send when connected" for this destination.
* ``outbox``: one row per bundle to send: the path of the encrypted bundle the defender exported
  (the bytes stay in that file; nothing else is written), its size and SHA-256, the tus upload URL
  once the server made one, the last offset the server acknowledged, the state (``queued`` |
  ``sending`` | ``sent`` | ``receipt``), the route of the last attempt and its error code.
"""

VERSION = 12

SQL = """
CREATE TABLE IF NOT EXISTS contacts (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    recipient TEXT NOT NULL,
    url TEXT NOT NULL,
    onion_url TEXT,
    cert_der BLOB NOT NULL,
    cert_sha256 TEXT NOT NULL,
    signing_key TEXT NOT NULL,
    signing_fingerprint TEXT NOT NULL,
    card_sha256 TEXT NOT NULL,
    auto_send INTEGER NOT NULL DEFAULT 0,
    via TEXT,
    added_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id),
    bundle_id TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued',
    sent_bytes INTEGER NOT NULL DEFAULT 0,
    location TEXT,
    route TEXT,
    last_error TEXT,
    queued_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    receipt_at TEXT
);

CREATE INDEX IF NOT EXISTS outbox_contact ON outbox(contact_id, status);
"""
