# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Export: a signed bundle of the vault's evidence (the package docstring, :mod:`app.handover`,
describes the format's vault side; :mod:`app.handover.sequence` the bundle numbers)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import logging
import os
import re
import stat
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.bundle import (
    BundleFile,
    SigningKey,
    build_manifest,
    write_bundle,
)
from app.bundle.manifest import ITEM_PATH, KINDS, PAGES, STREAM, _list
from app.bundle.writer import utc_now_iso
from app.cases.lens import manifest_derived
from app.cases.moments import manifest_moments
from app.errors import AppError, UsageError, VerificationFailed
from app.handover.recipients import refuse_retired
from app.handover.requests import ExportRequest, export_request
from app.handover.sequence import ACTIVE, PENDING, abandon, record_written, reserve_seq
from app.tasks import CancelToken, ProgressFn
from app.vault.blobs import iter_blob
from app.vault.core import Vault
from app.vault.custody import SELECT_ENTRY, canonical_json, row_to_entry
from app.vault.items import get_item

log = logging.getLogger(__name__)


_METHODS = ("file", "folder", "drop", "clipboard", "bundle")
_EXT = {
    "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif",
    "image/tiff": "tif", "image/bmp": "bmp", "image/heic": "heic", "image/heif": "heif",
    "image/avif": "avif", "application/pdf": "pdf", "video/mp4": "mp4", "audio/mpeg": "mp3",
    "text/plain": "txt", "video/quicktime": "mov", "video/3gpp": "3gp", "audio/mp4": "m4a",
    "video/webm": "webm", "video/x-matroska": "mkv", "video/x-msvideo": "avi", "audio/ogg": "ogg",
    "video/ogg": "ogv", "audio/wav": "wav", "audio/flac": "flac", "audio/amr": "amr",
}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def extension_for(media_type: str) -> str:
    """The file extension for ``media_type`` (``bin`` when unknown): bundles, "Save copy…"."""
    return _ext(media_type)


def _ext(media_type: str) -> str:
    ext = _EXT.get(media_type)
    if ext is None:
        sub = media_type.rsplit("/", 1)[-1]
        ext = "".join(c for c in sub if c.isalnum())[:8].lower() or "bin"
    return ext


def _media(value: Any) -> str:
    text = str(value or "application/octet-stream").lower()
    return text if re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", text) and len(text) <= 100 \
        else "application/octet-stream"


# ---------------------------------------------------------------------------------------------
# export
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    """A bundle written from the vault."""

    path: Path
    bundle_id: str
    seq: int
    created_at: str
    sha256: str
    size: int
    encrypted: bool
    signer_fingerprint: str
    item_ids: list[int]
    skipped: list[tuple[int, str]]  # (item id, reason code), not exported
    originals_included: bool
    report_lang: str | None  # the report actually included, or None
    report_unavailable: bool  # a report was asked for but this build cannot make one
    manifest: dict[str, Any] = field(repr=False)
    verified: Any = field(default=None, repr=False)  # the read-back's VerifiedBundle
    readback: str = "cached"  # direct / dropped: re-read from the drive; cached: maybe not

    @property
    def read_from_drive(self) -> bool:
        return self.readback in ("direct", "dropped")


class _BlobSource:
    """A re-iterable chunk source reading one copy from the vault (this thread's connection)."""

    def __init__(self, vault: Vault, item_id: int, role: str) -> None:
        self._vault, self._item_id, self._role = vault, item_id, role

    def __iter__(self) -> Iterator[bytes]:
        return iter_blob(self._vault.conn, self._item_id, self._role)


def _select_items(vault: Vault, item_ids: Sequence[int] | None,
                  case: str | None) -> tuple[list[int], dict[str, Any] | None]:
    if case is not None:  # with item_ids too: refused by ExportRequest
        try:
            from app import cases
        except ImportError:
            raise UsageError("handover.no_case_model") from None
        c = cases.get_case(vault, case)
        ids = [int(r[0]) for r in vault.read(
            "SELECT item_id FROM item_cases WHERE case_id = ? ORDER BY item_id", (int(c.id),))]
        return ids, {"incident_id": str(c.uuid).lower(), "title": str(c.title)[:500]}
    if item_ids is None:
        return [int(r[0]) for r in vault.read("SELECT id FROM items ORDER BY id")], None
    seen: list[int] = []
    for i in item_ids:
        if int(i) not in seen:
            seen.append(int(i))
    return seen, None


