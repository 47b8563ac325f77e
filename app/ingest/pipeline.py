# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Import: seal each original, keep its metadata, store a proven-clean copy — one transaction each.

One core function for every way evidence arrives (CLI, file dialog, drag-and-drop, clipboard).
Reading and hashing happen here; decoding, metadata and sanitising run in the isolated worker pool
of :mod:`app.media` on both cores, a few files ahead. Storing happens in submission order, one
transaction per item (original, copy, thumbnail, metadata, custody entries), so a crash at any
moment leaves every finished item whole and no partial one. Cancelling keeps what was stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.errors import AppError
from app.ingest import chat
from app.ingest.proof import AV_TYPES, LENS_TASKS, bare_recording, columns, outcome_proof
from app.ingest.walk import Candidate, walk_inputs
from app.media import (
    Limits,
    MediaWorkerPool,
    Processed,
    ProcessedMedia,
    ProcessedRecording,
    sniff,
)
from app.tasks import CancelToken, ProgressFn, notify
from app.vault import Vault
from app.vault.blobfile import open_blob
from app.vault.blobs import BlobWriter, write_blob
from app.vault.connection import DatabaseError
from app.vault.items import insert_item, update_item

MAX_ATTACHMENT_BYTES = 4 * 1024 ** 3
SNIFF_BYTES = 64 * 1024
READ_CHUNK = 1024 * 1024
#: Files handed to the workers ahead of the one being stored (bounded by bytes too): a slow file
#: (a 12 MP HEIC) no longer leaves the other worker idle behind it.
MAX_IN_FLIGHT = 16
MAX_IN_FLIGHT_BYTES = 192 * 1024 * 1024
#: The page cache of the importing connection while it imports (KiB, SQLite's negative form).
#: Stored evidence is written once and not read back here: 64 MiB of cached blob pages were a
#: quarter of the importer's peak memory (bench import: 311 MB). Restored afterwards.
IMPORT_CACHE_KIB = 8 * 1024
METHODS = frozenset({"file", "folder", "drop", "clipboard", "demo", "bundle", "chat"})

# Test hook: a callable run inside an item's transaction just before COMMIT (simulates a crash).
_before_commit: Callable[[int], None] | None = None


@dataclass
class ImportOutcome:
    path: str
    status: str  # imported | duplicate | rejected
    item_id: int | None = None
    sha256: str | None = None
    pixels_sha256: str | None = None
    media_type: str | None = None
    kind: str | None = None
    removed: list[str] = field(default_factory=list)
    converted_from: str | None = None
    sanitized: bool = False
    sanitize_error: str | None = None
    trailer_bytes: int = 0
    error_code: str | None = None
    error_params: dict[str, Any] = field(default_factory=dict)
    #: Recordings: the kept streams' digests; documents: the page digest (app.ingest.proof).
    proof: dict[str, Any] | None = None
    #: Chat exports (kind "chat"): how many messages, and what the import decided
    #: (format, offset and where it came from, media linked and missing).
    messages: int | None = None
    chat: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportSummary:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def imported(self) -> int:
        return self.count("imported")

    @property
    def duplicates(self) -> int:
        return self.count("duplicate")

    @property
    def rejected(self) -> int:
        return self.count("rejected")


@dataclass
class _Job:
    cand: Candidate
    sha256: str
    size: int
    data: bytes | None  # images, recordings: the whole file; attachments: None (streamed later)
    media_type: str
    kind: str
    future: Future[Processed] | None
    too_large: int | None = None  # a PDF over the in-memory limit: sealed, not cleaned
    stream: bool = False  # a recording over the in-memory limit: cleaned by streaming


def _now() -> tuple[str, int]:
    local = datetime.now().astimezone()
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), minutes


def _rejected(path: str, code: str, **params: Any) -> ImportOutcome:
    return ImportOutcome(path=path, status="rejected", error_code=code, error_params=params)


def _existing(vault: Vault, sha: str) -> int | None:
    rows = vault.read("SELECT id FROM items WHERE sha256 = ?", (sha,))
    return int(rows[0][0]) if rows else None


def open_regular(path: Path) -> int:
    """A read-only descriptor of the regular file ``path`` (links not followed)."""
    return _open_regular(path)


def stream_file(path: Path, sha: str) -> Iterator[bytes]:
    """The file's bytes in chunks; ``import.changed_while_reading`` when they are no longer the
    ones hashed (``sha``)."""
    return _stream_file(path, sha)


