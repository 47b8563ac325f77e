# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Receive: a verified bundle into the vault — ledger rules, staged bytes, one short transaction
per item, checked clean copies (the package docstring, :mod:`app.handover`, has the rules)."""

from __future__ import annotations

import contextlib
import json
import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.bundle import (
    PinnedSigner,
    VerifiedBundle,
    display_fingerprint,
    verify_bundle,
)
from app.cases.lens import receive_derived_tx
from app.cases.moments import apply_received_moments
from app.cases.receipt import apply_received_case_data
from app.errors import AppError, VerificationFailed
from app.handover.checks import CHAT_KINDS, CopyChecker, Quarantined, keep_quarantined_copy
from app.handover.continuity import check_signer_status, ledger_view
from app.handover.export import _media, _now
from app.handover.requests import ReceiveRequest
from app.handover.staging import (
    StagingSink,
    begin_receipt,
    copy_blob,
    discard_staged,
    drop_receipt,
    staged,
)
from app.media import Limits, MediaWorkerPool
from app.tasks import CancelToken, ProgressFn
from app.vault.blobs import read_blob
from app.vault.core import Tx, Vault
from app.vault.items import insert_item

log = logging.getLogger(__name__)


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
    # the sender's vault was restored from a backup: the first bundle of this restore epoch
    restore_epoch: int | None = None


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


def receive_into_vault(vault: Vault, path: str | Path, *, identity: str | None = None,
                       passphrase: str | None = None, trust_signer: str | None = None,
                       accept_out_of_order: bool = False, progress: ProgressFn | None = None,
                       cancel: CancelToken | None = None, pool: MediaWorkerPool | None = None,
                       limits: Limits | None = None) -> ReceiveResult:
    """:func:`receive_bundle` with the request's fields as keywords."""
    request = ReceiveRequest(Path(path), identity, passphrase, trust_signer, accept_out_of_order)
    return receive_bundle(vault, request, progress=progress, cancel=cancel, pool=pool,
                          limits=limits)


def receive_bundle(vault: Vault, request: ReceiveRequest, *, progress: ProgressFn | None = None,
                   cancel: CancelToken | None = None, pool: MediaWorkerPool | None = None,
                   limits: Limits | None = None) -> ReceiveResult:
    """Verify the bundle at ``request.path`` and import its items (see the module docstring).

    Args:
        request: the bundle, the age identity file *text* (X25519) for a recipient-encrypted
            bundle or the passphrase, the fingerprint to pin on first contact
            (:class:`app.handover.requests.ReceiveRequest`).
        pool, limits: the media workers that check every received clean copy
            (:mod:`app.handover.checks`); a pool of one worker is started when none is given.

    Raises:
        VerificationFailed: any ``bundle.*`` failure; ``handover.first_contact`` (unknown signer:
            the fingerprint is given), ``handover.trust_signer_mismatch``,
            ``handover.out_of_order``, ``handover.chain_broken``. Nothing is imported.
        UsageError: bad identity or passphrase.
    """
    path, identity, passphrase = request.path, request.identity, request.passphrase
    accept_out_of_order = request.accept_out_of_order
    trusted = set(pinned_signers(vault))
    want = request.trust_signer  # normalised by the request
    allowed = frozenset(trusted | ({want} if want else set()))
    pin = PinnedSet(fingerprint="", allowed=allowed)
    receipt = uuid.uuid4().hex
    begin_receipt(vault, receipt)
    checker = CopyChecker(vault, receipt, pool, limits or Limits())
    try:
        sink = StagingSink(vault, receipt, early=checker)
        try:
            try:
                vb = verify_bundle(path, identity=identity, passphrase=passphrase, signer=pin,
                                   on_item=sink, progress=progress, cancel=cancel)
            except BaseException:
                with contextlib.suppress(Exception):  # the verification's error is the one
                    sink.close()
                raise
            sink.close()  # every staged batch written (or its error raised)
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
        result = _import_verified(vault, vb, trusted, accept_out_of_order, receipt, checker)
    except _AlreadyReceived as done:
        vb = done.args[0]
        return ReceiveResult("already_received", vb.signer_fingerprint, vb.bundle_id, vb.seq,
                             vb.created_at, vb.item_count, [], [i["item_id"] for i in
                                                                vb.manifest["items"]],
                             False, False, False, 0)
    finally:
        checker.close()
        with vault.write() as tx:
            drop_receipt(tx, receipt)
    return result