def _check(checker: Any, value: Any, where: str) -> bool:
    try:
        checker(value, where)
    except VerificationFailed:
        return False
    return True


def _case_fields(vault: Vault, item_id: int) -> dict[str, Any]:
    """Tags, notes and platform reports from the case model, in manifest form (empty without it)."""
    out: dict[str, Any] = {"tags": {}}
    try:
        from app import cases
        from app.bundle.manifest import _PREPORT, _TAGS
    except ImportError:
        return out
    tags: dict[str, Any] = {}
    notes = None
    reports: list[dict[str, Any]] = []
    try:
        as_dict = getattr(cases, "item_tags_dict", None)
        if as_dict is not None:
            raw = dict(as_dict(vault, item_id))
            tags = {k: raw[k] for k in ("platform", "abuse_types", "perpetrators", "url",
                                        "posted_at", "seen_at", "sensitive", "cases")
                    if k in raw}
            notes = raw.get("notes")
        elif hasattr(cases, "get_item_tags"):
            t = cases.get_item_tags(vault, cases.ItemId(item_id))
            # posted as the post showed it (+03:00 kept: the receiver stores the offset again)
            tags = {"platform": t.platform, "url": t.url, "posted_at": t.posted_as_shown,
                    "seen_at": t.seen_at, "abuse_types": list(t.categories),
                    "sensitive": list(t.sensitive),
                    "perpetrators": [{"platform": a.platform, "handle": a.handle}
                                     for a in t.accounts]}
            if t.cases:
                tags["cases"] = list(t.cases)
            notes = t.notes or None
            reports = [{"platform": r.platform, "reported_at": r.reported_at,
                        "reference": r.reference, "outcome": r.status,
                        "answered_at": r.answered_at} for r in t.reports]
    except (AppError, AttributeError, TypeError, ValueError, LookupError) as err:
        log.warning("case data of item %s not exported: %s", item_id, type(err).__name__)
        return out
    clean = {}
    for k, v in tags.items():
        if _check(lambda val, w, k=k: _TAGS({k: val}, w), v, "tags"):
            clean[k] = v
    out["tags"] = clean
    if isinstance(notes, str) and notes.strip() and len(notes) <= 20_000:
        out["notes"] = notes
    good = [r for r in reports if _check(_PREPORT, r, "platform_reports")]
    if good:
        out["platform_reports"] = good
    moments = manifest_moments(vault, item_id)
    if moments:
        out["moments"] = moments
    derived = manifest_derived(vault, item_id)
    if derived:
        out["derived"] = derived
    return out