def _open_regular(path: Path) -> int:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise AppError("import.not_regular_file", name=path.name)
    return fd


def _hash_file(path: Path) -> tuple[str, int, bytes]:
    """(sha256, size, first bytes) streaming, without holding the file."""
    h = hashlib.sha256()
    size = 0
    head = b""
    fd = _open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        while chunk := fh.read(READ_CHUNK):
            if not head:
                head = chunk[:SNIFF_BYTES]
            h.update(chunk)
            size += len(chunk)
            if size > MAX_ATTACHMENT_BYTES:
                raise AppError("import.too_large", name=path.name, size=size,
                               limit=MAX_ATTACHMENT_BYTES)
    return h.hexdigest(), size, head


def _stream_file(path: Path, sha: str) -> Iterator[bytes]:
    h = hashlib.sha256()
    fd = _open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        while chunk := fh.read(READ_CHUNK):
            h.update(chunk)
            yield chunk
    if h.hexdigest() != sha:
        raise AppError("import.changed_while_reading", name=path.name)


class _Importer:
    def __init__(self, vault: Vault, limits: Limits, pool: MediaWorkerPool,
                 on_item: Callable[[int], None] | None, chat_offset: str | None = None,
                 on_media: Callable[[ImportOutcome], None] | None = None) -> None:
        self.vault, self.limits, self.pool, self.on_item = vault, limits, pool, on_item
        self.chat_offset, self.on_media = chat_offset, on_media
        self.cancel: CancelToken | None = None  # stops a recording cleaned by streaming
        self.in_flight: dict[str, str] = {}  # sha256 → path, for duplicates inside one batch

    # --- stage 1: read, hash, dedup, submit ----------------------------------------------------
    # One early return per way a file is turned away (read error, size, dup, type...).
    def prepare(self, cand: Candidate,  # noqa: PLR0911
                data: bytes | None = None) -> _Job | chat.ChatJob | ImportOutcome:
        shown = str(cand.path)
        if cand.error_code:
            return _rejected(shown, cand.error_code, **cand.error_params)
        try:
            if data is None:
                st = os.stat(cand.path)
                if st.st_size <= self._read_limit(cand.path, st.st_size):
                    fd = _open_regular(cand.path)
                    with os.fdopen(fd, "rb") as fh:
                        data = fh.read(self.limits.max_file_bytes + 1)
                    sha, size, head = (hashlib.sha256(data).hexdigest(), len(data),
                                       data[:SNIFF_BYTES])
                else:
                    sha, size, head = _hash_file(cand.path)
            else:
                sha, size, head = hashlib.sha256(data).hexdigest(), len(data), data[:SNIFF_BYTES]
        except AppError as err:
            return _rejected(shown, err.code, **err.params)
        except OSError as exc:
            return _rejected(shown, "import.unreadable", name=cand.name, reason=exc.strerror or "")
        if size == 0:
            return _rejected(shown, "import.empty", name=cand.name)
        existing = _existing(self.vault, sha)
        if existing is not None:
            return ImportOutcome(shown, "duplicate", item_id=existing, sha256=sha,
                                 error_code="import.duplicate",
                                 error_params={"name": cand.name, "item": existing})
        if sha in self.in_flight:
            return ImportOutcome(shown, "duplicate", sha256=sha,
                                 error_code="import.duplicate_in_batch",
                                 error_params={"name": cand.name, "other": self.in_flight[sha]})
        media_type, kind = sniff(head)
        found: chat.ChatJob | AppError | None = None
        if data is None and media_type == "application/zip" and cand.method != "chat":
            found = chat.prepare_file(cand, sha, size, self.chat_offset)  # above the read limit
        elif data is not None and media_type in chat.CHAT_TYPES and cand.method != "chat":
            found = chat.prepare(cand, data, sha, media_type, self.chat_offset)
        if found is not None:
            if isinstance(found, AppError):
                return _rejected(shown, found.code, **{"name": cand.name, **found.params})
            self.in_flight[sha] = cand.name
            return found
        if media_type in AV_TYPES:
            return self._recording(cand, sha, size, data, media_type)
        if kind == "image" and data is None:
            return _rejected(shown, "import.too_large", name=cand.name, size=size,
                             limit=self.limits.max_file_bytes)
        self.in_flight[sha] = cand.name
        if kind == "image" and data is not None:  # data is None was rejected above
            return _Job(cand, sha, size, data, media_type, kind, self.pool.submit(data))
        # attachments are never decoded; large ones are streamed again at store time
        kept = data if data is not None and size <= 8 * 1024 * 1024 else None
        return _Job(cand, sha, size, kept, media_type, kind, None)

    def _av_limit(self, media_type: str) -> int:
        return self.limits.max_file_bytes if media_type == "application/pdf" \
            else self.limits.av.max_file_bytes

    def _read_limit(self, path: Path, size: int) -> int:
        """How much of a file to read whole: pictures up to ``max_file_bytes``, recordings and
        PDFs up to their own in-memory limit; others are streamed (a recording above its limit
        is cleaned by streaming, never read whole)."""
        if size <= min(self.limits.max_file_bytes, self.limits.av.max_file_bytes):
            return self.limits.max_file_bytes
        fd = _open_regular(path)
        with os.fdopen(fd, "rb") as fh:
            media_type, _kind = sniff(fh.read(SNIFF_BYTES))
        return self._av_limit(media_type) if media_type in AV_TYPES else self.limits.max_file_bytes

    def _recording(self, cand: Candidate, sha: str, size: int, data: bytes | None,
                   media_type: str) -> _Job:
        """A recording or PDF: cleaned in a worker; above the in-memory limit a recording is
        cleaned by streaming (:meth:`_clean_streamed`) and a PDF sealed as it is with the reason
        (``sanitize.av_too_large``)."""
        self.in_flight[sha] = cand.name
        limit = self._av_limit(media_type)
        kind = "document" if media_type == "application/pdf" else media_type.partition("/")[0]
        if data is None or size > limit:
            if kind != "document" and size <= self.limits.av.max_stream_bytes:
                return _Job(cand, sha, size, None, media_type, kind, None, stream=True)
            return _Job(cand, sha, size, None, media_type, kind, None, too_large=limit)
        return _Job(cand, sha, size, data, media_type, kind, self.pool.submit(data))

    # --- stage 2: wait for the worker, store in one transaction --------------------------------
    def finish(self, job: _Job | chat.ChatJob) -> ImportOutcome:
        shown = str(job.cand.path)
        try:
            if isinstance(job, chat.ChatJob):
                return self._store_chat(job)
            try:
                media = job.future.result() if job.future is not None else None
            except AppError as err:
                return _rejected(shown, err.code, **{"name": job.cand.name, **err.params})
            if media is None and job.stream:
                media = bare_recording(job.media_type, job.kind, job.size, 0)
            elif media is None:
                media = _bare(job) if job.too_large is None else \
                    bare_recording(job.media_type, job.kind, job.size, job.too_large)
            return self._store(job, media)
        finally:
            self.in_flight.pop(job.sha256, None)

    def _store(self, job: _Job, media: Processed) -> ImportOutcome:
        shown = str(job.cand.path)
        item_uuid = str(uuid.uuid4())
        imported_at, offset = _now()
        original: bytes | Iterator[bytes] = job.data if job.data is not None else \
            _stream_file(job.cand.path, job.sha256)
        try:
            with self.vault.write() as tx:
                again = tx.execute("SELECT id FROM items WHERE sha256 = ?",
                                   (job.sha256,)).fetchone()
                if again:
                    return ImportOutcome(shown, "duplicate", item_id=int(again[0]),
                                         sha256=job.sha256, error_code="import.duplicate",
                                         error_params={"name": job.cand.name,
                                                       "item": int(again[0])})
                copy_sha = hashlib.sha256(media.sanitized).hexdigest() \
                    if media.sanitized is not None else None
                copy_size = len(media.sanitized) if media.sanitized is not None else None
                item_id = self._insert_item(tx, job, media, item_uuid, imported_at, offset,
                                            copy_sha, copy_size)
                write_blob(tx.conn, item_id, "original", media.media_type, original)
                if job.stream:
                    media, copy_sha, copy_size = self._clean_streamed(tx, job, item_id)
                    update_item(tx.conn, item_id,
                                self._item_values(media, copy_sha, copy_size))
                elif media.sanitized is not None:
                    write_blob(tx.conn, item_id, "sanitized", media.sanitized_media_type,
                               media.sanitized)
                if media.thumbnail is not None:
                    write_blob(tx.conn, item_id, "thumbnail", media.thumbnail_media_type,
                               media.thumbnail)
                subject = [f"item:{item_uuid}"]
                tx.custody("import", subject, {
                    "sha256": job.sha256, "size": job.size, "media_type": media.media_type,
                    "method": job.cand.method, "imported_at": imported_at,
                    "utc_offset_minutes": offset, "app": f"bayyina {__version__}",
                    "metadata_error": media.metadata_error})
                # the lens (app.cases.lens.enqueue_tx): pictures, documents and videos are
                # hashed and read (documents and videos through the pictures inside them)
                for task in LENS_TASKS.get(media.kind, ()):
                    tx.execute("INSERT OR REPLACE INTO lens_work (item_id, task, state, "
                               "attempts, error, updated_at) VALUES (?, ?, 'queued', 0, "
                               "NULL, datetime('now'))", (item_id, task))
                if copy_sha is not None:
                    cols = columns(media)
                    tx.custody("sanitize", subject, {
                        "sanitized_sha256": copy_sha,
                        "pixels": cols["sanitized_pixels"],
                        "pixels_equal": cols["pixels_equal"], "removed": media.removed,
                        "converted_from": cols["converted_from"], "sanitizer": media.sanitizer})
                if _before_commit is not None:
                    _before_commit(item_id)
        except AppError as err:
            return _rejected(shown, err.code, **{"name": job.cand.name, **err.params})
        if self.on_item is not None:
            self.on_item(item_id)
        trailer = next((int(r.split(":")[1]) for r in media.removed if r.startswith("trailer:")), 0)
        pixels_sha, proof = outcome_proof(media)
        return ImportOutcome(
            shown, "imported", item_id=item_id, sha256=job.sha256, pixels_sha256=pixels_sha,
            media_type=media.media_type, kind=media.kind, removed=list(media.removed),
            converted_from=getattr(media, "converted_from", None),
            sanitized=copy_sha is not None, sanitize_error=media.sanitize_error,
            trailer_bytes=trailer, proof=proof)

    def _store_chat(self, job: chat.ChatJob) -> ImportOutcome:
        try:
            media = chat.import_media(self, job, self.on_media)
            imported_at, offset = _now()
            outcome = chat.store(self, job, self.chat_offset, imported_at, offset)
        except AppError as err:
            return _rejected(str(job.cand.path), err.code, **{"name": job.cand.name,
                                                              **err.params})
        finally:
            job.close()
        outcome.chat = {**(outcome.chat or {}), "media": [o.item_id for o in media]}
        if outcome.item_id is not None and outcome.status == "imported" and self.on_item:
            self.on_item(outcome.item_id)
        return outcome

    def _clean_streamed(self, tx: Any, job: _Job, item_id: int
                        ) -> tuple[Processed, str | None, int | None]:
        """Clean the recording just sealed as ``item_id``'s original, too large for memory: a
        worker reads it from the vault's chunks and writes the copy into new ones
        (:meth:`MediaWorkerPool.stream`), kept only when proved. Returns (the result, the copy's
        SHA-256 and size, or None).

        Raises:
            InputRejected: the worker refused the file (the transaction is rolled back, as an
                import refused in memory stores nothing).
        """
        source = open_blob(tx.conn, item_id, "original")

        def read_at(offset: int, size: int) -> bytes:
            source.seek(offset)
            return source.read(size)

        writer = BlobWriter(tx.conn, item_id, "sanitized", None,
                            max_size=self.limits.av.max_stream_bytes + 64 * 1024 * 1024)
        media = self.pool.stream(read_at, job.size, writer, cancel=self.cancel)  # it sniffs
        if not isinstance(media, ProcessedRecording) or not media.proof_equal or \
                media.sanitized_media_type is None:
            writer.discard()
            return media, None, None
        size, sha = writer.finish(media.sanitized_media_type)
        return media, sha, size

    @staticmethod
    def _item_values(media: Processed, copy_sha: str | None, copy_size: int | None
                     ) -> dict[str, Any]:
        return {"media_type": media.media_type, "kind": media.kind,
                "metadata_error": media.metadata_error, "sanitized_sha256": copy_sha,
                "sanitized_size": copy_size,
                "sanitized_media_type": media.sanitized_media_type,
                "removed": media.removed, "sanitize_error": media.sanitize_error,
                "sanitizer": media.sanitizer, **columns(media)}

    @classmethod
    def _insert_item(cls, tx: Any, job: _Job, media: Processed, item_uuid: str,  # noqa: PLR0917
                     imported_at: str, offset: int, copy_sha: str | None,
                     copy_size: int | None) -> int:
        return insert_item(tx.conn, {
            "uuid": item_uuid, "sha256": job.sha256, "size": job.size,
            "original_name": job.cand.name, "import_method": job.cand.method,
            "imported_at": imported_at, "imported_utc_offset": offset,
            **cls._item_values(media, copy_sha, copy_size)})


