# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The vault side of sending (issue 18): destinations from contact cards, and the outbox.

Both live in the vault (schema version 12). Every state change appends its custody entry in the
same transaction: ``contact.add``, ``contact.send_when_connected``, ``contact.remove``,
``outbox.queue``, ``outbox.sent``, ``outbox.receipt``. Progress (bytes the server acknowledged)
is recorded without a custody entry: it is not an action, and the server's offset stays the truth
on resume.

An entry's bundle stays in the encrypted file the defender exported (see :mod:`app.send`); this
module never reads it. No socket: the sender process (:mod:`app.send.launch`) does the network.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import AppError, UsageError
from app.send.contact import Card, parse_card, pem_from_der
from app.send.qrpicture import card_from_picture, is_picture
from app.vault import Vault
from app.vault.custody import utc_now

if TYPE_CHECKING:
    from app.handover import ExportRequest, ExportResult
    from app.tasks import CancelToken, ProgressFn

STATES = ("queued", "sending", "sent", "receipt")


@dataclass(frozen=True)
class Contact:
    id: int
    uuid: str
    name: str
    recipient: str
    url: str
    onion_url: str | None
    cert_der: bytes
    cert_sha256: str
    signing_key: str
    signing_fingerprint: str
    auto_send: bool
    via: str | None
    added_at: str

    @property
    def cert_pem(self) -> str:
        return pem_from_der(self.cert_der)


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    uuid: str
    contact: str  # the destination's name
    bundle_id: str
    path: str
    size: int
    sha256: str
    status: str
    sent_bytes: int
    location: str | None
    route: str | None
    last_error: str | None
    queued_at: str
    sent_at: str | None
    receipt_at: str | None

    @property
    def percent(self) -> int:
        return 100 if self.size <= 0 else min(100, self.sent_bytes * 100 // self.size)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "contact": self.contact, "bundle_id": self.bundle_id,
                "path": self.path, "size": self.size, "sha256": self.sha256,
                "status": self.status, "sent_bytes": self.sent_bytes, "percent": self.percent,
                "route": self.route, "last_error": self.last_error, "queued_at": self.queued_at,
                "sent_at": self.sent_at, "receipt_at": self.receipt_at}


_C_COLS = ("id, uuid, name, recipient, url, onion_url, cert_der, cert_sha256, signing_key, "
           "signing_fingerprint, auto_send, via, added_at")
_O_COLS = ("o.id, o.uuid, c.name, o.bundle_id, o.path, o.size, o.sha256, o.status, o.sent_bytes,"
           " o.location, o.route, o.last_error, o.queued_at, o.sent_at, o.receipt_at")


def _contact(row: tuple[Any, ...]) -> Contact:
    return Contact(int(row[0]), row[1], row[2], row[3], row[4], row[5], bytes(row[6]), row[7],
                   row[8], row[9], bool(row[10]), row[11], row[12])


def _entry(row: tuple[Any, ...]) -> OutboxEntry:
    return OutboxEntry(int(row[0]), row[1], row[2], row[3], row[4], int(row[5]), row[6], row[7],
                       int(row[8]), row[9], row[10], row[11], row[12], row[13], row[14])


def add_contact(vault: Vault, untrusted_card: bytes) -> Contact:
    """Verify a contact card (the file, its QR text form, or a picture of its QR code) and save
    its destination.

    Raises:
        VerificationFailed: ``contact.invalid``, ``contact.bad_signature``.
        AppError: ``contact.exists`` (a destination of that name is saved already).
    """
    if is_picture(untrusted_card):  # a photo or screenshot of the card's QR code
        untrusted_card = card_from_picture(untrusted_card)
    card: Card = parse_card(untrusted_card)
    with vault.write() as tx:
        row = tx.execute("SELECT card_sha256 FROM contacts WHERE name = ?",
                         (card.name,)).fetchone()
        if row is not None:
            raise AppError("contact.exists", name=card.name)
        uid = str(uuid.uuid4())
        cur = tx.execute(
            "INSERT INTO contacts (uuid, name, recipient, url, onion_url, cert_der, cert_sha256, "
            "signing_key, signing_fingerprint, card_sha256, added_at) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?)",
            (uid, card.name, card.recipient, card.url, card.onion_url, card.cert_der,
             card.cert_sha256, card.signing_key, card.signing_fingerprint, card.sha256,
             utc_now()))
        tx.custody("contact.add", [f"contact:{uid}"], {
            "name": card.name, "recipient": card.recipient, "url": card.url,
            "onion_url": card.onion_url, "cert_sha256": card.cert_sha256,
            "signing_fingerprint": card.signing_fingerprint, "card_sha256": card.sha256})
        row = tx.execute(f"SELECT {_C_COLS} FROM contacts WHERE id = ?",
                         (cur.lastrowid,)).fetchone()
    return _contact(row)


def list_contacts(vault: Vault) -> list[Contact]:
    return [_contact(r) for r in vault.read(f"SELECT {_C_COLS} FROM contacts ORDER BY name")]


