# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Chat exports in the import pipeline: recognised by content, parsed whole before anything is
written, their media imported as items of their own, then the export sealed as one chat item
with every message, in one transaction.

Order and what "nothing partial" means here: parsing (and every check of the zip) happens in
:func:`prepare`, before any write, so a bad export is refused with its error and the vault is
unchanged. The media the messages refer to then go through the normal pipeline
(:class:`app.ingest.pipeline._Importer`: sealed, cleaned, proven, one transaction each, method
``chat``); a file already in the vault is linked, not stored twice. Last, the chat item, its
messages, attachments, authors and search rows are written in one transaction: the chat is whole
or absent. A crash between the two leaves the media as complete items of their own; importing the
export again links them. Files in the zip that no message refers to stay sealed inside the export.
"""

from __future__ import annotations

import os
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from app import __version__
from app.chats import entry
from app.chats.archive import ExportZip
from app.chats.model import ChatExport
from app.chats.store import ChatOffset, store_chat
from app.errors import AppError
from app.ingest.walk import Candidate
from app.vault.blobs import write_blob
from app.vault.items import insert_item

if TYPE_CHECKING:
    from app.ingest.pipeline import ImportOutcome, _Importer

#: Sniffed types a chat export can have (WhatsApp .txt and Telegram .json sniff as octet-stream).
CHAT_TYPES = frozenset({"application/octet-stream", "application/zip", "text/html"})
_MEDIA_TYPE = {"whatsapp-android-txt": "text/plain", "whatsapp-ios-txt": "text/plain",
               "telegram-json": "application/json", "telegram-html": "text/html"}
# (a zipped export is stored as application/zip whatever its inner format)
_IN_FLIGHT = 4


@dataclass
class ChatJob:
    """A recognised, parsed chat export waiting to be stored (the pipeline queue's item)."""

    cand: Candidate
    sha256: str
    size: int
    data: bytes | None  # None: a zip above the in-memory limit, streamed from its file
    media_type: str
    export: ChatExport
    archive: ExportZip | None
    future: None = None
    media: dict[str, int] = field(default_factory=dict)
    file: BinaryIO | None = None  # the open export of a streamed zip (closed once stored)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def prepare(cand: Candidate, data: bytes, sha256: str, media_type: str,
            offset: str | None) -> ChatJob | AppError | None:
    """A :class:`ChatJob` when ``data`` is a chat export, the error that refuses it when it is a
    chat export that cannot be read, or None when it is no chat export."""
    archive: ExportZip | None = None
    try:
        fmt = entry.recognise(cand.name, data)
        if fmt is None:
            return None
        if media_type == "application/zip":
            archive = ExportZip(data)
        export = entry.parse(cand.name, data, fmt)
        ChatOffset.choose(export, offset)  # a bad --chat-offset refuses before anything is done
    except AppError as err:
        return err
    stored_type = "application/zip" if archive is not None else _MEDIA_TYPE.get(
        export.source_format.removesuffix("-zip"), "text/plain")
    return ChatJob(cand, sha256, len(data), data, stored_type, export, archive)


def prepare_file(cand: Candidate, sha256: str, size: int,
                 offset: str | None) -> ChatJob | AppError | None:
    """:func:`prepare` for a zip above the in-memory limit (a WhatsApp export with its videos):
    the zip is read from its file — central directory first, then one member at a time, as the
    messages need them — and never held whole, so memory stays flat whatever its size; every
    check of :class:`~app.chats.archive.ExportZip` (zip bombs, names, links) applies as for a
    small one. The sealed original is streamed from the file into the vault at store time, and
    its SHA-256 checked again while it is."""
    from app.ingest.pipeline import open_regular

    fh: BinaryIO | None = None
    try:
        fh = os.fdopen(open_regular(cand.path), "rb")
        fmt = entry.recognise(cand.name, fh)
        if fmt is None:
            fh.close()
            return None
        archive = ExportZip(fh)
        export = entry.parse(cand.name, fh, fmt)
        ChatOffset.choose(export, offset)
    except AppError as err:
        if fh is not None:
            fh.close()
        return err
    except OSError:
        if fh is not None:
            fh.close()
        return None  # unreadable here: the normal import reports it
    return ChatJob(cand, sha256, size, None, "application/zip", export, archive, file=fh)


