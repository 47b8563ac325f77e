# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Hand evidence over: export a signed bundle from the vault, receive one into a vault.

This is the vault side of :mod:`app.bundle` (security-notes §3.6); no Qt, no network.

Export (:func:`export_from_vault`)
    Builds the manifest items from the vault (original / sanitised / pixel hashes, what was removed,
    tags and platform reports when the case model provides them), streams every copy from the
    database as a re-iterable :class:`~app.bundle.BundleFile` source (one 1 MiB chunk at a time),
    adds the custody-log segment and writes the bundle with :func:`app.bundle.write_bundle`.
    ``bundle_seq`` is monotonic per vault (``meta.bundle_seq``) and taken for good before anything
    is written (:mod:`app.exportseq`): a crash never gives a number twice.
    ``previous_bundle_sha256`` is the SHA-256 of the last bundle file this vault wrote that may
    exist on a drive (``meta.bundle_last_sha256``, set once the file is whole and verified, before
    it gets its name). The ``export`` custody entry (bundle id, seq, file SHA-256) follows the
    publication.

    Custody segment: the chain must be contiguous to be checkable, so ``custody-log.jsonl`` holds
    every entry from the first one that names an exported item up to the head, exactly as stored
    (``seq, ts, action, subjects, item_id, data_sha256, prev, entry_sha256``; every
    ``entry_sha256`` recomputable). Entries about other items in that range are included as they
    are: they reveal those items' ids and the kind of action, never their details (only
    ``data_sha256``).

    Items without a sanitised copy (sealed attachments, failed sanitisation) are not exported —
    the format requires a sanitised copy — and are listed in :attr:`ExportResult.skipped`.

Receive (:func:`receive_into_vault`)
    The signer must be pinned (``bundle_signers``) or equal ``trust_signer`` (first contact;
    pinned on success); this is checked *before* any item byte is read. Item files stream into
    ``bundle_staging`` under this receipt's random key (skipped when the vault already holds a
    copy with that SHA-256), 16 MiB per short transaction, so the vault stays usable — tagging,
    importing — while a large bundle decrypts. Only after :func:`verify_bundle` returned are the
    ledger rules applied and the items inserted from the staged bytes, each in its own short
    transaction with its custody entry (as an import does), then the ledger entry; the staged
    bytes are deleted whatever happens (a crash leaves them, encrypted in the vault, until the
    next receipt clears them). So nothing of a refused bundle stays in the vault, and a crash
    part-way leaves whole items and no ledger entry: receiving the bundle again adds the rest.

    Storage of a received item: the item keeps the sender's ``item_id`` (uuid),
    ``import_method = 'bundle'``, ``imported_at`` = time of receipt, and ``provenance`` (JSON)
    records signer, bundle id, seq, sender's import time/method, tags, notes and platform reports
    as sent. Those tags are also applied to the receiving vault's case model, so received evidence
    is searched and filtered like the vault's own: platform, URL, posted/seen dates, abuse types
    the vault knows, sensitivity, perpetrator accounts (linked to the vault's account of the same
    platform and handle, created if new), notes, platform reports, and the bundle's case (joined by
    title, created if new). Each application is its own ``item.tag``/``report.create`` custody
    entry after the import entry; what the vault cannot represent (an unknown platform or abuse
    type, an unparsable date) stays in the provenance only and is listed in the ``receive`` entry
    (``case_data_not_applied``). When the original was included, it is the item's ``original`` copy.
    When only the sanitised copy came (the default), **the sanitised copy is the item's original of
    record**: ``items.sha256/size/media_type`` and the ``original`` blob are the sanitised bytes,
    the ``sanitized`` copy is the same bytes, and ``provenance.original_of_record`` is
    ``"sanitized_copy"`` with the sender's original hash kept in ``provenance.sender_original``.
    Deduplication: an item is a duplicate when the vault already has an item with the same uuid, or
    whose original or sanitised SHA-256 equals the received item's record hash. One exception: an
    item received earlier without its original (sanitised copy of record) whose original now
    arrives, with the very SHA-256 the earlier signed manifest named, is *completed*: the original
    becomes its original of record (the sanitised copy stays as it was), ``provenance`` records
    when and from which bundle, and an ``item.original_received`` custody entry names both
    hashes. Tags already on the item are left as they are.

    Ledger (per signer): same ``bundle_id`` again → ``already_received`` (nothing added, no custody
    entry); ``bundle_seq`` ≤ the highest seen, or a ``previous_bundle_sha256`` that differs from
    the ledger's bundle ``seq - 1`` → refused (``handover.out_of_order`` /
    ``handover.chain_broken``) unless ``accept_out_of_order``; a gap (bundles never received) is
    accepted, recorded in the ``receive`` entry (``missing_bundle_seqs``: first and last) and
    reported (:attr:`ReceiveResult.missing`).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
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
    PinnedSigner,
    SigningKey,
    build_manifest,
    display_fingerprint,
    normalize_fingerprint,
    verify_bundle,
    write_bundle,
)
from app.bundle.agecrypt import parse_recipients
from app.bundle.manifest import ITEM_PATH
from app.bundle.writer import utc_now_iso
from app.cases.receipt import apply_received_case_data
from app.errors import AppError, UsageError, VerificationFailed
from app.evidence import get_item
from app.exportseq import ACTIVE, PENDING, abandon, record_written, reserve_seq
from app.media import Limits, MediaWorkerPool
from app.receive_check import CopyChecker, Quarantined, keep_quarantined_copy
from app.staging import StagingSink, begin_receipt, copy_blob, drop_receipt, staged
from app.tasks import CancelToken, ProgressFn
from app.vault.blobs import iter_blob
from app.vault.core import Vault
from app.vault.custody import SELECT_ENTRY, canonical_json, row_to_entry
from app.vault.items import insert_item

