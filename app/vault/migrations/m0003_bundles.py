# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Version 3: evidence bundles — pinned signers, the per-signer receive ledger and a staging table.

* ``bundle_signers``: vault signing keys this vault trusts for ``receive`` (pinned by fingerprint on
  first contact, explicitly, with ``--trust-signer``).
* ``bundle_ledger``: one row per bundle received, per signer: replay and ordering checks
  (``docs/design.md`` §Bundles, the ledger).
* ``bundle_exports``: one row per bundle this vault exported (seq, id, SHA-256 of the file).
* ``bundle_staging``: item files of a bundle being received, written chunk by chunk while the
  bundle streams, moved into ``blobs`` once the whole bundle verified, then deleted. (Since the
  staging moved to short transactions keyed by receipt, ``path`` is ``RECEIPT/PATH``; see
  :mod:`app.handover`.)
"""

VERSION = 3

SQL = """
CREATE TABLE bundle_signers (
    fingerprint TEXT PRIMARY KEY,
    public_key TEXT,
    pinned_at TEXT NOT NULL,
    label TEXT
);

CREATE TABLE bundle_ledger (
    id INTEGER PRIMARY KEY,
    signer TEXT NOT NULL REFERENCES bundle_signers(fingerprint),
    bundle_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    container_sha256 TEXT NOT NULL,
    previous_bundle_sha256 TEXT,
    created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    items_added INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    out_of_order INTEGER NOT NULL DEFAULT 0,
    UNIQUE (signer, bundle_id)
);
CREATE INDEX bundle_ledger_seq ON bundle_ledger(signer, seq);

CREATE TABLE bundle_exports (
    id INTEGER PRIMARY KEY,
    bundle_id TEXT NOT NULL UNIQUE,
    seq INTEGER NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    item_count INTEGER NOT NULL
);

CREATE TABLE bundle_staging (
    path TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (path, seq)
);
"""
