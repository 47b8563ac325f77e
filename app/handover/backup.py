# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Backups that do not fork (issue 16): one age-encrypted file holding the vault folder, and a
restore that knows it is one.

The file (``backup --out FILE``) is age v1 — to the backup's own passphrase (scrypt) or to the
organisation's recipient key — around a small container::

    BAYYINA-VAULT-BACKUP 1\\n
    record*  = u32 big-endian header length, header JSON {"name", "size"}, that many bytes
    last record: manifest.json {format, format_version, created_at, vault_id, fingerprint,
                                bundle_seq, bundle_epoch, app_version, files[{name,size,sha256}]}

The records are ``vault.key`` (as it is: the master key wrapped by the passphrase), then every
database file of the folder in name order (:data:`DB_NAME`: a decoy or its placeholder beside the
vault travels as it is), the open one as a consistent snapshot made by ``VACUUM INTO`` a file in
the vault's own folder:
SQLCipher writes it encrypted with the vault's key and salt, so no page of evidence is ever
plaintext on a drive; the snapshot is removed once streamed (and, left by a backup that died, by
the next backup). The file is written through
:func:`app.safefile.new_file` and, before it gets its name, read back from the drive (the cache
dropped, ``O_DIRECT`` where possible), decrypted with its own file key and every record's hash
checked against the manifest. Every header and the manifest go through the strict loader.