log = logging.getLogger(__name__)

_METHODS = ("file", "folder", "drop", "clipboard", "bundle")
_EXT = {
    "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif",
    "image/tiff": "tif", "image/bmp": "bmp", "image/heic": "heic", "image/heif": "heif",
    "image/avif": "avif", "application/pdf": "pdf", "video/mp4": "mp4", "audio/mpeg": "mp3",
    "text/plain": "txt",
}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    if item_ids is not None and case is not None:
        raise UsageError("handover.items_and_case")
    if case is not None:
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
                                        "posted_at", "seen_at", "sensitive") if k in raw}
            notes = raw.get("notes")
        elif hasattr(cases, "get_item_tags"):
            t = cases.get_item_tags(vault, cases.ItemId(item_id))
            tags = {"platform": t.platform, "url": t.url, "posted_at": t.posted_at,
                    "seen_at": t.seen_at, "abuse_types": list(t.categories),
                    "sensitive": list(t.sensitive),
                    "perpetrators": [{"platform": a.platform, "handle": a.handle}
                                     for a in t.accounts]}
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
    return out


def _manifest_item(vault: Vault, item_id: int, n: int, include_originals: bool
                   ) -> tuple[dict[str, Any], list[BundleFile]] | str:
    rec = get_item(vault, item_id)
    copies = rec["copies"]
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
    item.update(_case_fields(vault, item_id))
    return item, files


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


def _precheck(out: str | Path, recips: list[str], passphrase: str | None, encrypt: bool) -> None:
    """What the writer would refuse, refused before a sequence number is taken."""
    if encrypt and not recips and passphrase is None:
        raise UsageError("bundle.no_recipient")
    if not encrypt and (recips or passphrase is not None):
        raise UsageError("bundle.recipient_without_encryption")
    if recips:
        parse_recipients(recips)
    if os.path.lexists(out):
        raise UsageError("bundle.exists", path=Path(out).name)


# Keyword-only options mirroring `bayyina-cli export` one for one.
def export_from_vault(vault: Vault, out: str | Path, *, item_ids: Sequence[int] | None = None,  # noqa: PLR0913
                      case: str | None = None, recipients: Iterable[str] = (),
                      passphrase: str | None = None, encrypt: bool = True,
                      include_originals: bool = False, report_lang: str | None = None,
                      progress: ProgressFn | None = None,
                      cancel: CancelToken | None = None) -> ExportResult:
    """Export items (``item_ids``, a ``case`` title, or every item) as a signed bundle at ``out``.

    Raises:
        UsageError: ``handover.nothing_to_export``, ``handover.items_and_case``, bad encryption
            options (``bundle.*``), existing output.
        AppError: ``item.not_found``, ``cases.*`` for an unknown case,
            ``handover.concurrent_export``, any ``bundle.*`` failure of the writer.
    """
    recips = [r.strip() for r in recipients if r.strip()]
    if recips and passphrase is not None:
        raise UsageError("bundle.recipient_and_passphrase")
    if passphrase is not None and not passphrase:
        raise UsageError("bundle.empty_passphrase")
    _precheck(out, recips, passphrase, encrypt)
    ids, case_info = _select_items(vault, item_ids, case)
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
            from app.report_vault import build_vault_report
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
                                  created_at=created_at)
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


