# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Before an import: what each chosen file carries that the clean copy will leave out, or why it
cannot be imported — read from the files' metadata only.

Nothing is decoded (Pillow opens the header, exifread and the container walkers read the tags),
nothing is written anywhere and the vault is not touched: the preview is a list of
:class:`FilePreview`, phrased by the GUI with the same words as an item's detail
(:func:`app.media.metadata.describe_removed`). Each file is read at most up to the import's own
size limit, one at a time; a preview stops at :data:`MAX_FILES` files (the rest is counted, not
read) and polls ``cancel`` between files. What the pipeline would refuse after decoding (a
truncated picture, a decoder crash) is found only by the import itself; a preview says
"cannot be imported" only for what it knows without decoding.

A chat export (WhatsApp, Telegram) is recognised and parsed as the import does it, by the same
calls (:func:`app.chats.entry.recognise` and :func:`app.chats.entry.parse`, so within the same
:class:`app.chats.common.ChatLimits`) and only for a file the import would read whole (up to
``limits.max_file_bytes``): its :class:`ChatFacts` say the platform and how many messages, media
files and participants it holds; a chat export the import would refuse is refused here with the
same error. The parsed messages are counted and dropped, never kept.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import AppError, InputRejected
from app.ingest.pipeline import MAX_ATTACHMENT_BYTES
from app.ingest.walk import walk_inputs
from app.media.containers import ContainerError, Walk, walk_gif, walk_jpeg, walk_png, walk_webp
from app.media.metadata import RemovedFact, describe_removed, read_metadata, removed_categories
from app.media.pixels import open_image
from app.media.process import AV_OR_PDF_TYPES
from app.media.sniff import DECODABLE, sniff
from app.media.types import DEFAULT_LIMITS, Limits
from app.tasks import CancelToken, ProgressFn, notify

log = logging.getLogger(__name__)

MAX_FILES = 2000
SNIFF_BYTES = 64 * 1024
_WALKERS = {"image/jpeg": walk_jpeg, "image/png": walk_png, "image/gif": walk_gif,
            "image/webp": walk_webp}

#: ``FilePreview.status``: a picture to be cleaned, a recording or PDF (cleaned on import, its
#: details shown after), a chat export (its messages read into the vault), a file kept as it is
#: (an attachment, never opened), or refused.
STATUSES = ("picture", "media", "chat", "kept", "refused")


@dataclass(frozen=True)
class ChatFacts:
    """What a chat export holds, as its import would read it: ``platform`` "whatsapp" or
    "telegram", ``media`` the media files included in the export (references to media left out
    are not counted)."""

    platform: str
    source_format: str
    messages: int
    media: int
    participants: int


@dataclass(frozen=True)
class FilePreview:
    """One chosen file: ``shown`` is the path as she chose it (untrusted for display); ``chat``
    the facts of a chat export (status "chat")."""

    shown: str
    status: str
    media_type: str | None = None
    size: int = 0
    facts: list[RemovedFact] = field(default_factory=list)
    error_code: str | None = None
    error_params: dict[str, Any] = field(default_factory=dict)
    chat: ChatFacts | None = None


@dataclass(frozen=True)
class ImportPreview:
    files: list[FilePreview]
    not_read: int = 0  # files beyond MAX_FILES: counted, not read

    @property
    def importable(self) -> int:
        return sum(1 for f in self.files if f.status != "refused") + self.not_read


def preview_paths(paths: list[Path], *, method: str = "file", limits: Limits = DEFAULT_LIMITS,
                  max_files: int = MAX_FILES, progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None) -> ImportPreview:
    """What each file under ``paths`` carries (folders walked as the import walks them).

    Raises:
        Cancelled: when ``cancel`` is set (between files).
    """
    candidates = list(walk_inputs([Path(p) for p in paths], method))
    files: list[FilePreview] = []
    for n, cand in enumerate(candidates[:max_files]):
        if cancel is not None:
            cancel.raise_if_cancelled()
        notify(progress, n, min(len(candidates), max_files), "import.preview", cand.name)
        if cand.error_code is not None:
            files.append(FilePreview(str(cand.path), "refused", error_code=cand.error_code,
                                     error_params=dict(cand.error_params)))
            continue
        files.append(preview_file(cand.path, limits))
    notify(progress, len(files), len(files), "import.preview")
    return ImportPreview(files, max(0, len(candidates) - max_files))


