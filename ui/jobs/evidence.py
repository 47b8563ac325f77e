# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Read-only views of the vault for the GUI, run inside worker tasks (never on the GUI thread).

Rows for the evidence list, thumbnails and the detail record. When ``app.cases`` offers
``list_items(vault, query)`` it is used; until then the rows are read from the ``items`` table,
which is the core's public schema. Images are decoded here into ``QImage`` (thread-safe) in memory
only: no decoded pixel ever reaches the disk.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtGui

from app.errors import AppError
from app.media.sniff import sniff
from app.vault import Vault
from app.vault.blobs import read_blob
from ui.i18n import N_

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EvidenceRow:
    """One line of the evidence list. ``untrusted_*`` values come from outside: show them plain."""

    item_id: int
    untrusted_name: str
    media_type: str
    kind: str
    imported_at: str  # ISO-8601, canonical
    platform: str = ""
    untrusted_description: str = ""
    sensitive: bool = False
    has_thumbnail: bool = True
    posted_at: str = ""
    accounts: tuple[str, ...] = ()  # untrusted handles
    reported: bool = False
    has_clean_copy: bool = True
    posted_shown: str = ""  # posted_at in the offset the post showed (``as_shown``), for a card
    received: bool = False  # came in a bundle: its card says "Received …" rather than "Imported …"


@dataclass
class ItemDetail:
    item_id: int
    record: dict[str, Any]
    image: QtGui.QImage | None = None
    image_error: str | None = None
    removed: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    tags: Any = None  # app.cases.ItemTags
    original_image: QtGui.QImage | None = None  # decoded in memory, for the side-by-side view
    perpetrators: list[str] = field(default_factory=list)  # untrusted labels
    #: a recording with a clean copy: it plays (``ui.jobs.playback``); its length, its waveform
    #: (0..1 peaks, stored at import) and its marked moments
    playable: bool = False
    duration_s: float | None = None
    waveform: list[float] = field(default_factory=list)
    moments: list[Any] = field(default_factory=list)  # app.cases.moments.Moment
    pages: list[QtGui.QImage] = field(default_factory=list)  # a PDF's page pictures, small
    held_by: list[dict[str, str]] = field(default_factory=list)  # signed receipts (issue 16)
    chat: Any = None  # app.chats.query.Chat of a chat item (issue 14): its facts, no picture


def list_rows(vault: Vault, text: str = "", filters: dict[str, Any] | None = None,
              limit: int | None = None, offset: int = 0) -> list[EvidenceRow]:
    """Items matching the search ``text`` (Arabic-aware full text, in the core) and ``filters``
    (ItemQuery fields such as ``case_ids``), newest import first; one page or all of them."""
    from app.cases import ItemQuery, list_items
    from app.cases.model import as_shown

    query = ItemQuery(text=text, limit=limit, offset=offset, **(filters or {}))
    return [EvidenceRow(int(r.id), str(r.original_name or ""), str(r.media_type), str(r.kind),
                        str(r.imported_at), str(r.platform or ""), str(r.description or ""),
                        bool(r.sensitive), bool(r.has_thumbnail or r.has_clean_copy),
                        str(r.posted_at or ""), tuple(r.accounts), bool(r.reported),
                        bool(r.has_clean_copy),
                        as_shown(r.posted_at, r.posted_tz) if r.posted_at else "",
                        bool(r.received))
            for r in list_items(vault, query)]