def _manifest_item(vault: Vault, item_id: int, n: int, include_originals: bool
                   ) -> tuple[dict[str, Any], list[BundleFile]] | str:
    rec = get_item(vault, item_id)
    copies = rec["copies"]
    if rec.get("kind") == "chat":
        return _chat_item(vault, item_id, n, rec, include_originals)
    if "sanitized" not in copies:
        return "no_sanitized_copy"
    if "original" not in copies:
        return "no_original_copy"
    orig, san = copies["original"], copies["sanitized"]
    san_media = _media(san["media_type"] or rec.get("sanitized_media_type"))
    orig_media = _media(orig["media_type"] or rec.get("media_type"))
    san_path = f"items/{n:06d}/sanitized.{_ext(san_media)}"
    files = [BundleFile(san_path, _BlobSource(vault, item_id, "sanitized"), san["size"],
                        san["sha256"], san.get("crc32"))]
    orig_path = None
    if include_originals:
        orig_path = f"items/{n:06d}/original.{_ext(orig_media)}"
        files.append(BundleFile(orig_path, _BlobSource(vault, item_id, "original"), orig["size"],
                                orig["sha256"], orig.get("crc32")))
    for p in (san_path, orig_path):
        if p is not None and not ITEM_PATH.fullmatch(p):  # built above from a number and a type
            raise RuntimeError(f"bad bundle path {p!r}")
    px = rec.get("sanitized_pixels")
    pixels: dict[str, Any] | None = None
    if isinstance(px, dict) and all(k in px for k in ("sha256", "mode", "width", "height")):
        pixels = {"sha256": str(px["sha256"]), "mode": str(px["mode"])[:16],
                  "width": int(px["width"]), "height": int(px["height"])}
        if pixels["width"] < 1 or pixels["height"] < 1:
            pixels = None
    orientation = rec.get("orientation")
    imported_at = str(rec.get("imported_at") or "")
    method = rec.get("import_method")
    converted = rec.get("converted_from")
    item: dict[str, Any] = {
        "item_id": str(rec["uuid"]).lower(),
        "original": {"sha256": orig["sha256"], "size": orig["size"], "media_type": orig_media,
                     "imported_at": imported_at,
                     "import_method": method if method in _METHODS else "file",
                     "included": include_originals, "path": orig_path, "filename": None},
        "sanitized": {"sha256": san["sha256"], "size": san["size"], "media_type": san_media,
                      "path": san_path, "pixels": pixels,
                      "pixels_equal_original": bool(rec.get("pixels_equal")),
                      "orientation": orientation if isinstance(orientation, int)
                      and 1 <= orientation <= 8 else None,
                      "removed": [str(r)[:200] for r in (rec.get("removed") or [])],
                      "converted_from": _media(converted) if converted else None,
                      "sanitizer": str(rec.get("sanitizer") or "unknown")[:500]},
    }
    item["sanitized"].update(_proof_fields(rec.get("sanitized_pixels")))
    if rec.get("kind") in KINDS:
        item["kind"] = str(rec["kind"])
    item.update(_case_fields(vault, item_id))
    return item, files


def _chat_item(vault: Vault, item_id: int, n: int, rec: dict[str, Any], include_originals: bool
               ) -> tuple[dict[str, Any], list[BundleFile]] | str:
    """A whole chat export: only when originals are asked for (a family group is not handed
    over by default: an excerpt of the messages that matter is), as the sealed export and its
    transcript (:func:`app.chats.excerpt.transcript`) for the clean copy."""
    from app.chats.excerpt import FORMAT, transcript

    if not include_originals:
        return "chat_export_not_asked"
    orig = rec["copies"].get("original")
    if orig is None:
        return "no_original_copy"
    data = transcript(vault, item_id)
    sha = hashlib.sha256(data).hexdigest()
    orig_media = _media(orig["media_type"] or rec.get("media_type"))
    san_path = f"items/{n:06d}/sanitized.json"
    orig_path = f"items/{n:06d}/original.{_ext(orig_media)}"
    files = [BundleFile(san_path, [data], len(data), sha),
             BundleFile(orig_path, _BlobSource(vault, item_id, "original"), orig["size"],
                        orig["sha256"], orig.get("crc32"))]
    item: dict[str, Any] = {
        "item_id": str(rec["uuid"]).lower(), "kind": "chat",
        "original": {"sha256": orig["sha256"], "size": orig["size"], "media_type": orig_media,
                     "imported_at": str(rec.get("imported_at") or ""),
                     "import_method": method if (method := rec.get("import_method")) in _METHODS
                     else "file", "included": True, "path": orig_path,
                     "filename": None},
        "sanitized": {"sha256": sha, "size": len(data), "media_type": "application/json",
                      "path": san_path, "pixels": None, "pixels_equal_original": False,
                      "orientation": None, "removed": ["media", "layout"],
                      "converted_from": None,
                      "sanitizer": f"{FORMAT} (the transcript of every message)"},
    }
    item.update(_case_fields(vault, item_id))
    return item, files