``--vault NEW restore FILE`` writes the records into the new folder, checks every hash before the
vault is opened, opens it with the vault passphrase and starts a new *restore epoch*:
``meta.bundle_epoch`` becomes the backup's epoch + 1 (custody ``vault.restored``). Its bundles
carry ``vault.bundle_epoch`` in the signed manifest, so the organisation's ledger
(:mod:`app.handover.receive`) continues the chain from the last bundle before the backup instead
of refusing the numbers the lost original also used, and tells two copies exporting in parallel
(``handover.two_copies``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app import __version__
from app.bundle import agecrypt
from app.bundle.manifest import (
    _HEX64,
    _int,
    _Invalid,
    _obj,
    _str,
    _ts,
    canonical_json,
    loads_strict,
)
from app.bundle.writer import utc_now_iso
from app.errors import AppError, UsageError, VerificationFailed
from app.paths import safe_mkdir
from app.safefile import READ_CHUNK, ChunkStream, ReadAhead, Written, new_file
from app.vault.connection import connect, copy_format
from app.vault.core import DB_FILE, KEY_FILE, Vault, open_vault

MAGIC = b"BAYYINA-VAULT-BACKUP 1\n"
FORMAT = "bayyina-vault-backup"
NAMES = (KEY_FILE, DB_FILE)  # the records of a vault with one database file
#: database files a vault folder may hold (a decoy or its placeholder beside the vault, issue 16):
#: all are backed up, the open one from its snapshot, the others as they are
DB_NAME = re.compile(r"vault(\.[0-9])?\.db")
_NAME = _str(re.compile(r"vault\.key|vault(\.[0-9])?\.db"))
MANIFEST = "manifest.json"
_MAX_HEADER = 4096
_MAX_MANIFEST = 64 * 1024

_HEADER = _obj({"name": _str(re.compile(r"vault\.key|vault(\.[0-9])?\.db|manifest\.json")),
                "size": _int(0, 2**62)})
_FILE = _obj({"name": _NAME, "size": _int(0, 2**62), "sha256": _str(_HEX64)})
def _files(value: Any, where: str) -> None:
    if not isinstance(value, list) or not 2 <= len(value) <= 11:
        raise _Invalid(f"{where}: expected the key file and the database files")
    for i, f in enumerate(value):
        _FILE(f, f"{where}[{i}]")
    if not _in_order([f["name"] for f in value]):
        raise _Invalid(f"{where}: expected the key file, then database files in order")


def _in_order(names: list[str]) -> bool:
    """``vault.key`` first, then database files, each once, in sorted order."""
    dbs = names[1:]
    return (bool(names) and names[0] == KEY_FILE and bool(dbs)
            and all(DB_NAME.fullmatch(n) for n in dbs) and dbs == sorted(set(dbs)))


_MANIFEST = _obj({
    "format": _str(choices=(FORMAT,)), "format_version": _int(1, 1), "created_at": _ts,
    "vault_id": _str(max_len=64), "fingerprint": _str(_HEX64), "bundle_seq": _int(0),
    "bundle_epoch": _int(0), "app_version": _str(max_len=50),
    "files": _files})


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    sha256: str
    created_at: str
    bundle_seq: int
    bundle_epoch: int
    encrypted_to: str  # "passphrase" | "recipient"
    readback: str  # direct / dropped / cached (app.safefile.Written.read_back)

    @property
    def read_from_drive(self) -> bool:
        return self.readback in ("direct", "dropped")


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    created_at: str  # when the backup was made
    bundle_seq: int  # the last bundle number before the backup
    bundle_epoch: int  # the restored vault's new epoch
    fingerprint: str


def bundle_epoch(vault: Vault) -> int:
    value = vault.meta("bundle_epoch")
    return int(value) if value is not None else 0


# --- writing ------------------------------------------------------------------------------------


def _record(name: str, size: int) -> bytes:
    header = canonical_json({"name": name, "size": size})
    return struct.pack(">I", len(header)) + header


def _file_chunks(path: Path, files: list[dict[str, Any]], name: str) -> Iterator[bytes]:
    size = path.stat().st_size
    yield _record(name, size)
    h = hashlib.sha256()
    done = 0
    with path.open("rb") as fh:
        while done < size and (chunk := fh.read(min(READ_CHUNK, size - done))):
            h.update(chunk)
            done += len(chunk)
            yield chunk
    if done != size:
        raise AppError("backup.source_changed")
    files.append({"name": name, "size": size, "sha256": h.hexdigest()})


def backup_vault(vault: Vault, out: str | Path, *, passphrase: str | None = None,
                 recipients: tuple[str, ...] = ()) -> BackupResult:
    """Write the encrypted backup of ``vault`` to ``out`` (see the module docstring).

    Raises:
        UsageError: ``bundle.exists``; neither or both of passphrase and recipients
            (``backup.protection``); a bad recipient (``bundle.bad_recipient``).
        AppError: ``backup.readback_failed`` when the file read from the drive is not what was
            written (nothing is published), ``backup.source_changed``.
    """
    out = Path(out)
    if (passphrase is None) == (not recipients) or passphrase == "":
        raise UsageError("backup.protection")
    if recipients:
        agecrypt.parse_recipients(recipients)
    if os.path.lexists(out):
        raise UsageError("bundle.exists", path=out.name)
    for stale in vault.path.glob(f"{DB_FILE}.backup-*.partial*"):  # a backup that died
        with contextlib.suppress(OSError):
            stale.unlink()
    snap = vault.path / f"{DB_FILE}.backup-{secrets.token_hex(8)}.partial"
    created_at = utc_now_iso()
    try:
        opened = str(getattr(vault, "db_name", DB_FILE))  # the database this passphrase opened
        names = sorted({opened} | {p.name for p in vault.path.iterdir()
                                   if DB_NAME.fullmatch(p.name) and p.is_file()})
        key_file = (vault.path / KEY_FILE).read_bytes()  # the one that opens this snapshot
        # VACUUM INTO encrypts the copy with SQLCipher's defaults but keeps the vault's page
        # size: made the vault's own first (vaults made before 64 KiB pages have 4096)
        copy_format(vault.conn)
        vault.conn.execute("VACUUM INTO ?", (str(snap),))
        seq, epoch = _numbers(vault, snap)  # as of the snapshot, whatever was exported since
        files: list[dict[str, Any]] = []
        manifest: dict[str, Any] = {
            "format": FORMAT, "format_version": 1, "created_at": created_at,
            "vault_id": vault.vault_id, "fingerprint": vault.fingerprint(), "bundle_seq": seq,
            "bundle_epoch": epoch, "app_version": __version__[:50], "files": files}

        def chunks() -> Iterator[bytes]:
            yield MAGIC
            yield _record(KEY_FILE, len(key_file)) + key_file
            files.append({"name": KEY_FILE, "size": len(key_file),
                          "sha256": hashlib.sha256(key_file).hexdigest()})
            for name in names:
                yield from _file_chunks(snap if name == opened else vault.path / name, files,
                                        name)
            body = canonical_json(manifest)
            yield _record(MANIFEST, len(body)) + body

        state: dict[str, Any] = {}

        def before_publish(written: Written) -> None:
            state["readback"] = _read_back(written, state["sha"], state["key"], manifest)

        with new_file(out, exists_code="bundle.exists", io_code="handover.unwritable_file",
                      error=UsageError, before_publish=before_publish) as fh:
            sink = _Hashing(fh)
            state["key"] = agecrypt.encrypt_stream(chunks(), sink,  # type: ignore[arg-type]
                                                   recipients=recipients, passphrase=passphrase)
            state["sha"] = sink.hash.hexdigest()
    finally:
        for leftover in (snap, Path(f"{snap}-wal"), Path(f"{snap}-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    with vault.write() as tx:
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_backup_at', ?)",
                   (created_at,))
        tx.custody("vault.backup", [f"vault:{vault.vault_id}"], {
            "created_at": created_at, "sha256": state["sha"], "size": sink.size,
            "bundle_seq": manifest["bundle_seq"], "bundle_epoch": manifest["bundle_epoch"],
            "encrypted_to": "passphrase" if passphrase is not None else "recipient",
            "readback": state["readback"]})
    return BackupResult(out, sink.size, state["sha"], created_at, int(manifest["bundle_seq"]),
                        int(manifest["bundle_epoch"]),
                        "passphrase" if passphrase is not None else "recipient",
                        state["readback"])


def _numbers(vault: Vault, snap: Path) -> tuple[int, int]:
    """The snapshot's own last bundle number and epoch (opened with the vault's key)."""
    key = vault._master_key
    if key is None:
        raise AppError("vault.locked")
    conn = connect(snap, key)
    try:
        rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN "
                                 "('bundle_seq', 'bundle_epoch')").fetchall())
    finally:
        conn.close()
    return int(rows.get("bundle_seq") or 0), int(rows.get("bundle_epoch") or 0)