def load_sidebar(vault: Vault,
                 lang: str) -> dict[str, list[tuple[str, dict[str, Any], int | None]]]:
    """Sidebar entries per section: (untrusted label, ItemQuery filter, item count or None)."""
    from app.cases import (
        ItemQuery,
        count_items,
        list_cases,
        list_categories,
        list_perpetrators,
        list_platforms,
    )

    def n(**filters: Any) -> int:
        return count_items(vault, ItemQuery(**filters))

    lang_ar = lang == "ar"
    return {
        "cases": [(c.title, {"case_ids": (c.id,)}, c.item_count) for c in list_cases(vault)],
        "perpetrators": [(p.label, {"perpetrator_ids": (p.id,)}, p.item_count)
                         for p in list_perpetrators(vault)],
        "platforms": [((p.name_ar if lang_ar else p.name_en), {"platforms": (p.key,)},
                       n(platforms=(p.key,))) for p in list_platforms(vault)],
        "categories": [((c.name_ar if lang_ar else c.name_en), {"categories": (c.key,)},
                        n(categories=(c.key,))) for c in list_categories(vault)],
        "reported": [(N_("Reported to a platform"), {"report_status": ("any",)},
                      n(report_status=("any",))),
                     (N_("Not reported"), {"report_status": ("none",)},
                      n(report_status=("none",)))],
    }


#: Qt's reader for each picture type the vault holds (app.media.sniff).
_QT_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF",
               "image/webp": "WEBP", "image/bmp": "BMP", "image/tiff": "TIFF"}


def decode_image(data: bytes) -> QtGui.QImage:
    """A picture decoded in memory by the reader of its own format, found from its first bytes.

    Never left to Qt's guessing: the guess asks every image plugin, and the SVG one builds a
    QTextStream, which takes Qt's connection lock — while PySide6 keeps the GIL through
    ``QImage.fromData``. In a worker thread that deadlocked against the GUI thread disconnecting a
    signal (holding that lock, waiting for the GIL): seen as a hung test of the evidence
    window. A type Qt has no reader for here gives a null image, as before."""
    fmt = _QT_FORMATS.get(sniff(data[:64])[0])
    if fmt is None:
        return QtGui.QImage()
    # PySide6 takes the format as a str (its stubs say bytes, which it refuses at run time)
    return QtGui.QImage.fromData(data, fmt)  # type: ignore[arg-type]


def load_thumbnails(vault: Vault, item_ids: list[int], size: int) -> dict[int, QtGui.QImage]:
    """Decode the stored thumbnails of ``item_ids``; an item without one (a received item: bundles
    carry no thumbnails) is drawn from its clean copy, scaled here, in memory. Items with neither
    are left out."""
    out: dict[int, QtGui.QImage] = {}
    for item_id in item_ids:
        image = QtGui.QImage()
        for role in ("thumbnail", "sanitized"):
            try:
                image = decode_image(read_blob(vault.conn, item_id, role))
            except AppError:
                continue
            if not image.isNull():
                break
        if image.isNull():
            continue
        if image.width() > size or image.height() > size:
            image = image.scaled(size, size, QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                                 QtCore.Qt.TransformationMode.SmoothTransformation)
        out[item_id] = image
    return out


def load_detail(vault: Vault, item_id: int) -> ItemDetail:
    from app.cases import ItemId, get_item_tags
    from app.vault.items import get_item

    record = get_item(vault, item_id)
    detail = ItemDetail(item_id, record, tags=get_item_tags(vault, ItemId(item_id)))
    removed = record.get("removed") or []
    detail.removed = [str(x) for x in removed] if isinstance(removed, list) else []
    meta = record.get("metadata") or {}
    if isinstance(meta, str):
        try:
            meta = json.loads(meta)
        except ValueError:
            meta = {}
    detail.metadata = meta if isinstance(meta, dict) else {}
    if record.get("kind") == "chat":
        from app.chats.query import get_chat

        detail.chat = get_chat(vault, item_id)  # a sealed export: no picture to decode
    elif record.get("kind") in ("video", "audio", "document"):
        _recording_detail(vault, detail)
    elif "sanitized" in record.get("copies", {}):
        image = decode_image(read_blob(vault.conn, item_id, "sanitized"))
        if image.isNull():
            detail.image_error = "decode"
        else:
            detail.image = image
    else:
        detail.image_error = "no_copy"
    if detail.image is not None and "original" in record.get("copies", {}):
        original = decode_image(read_blob(vault.conn, item_id, "original"))
        detail.original_image = None if original.isNull() else original
    detail.perpetrators = [str(r[0]) for r in vault.read(
        "SELECT DISTINCT p.label FROM item_accounts ia JOIN accounts a ON a.id = ia.account_id "
        "JOIN perpetrators p ON p.id = a.perpetrator_id WHERE ia.item_id = ? ORDER BY p.label",
        (item_id,))]
    from app.handover.receipts import item_receipts

    detail.held_by = item_receipts(vault, str(record.get("uuid") or ""))
    return detail


