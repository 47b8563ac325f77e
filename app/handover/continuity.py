# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""One sender's history across restores and new keys (issue 16): the ledger seen per restore
epoch, and signed key statements (rotation, revocation).

**Epochs.** A restored vault (:mod:`app.handover.backup`) signs ``vault.bundle_epoch`` = E + 1 in
its manifests. The ledger compares bundle numbers within one epoch; the first bundle of a newer
epoch may repeat numbers the lost original used after the backup, and chains to the last bundle
before it. Two bundles with the same epoch and number but different ids, or a bundle of an older
epoch after a newer one arrived, mean two copies of the vault are exporting: told as
``handover.two_copies`` (exit 4), accepted only with ``--accept-out-of-order``.

**Key statements.** JSON, canonical, parsed with the strict loader and checked against a schema
before any signature is checked::

    {"format": "bayyina-key-statement", "format_version": 1, "kind": "rotation"|"revocation",
     "made_at", "old": {"public_key", "fingerprint"}, "new": {...}, "bundle_seq",
     "bundle_epoch", "signatures": {"old": b64, "new": b64}}

Both keys sign ``DOMAIN + canonical_json(statement without "signatures")``. ``key rotate`` and
``key revoke`` replace the vault's signing key with a new one and write the statement; the
organisation applies it (:func:`apply_statement`, ``key accept`` / ``key apply``): the old key
must be pinned there; the new key is pinned in its place, continuing its ledger (``lineage``), and
the old one is marked ``replaced`` or ``revoked`` — later bundles signed by it are refused
(``handover.signer_replaced`` / ``handover.signer_revoked``, exit 4). A rotated key's bundles up to
``bundle_seq`` (the last it signed, in ``bundle_epoch``) are still received when they arrive late;
a revoked key's never (who signed them cannot be told).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.bundle import SigningKey, display_fingerprint
from app.bundle.manifest import (
    _B64_32,
    _HEX64,
    _int,
    _Invalid,
    _obj,
    _str,
    _ts,
    canonical_json,
    loads_strict,
)
from app.bundle.signing import SignerPublicKey
from app.bundle.writer import utc_now_iso
from app.errors import VerificationFailed
from app.vault.connection import Connection
from app.vault.core import Vault

DOMAIN = b"bayyina key statement v1\n"
FORMAT = "bayyina-key-statement"
_KEY = _obj({"public_key": _str(_B64_32), "fingerprint": _str(_HEX64)})
_B64_SIG = _str(max_len=100)
_STATEMENT = _obj({
    "format": _str(choices=(FORMAT,)), "format_version": _str(choices=("1",)),
    "kind": _str(choices=("rotation", "revocation")), "made_at": _ts, "old": _KEY, "new": _KEY,
    "bundle_seq": _int(0), "bundle_epoch": _int(0),
    "signatures": _obj({"old": _B64_SIG, "new": _B64_SIG})})


# --- the ledger per epoch -----------------------------------------------------------------------


def family(conn: Connection, fp: str) -> list[str]:
    """The signer and every key it replaced or that replaced it (one ``lineage``)."""
    row = conn.execute("SELECT COALESCE(lineage, fingerprint) FROM bundle_signers "
                       "WHERE fingerprint = ?", (fp,)).fetchone()
    if row is None:
        return [fp]
    return [str(r[0]) for r in conn.execute(
        "SELECT fingerprint FROM bundle_signers WHERE COALESCE(lineage, fingerprint) = ?",
        (row[0],))]


@dataclass(frozen=True)
class LedgerView:
    last: int | None  # the highest number received in this epoch
    last_before: int | None  # the highest number of earlier epochs (for the first of an epoch)
    preds: frozenset[str]  # SHA-256 of the received bundles numbered seq - 1 of this epoch
    preds_before: frozenset[str]  # ... of earlier epochs (where a restore's chain may fork off)
    new_epoch: bool  # the first bundle of an epoch newer than any received
    two_copies: dict[str, Any] | None  # why this means two copies exporting, or None

    def chain(self, seq: int, prev: str | None) -> tuple[bool, bool, tuple[int, int] | None]:
        """(broken, gap, missing numbers) for bundle ``seq`` naming ``prev`` as predecessor.
        Broken only against this epoch's own bundle ``seq - 1``; the first bundle of an epoch
        chains to an earlier epoch's bundle, or is a gap (where its epoch forked is unknown)."""
        broken = bool(self.preds) and prev not in self.preds
        if self.last is not None:
            gap = seq > self.last + 1 and not self.preds
            return broken, gap, (self.last + 1, seq - 1) if gap else None
        if self.last_before is None:
            return broken, False, None
        gap = prev not in self.preds_before
        missing = (self.last_before + 1, seq - 1) if gap and seq - 1 > self.last_before else None
        return broken, gap, missing