def _bare(job: _Job) -> ProcessedMedia:
    """A large attachment: sealed as is, nothing decoded, no sanitised copy."""
    return ProcessedMedia(media_type=job.media_type, kind="attachment", width=None, height=None,
                          frames=None, orientation=None, metadata={}, metadata_error=None,
                          original_pixels=None, sanitized=None, sanitized_media_type=None,
                          sanitized_pixels=None, pixels_equal=False, converted_from=None,
                          removed=[], sanitize_error="attachment: not sanitised")


def import_paths(vault: Vault, paths: list[Path], *, method: str = "file",
                 limits: Limits | None = None, pool: MediaWorkerPool | None = None,
                 progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                 on_outcome: Callable[[ImportOutcome], None] | None = None,
                 on_item: Callable[[int], None] | None = None,
                 chat_offset: str | None = None) -> ImportSummary:
    """Import files and folders. Never raises for a bad file: each gets an outcome.

    ``chat_offset`` (``+03:00``): the exporter's UTC offset for chat exports that carry none
    (:mod:`app.chats.store`); the media of a chat export are reported as outcomes of their own,
    before the chat's.
    """
    if method not in METHODS:
        raise AppError("import.bad_method", method=method)
    if chat_offset is not None:
        from app.chats.store import parse_offset

        chat_offset = parse_offset(chat_offset)
    limits = limits or Limits()
    started = time.perf_counter()
    candidates = list(walk_inputs([Path(p) for p in paths], method))
    summary = ImportSummary()
    own_pool = pool is None
    pool = pool or MediaWorkerPool(limits)
    importer = _Importer(vault, limits, pool, on_item, chat_offset)
    cache = int(vault.conn.execute("PRAGMA cache_size").fetchone()[0])
    vault.conn.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    importer.cancel = cancel
    queue: deque[_Job | chat.ChatJob] = deque()
    total = len(candidates)

    def emit(outcome: ImportOutcome) -> None:
        summary.outcomes.append(outcome)
        notify(progress, len(summary.outcomes), total, "import", Path(outcome.path).name)
        if on_outcome is not None:
            on_outcome(outcome)

    importer.on_media = emit

    try:
        pending = iter(candidates)
        exhausted = False
        while True:
            while not exhausted and len(queue) < MAX_IN_FLIGHT and \
                    sum(j.size for j in queue) < MAX_IN_FLIGHT_BYTES:
                if cancel is not None and cancel.cancelled:
                    exhausted = True
                    break
                cand = next(pending, None)
                if cand is None:
                    exhausted = True
                    break
                prepared = importer.prepare(cand)
                if isinstance(prepared, ImportOutcome):
                    emit(prepared)
                else:
                    queue.append(prepared)
            if not queue:
                break
            job = queue.popleft()
            if cancel is not None and cancel.cancelled:
                if job.future is not None:
                    job.future.cancel()
                importer.in_flight.pop(job.sha256, None)
                continue
            emit(importer.finish(job))
        summary.cancelled = bool(cancel is not None and cancel.cancelled)
    finally:
        with contextlib.suppress(AppError, DatabaseError):  # a vault locked meanwhile
            vault.conn.execute(f"PRAGMA cache_size = {cache}")
        if own_pool:
            pool.close()
    summary.seconds = time.perf_counter() - started
    return summary


def import_bytes(vault: Vault, data: bytes, *, name: str | None = None, method: str = "clipboard",
                 limits: Limits | None = None,
                 pool: MediaWorkerPool | None = None) -> ImportOutcome:
    """Import one in-memory file (a pasted screenshot). Nothing touches the disk."""
    limits = limits or Limits()
    own_pool = pool is None
    pool = pool or MediaWorkerPool(limits, workers=1)
    try:
        importer = _Importer(vault, limits, pool, None)
        cand = Candidate(Path(name or "clipboard"), method)
        if len(data) > limits.max_file_bytes:
            return _rejected(cand.name, "import.too_large", name=cand.name, size=len(data),
                             limit=limits.max_file_bytes)
        prepared = importer.prepare(cand, data)
        if isinstance(prepared, ImportOutcome):
            return prepared
        return importer.finish(prepared)
    finally:
        if own_pool:
            pool.close()