def _proof_fields(proof: Any) -> dict[str, Any]:
    """A recording's stream digests or a document's page digest, in manifest form (the stored
    shapes are :mod:`app.ingest.proof`'s); nothing for a picture or a malformed value."""
    if not isinstance(proof, dict):
        return {}
    if proof.get("proof") == "streams" and isinstance(proof.get("streams"), list):
        keys = ("kind", "codec", "packets", "payload_bytes", "sha256", "timing_sha256")
        streams = [{k: s.get(k) for k in keys} for s in proof["streams"] if isinstance(s, dict)]
        if streams and _check(_list(STREAM, 64), streams, "streams"):
            return {"streams": streams}
    if proof.get("proof") == "pages":
        pages = {"sha256": proof.get("page_sha256"), "pages": proof.get("pages")}
        if _check(PAGES, pages, "pages"):
            return {"pages": pages}
    return {}


def custody_segment(vault: Vault, item_uuids: Iterable[str]) -> tuple[bytes, str]:
    """The contiguous custody-log segment from the first entry naming one of ``item_uuids`` to the
    head, as JSON lines (entries exactly as stored), and the head's ``entry_sha256``."""
    first = None
    for uid in item_uuids:
        row = vault.read("SELECT MIN(seq) FROM custody WHERE subjects LIKE ?", (f'%"item:{uid}"%',))
        if row and row[0][0] is not None:
            first = int(row[0][0]) if first is None else min(first, int(row[0][0]))
    if first is None:
        first = 1
    lines = []
    head = ""
    for row in vault.conn.execute(SELECT_ENTRY + " WHERE seq >= ? ORDER BY seq", (first,)):
        entry = row_to_entry(row)
        lines.append(canonical_json(entry))
        head = entry["entry_sha256"]
    if not lines:
        raise AppError("handover.no_custody")
    return b"\n".join(lines) + b"\n", head


def _libs() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("pillow", "pyrage", "cryptography"):
        try:
            out[name] = version(name)[:200]
        except PackageNotFoundError:
            continue
    return out


def _holds(path: Path, sha256: str) -> bool:
    """Whether ``path`` is a regular file with exactly these bytes (ours, published)."""
    h = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return False
    return h.hexdigest() == sha256


# Keyword-only options mirroring `bayyina-cli export` one for one.
def export_from_vault(vault: Vault, out: str | Path, *, item_ids: Sequence[int] | None = None,  # noqa: PLR0913
                      case: str | None = None, recipients: Iterable[str] = (),
                      passphrase: str | None = None, encrypt: bool = True,
                      include_originals: bool = False, report_lang: str | None = None,
                      progress: ProgressFn | None = None,
                      cancel: CancelToken | None = None) -> ExportResult:
    """:func:`export_bundle` with the request's fields as keywords."""
    request = export_request(out, item_ids=item_ids, case=case, recipients=tuple(recipients),
                             passphrase=passphrase, encrypt=encrypt,
                             include_originals=include_originals, report_lang=report_lang)
    return export_bundle(vault, request, progress=progress, cancel=cancel)


