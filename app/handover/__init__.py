# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Hand evidence over: export a signed bundle from the vault, receive one into a vault.

This is the vault side of :mod:`app.bundle` (``docs/design.md`` §Bundles); no Qt, no network.
Rooms: :mod:`.export` (export), :mod:`.sequence` (bundle numbers reserved before writing),
:mod:`.receive` (receive and the ledger), :mod:`.checks` (received clean copies checked as local
ones), :mod:`.staging` (a receipt's bytes in short transactions), :mod:`.recipients` (the
organisations' keys in the address book).

Export (:func:`export_from_vault`)
    Builds the manifest items from the vault (original / sanitised / pixel hashes, what was removed,
    tags and platform reports when the case model provides them), streams every copy from the
    database as a re-iterable :class:`~app.bundle.BundleFile` source (one 1 MiB chunk at a time),
    adds the custody-log segment and writes the bundle with :func:`app.bundle.write_bundle`.
    ``bundle_seq`` is monotonic per vault (``meta.bundle_seq``) and taken for good before anything
    is written (:mod:`app.handover.sequence`): a crash never gives a number twice.
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
    pending blobs (``bundle_pending``, blobs of no item) under this receipt's random key (skipped
    when the vault already holds a copy with that SHA-256), 16 MiB per short transaction, so the
    vault stays usable — tagging, importing — while a large bundle decrypts. Only after
    :func:`verify_bundle` returned are the ledger rules applied and the items inserted, each
    taking its pending blobs, in its own short transaction with its custody entry (as an import
    does), then the ledger entry; what is still pending is deleted whatever happens (a crash
    leaves it, encrypted in the vault, until the next unlock or receipt clears it). So nothing
    of a refused bundle stays in the vault, and a crash part-way leaves whole items and no ledger
    entry: receiving the bundle again adds the rest.

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

from app.handover.export import (
    ExportResult,
    custody_segment,
    export_bundle,
    export_from_vault,
    public_key_b64,
    signer_key,
)
from app.handover.receive import (
    PinnedSet,
    ReceiveResult,
    pinned_signers,
    receive_bundle,
    receive_into_vault,
)
from app.handover.requests import ExportRequest, ReceiveRequest

__all__ = ["ExportRequest", "ExportResult", "PinnedSet", "ReceiveRequest", "ReceiveResult",
           "custody_segment", "export_bundle", "export_from_vault", "pinned_signers",
           "public_key_b64", "receive_bundle", "receive_into_vault", "signer_key"]