def ledger_view(conn: Connection, fp: str, epoch: int, seq: int) -> LedgerView:
    fam = family(conn, fp)
    marks = ",".join("?" * len(fam))
    where = f"signer IN ({marks})"

    def one(sql: str, *params: Any) -> Any:
        return conn.execute(sql.format(where=where), (*fam, *params)).fetchone()[0]

    top = one("SELECT MAX(epoch) FROM bundle_ledger WHERE {where}")
    last = one("SELECT MAX(seq) FROM bundle_ledger WHERE {where} AND epoch = ?", epoch)
    before = one("SELECT MAX(seq) FROM bundle_ledger WHERE {where} AND epoch < ?", epoch)
    preds: dict[bool, set[str]] = {True: set(), False: set()}
    for sha, ep in conn.execute(f"SELECT container_sha256, epoch FROM bundle_ledger WHERE "
                                f"{where} AND seq = ? AND epoch <= ?", (*fam, seq - 1, epoch)):
        preds[int(ep) == epoch].add(str(sha))
    same = one("SELECT COUNT(*) FROM bundle_ledger WHERE {where} AND epoch = ? AND seq = ?",
               epoch, seq)
    two: dict[str, Any] | None = None
    if top is not None and epoch < int(top):
        two = {"epoch": epoch, "newer": int(top)}
    elif same:
        two = {"epoch": epoch, "newer": epoch}
    return LedgerView(None if last is None else int(last),
                      None if before is None else int(before), frozenset(preds[True]),
                      frozenset(preds[False]), top is not None and epoch > int(top), two)


def check_signer_status(conn: Connection, fp: str, seq: int, epoch: int) -> None:
    """Refuse a bundle signed by a key that was replaced or revoked here — except, for a rotated
    key, the bundles it signed up to the rotation (arriving late), which its statement names."""
    row = conn.execute("SELECT status, successor, status_at, valid_to_seq, valid_epoch FROM "
                       "bundle_signers WHERE fingerprint = ?", (fp,)).fetchone()
    if row is None or row[0] == "active":
        return
    if row[0] == "replaced" and row[3] is not None and epoch == row[4] and seq <= row[3]:
        return
    code = "handover.signer_revoked" if row[0] == "revoked" else "handover.signer_replaced"
    raise VerificationFailed(code, fingerprint=display_fingerprint(fp), since=str(row[2] or ""),
                             successor=display_fingerprint(row[1]) if row[1] else "")


# --- key statements -----------------------------------------------------------------------------


def _key_obj(key: SigningKey) -> dict[str, str]:
    return {"public_key": base64.b64encode(key.public.raw).decode(),
            "fingerprint": key.public.fingerprint}


def _signed_bytes(body: dict[str, Any]) -> bytes:
    return DOMAIN + canonical_json({k: v for k, v in body.items() if k != "signatures"})


def make_statement(old: SigningKey, new: SigningKey, kind: str, made_at: str,
                   bundle_seq: int = 0, bundle_epoch: int = 0) -> dict[str, Any]:
    """``bundle_seq``/``bundle_epoch``: the last bundle the old key signed (0: none)."""
    body: dict[str, Any] = {"format": FORMAT, "format_version": "1", "kind": kind,
                            "made_at": made_at, "old": _key_obj(old), "new": _key_obj(new),
                            "bundle_seq": bundle_seq, "bundle_epoch": bundle_epoch}
    data = _signed_bytes(body)
    body["signatures"] = {"old": base64.b64encode(old.sign_raw(data)).decode(),
                          "new": base64.b64encode(new.sign_raw(data)).decode()}
    return body


def replace_signing_key(vault: Vault, kind: str) -> tuple[bytes, dict[str, Any]]:
    """``key rotate`` / ``key revoke``: a new Ed25519 key for this vault and the statement signed
    by both keys (canonical JSON bytes, and as parsed). The old private key is deleted from the
    vault (pages overwritten: ``secure_delete``); custody ``key.rotated`` / ``key.revoked``."""
    if kind not in ("rotation", "revocation"):
        raise ValueError(kind)
    old = SigningKey(vault.signing_key())
    fresh = Ed25519PrivateKey.generate()
    new = SigningKey(fresh)
    statement = make_statement(old, new, kind, utc_now_iso(),
                               int(vault.meta("bundle_seq") or 0),
                               int(vault.meta("bundle_epoch") or 0))
    seed = fresh.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                               serialization.NoEncryption())
    with vault.write() as tx:
        tx.execute("UPDATE meta SET value = ? WHERE key = 'signing_key'", (seed,))
        tx.custody("key.rotated" if kind == "rotation" else "key.revoked",
                   [f"vault:{vault.vault_id}", f"signer:{old.public.fingerprint}",
                    f"signer:{new.public.fingerprint}"],
                   {"old_fingerprint": old.public.fingerprint,
                    "new_fingerprint": new.public.fingerprint, "made_at": statement["made_at"]})
    return canonical_json(statement) + b"\n", statement