def contact_named(vault: Vault, name: str) -> Contact:
    """Raises ``contact.not_found``."""
    rows = vault.read(f"SELECT {_C_COLS} FROM contacts WHERE name = ?", (name.strip(),))
    if not rows:
        raise AppError("contact.not_found", name=name)
    return _contact(rows[0])


def set_send_when_connected(vault: Vault, contact_id: int, allowed: bool,
                            via: str | None = None) -> Contact:
    """Allow (or stop) sending to this destination whenever the app is open and it is reachable,
    through ``via`` (``socks5://HOST:PORT``) or directly (None)."""
    from app.send.route import parse_via

    route = parse_via(via)
    with vault.write() as tx:
        row = tx.execute("SELECT uuid, name FROM contacts WHERE id = ?",
                         (int(contact_id),)).fetchone()
        if row is None:
            raise AppError("contact.not_found", name=str(contact_id))
        tx.execute("UPDATE contacts SET auto_send = ?, via = ? WHERE id = ?",
                   (int(allowed), route.proxy, int(contact_id)))
        tx.custody("contact.send_when_connected", [f"contact:{row[0]}"],
                   {"name": row[1], "allowed": bool(allowed), "route": route.kind,
                    "proxy": route.proxy})
        new = tx.execute(f"SELECT {_C_COLS} FROM contacts WHERE id = ?",
                         (int(contact_id),)).fetchone()
    return _contact(new)


def remove_contact(vault: Vault, contact_id: int) -> str:
    """Remove a destination; its name. Entries already confirmed by a receipt go with it (the
    custody log keeps their history); the bundle files are not touched.

    Raises:
        AppError: ``contact.not_found``; ``contact.has_outbox`` while something for it is queued,
            being sent or waiting for its receipt (nothing is removed).
    """
    with vault.write() as tx:
        row = tx.execute("SELECT uuid, name FROM contacts WHERE id = ?",
                         (int(contact_id),)).fetchone()
        if row is None:
            raise AppError("contact.not_found", name=str(contact_id))
        (pending,) = tx.execute("SELECT COUNT(*) FROM outbox WHERE contact_id = ? AND "
                                "status != 'receipt'", (int(contact_id),)).fetchone()
        if pending:
            raise AppError("contact.has_outbox", name=row[1], count=int(pending))
        (done,) = tx.execute("SELECT COUNT(*) FROM outbox WHERE contact_id = ?",
                             (int(contact_id),)).fetchone()
        tx.execute("DELETE FROM outbox WHERE contact_id = ?", (int(contact_id),))
        tx.execute("DELETE FROM contacts WHERE id = ?", (int(contact_id),))
        tx.custody("contact.remove", [f"contact:{row[0]}"],
                   {"name": row[1], "confirmed_entries": int(done)})
    return str(row[1])


def export_to_outbox(vault: Vault, request: ExportRequest, contact_name: str, *,
                     progress: ProgressFn | None = None,
                     cancel: CancelToken | None = None) -> tuple[ExportResult, OutboxEntry]:
    """Export a bundle encrypted to the destination ``contact_name`` (its recipient added to the
    request's, as ``export --to NAME``) and put it in the outbox.

    Raises:
        AppError: ``contact.not_found``, ``outbox.to_needs_recipient`` (a passphrase or no
            encryption asked for), and whatever :func:`app.handover.export_bundle` raises.
    """
    from app.handover import export_bundle

    if request.passphrase is not None or not request.encrypt:
        raise UsageError("outbox.to_needs_recipient")
    destination = contact_named(vault, contact_name)
    if destination.recipient not in request.recipients:
        request = replace(request, recipients=(*request.recipients, destination.recipient))
    res = export_bundle(vault, request, progress=progress, cancel=cancel)
    queued = queue_bundle(vault, destination, res.path, bundle_id=res.bundle_id,
                          sha256=res.sha256, size=res.size)
    return res, queued


def queue_bundle(vault: Vault, contact: Contact, path: Path, *, bundle_id: str, sha256: str,
                 size: int) -> OutboxEntry:
    """Put an exported bundle (already encrypted to ``contact``'s recipient) in the outbox."""
    now = utc_now()
    uid = str(uuid.uuid4())
    with vault.write() as tx:
        cur = tx.execute(
            "INSERT INTO outbox (uuid, contact_id, bundle_id, path, size, sha256, queued_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?)",
            (uid, contact.id, bundle_id, str(Path(path).resolve()), int(size), sha256, now, now))
        tx.custody("outbox.queue", [f"outbox:{uid}", f"bundle:{bundle_id}",
                                    f"contact:{contact.uuid}"],
                   {"contact": contact.name, "bundle_id": bundle_id, "sha256": sha256,
                    "size": int(size)})
        entry_id = int(cur.lastrowid)
    return entry(vault, entry_id)


def entry(vault: Vault, entry_id: int) -> OutboxEntry:
    rows = vault.read(f"SELECT {_O_COLS} FROM outbox o JOIN contacts c ON c.id = o.contact_id "
                      "WHERE o.id = ?", (int(entry_id),))
    if not rows:
        raise AppError("outbox.not_found", entry=entry_id)
    return _entry(rows[0])


