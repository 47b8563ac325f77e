# SPDX-License-Identifier: GPL-3.0-or-later
"""A contact card added from a picture of its QR code: the PNG `contact make --qr` writes, the
same code photographed (scaled, turned a little, re-encoded as JPEG on a grey background), and
pictures that hold no card — each read by zxing-cpp under the picture limits; the signature of the
card read decides, as for a card file. No server needed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from app.bundle import SigningKey, keygen_recipient
from app.errors import InputRejected, VerificationFailed
from app.send.contact import make_card, parse_card, qr_payload, write_qr
from app.send.outbox import add_contact, list_contacts
from app.send.qrpicture import card_from_picture, is_picture
from tests.core.send.helpers import make_cert
from tests.helpers import Cli


def _card(tmp: Path, name: str = "Helpline") -> bytes:
    cert, _key, _fp = make_cert(tmp, name.lower())
    return make_card(SigningKey.generate(), name=name, recipient=keygen_recipient()[1],
                     url="https://127.0.0.1:8443/files/", cert_pem=cert.read_bytes())


def _qr_png(card: bytes) -> bytes:
    buf = io.BytesIO()
    write_qr(card, buf, "png")
    return buf.getvalue()


def _photographed(png: bytes) -> bytes:
    """The code as a phone photo of a screen would have it: larger, turned 7°, on a grey desk
    with other marks, JPEG at quality 70."""
    code = Image.open(io.BytesIO(png)).convert("L")
    code = code.resize((code.width * 3, code.height * 3), Image.Resampling.BILINEAR)
    code = code.rotate(7, expand=True, fillcolor=255)
    desk = Image.new("L", (code.width + 600, code.height + 400), 128)
    ImageDraw.Draw(desk).rectangle((20, 20, 200, 90), fill=40)
    desk.paste(code, (300, 200))
    buf = io.BytesIO()
    desk.convert("RGB").save(buf, "JPEG", quality=70)
    return buf.getvalue()


def test_the_qr_picture_and_its_photo_give_the_same_card(tmp_path: Path) -> None:
    card = _card(tmp_path)
    png = _qr_png(card)
    photo = _photographed(png)
    assert is_picture(png) and is_picture(photo) and not is_picture(card)
    assert card_from_picture(png) == qr_payload(card).encode()
    assert parse_card(card_from_picture(photo)) == parse_card(card)


def test_a_destination_added_from_a_photo_of_its_qr_code(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = _card(tmp_path)
    added = add_contact(vault, _photographed(_qr_png(card)))
    assert added.name == "Helpline"
    assert added.cert_sha256 == parse_card(card).cert_sha256
    assert [c.name for c in list_contacts(vault)] == ["Helpline"]


def test_pictures_without_a_card_are_refused_and_nothing_is_added(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import segno

    blank = io.BytesIO()
    Image.new("RGB", (400, 300), (250, 250, 250)).save(blank, "PNG")
    other = io.BytesIO()  # a QR code, but not a card's: a web address
    segno.make("https://example.org/", error="m").save(other, kind="png", scale=4)
    for picture in (blank.getvalue(), other.getvalue()):
        with pytest.raises(VerificationFailed) as err:
            add_contact(vault, picture)
        assert err.value.code == "contact.no_qr"
    forged = bytearray(_card(tmp_path))  # a card's QR code whose card was changed after signing
    at = forged.index(b"Helpline")
    forged[at:at + 8] = b"Helpl1ne"
    with pytest.raises(VerificationFailed) as err:
        add_contact(vault, _qr_png(bytes(forged)))
    assert err.value.code == "contact.bad_signature"
    with pytest.raises(InputRejected) as bad:
        add_contact(vault, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)  # a PNG that is not one
    assert bad.value.code.startswith("import.")
    assert list_contacts(vault) == []


def test_a_picture_too_large_for_a_qr_code_is_refused_before_decoding(tmp_path: Path) -> None:
    from app.send.qrpicture import QR_LIMITS

    huge = io.BytesIO()  # 60 MP of one colour: small as a file, refused by its size in pixels
    Image.new("L", (10_000, 6_000), 255).save(huge, "PNG")
    assert QR_LIMITS.max_pixels < 10_000 * 6_000
    with pytest.raises(InputRejected) as err:
        card_from_picture(huge.getvalue())
    assert err.value.code == "import.too_many_pixels"


def test_cli_contact_add_takes_the_qr_picture(cli: Cli, tmp_path: Path) -> None:
    assert cli.init().code == 0
    picture = tmp_path / "card-qr.jpg"
    picture.write_bytes(_photographed(_qr_png(_card(tmp_path))))
    res = cli("contact", "add", str(picture), "--json")
    assert res.code == 0, res.err
    assert res.json()["name"] == "Helpline"
    blank = tmp_path / "blank.png"
    Image.new("RGB", (50, 50), (255, 255, 255)).save(blank, "PNG")
    res = cli("contact", "add", str(blank))
    assert res.code == 4 and "QR code" in res.err