class _Hashing:
    def __init__(self, fh: BinaryIO) -> None:
        self._fh, self.hash, self.size = fh, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self._fh.write(data)
        self.hash.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        self._fh.flush()


def _read_back(written: Written, sha: str, file_key: bytes, manifest: dict[str, Any]) -> str:
    chunks, method = written.read_back()
    # read (and hashed) by a thread of its own while this one decrypts and parses, as an
    # export's read-back does
    ahead = ReadAhead(chunks)
    stream = ChunkStream(iter(ahead))
    parser = _Parser(None)
    try:
        agecrypt.decrypt_with_file_key(stream, parser.feed, file_key)  # type: ignore[arg-type]
        stream.read()  # anything after the end of the age payload is read and hashed too
        read_sha, _size = ahead.finish()
        got = parser.close()
    except (VerificationFailed, OSError):
        raise AppError("backup.readback_failed", path=written.name.rsplit(".", 2)[0]) from None
    finally:
        ahead.close()
    if read_sha != sha or got != manifest:
        raise AppError("backup.readback_failed", path=written.name.rsplit(".", 2)[0])
    return method


# --- reading ------------------------------------------------------------------------------------


class _Parser:
    """The container, fed in decrypted chunks: records checked as they stream (strict headers,
    known names in order, sizes), each file's bytes to ``open_file(name)`` when given, the
    manifest checked against every hash at :meth:`close`."""

    def __init__(self, open_file: Callable[[str], BinaryIO] | None) -> None:
        self._open = open_file
        self._buf = b""
        self._magic = False
        self._cur: tuple[str, int, Any, BinaryIO | None] | None = None  # name, left, hash, fh
        self._seen: list[dict[str, Any]] = []
        self._manifest: bytes | None = None
        self._mbuf = b""

    def feed(self, data: bytes) -> None:
        self._buf += data
        while self._buf:
            if not self._magic:
                if len(self._buf) < len(MAGIC):
                    return
                if self._buf[:len(MAGIC)] != MAGIC:
                    raise VerificationFailed("backup.invalid", reason="not a vault backup")
                self._buf, self._magic = self._buf[len(MAGIC):], True
                continue
            if self._manifest is not None:
                raise VerificationFailed("backup.invalid", reason="data after the manifest")
            if self._cur is None:
                if len(self._buf) < 4:
                    return
                n = struct.unpack(">I", self._buf[:4])[0]
                if n > _MAX_HEADER:
                    raise VerificationFailed("backup.invalid", reason="record header too large")
                if len(self._buf) < 4 + n:
                    return
                head = loads_strict(self._buf[4:4 + n], "backup.invalid")
                self._buf = self._buf[4 + n:]
                self._start(head)
                continue
            name, left, h, fh = self._cur
            part, self._buf = self._buf[:left], self._buf[left:]
            left -= len(part)
            if name == MANIFEST:
                self._mbuf += part
            else:
                h.update(part)
                if fh is not None:
                    fh.write(part)
            self._cur = (name, left, h, fh)
            if left == 0:
                self._end()

    def _start(self, head: Any) -> None:
        try:
            _HEADER(head, "record")
        except _Invalid as exc:
            raise VerificationFailed("backup.invalid", reason=str(exc)[:200]) from None
        name, size = head["name"], head["size"]
        so_far = [f["name"] for f in self._seen]
        if name == MANIFEST:
            ok = len(so_far) >= 2 and size <= _MAX_MANIFEST
        else:
            ok = len(so_far) < 10 and _in_order([*so_far, name]) if so_far else name == KEY_FILE
        if not ok:
            raise VerificationFailed("backup.invalid", reason=f"unexpected record {name}")
        fh = self._open(name) if self._open is not None and name != MANIFEST else None
        self._cur = (name, size, hashlib.sha256(), fh)
        self._seen_size = size
        if size == 0:
            self._end()

    def _end(self) -> None:
        if self._cur is None:
            return
        name, _left, h, fh = self._cur
        self._cur = None
        if fh is not None:
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        if name == MANIFEST:
            self._manifest = self._mbuf
        else:
            self._seen.append({"name": name, "size": self._seen_size, "sha256": h.hexdigest()})

    def close(self) -> dict[str, Any]:
        if self._manifest is None or self._cur is not None or self._buf:
            raise VerificationFailed("backup.invalid", reason="the backup is cut short")
        manifest = loads_strict(self._manifest, "backup.invalid")
        try:
            _MANIFEST(manifest, "manifest")
        except _Invalid as exc:
            raise VerificationFailed("backup.invalid", reason=str(exc)[:200]) from None
        if manifest["files"] != self._seen:
            raise VerificationFailed("backup.invalid", reason="a file does not match the manifest")
        return dict(manifest)