def list_outbox(vault: Vault, contact: str | None = None) -> list[OutboxEntry]:
    where, params = ("WHERE c.name = ?", (contact,)) if contact else ("", ())
    return [_entry(r) for r in vault.read(
        f"SELECT {_O_COLS} FROM outbox o JOIN contacts c ON c.id = o.contact_id {where} "
        "ORDER BY o.id", params)]


def to_send(vault: Vault, contact: str | None = None) -> list[OutboxEntry]:
    """Entries still to upload, and sent ones still waiting for their receipt."""
    return [e for e in list_outbox(vault, contact) if e.status != "receipt"]


def record_event(vault: Vault, event: dict[str, Any]) -> None:
    """Apply one line the sender reported (see :mod:`app.send.sender`) to the outbox."""
    kind, eid = event.get("event"), event.get("entry")
    if not isinstance(eid, int):
        return
    now = utc_now()
    with vault.write() as tx:
        row = tx.execute("SELECT o.uuid, o.status, o.bundle_id, c.name FROM outbox o JOIN "
                         "contacts c ON c.id = o.contact_id WHERE o.id = ?", (eid,)).fetchone()
        if row is None:
            return
        if kind == "route":
            route = "socks5 " + str(event.get("proxy")) if event.get("proxy") else "direct"
            if event.get("onion") == "yes":
                route += " onion"
            tx.execute("UPDATE outbox SET route = ?, updated_at = ? WHERE id = ?",
                       (route, now, eid))
        elif kind == "created":
            tx.execute("UPDATE outbox SET location = ?, updated_at = ? WHERE id = ?",
                       (str(event.get("location") or ""), now, eid))
        elif kind == "progress" and row[1] in ("queued", "sending"):
            tx.execute("UPDATE outbox SET status = 'sending', sent_bytes = ?, last_error = NULL, "
                       "updated_at = ? WHERE id = ?", (int(event.get("offset") or 0), now, eid))
        elif kind == "sent" and row[1] in ("queued", "sending"):
            tx.execute("UPDATE outbox SET status = 'sent', sent_bytes = size, last_error = NULL, "
                       "sent_at = ?, updated_at = ? WHERE id = ?", (now, now, eid))
            tx.custody("outbox.sent", [f"outbox:{row[0]}", f"bundle:{row[2]}"],
                       {"contact": row[3], "bundle_id": row[2],
                        "route": tx.execute("SELECT route FROM outbox WHERE id = ?",
                                            (eid,)).fetchone()[0]})
        elif kind == "failed":
            tx.execute("UPDATE outbox SET last_error = ?, updated_at = ? WHERE id = ?",
                       (str(event.get("code") or "send.sender_failed"), now, eid))


def record_receipt(vault: Vault, entry_id: int, untrusted_receipt: bytes) -> OutboxEntry:
    """The organisation's signed receipt for a sent entry, fetched by the sender: verified with
    the destination's signing key (the card's), imported (:mod:`app.handover.receipts`), and the
    entry marked ``receipt``.

    Raises:
        VerificationFailed: any receipt failure; ``outbox.receipt_mismatch`` when it is signed by
            another key or is for another bundle.
    """
    from app.errors import VerificationFailed
    from app.handover.receipts import import_receipt, parse_receipt

    e = entry(vault, entry_id)
    c = contact_named(vault, e.contact)
    body = parse_receipt(untrusted_receipt)
    if (body["organisation"]["fingerprint"] != c.signing_fingerprint
            or body["bundle"]["bundle_id"] != e.bundle_id):
        raise VerificationFailed("outbox.receipt_mismatch")
    import_receipt(vault, untrusted_receipt, trust_signer=c.signing_fingerprint)
    now = utc_now()
    with vault.write() as tx:
        tx.execute("UPDATE outbox SET status = 'receipt', receipt_at = ?, updated_at = ? "
                   "WHERE id = ?", (now, now, e.id))
        tx.custody("outbox.receipt", [f"outbox:{e.uuid}", f"bundle:{e.bundle_id}"],
                   {"contact": c.name, "bundle_id": e.bundle_id,
                    "received_at": body["bundle"]["received_at"],
                    "items": len(body["items"])})
    return entry(vault, e.id)


def job_entry(e: OutboxEntry, c: Contact) -> dict[str, Any]:
    """What the sender process is given for one entry: paths and public data only."""
    return {"id": e.id, "path": e.path, "sha256": e.sha256, "size": e.size, "url": c.url,
            "onion_url": c.onion_url, "cert_pem": c.cert_pem, "cert_sha256": c.cert_sha256,
            "location": e.location, "status": e.status}


def decode_receipt(event: dict[str, Any]) -> bytes:
    try:
        return base64.b64decode(str(event.get("receipt", "")), validate=True)
    except ValueError:
        return b""


__all__ = ["STATES", "Contact", "OutboxEntry", "add_contact", "contact_named", "entry",
           "export_to_outbox", "job_entry", "list_contacts", "list_outbox", "queue_bundle",
           "record_event", "record_receipt", "remove_contact", "set_send_when_connected", "to_send"]