def export_bundle(vault: Vault, request: ExportRequest, *, progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None) -> ExportResult:
    """Export the request's items (``item_ids``, a ``case`` title, or every item) as a signed
    bundle at ``request.out``; the writer reads the file back and verifies it, and the result
    carries that verification (``verified``, ``readback``, ``read_from_drive``).

    Raises:
        UsageError: ``handover.nothing_to_export``, existing output (``bundle.exists``); the
            request itself refused its options (:class:`ExportRequest`).
        AppError: ``item.not_found``, ``cases.*`` for an unknown case,
            ``handover.concurrent_export``, any ``bundle.*`` failure of the writer.
    """
    out, recips, passphrase = request.out, list(request.recipients), request.passphrase
    encrypt, include_originals = request.encrypt, request.include_originals
    report_lang = request.report_lang
    if os.path.lexists(out):
        raise UsageError("bundle.exists", path=out.name)
    refuse_retired(vault, recips)
    ids, case_info = _select_items(vault, request.item_ids, request.case)
    items: list[dict[str, Any]] = []
    files: list[BundleFile] = []
    exported: list[int] = []
    skipped: list[tuple[int, str]] = []
    for iid in ids:
        got = _manifest_item(vault, iid, len(items) + 1, include_originals)
        if isinstance(got, str):
            skipped.append((iid, got))
            continue
        items.append(got[0])
        files.extend(got[1])
        exported.append(iid)
    if not items:
        raise UsageError("handover.nothing_to_export")
    bundle_id = str(uuid.uuid4())
    report_pdf = None
    lang = None
    unavailable = False
    if report_lang in ("ar", "en"):
        try:
            from app.report.collect import build_vault_report
        except ImportError:
            unavailable = True
        else:
            # before the custody segment: the report's own custody entry is part of it
            report_pdf = build_vault_report(vault, item_ids=exported, lang=report_lang,
                                            bundle_id=bundle_id, cancel=cancel)
            lang = report_lang
    created_at = utc_now_iso()
    uuids = [i["item_id"] for i in items]
    seq, prev_sha = reserve_seq(vault, bundle_id, created_at, uuids)
    written: list[str] = []
    try:
        # after the reservation: its custody entry is part of the bundle's own segment
        custody_jsonl, head = custody_segment(vault, uuids)
        manifest = build_manifest(items=items, bundle_seq=seq, custody_head_sha256=head,
                                  previous_bundle_sha256=prev_sha, case=case_info,
                                  app_version=__version__, libs=_libs(), bundle_id=bundle_id,
                                  created_at=created_at,
                                  bundle_epoch=int(vault.meta("bundle_epoch") or 0))
        key = SigningKey(vault.signing_key())

        def on_written(sha: str, size: int) -> None:
            written.append(sha)  # before: a failure after the commit still restores the chain
            record_written(vault, bundle_id, seq, prev_sha, sha, size)

        res = write_bundle(out, manifest=manifest, files=files, custody_jsonl=custody_jsonl,
                           signing_key=key, recipients=recips, passphrase=passphrase,
                           encrypt=encrypt, report_pdf=report_pdf, report_lang=lang or "ar",
                           progress=progress, cancel=cancel,
                           on_written=on_written)
        with vault.write() as tx:
            tx.execute("DELETE FROM meta WHERE key = ?", (PENDING + bundle_id,))
            tx.execute("INSERT INTO bundle_exports (bundle_id, seq, sha256, created_at, item_count)"
                       " VALUES (?,?,?,?,?)",
                       (res.bundle_id, res.seq, res.sha256, res.created_at, len(items)))
            tx.custody("export", [f"bundle:{res.bundle_id}"] + [f"item:{u}" for u in uuids], {
                "bundle_id": res.bundle_id, "bundle_seq": res.seq, "sha256": res.sha256,
                "size": res.size, "encrypted": res.encrypted,
                "originals_included": include_originals, "report": lang,
                "previous_bundle_sha256": prev_sha, "custody_head_sha256": head,
                "items": uuids, "readback": res.readback})
    except BaseException as exc:
        # The bundle is not recorded: do not leave a file the vault does not know. Its number
        # stays used (it was reserved): the next bundle takes the next one.
        # (only if the file there is ours: published, or published just before the failure)
        if written and _holds(Path(out), written[0]):
            with contextlib.suppress(OSError):
                Path(out).unlink()
        # if our file could not be removed, it may still travel: the next bundle chains to it
        abandon(vault, bundle_id, seq, prev_sha,
                [] if written and _holds(Path(out), written[0]) else written, exc)
        raise
    finally:
        ACTIVE.discard(bundle_id)
    return ExportResult(res.path, res.bundle_id, res.seq, res.created_at, res.sha256, res.size,
                        res.encrypted, res.signer_fingerprint, exported, skipped,
                        include_originals, lang, unavailable, res.manifest, res.verified,
                        res.readback)


def public_key_b64(vault: Vault) -> str:
    return base64.b64encode(vault.public_key_bytes()).decode()


def signer_key(vault: Vault) -> SigningKey:
    return SigningKey(vault.signing_key())

