# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The lens's background work: PDQ hashes and OCR of every picture, from a queue in the vault.

``lens_work`` (migration 7) holds one row per (item, task) with its state, so the work survives
locking, closing and restarts: :func:`run_pending` picks up exactly where the last run stopped.
The import queues each new picture (:func:`enqueue_tx`, inside the import's transaction, costs
one row); :func:`backfill` queues pictures imported before. Each task of each item is committed in
its own short transaction, so a lock or crash loses at most the item in hand; a failure of the
vault itself (a lock interrupting the read of the picture, a closed connection) is raised, never
recorded as the picture's, so that task is simply still queued at the next unlock.

What is read: the item's sanitised copy (written by the app's own encoder), decoded in-process
under the import limits. Items without one (sealed attachments, failed sanitising) are marked
``failed`` with a reason, never decoded from the untrusted original here. Documents and videos
(:data:`PART_KINDS`) are read from the pictures inside them (:mod:`app.media.lenspictures`,
through a seekable blob file): hashed from the picture of each page and from keyframes spread
over the video (kinds ``page:N`` and ``frame:MS``, with their quality); their text is that of
the page pictures (the first :data:`OCR_PAGES`) and of the video's poster frame (its first
keyframe that is not flat). A document of text only has neither and is ``done`` all the same.

Custody: PDQ hashes and machine OCR are derived data, reproducible from the sealed copy with the
recorded engine version; producing them appends no custody entry (the log records what people and
the import did to evidence, not caches). A person's correction of the recognised text *is* a
custody entry (``item.ocr_correct``, before and after), and the corrected text is never
overwritten by a later machine pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, cast

from PIL import Image

from app.cases import index
from app.cases.similar import hash_item_tx, store_done_tx
from app.cases.tagging import item_uuid
from app.errors import AppError
from app.media import Limits
from app.media.lenspictures import keyframes, page_pictures
from app.media.ocr import engine_version, recognise
from app.media.pdq import MIN_PART_QUALITY, PdqHash, hash_image, hashes_of_parts
from app.media.pixels import guarded, open_image
from app.vault import Vault
from app.vault.blobfile import open_blob
from app.vault.blobs import blob_meta, read_blob
from app.vault.connection import Connection, DatabaseError

TASKS = ("pdq", "ocr")
#: Items hashed and read from the pictures inside them: page pictures; keyframes (hashes) and
#: the poster frame (text).
PART_KINDS = ("document", "video")
OCR_PAGES = 50
VAULT_ERRORS = ("vault.locked", "vault.damaged")  # raised by the vault, never by a picture


@dataclass(frozen=True)
class LensState:
    """Counts per task and state, e.g. ``{"pdq": {"queued": 3, "done": 10, "failed": 0}}``."""

    counts: dict[str, dict[str, int]]

    @property
    def queued(self) -> int:
        return sum(c.get("queued", 0) for c in self.counts.values())

    @property
    def failed(self) -> int:
        return sum(c.get("failed", 0) for c in self.counts.values())

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {t: dict(c) for t, c in self.counts.items()}


@dataclass(frozen=True)
class OcrText:
    item_id: int
    text: str
    engine: str
    corrected_by_hand: bool
    state: str | None


def enqueue_tx(conn: Connection, item_id: int, tasks: tuple[str, ...] = TASKS) -> None:
    """Queue the item's lens work inside the caller's transaction (the import's)."""
    for task in tasks:
        conn.execute("INSERT OR REPLACE INTO lens_work (item_id, task, state, attempts, error, "
                     "updated_at) VALUES (?, ?, 'queued', 0, NULL, datetime('now'))",
                     (item_id, task))


def backfill(vault: Vault, tasks: tuple[str, ...] = TASKS) -> int:
    """Queue every picture, document and video that has no lens work row yet; returns how many
    rows were added."""
    added = 0
    kinds = ("image", *PART_KINDS)
    with vault.write() as tx:
        for task in tasks:
            cur = tx.execute(
                f"INSERT OR IGNORE INTO lens_work (item_id, task, updated_at) SELECT id, ?, "
                f"datetime('now') FROM items WHERE kind IN ({','.join('?' * len(kinds))})",
                (task, *kinds))
            added += max(0, cur.rowcount)
    return added


def retry_failed(vault: Vault) -> int:
    with vault.write() as tx:
        return int(tx.execute("UPDATE lens_work SET state = 'queued', attempts = 0, error = NULL "
                              "WHERE state = 'failed'").rowcount)


