# SPDX-License-Identifier: GPL-3.0-or-later
"""Every earlier schema version upgrades to the latest with its evidence intact."""

from __future__ import annotations

import hashlib
import io
import secrets
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image

from app.bundle import keygen_recipient, verify_bundle
from app.cases.index import STALE_KEY
from app.handover import export_from_vault
from app.ingest import import_bytes
from app.session import open_session
from app.vault import KdfParams, custody, migrations, open_vault
from app.vault.blobs import read_blob
from app.vault.connection import connect
from app.vault.core import DB_FILE, KEY_FILE
from app.vault.items import get_item
from app.vault.keys import KeyFile
from tests.helpers import PASSPHRASE


def _vault_at(path: Path, version: int, data: bytes | None = None) -> None:
    """A vault folder whose database stops at ``version`` (as an older Bayyina made it), holding
    one item written with the columns of schema 1, which every later version keeps."""
    path.mkdir()
    master = secrets.token_bytes(32)
    key_file = KeyFile.create(PASSPHRASE, KdfParams.testing(), master)
    conn = connect(path / DB_FILE, master, create=True)
    assert migrations.upgrade(conn, target=version) == version
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO meta (key, value) VALUES ('signing_key', ?)", (raw,))
    conn.execute("INSERT INTO meta (key, value) VALUES ('vault_id', ?)", (key_file.vault_id,))
    custody.append(conn, "vault.create", [f"vault:{key_file.vault_id}"], {"version": version})
    if data is not None:
        sha = hashlib.sha256(data).hexdigest()
        cur = conn.execute(
            "INSERT INTO items (uuid, sha256, size, media_type, kind, original_name,"
            " import_method, imported_at, imported_utc_offset, sanitized_sha256, sanitized_size,"
            " sanitized_media_type, pixels_equal, removed) VALUES"
            " (?, ?, ?, 'image/png', 'image', 'old.png', 'file', '2026-01-02T03:04:05Z', 180,"
            " ?, ?, 'image/png', 1, '[]')",
            (f"0a1b2c3d-0000-4000-8000-{version:012d}", sha, len(data), sha, len(data)))
        item_id = cur.lastrowid
        for role in ("original", "sanitized"):
            blob = conn.execute("INSERT INTO blobs (item_id, role, media_type, size, sha256)"
                                " VALUES (?, ?, 'image/png', ?, ?)",
                                (item_id, role, len(data), sha))
            conn.execute("INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, 0, ?)",
                         (blob.lastrowid, data))
        custody.append(conn, "import", [f"item:0a1b2c3d-0000-4000-8000-{version:012d}"],
                       {"sha256": sha})
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    key_file.save(path / KEY_FILE)


def _png(seed: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 24), (seed, 80, 160)).save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("version", range(1, migrations.LATEST))
def test_migration_from_every_earlier_version(tmp_path: Path, version: int) -> None:
    path = tmp_path / f"v{version}.bayyina"
    data = _png(version)
    _vault_at(path, version, data)
    with open_vault(path, PASSPHRASE) as v:  # opening upgrades
        assert migrations.current_version(v.conn) == migrations.LATEST
        assert v.check_integrity() == []
        assert v.verify_custody().ok
        record = get_item(v, 1)
        assert read_blob(v.conn, 1, "original") == data
        assert record["sha256"] == hashlib.sha256(data).hexdigest()
        # new features work on old evidence: a bundle export (CRC computed when not stored)
        identity, recipient = keygen_recipient()
        out = tmp_path / "b.zip.age"
        export_from_vault(v, out, recipients=[recipient])
        assert verify_bundle(out, identity=identity, signer=v.fingerprint()).item_count == 1
        # and new imports get the new columns
        fresh = import_bytes(v, _png(250), name="new.png")
        assert get_item(v, fresh.item_id)["copies"]["original"]["crc32"] is not None