# ---------------------------------------------------------------------------------------------
# receive
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiveResult:
    """What ``receive`` did."""

    status: str  # "received" | "already_received"
    signer_fingerprint: str
    bundle_id: str
    seq: int
    created_at: str  # claimed by the sending device
    item_count: int
    added: list[int]  # local item ids
    duplicates: list[str]  # sender item uuids already in the vault
    newly_trusted: bool
    out_of_order: bool  # accepted with --accept-out-of-order
    gap: bool  # bundles of this signer between the last received and this one are missing
    originals_included: int
    # items received earlier as a sanitised copy whose original came now (local item ids)
    originals_completed: list[int] = field(default_factory=list)
    # added items whose "clean copy" failed the local checks: kept, never as a clean copy
    quarantined: list[Quarantined] = field(default_factory=list)
    # the gap: the first and last sequence numbers that never arrived here (None: no gap)
    missing: tuple[int, int] | None = None


@dataclass(frozen=True)
class PinnedSet(PinnedSigner):
    """A fingerprint pin that accepts any of ``allowed`` (the vault's pinned signers)."""

    allowed: frozenset[str] = frozenset()

    def matches(self, key: Any) -> bool:
        return bool(key.fingerprint in self.allowed)


class _AlreadyReceived(Exception):
    pass


def pinned_signers(vault: Vault) -> list[str]:
    return [str(r[0]) for r in vault.read("SELECT fingerprint FROM bundle_signers ORDER BY 1")]


# One internal call site; the arguments are one manifest entry.
def receive_into_vault(vault: Vault, path: str | Path, *, identity: str | None = None,
                       passphrase: str | None = None, trust_signer: str | None = None,
                       accept_out_of_order: bool = False, progress: ProgressFn | None = None,
                       cancel: CancelToken | None = None, pool: MediaWorkerPool | None = None,
                       limits: Limits | None = None) -> ReceiveResult:
    """Verify the bundle at ``path`` and import its items (see the module docstring).

    Args:
        identity: the age identity file *text* (X25519), for a recipient-encrypted bundle.
        passphrase: for a passphrase bundle.
        trust_signer: a fingerprint (spaces and colons allowed) to pin on first contact.
        pool, limits: the media workers that check every received clean copy
            (:mod:`app.receive_check`); a pool of one worker is started when none is given.

    Raises:
        VerificationFailed: any ``bundle.*`` failure; ``handover.first_contact`` (unknown signer:
            the fingerprint is given), ``handover.trust_signer_mismatch``,
            ``handover.out_of_order``, ``handover.chain_broken``. Nothing is imported.
        UsageError: bad identity, passphrase or fingerprint.
    """
    trusted = set(pinned_signers(vault))
    want = normalize_fingerprint(trust_signer) if trust_signer else None
    allowed = frozenset(trusted | ({want} if want else set()))
    pin = PinnedSet(fingerprint="", allowed=allowed)
    receipt = uuid.uuid4().hex
    begin_receipt(vault, receipt)
    try:
        try:
            vb = verify_bundle(path, identity=identity, passphrase=passphrase, signer=pin,
                               on_item=StagingSink(vault, receipt), progress=progress,
                               cancel=cancel)
        except VerificationFailed as err:
            if err.code == "bundle.untrusted_signer":
                fp = str(err.params.get("fingerprint", ""))
                if want is not None and fp != want:
                    raise VerificationFailed("handover.trust_signer_mismatch",
                                             fingerprint=display_fingerprint(fp),
                                             given=display_fingerprint(want)) from None
                raise VerificationFailed("handover.first_contact",
                                         fingerprint=display_fingerprint(fp)) from None
            raise
        checker = CopyChecker(vault, receipt, pool, limits or Limits())
        try:
            result = _import_verified(vault, vb, trusted, accept_out_of_order, receipt, checker)
        finally:
            checker.close()
    except _AlreadyReceived as done:
        vb = done.args[0]
        return ReceiveResult("already_received", vb.signer_fingerprint, vb.bundle_id, vb.seq,
                             vb.created_at, vb.item_count, [], [i["item_id"] for i in
                                                                vb.manifest["items"]],
                             False, False, False, 0)
    finally:
        with vault.write() as tx:
            drop_receipt(tx, receipt)
    return result