def import_media(importer: _Importer, job: ChatJob,
                 emit: Callable[[ImportOutcome], None] | None = None) -> list[ImportOutcome]:
    """Import the zip members the messages refer to, a few ahead in the worker pool."""
    from app.ingest.pipeline import ImportOutcome

    if job.archive is None:
        return []
    archive = job.archive
    # a medium larger than can be read into memory (a long video) stays sealed inside the
    # export: its message keeps the reference, the import reports it among media_missing
    wanted = list(dict.fromkeys(a.member for m in job.export.messages for a in m.attachments
                                if a.member and a.member in archive
                                and archive.size(a.member) <= archive.max_member))
    outcomes: list[ImportOutcome] = []
    queue: deque[Any] = deque()

    def done(outcome: ImportOutcome, member: str) -> None:
        if outcome.item_id is not None:
            job.media[member] = outcome.item_id
        outcomes.append(outcome)
        if emit is not None:
            emit(outcome)

    for member in [*wanted, None]:
        if member is not None:
            cand = Candidate(Path(job.cand.name) / member, "chat")
            prepared = importer.prepare(cand, archive.read(member))
            if isinstance(prepared, ImportOutcome):
                done(prepared, member)
            else:
                queue.append((prepared, member))
        while queue and (member is None or len(queue) >= _IN_FLIGHT):
            pending, name = queue.popleft()
            done(importer.finish(pending), name)
    return outcomes


def store(importer: _Importer, job: ChatJob, offset: str | None, imported_at: str,
          utc_offset: int) -> ImportOutcome:
    """The chat item, its messages and links, in one transaction."""
    from app.ingest.pipeline import ImportOutcome, stream_file

    export = job.export
    chosen = ChatOffset.choose(export, offset)
    item_uuid = str(uuid.uuid4())
    shown = str(job.cand.path)
    missing = sum(1 for m in export.messages for a in m.attachments
                  if not a.member or a.member not in job.media)
    details = {"format": export.source_format, "platform": export.platform,
               "messages": len(export.messages), "utc_offset": chosen.value,
               "offset_source": chosen.source, "media_linked": len(job.media),
               "media_missing": missing}
    original: bytes | Iterator[bytes] = job.data if job.data is not None else \
        stream_file(job.cand.path, job.sha256)
    with importer.vault.write() as tx:
        again = tx.execute("SELECT id FROM items WHERE sha256 = ?", (job.sha256,)).fetchone()
        if again:
            return ImportOutcome(shown, "duplicate", item_id=int(again[0]), sha256=job.sha256,
                                 error_code="import.duplicate",
                                 error_params={"name": job.cand.name, "item": int(again[0])})
        item_id = insert_item(tx.conn, {
            "uuid": item_uuid, "sha256": job.sha256, "size": job.size,
            "media_type": job.media_type, "kind": "chat", "original_name": job.cand.name,
            "import_method": job.cand.method, "imported_at": imported_at,
            "imported_utc_offset": utc_offset, "metadata": {"chat": details},
            "sanitize_error": "chat: kept sealed; the messages are read from it"})
        write_blob(tx.conn, item_id, "original", job.media_type, original)
        tx.custody("import", [f"item:{item_uuid}"], {
            "sha256": job.sha256, "size": job.size, "media_type": job.media_type,
            "method": job.cand.method, "imported_at": imported_at,
            "utc_offset_minutes": utc_offset, "app": f"bayyina {__version__}",
            "metadata_error": None, "chat": details})
        count = store_chat(tx, item_id, job.sha256, export, chosen, job.media)
        from app.cases import index

        index.reindex(tx.conn, [item_id])
    return ImportOutcome(shown, "imported", item_id=item_id, sha256=job.sha256,
                         media_type=job.media_type, kind="chat", messages=count,
                         chat={**details, "title": export.title,
                               "participants": len(export.participants),
                               "warnings": list(export.warnings)})