def state(vault: Vault) -> LensState:
    counts: dict[str, dict[str, int]] = {t: {"queued": 0, "done": 0, "failed": 0} for t in TASKS}
    for task, st, n in vault.read("SELECT task, state, count(*) FROM lens_work "
                                  "GROUP BY task, state"):
        counts.setdefault(str(task), {})[str(st)] = int(n)
    return LensState(counts)


def item_state(vault: Vault, item_id: int) -> dict[str, str]:
    return {str(t): str(s) for t, s in vault.read(
        "SELECT task, state FROM lens_work WHERE item_id = ?", (item_id,))}


def _picture(conn: Connection, item_id: int, limits: Limits) -> Image.Image:
    meta = blob_meta(conn, item_id, "sanitized")
    if meta is None:
        raise AppError("lens.no_picture", item=item_id)
    data = read_blob(conn, item_id, "sanitized")
    im = open_image(data, str(meta[3] or ""), limits)
    guarded(im.load, limits)
    return im


def run_pending(vault: Vault, limit: int | None = None, *, tasks: tuple[str, ...] = TASKS,
                on_progress: Callable[[int, LensState], None] | None = None,
                should_stop: Callable[[], bool] | None = None,
                limits: Limits | None = None) -> int:
    """Process up to ``limit`` queued (item, task) rows, hashes first; returns how many were
    processed. ``should_stop`` is checked between items (pause, lock); the rest stays queued."""
    limits = limits or Limits()
    marks = ",".join("?" * len(tasks))
    done = 0
    while limit is None or done < limit:
        if should_stop is not None and should_stop():
            break
        rows = vault.read(f"SELECT item_id, task FROM lens_work WHERE state = 'queued' AND task "
                          f"IN ({marks}) ORDER BY task = 'ocr', item_id LIMIT 1", list(tasks))
        if not rows:
            break
        item_id, task = int(rows[0][0]), str(rows[0][1])
        _run_one(vault, item_id, task, limits)
        done += 1
        if on_progress is not None:
            on_progress(done, state(vault))
    return done


def _parts(conn: Connection, item_id: int, kind: str, limits: Limits) -> list[PdqHash]:
    """The hashes of a document's page pictures or a recording's keyframes, from its clean
    copy (read through a seekable blob file: a long video is never read whole)."""
    meta = blob_meta(conn, item_id, "sanitized")
    if meta is None:
        raise AppError("lens.no_picture", item=item_id)
    with open_blob(conn, item_id, "sanitized") as blob:
        source = cast(BinaryIO, blob)
        if kind == "document":
            return hashes_of_parts((f"page:{n}", im) for n, im in page_pictures(source, limits))
        return hashes_of_parts((f"frame:{ms}", im)
                               for ms, im in keyframes(source, str(meta[3] or ""), limits))


def _parts_text(conn: Connection, item_id: int, kind: str, limits: Limits) -> tuple[str, str]:
    """(text, engine) of a document's page pictures (the first :data:`OCR_PAGES`, a blank line
    between pages) or of a video's poster frame (its first keyframe that is not flat)."""
    meta = blob_meta(conn, item_id, "sanitized")
    if meta is None:
        raise AppError("lens.no_picture", item=item_id)
    texts: list[str] = []
    with open_blob(conn, item_id, "sanitized") as blob:
        source = cast(BinaryIO, blob)
        if kind == "document":
            texts = [recognise(im).text for _n, im in page_pictures(source, limits, OCR_PAGES)]
        else:
            for _ms, im in keyframes(source, str(meta[3] or ""), limits):
                if hash_image(im)[1] >= MIN_PART_QUALITY:
                    texts = [recognise(im).text]
                    break
    return "\n\n".join(t for t in texts if t), engine_version()


def _run_one(vault: Vault, item_id: int, task: str, limits: Limits) -> None:
    try:
        row = vault.conn.execute("SELECT kind FROM items WHERE id = ?", (item_id,)).fetchone()
        kind = str(row[0]) if row else ""
        if task == "pdq" and kind in PART_KINDS:
            hashes = _parts(vault.conn, item_id, kind, limits)
            with vault.write() as tx:
                store_done_tx(tx.conn, item_id, hashes)
            return
        if kind in PART_KINDS:
            text, engine = _parts_text(vault.conn, item_id, kind, limits)
        else:
            image = _picture(vault.conn, item_id, limits)
            if task == "pdq":
                with vault.write() as tx:
                    hash_item_tx(tx.conn, item_id, image)
                return
            result = recognise(image)
            text, engine = result.text, result.engine
    except AppError as err:
        if err.code in VAULT_ERRORS:
            raise  # the vault, not the picture: the task stays queued
        _fail(vault, item_id, task, err.code)
        return
    except DatabaseError:
        raise  # a lock's interrupt or closed connection, not the picture: the task stays queued
    except Exception as exc:  # the engine itself failed on this picture: record, go on
        _fail(vault, item_id, task, f"{type(exc).__name__}: {str(exc)[:200]}")
        return
    with vault.write() as tx:
        row = tx.execute("SELECT corrected_by_hand FROM item_ocr WHERE item_id = ?",
                         (item_id,)).fetchone()
        if not (row and row[0]):
            tx.execute("INSERT OR REPLACE INTO item_ocr (item_id, text, engine, "
                       "corrected_by_hand, updated_at) VALUES (?, ?, ?, 0, datetime('now'))",
                       (item_id, text, engine))
            index.reindex(tx.conn, [item_id])
        tx.execute("UPDATE lens_work SET state = 'done', error = NULL, updated_at = "
                   "datetime('now') WHERE item_id = ? AND task = ?", (item_id, task))