def _import_verified(vault: Vault, vb: Any, trusted: set[str], accept_out_of_order: bool,
                     receipt: str, checker: CopyChecker) -> ReceiveResult:
    """The ledger rules, then one short transaction per item (as an import does), then the ledger
    entry. A crash part-way leaves whole items, each with its custody entry, and no ledger entry:
    receiving the bundle again adds the rest."""
    fp = vb.signer_fingerprint
    m = vb.manifest
    now = _now()
    newly = fp not in trusted
    with vault.write() as tx:
        conn = tx.conn
        if conn.execute("SELECT 1 FROM bundle_ledger WHERE signer = ? AND bundle_id = ?",
                        (fp, vb.bundle_id)).fetchone():
            raise _AlreadyReceived(vb)
        last = conn.execute("SELECT MAX(seq) FROM bundle_ledger WHERE signer = ?",
                            (fp,)).fetchone()[0]
        pred = conn.execute("SELECT container_sha256 FROM bundle_ledger WHERE signer = ? "
                            "AND seq = ?", (fp, vb.seq - 1)).fetchone()
        prev_claimed = m["vault"]["previous_bundle_sha256"]
        out_of_order = last is not None and vb.seq <= int(last)
        broken = pred is not None and prev_claimed != pred[0]
        if out_of_order and not accept_out_of_order:
            raise VerificationFailed("handover.out_of_order", seq=vb.seq, last=int(last))
        if broken and not accept_out_of_order:
            raise VerificationFailed("handover.chain_broken", seq=vb.seq)
        gap = last is not None and vb.seq > int(last) + 1 and pred is None
        missing = (int(last) + 1, vb.seq - 1) if gap else None
        if newly:
            conn.execute("INSERT INTO bundle_signers (fingerprint, public_key, pinned_at, label) "
                         "VALUES (?,?,?,NULL)", (fp, m["signer"]["public_key"], now))
            tx.custody("trust_signer", [f"signer:{fp}"],
                       {"fingerprint": fp, "public_key": m["signer"]["public_key"],
                        "first_bundle_id": vb.bundle_id})
    added: list[int] = []
    added_uuids: list[str] = []
    dups: list[str] = []
    not_applied: dict[str, list[str]] = {}
    completed: list[int] = []
    completed_uuids: list[str] = []
    quarantined: list[Quarantined] = []
    originals = 0
    for item, verdict in zip(m["items"], checker.verdicts(m["items"]), strict=True):
        with vault.write() as tx:
            kind, iid, skipped = _receive_item(tx, vb, item, now, receipt, verdict)
            # consumed: deleted now, a little at a time (secure_delete overwrites the pages)
            tx.execute("DELETE FROM bundle_staging WHERE path IN (?, ?)",
                       (staged(receipt, item["sanitized"]["path"]),
                        staged(receipt, item["original"]["path"] or "")))
        if kind == "duplicate":
            dups.append(item["item_id"])
            continue
        originals += int(bool(item["original"]["included"]))
        if kind == "completed":
            completed.append(iid)
            completed_uuids.append(item["item_id"])
            continue
        if skipped:
            not_applied[item["item_id"]] = skipped
        if verdict is not None:
            quarantined.append(Quarantined(iid, item["item_id"], verdict[0], verdict[1]))
        added.append(iid)
        added_uuids.append(item["item_id"])
    with vault.write() as tx:
        conn = tx.conn
        conn.execute(
            "INSERT INTO bundle_ledger (signer, bundle_id, seq, container_sha256,"
            " previous_bundle_sha256, created_at, received_at, items_added, duplicates,"
            " out_of_order) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (fp, vb.bundle_id, vb.seq, vb.container_sha256, prev_claimed, vb.created_at, now,
             len(added), len(dups), int(out_of_order or broken)))
        tx.custody("receive", [f"bundle:{vb.bundle_id}", f"signer:{fp}"]
                   + [f"item:{u}" for u in added_uuids], {
            "bundle_id": vb.bundle_id, "bundle_seq": vb.seq, "signer": fp,
            "container_sha256": vb.container_sha256, "created_at_claimed": vb.created_at,
            "sender_custody_head_sha256": m["vault"]["custody_head_sha256"],
            "previous_bundle_sha256": prev_claimed, "items_added": added_uuids,
            "duplicates": dups, "out_of_order_accepted": bool(out_of_order or broken),
            "gap": gap, "missing_bundle_seqs": list(missing) if missing else None,
            "encrypted": vb.encrypted, "case_data_not_applied": not_applied,
            "originals_completed": completed_uuids,
            "quarantined": {q.item_uuid: q.code for q in quarantined}})
    return ReceiveResult("received", fp, vb.bundle_id, vb.seq, vb.created_at, vb.item_count,
                         added, dups, newly, bool(out_of_order or broken), gap, originals,
                         completed, quarantined, missing)