def _import_verified(vault: Vault, vb: VerifiedBundle, trusted: set[str], accept_out_of_order: bool,
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
        epoch = int(m["vault"].get("bundle_epoch", 0))
        check_signer_status(conn, fp, vb.seq, epoch)
        led = ledger_view(conn, fp, epoch, vb.seq)
        prev_claimed = m["vault"]["previous_bundle_sha256"]
        if led.two_copies is not None and not accept_out_of_order:
            raise VerificationFailed("handover.two_copies", seq=vb.seq, **led.two_copies)
        last = led.last
        out_of_order = led.two_copies is not None or (last is not None and vb.seq <= last)
        broken, gap, missing = led.chain(vb.seq, prev_claimed)
        if out_of_order and not accept_out_of_order:
            raise VerificationFailed("handover.out_of_order", seq=vb.seq, last=int(last or 0))
        if broken and not accept_out_of_order:
            raise VerificationFailed("handover.chain_broken", seq=vb.seq)
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
            # what the item did not take (a duplicate's files): deleted now, a little at a time
            # (secure_delete overwrites the pages)
            discard_staged(tx, [staged(receipt, item["sanitized"]["path"]),
                                staged(receipt, item["original"]["path"] or "")])
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
            " out_of_order, epoch) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (fp, vb.bundle_id, vb.seq, vb.container_sha256, prev_claimed, vb.created_at, now,
             len(added), len(dups), int(out_of_order or broken), epoch))
        tx.custody("receive", [f"bundle:{vb.bundle_id}", f"signer:{fp}"]
                   + [f"item:{u}" for u in added_uuids], {
            "bundle_id": vb.bundle_id, "bundle_seq": vb.seq, "signer": fp,
            "container_sha256": vb.container_sha256, "created_at_claimed": vb.created_at,
            "sender_custody_head_sha256": m["vault"]["custody_head_sha256"],
            "previous_bundle_sha256": prev_claimed, "items_added": added_uuids,
            "duplicates": dups, "out_of_order_accepted": bool(out_of_order or broken),
            "gap": gap, "missing_bundle_seqs": list(missing) if missing else None,
            "bundle_epoch": epoch, "restore_epoch_started": led.new_epoch,
            "encrypted": vb.encrypted, "case_data_not_applied": not_applied,
            "originals_completed": completed_uuids,
            "quarantined": {q.item_uuid: q.code for q in quarantined}})
    return ReceiveResult("received", fp, vb.bundle_id, vb.seq, vb.created_at, vb.item_count,
                         added, dups, newly, bool(out_of_order or broken), gap, originals,
                         completed, quarantined, missing, epoch if led.new_epoch else None)


def _receive_item(tx: Tx, vb: VerifiedBundle, item: dict[str, Any], now: str, receipt: str,
                  verdict: tuple[str, dict[str, Any]] | None = None
                  ) -> tuple[str, int, list[str]]:
    """One received item, in the caller's transaction: ``("added", id, not applied)``,
    ``("completed", id, [])`` (its original came) or ``("duplicate", 0, [])``.

    ``verdict``: why the bundle's clean copy failed :func:`app.handover.checks.check_copy`, or
    None. Such an item is *quarantined*: its bytes are kept (the original of record when the
    original did not come; otherwise an attachment item of its own, see
    :func:`app.handover.checks.keep_quarantined_copy`) but never as a ``sanitized`` copy — so no
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
    kind, proof = _kind_and_proof(item, rec_media, clean)
    iid = insert_item(conn, {
        "uuid": uid, "sha256": key_sha, "size": rec_size, "media_type": rec_media,
        "kind": kind,
        "original_name": None, "import_method": "bundle", "imported_at": now,
        "imported_utc_offset": 0, "width": pixels["width"] if pixels else None,
        "height": pixels["height"] if pixels else None, "frames": None,
        "orientation": san["orientation"], "metadata": {}, "metadata_error": None,
        "original_pixels": None, "sanitized_sha256": san["sha256"] if clean else None,
        "sanitized_size": san["size"] if clean else None,
        "sanitized_media_type": san["media_type"] if clean else None,
        "sanitized_pixels": pixels if proof is None else proof,
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
    if kind == "excerpt":  # checked by check_chat_copy: where it was cut from, searchable
        from app.chats.excerpt import receive_chat, receive_excerpt

        doc = json.loads(read_blob(conn, iid, "sanitized"))
        whole = item.get("kind") == "chat" and included and receive_chat(
            tx, iid, read_blob(conn, iid, "original"), doc)
        if not whole:
            receive_excerpt(tx, iid, doc)
    conn.execute("SAVEPOINT case_data")  # a value this vault refuses must not refuse the item
    try:
        skipped = apply_received_case_data(tx, iid, item, m["case"].get("title"))
        skipped += apply_received_moments(tx, iid, item.get("moments"))
    except AppError as err:
        conn.execute("ROLLBACK TO case_data")
        skipped = [f"case_data={err.code}"]
    conn.execute("RELEASE case_data")
    if clean:  # the text read inside the clean copy; a quarantined copy is not one
        receive_derived_tx(conn, iid, item.get("derived"))
    return "added", iid, skipped


def _kind_and_proof(item: dict[str, Any], media_type: str, clean: bool
                    ) -> tuple[str, dict[str, Any] | None]:
    """The received item's kind and, for a recording or document, its proof in the vault's shape
    (:mod:`app.ingest.proof`). A quarantined copy is an attachment, as before."""
    san = item["sanitized"]
    if not clean:
        return "attachment", None
    kind = item.get("kind")
    if kind in CHAT_KINDS:  # a whole chat came as its sealed export and its transcript
        return "excerpt", None
    if kind in ("video", "audio") and isinstance(san.get("streams"), list):
        return str(kind), {"proof": "streams", "streams": san["streams"]}
    if kind == "document" and isinstance(san.get("pages"), dict):
        return "document", {"proof": "pages", "page_sha256": san["pages"]["sha256"],
                            "pages": san["pages"]["pages"]}
    return ("image" if media_type.startswith("image/") else "attachment"), None


def _complete_original(tx: Tx, vb: VerifiedBundle, item: dict[str, Any], now: str, receipt: str
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


