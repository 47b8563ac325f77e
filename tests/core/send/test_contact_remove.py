# SPDX-License-Identifier: GPL-3.0-or-later
"""Removing a destination: refused while anything for it is still to send or to be confirmed by a
receipt (nothing removed); otherwise removed, with its custody entry. No server needed: removing
is a vault change only."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bundle import SigningKey, keygen_recipient
from app.errors import AppError
from app.send.contact import make_card
from app.send.outbox import add_contact, list_contacts, list_outbox, remove_contact
from tests.core.send.helpers import make_cert, queue_random
from tests.helpers import Cli


def _destination(vault, tmp: Path, name: str):  # type: ignore[no-untyped-def]
    cert, _key, _fp = make_cert(tmp, name.lower())
    card = make_card(SigningKey.generate(), name=name, recipient=keygen_recipient()[1],
                     url="https://127.0.0.1:8443/files/", cert_pem=cert.read_bytes())
    return add_contact(vault, card)


def test_remove_is_refused_while_a_bundle_waits(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    helpline = _destination(vault, tmp_path, "Helpline")
    entry = queue_random(vault, helpline, tmp_path / "b.age", 4096, seed=3)
    with pytest.raises(AppError) as err:
        remove_contact(vault, helpline.id)
    assert err.value.code == "contact.has_outbox"
    assert err.value.params == {"name": "Helpline", "count": 1}
    assert [c.name for c in list_contacts(vault)] == ["Helpline"]
    assert [e.id for e in list_outbox(vault)] == [entry.id]
    assert (tmp_path / "b.age").is_file()


def test_remove_a_destination_with_nothing_waiting(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.vault.custody import entries

    helpline = _destination(vault, tmp_path, "Helpline")
    clinic = _destination(vault, tmp_path, "Clinic")
    assert remove_contact(vault, helpline.id) == "Helpline"
    assert [c.name for c in list_contacts(vault)] == ["Clinic"]
    removed = [e for e in entries(vault.conn) if e["action"] == "contact.remove"]
    assert len(removed) == 1
    with pytest.raises(AppError) as err:
        remove_contact(vault, helpline.id)
    assert err.value.code == "contact.not_found"
    assert [c.id for c in list_contacts(vault)] == [clinic.id]


def test_cli_contact_remove(cli: Cli, tmp_path: Path) -> None:
    assert cli.init().code == 0
    cert, _key, _fp = make_cert(tmp_path)
    card = tmp_path / "h.card"
    card.write_bytes(make_card(SigningKey.generate(), name="Helpline",
                               recipient=keygen_recipient()[1],
                               url="https://127.0.0.1:8443/files/", cert_pem=cert.read_bytes()))
    assert cli("contact", "add", str(card)).code == 0
    res = cli("contact", "remove", "Helpline")
    assert res.code == 0, res.err
    assert "Destination Helpline removed." in res.err
    assert cli("contact", "list", "--json").json() == []
    assert cli("contact", "remove", "Helpline").code == 1