def _receive_item(tx: Any, vb: Any, item: dict[str, Any], now: str, receipt: str,
                  verdict: tuple[str, dict[str, Any]] | None = None
                  ) -> tuple[str, int, list[str]]:
    """One received item, in the caller's transaction: ``("added", id, not applied)``,
    ``("completed", id, [])`` (its original came) or ``("duplicate", 0, [])``.

    ``verdict``: why the bundle's clean copy failed :func:`app.receive_check.check_copy`, or
    None. Such an item is *quarantined*: its bytes are kept (the original of record when the
    original did not come; otherwise an attachment item of its own, see
    :func:`app.receive_check.keep_quarantined_copy`) but never as a ``sanitized`` copy — so no
    preview, no report image, no export — ``kind`` is ``attachment``, ``sanitize_error`` starts
    with ``quarantined:``, and ``provenance.quarantined`` and an ``item.quarantined`` custody
    entry give the reason."""
    conn = tx.conn
    m = vb.manifest
    fp = vb.signer_fingerprint
    uid = item["item_id"]
    orig, san = item["original"], item["sanitized"]
    included = bool(orig["included"])
    key_sha = orig["sha256"] if included else san["sha256"]
    if included:
        done = _complete_original(tx, vb, item, now, receipt)
        if done is not None:
            return "completed", done, []
    if conn.execute("SELECT 1 FROM items WHERE uuid = ? OR sha256 = ? OR sanitized_sha256 = ?",
                    (uid, key_sha, key_sha)).fetchone():
        return "duplicate", 0, []
    provenance = {
        "source": "bundle", "signer": fp, "bundle_id": vb.bundle_id, "bundle_seq": vb.seq,
        "bundle_created_at": vb.created_at, "received_at": now,
        "container_sha256": vb.container_sha256,
        "original_of_record": "original" if included else "sanitized_copy",
        "sender_original": {k: orig[k] for k in ("sha256", "size", "media_type",
                                                 "imported_at", "import_method")},
        "tags": item.get("tags", {}), "notes": item.get("notes"),
        "platform_reports": item.get("platform_reports", []),
        "case": m["case"],
    }
    rec_media = orig["media_type"] if included else san["media_type"]
    rec_size = orig["size"] if included else san["size"]
    pixels = san["pixels"]
    quarantine = None
    if verdict is not None:
        quarantine = {"code": verdict[0], "params": verdict[1],
                      "copy": {k: san[k] for k in ("sha256", "size", "media_type", "path")},
                      "copy_kept": "original_of_record"}
        if included:
            quarantine["copy_kept"] = keep_quarantined_copy(tx, vb, item, quarantine, now,
                                                            receipt)
        provenance["quarantined"] = quarantine
        if not included and verdict[0] == "handover.copy_wrong_type":
            rec_media = _media(verdict[1].get("found"))  # what the bytes are, not the claim
        pixels = None
    clean = quarantine is None
    iid = insert_item(conn, {
        "uuid": uid, "sha256": key_sha, "size": rec_size, "media_type": rec_media,
        "kind": "image" if clean and rec_media.startswith("image/") else "attachment",
        "original_name": None, "import_method": "bundle", "imported_at": now,
        "imported_utc_offset": 0, "width": pixels["width"] if pixels else None,
        "height": pixels["height"] if pixels else None, "frames": None,
        "orientation": san["orientation"], "metadata": {}, "metadata_error": None,
        "original_pixels": None, "sanitized_sha256": san["sha256"] if clean else None,
        "sanitized_size": san["size"] if clean else None,
        "sanitized_media_type": san["media_type"] if clean else None,
        "sanitized_pixels": pixels,
        "pixels_equal": clean and bool(san["pixels_equal_original"]),
        "converted_from": san["converted_from"] if clean else None,
        "removed": san["removed"] if clean else [],
        "sanitize_error": None if clean else f"quarantined: {verdict[0] if verdict else ''}",
        "sanitizer": san["sanitizer"], "provenance": provenance})
    record = orig if included else san
    copy_blob(conn, iid, "original", rec_media if record is san else record["media_type"],
               staged(receipt, record["path"]), record["sha256"], record["size"])
    if clean:
        copy_blob(conn, iid, "sanitized", san["media_type"], staged(receipt, san["path"]),
                   san["sha256"], san["size"])
    tx.custody("import", [f"item:{uid}", f"bundle:{vb.bundle_id}"], {
        "method": "bundle", "sha256": key_sha, "size": rec_size, "media_type": rec_media,
        "sanitized_sha256": san["sha256"], "original_included": included,
        "signer": fp, "bundle_id": vb.bundle_id, "bundle_seq": vb.seq,
        "imported_at": now, "provenance": provenance})
    if quarantine is not None:
        tx.custody("item.quarantined", [f"item:{uid}", f"bundle:{vb.bundle_id}"], quarantine)
    conn.execute("SAVEPOINT case_data")  # a value this vault refuses must not refuse the item
    try:
        skipped = apply_received_case_data(tx, iid, item, m["case"].get("title"))
    except AppError as err:
        conn.execute("ROLLBACK TO case_data")
        skipped = [f"case_data={err.code}"]
    conn.execute("RELEASE case_data")
    return "added", iid, skipped


