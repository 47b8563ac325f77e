# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Key rotation and revocation honoured by a receiving vault, retired address-book keys, and the
signed receipt round trip (issue 16)."""

from __future__ import annotations

import base64
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app.bundle import keygen_recipient
from app.bundle.manifest import canonical_json
from app.errors import AppError, VerificationFailed
from app.handover import export_from_vault, receive_into_vault
from app.handover.backup import backup_vault, restore_vault
from app.handover.continuity import apply_statement, parse_statement, replace_signing_key
from app.handover.receipts import import_receipt, item_receipts, make_receipt
from app.handover.recipients import add_recipient, list_recipients, retire_recipient
from app.ingest import import_bytes
from app.vault import KdfParams, create_vault, open_vault
from app.vault.custody import entries
from tests.helpers import PASSPHRASE


def _png(color: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (12, 9), color).save(buf, "PNG")
    return buf.getvalue()


def _add(vault: Any, color: tuple[int, int, int]) -> int:
    out = import_bytes(vault, _png(color), name="x.png")
    assert out.item_id is not None
    return out.item_id


def _export(vault: Any, out: Path, item: int) -> Path:
    return export_from_vault(vault, out, item_ids=[item], encrypt=False).path


def _first(vault: Any, org: Any, tmp_path: Path) -> str:
    old = vault.fingerprint()
    got = receive_into_vault(org, _export(vault, tmp_path / "b1.zip", _add(vault, (1, 1, 1))),
                             trust_signer=old)
    assert got.status == "received"
    return old


def test_rotation_is_honoured_and_the_chain_continues(vault: Any, org: Any,
                                                      tmp_path: Path) -> None:
    old = _first(vault, org, tmp_path)
    data, st = replace_signing_key(vault, "rotation")
    new = vault.fingerprint()
    assert new != old and st["new"]["fingerprint"] == new
    b2 = _export(vault, tmp_path / "b2.zip", _add(vault, (2, 2, 2)))
    # before the statement: the new key is unknown there
    with pytest.raises(VerificationFailed) as err:
        receive_into_vault(org, b2)
    assert err.value.code == "handover.first_contact"
    assert apply_statement(org, data).status == "applied"
    assert apply_statement(org, data).status == "already_applied"
    got = receive_into_vault(org, b2)  # pinned by the statement, its ledger continues
    assert got.status == "received" and got.seq == 2 and not got.gap and not got.out_of_order
    assert [e["action"] for e in entries(org.conn)].count("signer.replaced") == 1
    # the old private key is gone from the vault: only the new one signs
    assert vault.read("SELECT COUNT(*) FROM meta WHERE key = 'signing_key'")[0][0] == 1


def test_a_copy_still_holding_the_old_key_is_refused(vault: Any, org: Any,
                                                     tmp_path: Path) -> None:
    _first(vault, org, tmp_path)
    vault.close_connections()
    shutil.copytree(vault.path, tmp_path / "stale.bayyina")  # taken before the rotation
    data, _st = replace_signing_key(vault, "rotation")
    apply_statement(org, data)
    with open_vault(tmp_path / "stale.bayyina", PASSPHRASE) as stale:
        bundle = _export(stale, tmp_path / "stale.zip", _add(stale, (8, 8, 8)))
    with pytest.raises(VerificationFailed) as err:
        receive_into_vault(org, bundle)
    assert err.value.code == "handover.signer_replaced"
    assert err.value.params["successor"].replace(" ", "") == vault.fingerprint()


def test_revocation_from_a_backup_refuses_the_lost_laptop(vault: Any, org: Any,
                                                          tmp_path: Path) -> None:
    old = _first(vault, org, tmp_path)
    backup = backup_vault(vault, tmp_path / "v.backup", passphrase="bk")
    restored = restore_vault(backup.path, tmp_path / "r.bayyina", PASSPHRASE, passphrase="bk")
    with open_vault(restored.path, PASSPHRASE) as copy:
        data, _st = replace_signing_key(copy, "revocation")
        assert apply_statement(org, data).status == "applied"
        # the lost laptop (still the old key) exports: refused, named
        lost = _export(vault, tmp_path / "lost.zip", _add(vault, (3, 3, 3)))
        with pytest.raises(VerificationFailed) as err:
            receive_into_vault(org, lost)
        assert err.value.code == "handover.signer_revoked" and err.value.exit_code == 4
        # the restored vault, new key, new epoch: accepted, chained to bundle 1
        got = receive_into_vault(org, _export(copy, tmp_path / "r2.zip", _add(copy, (4, 4, 4))))
        assert got.status == "received" and got.seq == 2 and got.restore_epoch == 1
    assert org.read("SELECT status FROM bundle_signers WHERE fingerprint = ?",
                    (old,))[0][0] == "revoked"


def test_a_forged_or_foreign_statement_changes_nothing(vault: Any, org: Any,
                                                       tmp_path: Path) -> None:
    _first(vault, org, tmp_path)
    data, st = replace_signing_key(vault, "rotation")
    forged = dict(st)
    forged["new"] = dict(st["new"], public_key=base64.b64encode(b"\1" * 32).decode())
    resigned = dict(st, made_at="2020-01-01T00:00:00Z")  # a field changed after signing
    for bad, code in ((canonical_json(forged), "key.statement_invalid"),
                      (data.replace(b'"rotation"', b'"revocation"'), "key.statement_bad_signature"),
                      (canonical_json(resigned), "key.statement_bad_signature"),
                      (data[:-3], "key.statement_invalid"),
                      (b'{"a":1,"a":2}', "key.statement_invalid")):
        with pytest.raises(VerificationFailed) as err:
            apply_statement(org, bad)
        assert err.value.code == code
    other = create_vault(tmp_path / "other.bayyina", PASSPHRASE, KdfParams.testing())
    with other:
        with pytest.raises(VerificationFailed) as err:
            apply_statement(other, data)  # the old key was never pinned there
        assert err.value.code == "key.statement_unknown_signer"
    assert parse_statement(data)["kind"] == "rotation"


def test_retired_recipient_is_refused_by_export(vault: Any, tmp_path: Path) -> None:
    _add(vault, (5, 5, 5))
    _, old_key = keygen_recipient()
    _, new_key = keygen_recipient()
    saved = add_recipient(vault, "Org", old_key)
    new = retire_recipient(vault, saved.id, replaced_by=new_key)
    assert new is not None and new.label == "Org"
    assert [r.recipient for r in list_recipients(vault)] == [new_key]
    assert len(list_recipients(vault, include_retired=True)) == 2
    with pytest.raises(AppError) as err:
        export_from_vault(vault, tmp_path / "b.zip.age", recipients=[old_key])
    assert err.value.code == "addressbook.recipient_retired"
    assert not (tmp_path / "b.zip.age").exists()
    assert export_from_vault(vault, tmp_path / "b.zip.age", recipients=[new_key]).encrypted


def test_receipt_round_trip_marks_the_items(vault: Any, org: Any, tmp_path: Path) -> None:
    a, b = _add(vault, (6, 6, 6)), _add(vault, (7, 7, 7))
    identity, recipient = keygen_recipient()
    res = export_from_vault(vault, tmp_path / "b.zip.age", item_ids=[a, b],
                            recipients=[recipient])
    receive_into_vault(org, res.path, identity=identity, trust_signer=vault.fingerprint())
    data = make_receipt(org, res.path, name="Digital Rights Org", identity=identity)
    body = json.loads(data)
    assert body["bundle"]["bundle_id"] == res.bundle_id and len(body["items"]) == 2
    with pytest.raises(VerificationFailed) as err:
        import_receipt(vault, data)  # the organisation's key is not pinned yet
    assert err.value.code == "receipt.untrusted_signer"
    got = import_receipt(vault, data, trust_signer=org.fingerprint())
    assert len(got.marked) == 2 and got.unknown == 0 and got.newly_trusted
    uuid_a = vault.read("SELECT uuid FROM items WHERE id = ?", (a,))[0][0]
    held = item_receipts(vault, uuid_a)
    assert held and held[0]["organisation"] == "Digital Rights Org"
    acts = [e for e in entries(vault.conn) if e["action"] == "item.received_by"]
    assert len(acts) == 2
    assert import_receipt(vault, data).marked == []  # once
    # a receipt changed by anyone else is refused
    tampered = data.replace(b"Digital Rights Org", b"Digital Wrongs Org")
    with pytest.raises(VerificationFailed) as err:
        import_receipt(vault, tampered)
    assert err.value.code == "receipt.bad_signature"
    # and one for a bundle this vault never exported
    other = create_vault(tmp_path / "o.bayyina", PASSPHRASE, KdfParams.testing())
    with other, pytest.raises(VerificationFailed) as err:
        import_receipt(other, data, trust_signer=org.fingerprint())
    assert err.value.code == "receipt.not_ours"


def test_bundles_the_old_key_signed_before_the_rotation_still_arrive(vault: Any, org: Any,
                                                                   tmp_path: Path) -> None:
    """A bundle exported before the rotation and delivered after the statement: still received
    (its number is within the statement's); one signed after it, by a stale copy, is not."""
    _first(vault, org, tmp_path)
    late = _export(vault, tmp_path / "late.zip", _add(vault, (9, 1, 1)))  # bundle 2, old key
    vault.close_connections()
    shutil.copytree(vault.path, tmp_path / "stale.bayyina")
    data, st = replace_signing_key(vault, "rotation")
    assert st["bundle_seq"] == 2
    apply_statement(org, data)
    got = receive_into_vault(org, _export(vault, tmp_path / "b3.zip", _add(vault, (9, 2, 2))))
    assert got.seq == 3 and got.gap  # bundle 2 has not arrived yet
    got = receive_into_vault(org, late, accept_out_of_order=True)
    assert got.status == "received" and got.seq == 2
    with open_vault(tmp_path / "stale.bayyina", PASSPHRASE) as stale:
        after = _export(stale, tmp_path / "after.zip", _add(stale, (9, 3, 3)))  # bundle 3, old
    with pytest.raises(VerificationFailed) as err:
        receive_into_vault(org, after, accept_out_of_order=True)
    assert err.value.code == "handover.signer_replaced"