def _recording_detail(vault: Vault, detail: ItemDetail) -> None:
    """A recording or a PDF: its poster (the thumbnail), never the whole copy decoded as a picture
    (it may be gigabytes); what the player needs; a PDF's page pictures."""
    from app.cases.moments import list_moments

    record = detail.record
    copies = record.get("copies", {})
    if "thumbnail" in copies:
        image = decode_image(read_blob(vault.conn, detail.item_id, "thumbnail"))
        detail.image = None if image.isNull() else image
    if detail.image is None:
        detail.image_error = "no_copy" if "sanitized" not in copies else "recording"
    rec = detail.metadata.get("recording")
    if isinstance(rec, dict):
        duration = rec.get("duration_s")
        detail.duration_s = float(duration) if isinstance(duration, int | float) else None
        peaks = rec.get("waveform")
        if isinstance(peaks, list):
            detail.waveform = [float(p) for p in peaks if isinstance(p, int | float)][:2000]
    detail.playable = record.get("kind") in ("video", "audio") and "sanitized" in copies
    detail.moments = list_moments(vault, detail.item_id)
    if record.get("kind") == "document" and "sanitized" in copies:
        detail.pages = page_pictures(vault, detail.item_id)


def page_pictures(vault: Vault, item_id: int) -> list[QtGui.QImage]:
    """Small pictures of a PDF's first pages, from the images embedded in them (a scanned or
    photographed document is one picture a page), decoded in memory; pages of text only have
    none (nothing here renders PDF, see ``app.media.pdfpages``)."""
    from app.media.pdfpages import page_images

    out = []
    for data in page_images(read_blob(vault.conn, item_id, "sanitized")):
        image = decode_image(data)
        if not image.isNull():
            out.append(image)
    return out


def save_copy(vault: Vault, item_id: int, folder: Path, original: bool = False) -> dict[str, Any]:
    """"Save clean copy…" (or, chosen explicitly, "Save original…") into ``folder``:
    :func:`app.vault.items.extract` (through ``app.safefile.new_file``), as ``bayyina-cli
    extract``. The file is named after the item number, never after the original's name."""
    from app.vault.items import extract

    rows = vault.read("SELECT media_type, sanitized_media_type FROM items WHERE id = ?",
                      (item_id,))
    if not rows:
        raise AppError("item.not_found", item=item_id)
    media = str(rows[0][0] if original else (rows[0][1] or rows[0][0]))
    return extract(vault, item_id, Path(folder) / copy_name(item_id, media, original=original),
                   original=original)


def delete_items(vault: Vault, item_ids: list[int]) -> list[int]:
    """"Delete…": :func:`app.vault.items.delete_item` for each, as ``bayyina-cli delete``."""
    from app.vault.items import delete_item

    return [int(delete_item(vault, i)["item_id"]) for i in item_ids]


def copy_name(item_id: int, media_type: str, *, original: bool = False) -> str:
    """The file name "Save clean copy…" proposes: no original name (it can identify her); the
    extension of its type, as in bundles (a recording saved as an original keeps ``.mov``…)."""
    from app.handover.export import extension_for

    which = "original" if original else "clean"
    return f"bayyina-item-{item_id}-{which}.{extension_for(media_type)}"


def flatten_metadata(meta: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """(key, value) pairs for display; nested dicts become dotted keys. Values stay untrusted."""
    pairs: list[tuple[str, str]] = []
    for key, value in meta.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            pairs += flatten_metadata(value, name + ".")
        elif isinstance(value, list):
            pairs.append((name, ", ".join(str(v) for v in value)))
        else:
            pairs.append((name, str(value)))
    return pairs