def _complete_original(tx: Any, vb: Any, item: dict[str, Any], now: str, receipt: str
                       ) -> int | None:
    """If this vault holds ``item`` as a sanitised copy of record and the bundle brings the
    original the earlier manifest named, make it the item's original. Returns the item id."""
    conn = tx.conn
    orig = item["original"]
    row = conn.execute("SELECT id, sha256, provenance FROM items WHERE uuid = ?",
                       (item["item_id"],)).fetchone()
    if row is None or not row[2]:
        return None
    prov = json.loads(row[2])
    sender = prov.get("sender_original") or {}
    if (prov.get("original_of_record") != "sanitized_copy"
            or sender.get("sha256") != orig["sha256"] or "quarantined" in prov):
        return None  # a quarantined copy of record stays: it is the only copy of what came
    iid, previous = int(row[0]), str(row[1])
    if conn.execute("SELECT 1 FROM items WHERE sha256 = ? AND id != ?",
                    (orig["sha256"], iid)).fetchone():
        return None  # the vault already holds that original as another item: a duplicate
    old = conn.execute("SELECT id FROM blobs WHERE item_id = ? AND role = 'original'",
                       (iid,)).fetchone()
    if old is not None:
        conn.execute("DELETE FROM blob_chunks WHERE blob_id = ?", (old[0],))
        conn.execute("DELETE FROM blobs WHERE id = ?", (old[0],))
    copy_blob(conn, iid, "original", orig["media_type"], staged(receipt, orig["path"]),
               orig["sha256"], orig["size"])
    prov["original_of_record"] = "original"
    prov["original_received"] = {"bundle_id": vb.bundle_id, "bundle_seq": vb.seq,
                                 "signer": vb.signer_fingerprint, "received_at": now,
                                 "container_sha256": vb.container_sha256}
    conn.execute("UPDATE items SET sha256 = ?, size = ?, media_type = ?, provenance = ? "
                 "WHERE id = ?", (orig["sha256"], orig["size"], orig["media_type"],
                                  json.dumps(prov, ensure_ascii=False, sort_keys=True), iid))
    tx.custody("item.original_received", [f"item:{item['item_id']}", f"bundle:{vb.bundle_id}"],
               {"sha256": orig["sha256"], "size": orig["size"], "media_type": orig["media_type"],
                "previous_record_sha256": previous, "bundle_id": vb.bundle_id,
                "bundle_seq": vb.seq, "signer": vb.signer_fingerprint})
    return iid


def public_key_b64(vault: Vault) -> str:
    return base64.b64encode(vault.public_key_bytes()).decode()


def signer_key(vault: Vault) -> SigningKey:
    return SigningKey(vault.signing_key())


__all__ = ["ExportResult", "PinnedSet", "ReceiveResult", "custody_segment", "export_from_vault",
           "pinned_signers", "receive_into_vault", "signer_key"]

