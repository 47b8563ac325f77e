# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Signed receipts (issue 16): the organisation tells the defender, in a statement she can check,
which of her items it holds.

``receipt make BUNDLE`` (organisation): the bundle is verified again (its signer must be pinned
here) and must be in this vault's ledger; the receipt names the bundle (id, number, SHA-256 of the
file, sender), when it was received, and every item of it this vault holds with the hash the
bundle gave for it, signed with this vault's Ed25519 key::

    {"format": "bayyina-receipt", "format_version": "1", "made_at", "organisation": {"name",
     "public_key", "fingerprint"}, "bundle": {"bundle_id", "seq", "sha256", "sender",
     "received_at"}, "items": [{"item_id", "sha256"}], "signature": b64}

(signed: ``DOMAIN + canonical_json(receipt without "signature")``).

``receipt import FILE`` (defender): strict loader, schema, signature; the organisation's key must
be pinned here (``bundle_signers``) or given with ``--trust-signer`` (pinned then, custody
``trust_signer``); the bundle must be one this vault exported. Each item whose hash is its own
gets an ``item_receipts`` row and a custody entry ``item.received_by`` ("received by <name> on
<date>"); items it does not know are counted, never recorded.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.bundle import SigningKey, display_fingerprint, verify_bundle
from app.bundle.manifest import (
    _B64_32,
    _HEX64,
    _UUID,
    _int,
    _Invalid,
    _list,
    _obj,
    _str,
    _ts,
    canonical_json,
    loads_strict,
)
from app.bundle.signing import SignerPublicKey, normalize_fingerprint
from app.bundle.writer import utc_now_iso
from app.errors import VerificationFailed
from app.handover.receive import PinnedSet, pinned_signers
from app.vault.core import Vault

DOMAIN = b"bayyina receipt v1\n"
FORMAT = "bayyina-receipt"
_HEX = _str(_HEX64)
_RECEIPT = _obj({
    "format": _str(choices=(FORMAT,)), "format_version": _str(choices=("1",)), "made_at": _ts,
    "organisation": _obj({"name": _str(max_len=200), "public_key": _str(_B64_32),
                          "fingerprint": _HEX}),
    "bundle": _obj({"bundle_id": _str(_UUID), "seq": _int(1), "sha256": _HEX, "sender": _HEX,
                    "received_at": _ts}),
    "items": _list(_obj({"item_id": _str(_UUID), "sha256": _HEX}), 100_000),
    "signature": _str(max_len=100)})


def _signed(body: dict[str, Any]) -> bytes:
    return DOMAIN + canonical_json({k: v for k, v in body.items() if k != "signature"})


def make_receipt(vault: Vault, bundle: str | Path, *, name: str | None = None,
                 identity: str | None = None, passphrase: str | None = None) -> bytes:
    """The organisation's signed receipt for a bundle it received (see the module docstring).

    Raises:
        VerificationFailed: any bundle failure; ``receipt.not_received``.
    """
    pin = PinnedSet(fingerprint="", allowed=frozenset(pinned_signers(vault)))
    vb = verify_bundle(bundle, identity=identity, passphrase=passphrase, signer=pin)
    row = vault.read("SELECT received_at FROM bundle_ledger WHERE signer = ? AND bundle_id = ?",
                     (vb.signer_fingerprint, vb.bundle_id))
    if not row:
        raise VerificationFailed("receipt.not_received", bundle_id=vb.bundle_id)
    held: list[dict[str, str]] = []
    for item in vb.manifest["items"]:
        uid = item["item_id"]
        if vault.read("SELECT 1 FROM items WHERE uuid = ?", (uid,)):
            orig = item["original"]
            sha = orig["sha256"] if orig["included"] else item["sanitized"]["sha256"]
            held.append({"item_id": uid, "sha256": sha})
    key = SigningKey(vault.signing_key())
    fp = key.public.fingerprint
    label = " ".join(str(name or "").split())[:200] or display_fingerprint(fp)[:19]
    body: dict[str, Any] = {
        "format": FORMAT, "format_version": "1", "made_at": utc_now_iso(),
        "organisation": {"name": label, "public_key": base64.b64encode(key.public.raw).decode(),
                         "fingerprint": fp},
        "bundle": {"bundle_id": vb.bundle_id, "seq": vb.seq, "sha256": vb.container_sha256,
                   "sender": vb.signer_fingerprint, "received_at": str(row[0][0])},
        "items": held}
    body["signature"] = base64.b64encode(key.sign_raw(_signed(body))).decode()
    data = canonical_json(body) + b"\n"
    with vault.write() as tx:
        tx.custody("receipt.make", [f"bundle:{vb.bundle_id}", f"signer:{vb.signer_fingerprint}"]
                   + [f"item:{i['item_id']}" for i in held],
                   {"bundle_id": vb.bundle_id, "bundle_seq": vb.seq, "items": len(held),
                    "receipt_sha256": hashlib.sha256(data).hexdigest()})
    return data


def parse_receipt(untrusted: bytes) -> dict[str, Any]:
    """Strict loader, schema and signature (by the key the receipt names)."""
    body = loads_strict(untrusted, "receipt.invalid")
    try:
        _RECEIPT(body, "receipt")
    except _Invalid as exc:
        raise VerificationFailed("receipt.invalid", reason=str(exc)[:200]) from None
    key = SignerPublicKey(base64.b64decode(body["organisation"]["public_key"]))
    if key.fingerprint != body["organisation"]["fingerprint"]:
        raise VerificationFailed("receipt.invalid", reason="fingerprint")
    try:
        sig = base64.b64decode(body["signature"], validate=True)
    except ValueError:
        sig = b""
    if not key.verify_raw(_signed(body), sig):
        raise VerificationFailed("receipt.bad_signature")
    return dict(body)


@dataclass(frozen=True)
class ReceiptImported:
    organisation: str
    fingerprint: str
    bundle_id: str
    received_at: str
    marked: list[str]  # item uuids recorded as held by the organisation
    unknown: int  # items of the receipt this vault does not hold with that hash
    newly_trusted: bool


def import_receipt(vault: Vault, untrusted: bytes, *,
                   trust_signer: str | None = None) -> ReceiptImported:
    """The defender's side (see the module docstring).

    Raises:
        VerificationFailed: ``receipt.invalid``, ``receipt.bad_signature``,
            ``receipt.untrusted_signer``, ``receipt.not_ours``, ``handover.trust_signer_mismatch``.
    """
    body = parse_receipt(untrusted)
    trust_signer = normalize_fingerprint(trust_signer) if trust_signer else None
    org = body["organisation"]
    fp = org["fingerprint"]
    bundle = body["bundle"]
    trusted = set(pinned_signers(vault))
    newly = fp not in trusted
    if newly and trust_signer is None:
        raise VerificationFailed("receipt.untrusted_signer", fingerprint=display_fingerprint(fp))
    if newly and trust_signer != fp:
        raise VerificationFailed("handover.trust_signer_mismatch",
                                 fingerprint=display_fingerprint(fp),
                                 given=display_fingerprint(str(trust_signer)))
    if not vault.read("SELECT 1 FROM bundle_exports WHERE bundle_id = ? AND sha256 = ?",
                      (bundle["bundle_id"], bundle["sha256"])):
        raise VerificationFailed("receipt.not_ours", bundle_id=bundle["bundle_id"])
    now = utc_now_iso()
    marked: list[str] = []
    unknown = 0
    with vault.write() as tx:
        if newly:
            tx.execute("INSERT INTO bundle_signers (fingerprint, public_key, pinned_at, label) "
                       "VALUES (?,?,?,?)", (fp, org["public_key"], now, org["name"]))
            tx.custody("trust_signer", [f"signer:{fp}"],
                       {"fingerprint": fp, "public_key": org["public_key"], "for": "receipt"})
        for item in body["items"]:
            uid, sha = item["item_id"], item["sha256"]
            if not tx.execute("SELECT 1 FROM items WHERE uuid = ? AND (sha256 = ? OR "
                              "sanitized_sha256 = ?)", (uid, sha, sha)).fetchone():
                unknown += 1
                continue
            cur = tx.execute(
                "INSERT OR IGNORE INTO item_receipts (item_uuid, organisation, signer, bundle_id,"
                " sha256, received_at, imported_at) VALUES (?,?,?,?,?,?,?)",
                (uid, org["name"], fp, bundle["bundle_id"], sha, bundle["received_at"], now))
            if cur.rowcount:
                marked.append(uid)
                tx.custody("item.received_by", [f"item:{uid}", f"signer:{fp}",
                                                f"bundle:{bundle['bundle_id']}"],
                           {"organisation": org["name"], "fingerprint": fp,
                            "received_at": bundle["received_at"], "sha256": sha,
                            "bundle_id": bundle["bundle_id"], "bundle_seq": bundle["seq"],
                            "receipt_made_at": body["made_at"],
                            "receipt_sha256": hashlib.sha256(untrusted).hexdigest()})
    return ReceiptImported(org["name"], fp, bundle["bundle_id"], bundle["received_at"], marked,
                           unknown, newly)


def item_receipts(vault: Vault, item_uuid: str) -> list[dict[str, str]]:
    """Which organisations hold this item, by their signed receipts."""
    return [{"organisation": str(r[0]), "fingerprint": str(r[1]), "received_at": str(r[2]),
             "bundle_id": str(r[3])} for r in vault.read(
        "SELECT organisation, signer, received_at, bundle_id FROM item_receipts "
        "WHERE item_uuid = ? ORDER BY received_at, id", (item_uuid,))]


__all__ = ["ReceiptImported", "import_receipt", "item_receipts", "make_receipt",
           "parse_receipt"]
