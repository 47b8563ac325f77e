# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Check a received "clean copy" the way a local one is proven (issue 12, point 3).

A signed bundle from a trusted signer is still only a claim about its sanitised copies: the
sender's device may be compromised, or older, or simply wrong. Before :mod:`app.handover` stores a
received copy as the item's clean copy, :func:`check_copy` runs the very checks an import runs,
in the same isolated worker pool (:class:`app.media.MediaWorkerPool`, every limit of
:class:`app.media.Limits`):

1. type by content: the bytes sniff as the image type the manifest names;
2. decodes within the limits (size, pixels, frames, metadata, time, memory) in a worker;
3. already clean: this app's own sanitiser, run on the copy, proves its output (re-scan, and
   whatever else the local proof checks) and that output is the copy itself, byte for byte —
   nothing was removed or rebuilt;
4. the decoded pixels hash to the manifest's ``sanitized.pixels``.

Recordings and PDFs (issue 20) are checked the same way: the type by content is one of the
recording types or a PDF and the worker reads it as the manifest's type; the remux (or PDF clean)
of the copy proves itself and is the copy byte for byte (a clean copy cleaned again is itself:
the remux is deterministic, ``fflags +bitexact``, and so is qpdf's ``static_id`` save); and its
stream digests (every kept stream's payload and timing hashes) or its page digest equal the
manifest's ``sanitized.streams`` or ``sanitized.pages``. A "clean copy" that still carries a
location, tags or cover art is therefore not itself once cleaned, and is quarantined.

A copy that fails is *quarantined* by the caller: kept (nothing of the evidence is lost) but never
as a clean copy. The verdict is an error code with its parameters (``app/messages``), so every
interface says why in the user's language.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from typing import Any

from app.errors import AppError
from app.handover.staging import copy_blob, staged, staged_bytes, staged_reader
from app.media import (
    Limits,
    MediaWorkerPool,
    Processed,
    ProcessedDocument,
    ProcessedRecording,
    sniff,
)
from app.media.avboxes import moov_after_media
from app.media.process import AV_OR_PDF_TYPES
from app.media.window import BLOCK, RangeReader
from app.vault.core import Vault
from app.vault.items import insert_item

SNIFF_BYTES = 64 * 1024
MAX_AHEAD = 4  # copies being checked ahead of the one being stored
MAX_AHEAD_BYTES = 192 * 1024 * 1024
#: Clean copies held by the workers (or their results) while the bundle is still verified.
EARLY_BYTES = 48 * 1024 * 1024
#: Recording types a copy too large to hold is checked as (by streaming; PDFs are not).
AV_TYPES_STREAMED = (AV_OR_PDF_TYPES | {"video/x-matroska", "video/ogg"}) - {"application/pdf"}
#: What a manifest may claim for a recording or PDF: the sniffed types, and the two the worker
#: tells apart after opening (``app.media.avmedia.AV_FORMATS``).
_AV_CLAIMS = AV_OR_PDF_TYPES | AV_TYPES_STREAMED


@dataclass(frozen=True)
class Quarantined:
    """A received item whose clean copy failed :func:`check_copy` (local id, sender's uuid)."""

    item: int
    item_uuid: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


Verdict = tuple[str, dict[str, Any]] | None


def check_copy(data: bytes, sanitized: dict[str, Any], pool: MediaWorkerPool,
               limits: Limits) -> Verdict:
    """None when ``data`` is a clean copy as the manifest entry ``sanitized`` describes it, else
    the reason: ``(code, params)``. Never raises for what the bytes contain."""
    early = _precheck(data, sanitized, limits)
    if early is not None:
        return early
    return _judge(pool.submit(data), data, sanitized)


def _precheck(data: bytes, sanitized: dict[str, Any], limits: Limits) -> Verdict:
    """What needs no decoding: the size limit and the type by content."""
    if len(data) > max(limits.max_file_bytes, limits.av.max_file_bytes):
        return "import.too_large", {"size": len(data), "limit": limits.max_file_bytes}
    return _precheck_head(data[:SNIFF_BYTES], len(data), sanitized, limits)


def _precheck_head(head: bytes, size: int, sanitized: dict[str, Any], limits: Limits) -> Verdict:
    """:func:`_precheck` from the first bytes and the size (a recording checked by streaming
    may be as large as ``Limits.av.max_stream_bytes``)."""
    claimed = str(sanitized.get("media_type") or "")
    found, kind = sniff(head)
    if found in AV_OR_PDF_TYPES and claimed in _AV_CLAIMS and \
            (found == "application/pdf") == (claimed == "application/pdf"):
        if found == "application/pdf" and size > limits.max_file_bytes:
            return "import.too_large", {"size": size, "limit": limits.max_file_bytes}
        if size > limits.av.max_stream_bytes:
            return "import.too_large", {"size": size, "limit": limits.av.max_stream_bytes}
        return None  # the same family: the worker tells the exact type (WebM or Matroska...)
    if size > limits.max_file_bytes:
        return "import.too_large", {"size": size, "limit": limits.max_file_bytes}
    if kind != "image" or found != claimed:
        return "handover.copy_wrong_type", {"found": found, "claimed": claimed}
    return None


def _judge(future: Future[Processed], data: bytes | None, sanitized: dict[str, Any]) -> Verdict:
    """The worker's result: decoded within the limits, already clean, the manifest's pixels
    (or streams, or pages). ``data`` None: the copy was handed over while it streamed and is not
    held any more; the bytes it was checked against hash to ``sanitized["sha256"]`` (the
    verifier matched them to the signed sums, which the manifest names)."""
    try:
        media = future.result()
    except AppError as err:  # InputRejected: refused by the decoder or its limits
        return err.code, dict(err.params)
    claimed = str(sanitized.get("media_type") or "")
    if media.kind != "image" and media.media_type != claimed:
        return "handover.copy_wrong_type", {"found": media.media_type, "claimed": claimed}
    if media.sanitized is None:
        return "handover.copy_not_clean", {"findings": str(media.sanitize_error or "-")[:300]}
    if (media.sanitized != data if data is not None
            else hashlib.sha256(media.sanitized).hexdigest() != sanitized.get("sha256")):
        found_parts = ", ".join(media.removed) or "rebuilt"
        return "handover.copy_not_clean", {"findings": found_parts[:300]}
    if isinstance(media, ProcessedRecording | ProcessedDocument):
        return _same_proof(media, sanitized)
    px = sanitized.get("pixels")
    digest = media.original_pixels
    if not isinstance(px, dict):
        return "handover.copy_no_pixels", {}
    if digest is None or (digest.sha256, digest.mode, digest.width, digest.height) != (
            px.get("sha256"), px.get("mode"), px.get("width"), px.get("height")):
        return "handover.copy_pixels_differ", {}
    return None


class SameBytes:
    """A :class:`app.media.pool.CopyTarget` that keeps nothing: it tells whether the copy a
    worker writes is, once its patches are applied, ``received`` byte for byte.

    The worker's sink appends aligned blocks of :data:`app.media.window.BLOCK`; a block that
    differs (or a block a patch makes differ) is kept until a later patch makes it equal, at most
    :data:`MAX_DIFFERENT` of them (a muxer fills in sizes in one or two blocks)."""

    MAX_DIFFERENT = 16

    def __init__(self, received: RangeReader) -> None:
        self._received = received
        self.size = 0
        self._different: dict[int, bytearray] = {}
        self._overflow = False

    def append(self, data: bytes) -> None:
        start = self.size
        self.size += len(data)
        if start % BLOCK or len(data) > BLOCK:
            self._overflow = True  # not the sink's blocks: cannot be compared block-wise
            return
        if self._received.pread(start, len(data)) != data:
            self._keep(start // BLOCK, bytearray(data))

    def _keep(self, index: int, block: bytearray) -> None:
        if len(self._different) >= self.MAX_DIFFERENT:
            self._overflow = True
        else:
            self._different[index] = block

    def _block(self, index: int) -> bytearray:
        held = self._different.get(index)
        if held is not None:
            return held
        start = index * BLOCK
        return bytearray(self._received.pread(start, min(BLOCK, self.size - start)))

    def patch(self, offset: int, data: bytes) -> None:
        pos, view = offset, memoryview(data)
        while view and pos < self.size:
            index, rel = divmod(pos, BLOCK)
            block = self._block(index)
            n = min(len(view), len(block) - rel)
            block[rel : rel + n] = view[:n]
            same = bytes(block) == self._received.pread(index * BLOCK, len(block))
            if same:
                self._different.pop(index, None)
            elif index not in self._different:
                self._keep(index, block)
            pos += n
            view = view[n:]

    def read_at(self, offset: int, size: int) -> bytes:
        end = min(self.size, offset + max(0, size))
        parts = []
        pos = max(0, offset)
        while pos < end:
            index, rel = divmod(pos, BLOCK)
            n = min(end - pos, BLOCK - rel)
            held = self._different.get(index)
            parts.append(bytes(held[rel : rel + n]) if held is not None
                         else self._received.pread(pos, n))
            pos += n
        return b"".join(parts)

    def equal(self) -> bool:
        return not self._overflow and not self._different and self.size == self._received.size


def check_copy_streamed(received: RangeReader, sanitized: dict[str, Any],
                        pool: MediaWorkerPool, limits: Limits) -> Verdict:
    """:func:`check_copy` for a recording too large to hold: the worker reads the received copy
    through ``received`` and cleans it again by streaming
    (:meth:`app.media.pool.MediaWorkerPool.stream`); the result must be the copy byte for byte
    (:class:`SameBytes`) and its digests the manifest's."""
    early = _precheck_head(received.pread(0, SNIFF_BYTES), received.size, sanitized, limits)
    if early is not None:
        return early
    claimed = str(sanitized.get("media_type") or "")
    if claimed not in AV_TYPES_STREAMED:
        return "import.too_large", {"size": received.size, "limit": limits.max_file_bytes}
    same = SameBytes(received)
    try:
        media = pool.stream(received.pread, received.size, same, None)
    except AppError as err:
        return err.code, dict(err.params)
    if media.kind == "document" or media.media_type != claimed:
        return "handover.copy_wrong_type", {"found": media.media_type, "claimed": claimed}
    if not isinstance(media, ProcessedRecording) or not media.proof_equal:
        return "handover.copy_not_clean", {"findings": str(media.sanitize_error or "-")[:300]}
    if not same.equal():
        return "handover.copy_not_clean", {"findings": (", ".join(media.removed)
                                                        or "rebuilt")[:300]}
    return _same_proof(media, sanitized)


def _same_proof(media: ProcessedRecording | ProcessedDocument,
                sanitized: dict[str, Any]) -> Verdict:
    """The copy's own stream or page digest against the manifest's claim."""
    if isinstance(media, ProcessedRecording):
        claim = sanitized.get("streams")
        if not isinstance(claim, list) or not claim:
            return "handover.copy_no_proof", {}
        mine = [asdict(s) for s in media.original_streams]
        return None if mine == claim else ("handover.copy_streams_differ", {})
    claim = sanitized.get("pages")
    pages = media.original_pages
    if not isinstance(claim, dict):
        return "handover.copy_no_proof", {}
    if pages is None or {"sha256": pages.sha256, "pages": pages.pages} != claim:
        return "handover.copy_pages_differ", {}
    return None


def keep_quarantined_copy(tx: Any, vb: Any, item: dict[str, Any], quarantine: dict[str, Any],
                          now: str, receipt: str) -> str:
    """Keep the failed clean copy of an item whose original came too (nothing of what was
    received is lost): as an attachment item of its own, labelled and linked to the item, with
    its ``import`` and ``item.quarantined`` custody entries. Returns what ``copy_kept`` records:
    ``item:UUID`` (new, or already in the vault) or ``same_as_original``."""
    conn = tx.conn
    san, uid = item["sanitized"], item["item_id"]
    if san["sha256"] == item["original"]["sha256"]:
        return "same_as_original"
    held = conn.execute("SELECT uuid FROM items WHERE sha256 = ? OR sanitized_sha256 = ?",
                        (san["sha256"], san["sha256"])).fetchone()
    if held is not None:
        return f"item:{held[0]}"
    copy_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"bayyina:quarantined-copy:{uid}"))
    found = quarantine["params"].get("found") if quarantine["code"] == \
        "handover.copy_wrong_type" else None
    media_type = str(found or san["media_type"])
    provenance = {"source": "bundle", "signer": vb.signer_fingerprint,
                  "bundle_id": vb.bundle_id, "bundle_seq": vb.seq, "received_at": now,
                  "container_sha256": vb.container_sha256, "quarantined_copy_of": uid,
                  "quarantined": {k: quarantine[k] for k in ("code", "params")}}
    iid = insert_item(conn, {
        "uuid": copy_uuid, "sha256": san["sha256"], "size": san["size"],
        "media_type": media_type, "kind": "attachment", "original_name": None,
        "import_method": "bundle", "imported_at": now, "imported_utc_offset": 0,
        "width": None, "height": None, "frames": None, "orientation": None, "metadata": {},
        "metadata_error": None, "original_pixels": None, "sanitized_sha256": None,
        "sanitized_size": None, "sanitized_media_type": None, "sanitized_pixels": None,
        "pixels_equal": False, "converted_from": None, "removed": [],
        "sanitize_error": f"quarantined: {quarantine['code']}", "sanitizer": None,
        "provenance": provenance})
    copy_blob(conn, iid, "original", media_type, staged(receipt, san["path"]), san["sha256"],
              san["size"])
    subjects = [f"item:{copy_uuid}", f"item:{uid}", f"bundle:{vb.bundle_id}"]
    tx.custody("import", subjects, {
        "method": "bundle", "sha256": san["sha256"], "size": san["size"],
        "media_type": media_type, "signer": vb.signer_fingerprint, "bundle_id": vb.bundle_id,
        "bundle_seq": vb.seq, "imported_at": now, "provenance": provenance})
    tx.custody("item.quarantined", subjects, provenance["quarantined"])
    return f"item:{copy_uuid}"


CHAT_KINDS = ("excerpt", "chat")


def check_chat_copy(data: bytes, item: dict[str, Any]) -> Verdict:
    """The clean copy of an excerpt or of a whole chat: an excerpt document that proves itself
    (:func:`app.chats.excerpt.check_excerpt`), claimed as JSON; a whole chat's is the transcript
    of the export that came with it."""
    import json

    from app.chats.excerpt import check_excerpt

    san = item["sanitized"]
    if san.get("media_type") != "application/json":
        return "handover.copy_wrong_type", {"found": "application/json",
                                            "claimed": str(san.get("media_type") or "")}
    verdict = check_excerpt(data)
    if verdict is not None:
        return verdict
    if item.get("kind") == "chat" and (not item["original"]["included"] or json.loads(
            data)["chat"]["sha256"] != item["original"]["sha256"]):
        return "chat.excerpt_not_of_export", {}
    return None


@dataclass(frozen=True)
class _Early:
    """A copy handed to a worker while the bundle was still being verified."""

    future: Future[Processed]


@dataclass(frozen=True)
class _Streamed:
    """A copy checked by streaming when its turn comes (``data``: when it is small enough to be
    held, :meth:`CopyChecker._start`)."""

    data: bytes | None


class CopyChecker:
    """Checks the staged clean copies of a receipt, in manifest order, a few ahead on the worker
    pool's two processes (as an import does); the pool starts on first use, so a bundle of
    duplicates starts none."""

    def __init__(self, vault: Vault, receipt: str, pool: MediaWorkerPool | None,
                 limits: Limits) -> None:
        self.vault, self.receipt, self.limits = vault, receipt, limits
        self.pool, self.own = pool, pool is None
        self.workers = 2
        #: (path, sha256) → the worker's future, the size and the first bytes of the copy
        self._early: dict[tuple[str, str], tuple[Future[Processed], int, bytes]] = {}
        self._early_bytes = 0

    # --- while the bundle is verified (app.handover.staging.StagingSink) -----------------------
    def metadata_checked(self, manifest: dict[str, Any]) -> set[str]:
        """The pictures' clean copies worth checking while the rest of the bundle streams: those
        of items the vault does not hold yet, held in memory at most :data:`EARLY_BYTES` at a
        time. Recordings, documents and chats are checked afterwards."""
        items = manifest.get("items", [])
        self.workers = 1 if len(items) < 2 else 2
        wanted = set()
        for item in items:
            san = item.get("sanitized") or {}
            if item.get("kind", "image") == "image" and str(san.get("media_type", "")
                                                           ).startswith("image/") \
                    and self.needed(item):
                wanted.add(str(san.get("path")))
        return wanted

    def submit_early(self, path: str, sha256: str, data: bytes) -> None:
        """A copy whose hash matched: to a worker now, if the budget allows (else it is read back
        from the staged bytes when its turn comes)."""
        if self._early_bytes + len(data) > EARLY_BYTES or (path, sha256) in self._early:
            return
        self._early[(path, sha256)] = (self._get_pool().submit(data), len(data),
                                       data[:SNIFF_BYTES])
        self._early_bytes += len(data)

    def _get_pool(self) -> MediaWorkerPool:
        if self.pool is None:
            self.pool = MediaWorkerPool(self.limits, workers=self.workers)
        return self.pool

    def needed(self, item: dict[str, Any]) -> bool:
        """False when the item will be a duplicate or completes an earlier one (checked then)."""
        orig, san = item["original"], item["sanitized"]
        key = orig["sha256"] if orig["included"] else san["sha256"]
        return not self.vault.read("SELECT 1 FROM items WHERE uuid = ? OR sha256 = ? OR "
                                   "sanitized_sha256 = ?", (item["item_id"], key, key))

    def verdicts(self, items: list[dict[str, Any]]) -> Iterator[Verdict]:
        """One verdict per item, in order (None: clean, or not to be checked)."""
        ahead: deque[tuple[dict[str, Any], bytes,
                           Future[Processed] | Verdict | _Streamed | _Early]] = deque()
        pending = iter(items)
        if not self._early:
            self.workers = 1 if len(items) < 2 else 2  # a worker costs a process start (~0.5 s)
        more = True
        while ahead or more:
            while more and len(ahead) < MAX_AHEAD and \
                    sum(len(d) for _i, d, _f in ahead) < MAX_AHEAD_BYTES:
                item = next(pending, None)
                if item is None:
                    more = False
                    break
                ahead.append(self._start(item))
            if not ahead:  # the last item was larger than MAX_AHEAD_BYTES: all were yielded
                break
            item, data, job = ahead.popleft()
            if isinstance(job, _Streamed):
                yield self._check_streamed(item, job)
            elif isinstance(job, _Early):
                yield _judge(job.future, None, item["sanitized"])
            else:
                yield _judge(job, data, item["sanitized"]) if isinstance(job, Future) else job

    def _start(self, item: dict[str, Any]
               ) -> tuple[dict[str, Any], bytes, Future[Processed] | Verdict | _Streamed | _Early]:
        san = item["sanitized"]
        early = self._take_early(san)
        if not self.needed(item):
            if isinstance(early, _Early):
                early.future.cancel()
            return item, b"", None
        if early is not None:
            return item, b"", early
        limit = max(self.limits.max_file_bytes, self.limits.av.max_file_bytes)
        if str(san.get("media_type")) in AV_TYPES_STREAMED and \
                int(san["size"]) > self.limits.av.max_file_bytes:
            return item, b"", _Streamed(None)  # too large to clean in memory
        if int(san["size"]) > limit:
            return item, b"", ("import.too_large", {"size": int(san["size"]), "limit": limit})
        # staged, or not: the vault already holds these bytes (under another item)
        data = staged_bytes(self.vault, staged(self.receipt, san["path"]), str(san["sha256"]))
        if item.get("kind") in CHAT_KINDS:  # text, checked here: no decoder, no worker
            return item, b"", check_chat_copy(data, item)
        refused = _precheck(data, san, self.limits)
        if refused is not None:
            return item, b"", refused
        if str(san.get("media_type")) in AV_TYPES_STREAMED and moov_after_media(data):
            # a copy cleaned by streaming keeps its index last; cleaned in memory it would move
            return item, b"", _Streamed(data)
        return item, data, self._get_pool().submit(data)

    def _take_early(self, san: dict[str, Any]) -> _Early | tuple[str, dict[str, Any]] | None:
        """The copy's early check, or what :func:`_precheck` refuses from its size and first
        bytes (the check then cancelled); None when it was not checked early."""
        early = self._early.pop((str(san.get("path")), str(san.get("sha256"))), None)
        if early is None:
            return None
        future, size, head = early
        self._early_bytes -= size
        verdict = _precheck_head(head, size, san, self.limits)
        if verdict is not None:
            future.cancel()
            return verdict
        return _Early(future)

    def _check_streamed(self, item: dict[str, Any], job: _Streamed) -> Verdict:
        san = item["sanitized"]
        if job.data is not None:
            held = job.data
            received = RangeReader(lambda o, n: held[o : o + n], len(held))
        else:
            received = staged_reader(self.vault, staged(self.receipt, san["path"]),
                                     str(san["sha256"]))
        return check_copy_streamed(received, san, self._get_pool(), self.limits)

    def close(self) -> None:
        for future, _size, _head in self._early.values():  # never judged (a duplicate bundle...)
            future.cancel()
        self._early.clear()
        if self.own and self.pool is not None:
            self.pool.close()


__all__ = ["CopyChecker", "Quarantined", "Verdict", "check_copy"]