def restore_vault(src: str | Path, new: str | Path, vault_passphrase: str, *,
                  passphrase: str | None = None, identity: str | None = None) -> RestoreResult:
    """Make a working vault at ``new`` from the backup file ``src`` (see the module docstring).

    Raises:
        AppError: ``vault.exists`` / ``vault.folder_not_empty`` for ``new``.
        VerificationFailed: ``backup.invalid`` (anything that does not parse or match its
            manifest), age failures (``bundle.wrong_passphrase``, ``bundle.wrong_identity``,
            ``bundle.decrypt_failed``); nothing is left at ``new``.
        UsageError: ``bundle.passphrase_required`` / ``bundle.identity_required``.
        WrongPassphrase: the vault passphrase does not open the restored vault (it is left
            there, whole and checked: the passphrase is the one of the vault when backed up).
    """
    new = Path(new)
    if (new / KEY_FILE).exists() or (new.is_dir() and any(DB_NAME.fullmatch(p.name)
                                                          for p in new.iterdir())):
        raise AppError("vault.exists", path=str(new))
    if new.exists() and any(new.iterdir()):
        raise AppError("vault.folder_not_empty", path=str(new))
    created = not new.exists()
    safe_mkdir(new)
    opened: list[BinaryIO] = []
    written: list[Path] = []

    def open_file(name: str) -> BinaryIO:
        fd = os.open(new / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                     | getattr(os, "O_NOFOLLOW", 0), 0o600)
        written.append(new / name)
        fh = os.fdopen(fd, "wb")
        opened.append(fh)
        return fh

    parser = _Parser(open_file)
    try:
        try:
            with Path(src).open("rb") as fh:
                agecrypt.decrypt_stream(fh, parser.feed, identity=identity,
                                        passphrase=passphrase)
        except OSError as exc:
            raise UsageError("handover.unreadable_file", path=str(src)) from exc
        manifest = parser.close()
    except BaseException:
        for f in opened:
            with contextlib.suppress(OSError):
                f.close()
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        if created:
            shutil.rmtree(new, ignore_errors=True)
        raise
    epoch = int(manifest["bundle_epoch"]) + 1
    with open_vault(new, vault_passphrase) as vault:
        with vault.write() as tx:
            tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('bundle_epoch', ?)",
                       (epoch,))
            tx.custody("vault.restored", [f"vault:{vault.vault_id}"], {
                "backup_created_at": manifest["created_at"],
                "bundle_seq": manifest["bundle_seq"], "bundle_epoch": epoch,
                "previous_epoch": manifest["bundle_epoch"],
                "files": manifest["files"]})
        fp = vault.fingerprint()
    return RestoreResult(new, str(manifest["created_at"]), int(manifest["bundle_seq"]), epoch, fp)