def preview_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> FilePreview:  # noqa: PLR0911 - one return per outcome, in the import's order
    """One file's preview; never raises for the file's content (a refusal is a status)."""
    shown = str(path)
    try:
        with path.open("rb") as fh:  # her own choice, or a file the walk kept inside it
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                return FilePreview(shown, "refused", error_code="import.not_regular_file",
                                   error_params={"name": path.name})
            if st.st_size == 0:
                return FilePreview(shown, "refused", error_code="import.empty",
                                   error_params={"name": path.name})
            if st.st_size > MAX_ATTACHMENT_BYTES:
                return _refused(shown, path, InputRejected(
                    "import.too_large", size=st.st_size, limit=MAX_ATTACHMENT_BYTES))
            head = fh.read(SNIFF_BYTES)
            media_type, kind = sniff(head)
            if media_type in AV_OR_PDF_TYPES:
                return FilePreview(shown, "media", media_type, st.st_size)
            if kind != "image":
                chat = _chat_preview(fh, shown, path, head, media_type=media_type,
                                     size=st.st_size, limits=limits)
                return chat or FilePreview(shown, "kept", media_type, st.st_size)
            if media_type not in DECODABLE:
                return _refused(shown, path, InputRejected("import.unsupported",
                                                           media_type=media_type))
            if st.st_size > limits.max_file_bytes:
                return _refused(shown, path, InputRejected(
                    "import.too_large", size=st.st_size, limit=limits.max_file_bytes))
            data = head + fh.read(limits.max_file_bytes - len(head) + 1)
    except OSError as exc:
        return FilePreview(shown, "refused", error_code="import.unreadable",
                           error_params={"name": path.name, "reason": exc.strerror or ""})
    try:
        return FilePreview(shown, "picture", media_type, st.st_size,
                           _picture_facts(data, media_type, limits))
    except InputRejected as exc:
        return _refused(shown, path, exc)


def _chat_preview(fh: Any, shown: str, path: Path, head: bytes, *, media_type: str,
                  size: int, limits: Limits) -> FilePreview | None:
    """A chat export's facts (or the import's refusal of it), None for any other file. Only what
    the import itself would parse: a file it reads whole, of a type a chat export can have
    (:data:`app.ingest.chat.CHAT_TYPES`)."""
    from app.chats import entry
    from app.ingest.chat import CHAT_TYPES

    if media_type not in CHAT_TYPES or size > limits.max_file_bytes:
        return None
    if head[:4] != b"PK\x03\x04" and entry.recognise(path.name, head) is None:
        return None  # a text export is recognised by its first 64 KiB: nothing more is read
    data = head + fh.read(limits.max_file_bytes - len(head) + 1)
    try:
        fmt = entry.recognise(path.name, data)
        if fmt is None:
            return None
        export = entry.parse(path.name, data, fmt)
    except AppError as exc:
        return FilePreview(shown, "refused", media_type, size, error_code=exc.code,
                           error_params={"name": path.name, **exc.params})
    media = {a.member for m in export.messages for a in m.attachments if a.member}
    return FilePreview(shown, "chat", media_type, size, chat=ChatFacts(
        str(export.platform), export.source_format, len(export.messages), len(media),
        len(export.participants)))


def _refused(shown: str, path: Path, exc: InputRejected) -> FilePreview:
    return FilePreview(shown, "refused", error_code=exc.code,
                       error_params={"name": path.name, **exc.params})


def _picture_facts(data: bytes, media_type: str, limits: Limits) -> list[RemovedFact]:
    walk: Walk | None = None
    if (walker := _WALKERS.get(media_type)) is not None:
        try:
            walk = walker(data)
        except ContainerError:
            log.debug("container walk failed in a preview")
    im = open_image(data, media_type, limits)  # the header only: size and frame limits
    try:
        meta, _error = read_metadata(data, media_type, walk, im)
    finally:
        im.close()
    return describe_removed(would_remove(meta, walk), meta)


def would_remove(meta: dict[str, Any], walk: Walk | None) -> list[str]:
    """The parts a clean copy leaves out, as far as the metadata shows them (the sanitiser's
    names, as kept in ``items.removed``)."""
    removed = removed_categories(meta)
    if meta.get("exif"):
        removed.append("exif")
    if meta.get("png_text"):
        removed.append("png.text")
    if meta.get("png_time"):
        removed.append("png.time")
    if walk is not None and walk.trailer:
        removed.append(f"trailer:{walk.trailer}")
    return removed