def test_migration_refuses_a_newer_vault(tmp_path: Path) -> None:
    path = tmp_path / "new.bayyina"
    _vault_at(path, migrations.LATEST)
    with open_vault(path, PASSPHRASE) as v:
        v.conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    from app.errors import AppError

    with pytest.raises(AppError) as info:
        open_vault(path, PASSPHRASE)
    assert info.value.code == "vault.too_new"


def test_upgrade_rebuilds_a_search_index_made_by_an_older_normaliser(tmp_path: Path) -> None:
    """Version 6 re-indexes: a note with a capital dotted İ, indexed by version 5's normaliser as
    two words, is found by the whole word after the upgrade."""
    from app.cases import ItemQuery, list_items

    path = tmp_path / "v5.bayyina"
    _vault_at(path, 5, _png(5))
    with open_vault(path, PASSPHRASE) as v:
        # put the vault back to version 5 with an index row as version 5 wrote it
        v.conn.execute("BEGIN IMMEDIATE")
        v.conn.execute("UPDATE items SET notes = 'Protest in İSTANBUL' WHERE id = 1")
        v.conn.execute("DELETE FROM item_fts")
        v.conn.execute("INSERT INTO item_fts (rowid, body) VALUES (1, 'protest in i stanbul')")
        v.conn.execute("PRAGMA user_version = 5")
        v.conn.execute("COMMIT")
    with open_vault(path, PASSPHRASE) as v:  # the vault layer migrates and marks the index stale
        assert migrations.current_version(v.conn) == migrations.LATEST
        assert v.meta(STALE_KEY) is not None
        assert list_items(v, ItemQuery(text="istanbul")) == []
    with open_session(path, PASSPHRASE) as v:  # the front ends' open rebuilds it
        assert v.meta(STALE_KEY) is None
        assert [i.id for i in list_items(v, ItemQuery(text="istanbul"))] == [1]
        assert v.verify_custody().ok
    with open_session(path, PASSPHRASE) as v:  # and only once
        assert [i.id for i in list_items(v, ItemQuery(text="istanbul"))] == [1]


def test_migration_15_lets_a_blob_wait_for_its_item_and_keeps_every_chunk(tmp_path: Path) -> None:
    """Version 15 drops NOT NULL from ``blobs.item_id`` by rewriting the schema text: the stored
    blobs and chunks are untouched (no table rebuild, which would cascade-delete chunks), a blob
    of no item is accepted afterwards (it was refused before), and ``bundle_pending`` names it."""
    from app.vault.connection import DatabaseError

    conn = connect(tmp_path / "db", secrets.token_bytes(32), create=True)
    assert migrations.upgrade(conn, target=14) == 14
    conn.execute("INSERT INTO items (uuid, sha256, size, media_type, kind, import_method, "
                 "imported_at, imported_utc_offset) VALUES ('u', 's', 1, 'x', 'image', 'file', "
                 "'2026-01-01T00:00:00Z', 0)")
    blob = conn.execute("INSERT INTO blobs (item_id, role, size, sha256) VALUES (1, 'original', "
                        "1, 's')").lastrowid
    conn.execute("INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, 0, x'01')", (blob,))
    with pytest.raises(DatabaseError, match="NOT NULL"):
        conn.execute("INSERT INTO blobs (item_id, role, size, sha256) VALUES (NULL, 'original', "
                     "1, 'x')")
    assert migrations.upgrade(conn) == migrations.LATEST
    assert conn.execute("SELECT data FROM blob_chunks WHERE blob_id = ?", (blob,)).fetchone()[0] \
        == b"\x01"
    pending = conn.execute("INSERT INTO blobs (item_id, role, size, sha256) VALUES "
                           "(NULL, 'original', 1, 'x')").lastrowid
    conn.execute("INSERT INTO bundle_pending (path, blob_id) VALUES ('r/p', ?)", (pending,))
    conn.execute("INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, 0, x'00')", (pending,))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("DELETE FROM blobs WHERE item_id IS NULL")  # its chunks and its name go too
    assert conn.execute("SELECT COUNT(*) FROM bundle_pending").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM blob_chunks").fetchone()[0] == 1
    conn.close()