def parse_statement(untrusted: bytes) -> dict[str, Any]:
    """Strictly parse a key statement and check both signatures.

    Raises:
        VerificationFailed: ``key.statement_invalid`` (with a reason),
            ``key.statement_bad_signature``.
    """
    body = loads_strict(untrusted, "key.statement_invalid")
    try:
        _STATEMENT(body, "statement")
    except _Invalid as exc:
        raise VerificationFailed("key.statement_invalid", reason=str(exc)[:200]) from None
    data = _signed_bytes(body)
    keys = {role: SignerPublicKey(base64.b64decode(body[role]["public_key"]))
            for role in ("old", "new")}
    for role, key in keys.items():
        if key.fingerprint != body[role]["fingerprint"]:
            raise VerificationFailed("key.statement_invalid", reason=f"{role}: fingerprint")
    for role, key in keys.items():
        try:
            sig = base64.b64decode(body["signatures"][role], validate=True)
        except ValueError:
            sig = b""
        if not key.verify_raw(data, sig):
            raise VerificationFailed("key.statement_bad_signature", role=role)
    if body["old"]["fingerprint"] == body["new"]["fingerprint"]:
        raise VerificationFailed("key.statement_invalid", reason="the same key twice")
    return dict(body)


@dataclass(frozen=True)
class StatementApplied:
    kind: str
    old: str
    new: str
    status: str  # "applied" | "already_applied"


def apply_statement(vault: Vault, untrusted: bytes) -> StatementApplied:
    """At the organisation: verify a key statement and apply it (see the module docstring).

    Raises:
        VerificationFailed: the statement's own failures; ``key.statement_unknown_signer`` when the
            old key is not pinned here; ``key.statement_conflict`` when the old key was already
            replaced by a different key.
    """
    st = parse_statement(untrusted)
    old, new = st["old"]["fingerprint"], st["new"]["fingerprint"]
    status = "replaced" if st["kind"] == "rotation" else "revoked"
    with vault.write() as tx:
        row = tx.execute("SELECT status, successor, COALESCE(lineage, fingerprint) FROM "
                         "bundle_signers WHERE fingerprint = ?", (old,)).fetchone()
        if row is None:
            raise VerificationFailed("key.statement_unknown_signer",
                                     fingerprint=display_fingerprint(old))
        if row[1] is not None and row[1] != new:
            raise VerificationFailed("key.statement_conflict",
                                     fingerprint=display_fingerprint(old))
        if row[1] == new and (row[0] == status or row[0] == "revoked"):
            return StatementApplied(st["kind"], old, new, "already_applied")
        now = utc_now_iso()
        tx.execute("UPDATE bundle_signers SET status = ?, successor = ?, status_at = ?, "
                   "valid_to_seq = ?, valid_epoch = ? WHERE fingerprint = ?",
                   (status, new, now, st["bundle_seq"] if status == "replaced" else None,
                    st["bundle_epoch"], old))
        if tx.execute("SELECT 1 FROM bundle_signers WHERE fingerprint = ?", (new,)).fetchone():
            tx.execute("UPDATE bundle_signers SET lineage = ? WHERE fingerprint = ?",
                       (row[2], new))
        else:
            tx.execute("INSERT INTO bundle_signers (fingerprint, public_key, pinned_at, label, "
                       "lineage) VALUES (?,?,?,NULL,?)",
                       (new, st["new"]["public_key"], now, row[2]))
        tx.custody("signer.replaced" if status == "replaced" else "signer.revoked",
                   [f"signer:{old}", f"signer:{new}"],
                   {"kind": st["kind"], "old": old, "new": new, "made_at": st["made_at"],
                    "statement_sha256": _sha(untrusted)})
    return StatementApplied(st["kind"], old, new, "applied")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def signer_status(vault: Vault, fp: str) -> str | None:
    rows = vault.read("SELECT status FROM bundle_signers WHERE fingerprint = ?", (fp,))
    return str(rows[0][0]) if rows else None


__all__ = ["LedgerView", "StatementApplied", "apply_statement", "check_signer_status",
           "family", "ledger_view", "make_statement", "parse_statement", "replace_signing_key",
           "signer_status"]
