# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole way, through the CLI: the organisation makes a card, the defender adds it, exports
to it, sends (a separate process: the vault process opens no socket), the organisation's
`inbox receive` takes the bundle into its vault and leaves a receipt, the defender's next `send`
brings the receipt back."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from tests.core.send.helpers import Inbox
from tests.helpers import Cli


def _png(tmp: Path, name: str, color: tuple[int, int, int]) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (10, 8), color).save(buf, "PNG")
    path = tmp / name
    path.write_bytes(buf.getvalue())
    return path


@pytest.fixture
def two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Cli, Cli]:
    me, org = Cli(tmp_path, capsys), Cli(tmp_path, capsys, tmp_path / "org.bayyina")
    assert me.init().code == 0
    assert org.init().code == 0
    return me, org


def _card(org: Cli, inbox: Inbox, tmp: Path, **extra: str) -> tuple[Path, Path]:
    ident = tmp / "org.identity"
    if not ident.exists():
        assert org("keygen-recipient", "--out", str(ident)).code == 0
    card = tmp / "org.card"
    args = ["contact", "make", "--name", "Helpline", "--url", inbox.url, "--cert",
            str(inbox.cert), "--identity", str(ident), "--out", str(card), "--qr",
            str(tmp / "org.png")]
    for k, v in extra.items():
        args += [f"--{k}", v]
    res = org(*args, "--json")
    assert res.code == 0, res.err
    return card, ident


def test_card_export_send_receive_receipt(two: tuple[Cli, Cli], inbox: Inbox,
                                          tmp_path: Path) -> None:
    me, org = two
    card, ident = _card(org, inbox, tmp_path)
    assert (tmp_path / "org.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    added = me("contact", "add", str(card), "--json")
    assert added.code == 0, added.err
    assert added.json()["cert_sha256"] == inbox.fingerprint
    assert me("contact", "add", str(card)).code == 1  # the same name twice
    assert me("import", str(_png(tmp_path, "one.png", (200, 0, 0)))).code == 0
    bundle = tmp_path / "one.age"
    res = me("export", "--out", str(bundle), "--to", "Helpline", "--json")
    assert res.code == 0, res.err
    exported = res.json()
    assert bundle.read_bytes().startswith(b"age-encryption.org/v1\n")
    [queued] = me("outbox", "--json").json()
    assert queued["status"] == "queued"
    assert queued["sha256"] == exported["sha256"]

    sent = me("send", "--to", "Helpline")
    assert sent.code == 0, sent.err
    assert "Sending directly (not through Tor) to" in sent.err
    assert "1 bundle sent." in sent.err
    [entry] = me("outbox", "--json").json()
    assert entry["status"] == "sent"
    assert entry["percent"] == 100
    assert entry["route"] == "direct"

    fp = me("key", "show", "--json").json()["fingerprint"]
    got = org("inbox", "receive", str(inbox.root), "--identity", str(ident),
              "--trust-signer", fp, "--json")
    assert got.code == 0, got.err
    [bundle_got] = got.json()["bundles"]
    assert bundle_got["status"] == "received"
    assert bundle_got["items_added"] == 1
    assert (inbox.root / "done" / f"{exported['sha256']}.age").is_file()
    assert list((inbox.root / "receipts").glob("*.json"))

    again = me("send", "--json")
    assert again.code == 0, again.err
    [entry] = me("outbox", "--json").json()
    assert entry["status"] == "receipt"
    assert "receipt received" in me("outbox").out
    log = me("log", "show", "--json")
    actions = [json.loads(line)["action"] for line in log.out.splitlines() if line.strip()] \
        if log.out.lstrip().startswith("{") else [e["action"] for e in log.json()]
    for action in ("contact.add", "outbox.queue", "outbox.sent", "outbox.receipt",
                   "item.received_by"):
        assert action in actions


def test_a_bundle_the_organisation_cannot_open_is_refused_with_its_reason(
        two: tuple[Cli, Cli], inbox: Inbox, tmp_path: Path) -> None:
    me, org = two
    card, _ident = _card(org, inbox, tmp_path)
    assert me("contact", "add", str(card)).code == 0
    assert me("import", str(_png(tmp_path, "two.png", (0, 200, 0)))).code == 0
    assert me("export", "--out", str(tmp_path / "two.age"), "--to", "Helpline").code == 0
    assert me("send").code == 0
    other = tmp_path / "other.identity"
    assert org("keygen-recipient", "--out", str(other)).code == 0
    got = org("inbox", "receive", str(inbox.root), "--identity", str(other), "--json")
    assert got.code == 5
    [refused] = [b for b in got.json()["bundles"] if b["status"] == "refused"]
    reason = json.loads((inbox.root / "refused" / f"{refused['sha256']}.reason.json")
                        .read_text(encoding="utf-8"))
    assert reason["code"] == refused["code"]
    assert reason["message"]
    assert (inbox.root / "refused" / f"{refused['sha256']}.age").is_file()


def test_a_changed_card_is_refused(two: tuple[Cli, Cli], inbox: Inbox, tmp_path: Path) -> None:
    me, org = two
    card, _ = _card(org, inbox, tmp_path)
    body = json.loads(card.read_bytes())
    body["url"] = "https://attacker.example/files/"
    (tmp_path / "bad.card").write_text(json.dumps(body), encoding="utf-8")
    res = me("contact", "add", str(tmp_path / "bad.card"))
    assert res.code == 4
    assert "signature is not valid" in res.err
    assert me("contact", "list", "--json").json() == []


def test_the_qr_form_of_a_card_is_the_same_card(two: tuple[Cli, Cli], inbox: Inbox,
                                                tmp_path: Path) -> None:
    from app.send.contact import parse_card, qr_payload

    me, org = two
    card, _ = _card(org, inbox, tmp_path, onion="https://" + "a" * 56 + ".onion/files/")
    small = tmp_path / "card.txt"
    small.write_text(qr_payload(card.read_bytes()), encoding="ascii")
    assert len(small.read_text()) < 2000  # fits a QR code
    assert parse_card(small.read_bytes()) == parse_card(card.read_bytes())
    res = me("contact", "add", str(small), "--json")
    assert res.code == 0, res.err
    assert res.json()["onion_url"].endswith(".onion/files/")


def test_export_to_a_destination_is_always_encrypted_to_it(two: tuple[Cli, Cli],
                                                           tmp_path: Path) -> None:
    me, _org = two
    res = me("export", "--out", str(tmp_path / "x.zip"), "--to", "Helpline", "--no-encryption")
    assert res.code == 2
    res = me("export", "--out", str(tmp_path / "x.zip"), "--to", "Nobody")
    assert res.code == 1
    assert "no destination called" in res.err
