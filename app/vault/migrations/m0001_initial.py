# SPDX-License-Identifier: GPL-3.0-or-later
"""Version 1: vault metadata, the append-only custody log, sealed items and their encrypted
blobs."""

VERSION = 1

SQL = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value BLOB
);

CREATE TABLE custody (
    seq INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    action TEXT NOT NULL,
    subjects TEXT NOT NULL,
    item_id TEXT,
    data_sha256 TEXT NOT NULL,
    prev TEXT NOT NULL,
    entry_sha256 TEXT NOT NULL UNIQUE,
    details TEXT NOT NULL
);
CREATE INDEX custody_item ON custody(item_id);

CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody
BEGIN
    SELECT RAISE(ABORT, 'the custody log is append-only');
END;

CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
BEGIN
    SELECT RAISE(ABORT, 'the custody log is append-only');
END;

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('image', 'attachment')),
    original_name TEXT,
    import_method TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_utc_offset INTEGER NOT NULL,
    width INTEGER,
    height INTEGER,
    frames INTEGER,
    orientation INTEGER,
    metadata TEXT NOT NULL DEFAULT '{}',
    metadata_error TEXT,
    original_pixels TEXT,
    sanitized_sha256 TEXT,
    sanitized_size INTEGER,
    sanitized_media_type TEXT,
    sanitized_pixels TEXT,
    pixels_equal INTEGER NOT NULL DEFAULT 0,
    converted_from TEXT,
    removed TEXT NOT NULL DEFAULT '[]',
    sanitize_error TEXT,
    sanitizer TEXT,
    provenance TEXT
);
CREATE INDEX items_imported ON items(imported_at);

CREATE TABLE blobs (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('original', 'sanitized', 'thumbnail')),
    media_type TEXT,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    UNIQUE (item_id, role)
);

CREATE TABLE blob_chunks (
    id INTEGER PRIMARY KEY,
    blob_id INTEGER NOT NULL REFERENCES blobs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    UNIQUE (blob_id, seq)
);
"""