def _fail(vault: Vault, item_id: int, task: str, reason: str) -> None:
    with vault.write() as tx:
        tx.execute("UPDATE lens_work SET attempts = attempts + 1, error = ?, updated_at = "
                   "datetime('now'), state = 'failed' WHERE item_id = ? AND task = ?",
                   (reason, item_id, task))


def ocr_text(vault: Vault, item_id: int) -> OcrText | None:
    rows = vault.read("SELECT o.text, o.engine, o.corrected_by_hand, w.state FROM item_ocr o "
                      "LEFT JOIN lens_work w ON w.item_id = o.item_id AND w.task = 'ocr' "
                      "WHERE o.item_id = ?", (item_id,))
    if not rows:
        return None
    text, engine, by_hand, st = rows[0]
    return OcrText(item_id, str(text), str(engine), bool(by_hand), st)


def correct_ocr(vault: Vault, item_id: int, text: str) -> OcrText:
    """A person's correction of the recognised text: stored, re-indexed, and a custody entry
    (``item.ocr_correct`` with the text before and after)."""
    with vault.write() as tx:
        uid = item_uuid(tx.conn, item_id)
        row = tx.execute("SELECT text, engine FROM item_ocr WHERE item_id = ?",
                         (item_id,)).fetchone()
        before, engine = (str(row[0]), str(row[1])) if row else ("", "")
        tx.execute("INSERT OR REPLACE INTO item_ocr (item_id, text, engine, corrected_by_hand, "
                   "updated_at) VALUES (?, ?, ?, 1, datetime('now'))", (item_id, text, engine))
        tx.execute("INSERT OR REPLACE INTO lens_work (item_id, task, state, updated_at) "
                   "VALUES (?, 'ocr', 'done', datetime('now'))", (item_id,))
        index.reindex(tx.conn, [item_id])
        tx.custody("item.ocr_correct", [f"item:{uid}"],
                   {"item": uid, "before": before, "after": text, "engine": engine})
    return OcrText(item_id, text, engine, True, "done")



def manifest_derived(vault: Vault, item_id: int) -> dict[str, object] | None:
    """The item's recognised text in bundle-manifest form (``items[].derived``), or None when
    there is none (not read yet, failed, or nothing inside the picture)."""
    got = ocr_text(vault, item_id)
    if got is None or not got.text.strip():
        return None
    from app.bundle.manifest import DERIVED_MAX

    return {"text": got.text[:DERIVED_MAX], "engine": got.engine[:500] or "unknown",
            "corrected": got.corrected_by_hand}


def receive_derived_tx(conn: Connection, item_id: int, derived: object) -> bool:
    """Store a received item's derived text (schema-checked by the manifest) as its recognised
    text, in the caller's transaction: the OCR task is ``done`` (this vault's lens does not read
    the picture again) and the text joins the search index. Returns whether anything was stored.
    The sender's correction by hand is kept as a flag; the custody of that correction is the
    sender's (its ``item.ocr_correct`` entry travels in the bundle's custody segment)."""
    if not isinstance(derived, dict):
        return False
    text, engine = derived.get("text"), derived.get("engine")
    if not isinstance(text, str) or not text.strip() or not isinstance(engine, str):
        return False
    conn.execute("INSERT OR REPLACE INTO item_ocr (item_id, text, engine, corrected_by_hand, "
                 "updated_at) VALUES (?, ?, ?, ?, datetime('now'))",
                 (item_id, text, engine, int(bool(derived.get("corrected")))))
    conn.execute("INSERT OR REPLACE INTO lens_work (item_id, task, state, attempts, error, "
                 "updated_at) VALUES (?, 'ocr', 'done', 0, NULL, datetime('now'))", (item_id,))
    index.reindex(conn, [item_id])
    return True
