# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A received "clean copy" passes the checks a local one does, or is quarantined (issue 12,
point 3): a trusted signer's bundle is signed, not proven clean."""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app.bundle import keygen_recipient
from app.errors import UsageError
from app.handover import export_from_vault, receive_into_vault
from app.ingest import import_bytes
from app.media import process
from app.report.collect import collect_report_data
from app.vault.blobs import read_blob, write_blob
from app.vault.items import get_item


def _png(color: tuple[int, int, int], size: tuple[int, int] = (12, 9)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def _jpeg_gps_camera() -> bytes:
    """A phone photo: camera make and model and a GPS position in its EXIF."""
    img = Image.new("RGB", (24, 16), (90, 140, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    exif[0x0110] = "SecretPhone 12"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (33.0, 53.0, 0.0)  # GPSLatitudeRef, GPSLatitude
    gps[3], gps[4] = "E", (35.0, 30.0, 0.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


def _png_bomb(side: int = 12_000) -> bytes:
    """A grey PNG of side² pixels (144 MP > the 120 MP limit) in about 140 kB."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    comp = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    idat = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0,
                                                               0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def _import(vault: Any, data: bytes, name: str) -> int:
    outcome = import_bytes(vault, data, name=name)
    assert outcome.status == "imported" and outcome.item_id is not None, outcome
    return outcome.item_id


def _swap_clean_copy(vault: Any, item_id: int, data: bytes, media_type: str) -> None:
    """What a compromised or broken sender does: its vault's "sanitised copy" is other bytes
    (the export then signs them like any other copy)."""
    with vault.write() as tx:
        old = tx.conn.execute("SELECT id FROM blobs WHERE item_id = ? AND role = 'sanitized'",
                              (item_id,)).fetchone()
        tx.conn.execute("DELETE FROM blob_chunks WHERE blob_id = ?", (old[0],))
        tx.conn.execute("DELETE FROM blobs WHERE id = ?", (old[0],))
        _size, sha = write_blob(tx.conn, item_id, "sanitized", media_type, data)
        tx.conn.execute("UPDATE items SET sanitized_sha256 = ?, sanitized_media_type = ? "
                        "WHERE id = ?", (sha, media_type, item_id))


def _hostile_sender(vault: Any) -> tuple[list[int], dict[int, tuple[bytes, str]]]:
    """Five items: one honest, four whose signed "clean copy" is not (bytes, expected code)."""
    honest = _import(vault, _png((10, 200, 10)), "honest.png")
    photo = _jpeg_gps_camera()
    a = _import(vault, photo, "photo.jpg")
    _swap_clean_copy(vault, a, photo, "image/jpeg")  # (a) the original with GPS and camera
    html = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
    b = _import(vault, _png((200, 10, 10)), "b.png")
    _swap_clean_copy(vault, b, html, "image/jpeg")  # (b) HTML labelled image/jpeg
    c = _import(vault, _png((10, 10, 200)), "c.png")
    other = process(_png((250, 250, 0))).sanitized  # a clean PNG, but not these pixels
    assert other is not None
    _swap_clean_copy(vault, c, other, "image/png")  # (c) pixels differ from the manifest's
    d = _import(vault, _png((90, 90, 90)), "d.png")
    bomb = _png_bomb()
    _swap_clean_copy(vault, d, bomb, "image/png")  # (d) a decompression bomb
    return [honest, a, b, c, d], {
        a: (photo, "handover.copy_not_clean"), b: (html, "handover.copy_wrong_type"),
        c: (other, "handover.copy_pixels_differ"), d: (bomb, "import.too_many_pixels")}


def test_hostile_clean_copies_from_a_trusted_signer_are_quarantined(
        vault: Any, org: Any, tmp_path: Path) -> None:
    ident, rec = keygen_recipient()
    ids, hostile = _hostile_sender(vault)
    b = export_from_vault(vault, tmp_path / "b.zip.age", recipients=[rec])
    assert b.item_ids == ids  # the sender's export signs them all
    r = receive_into_vault(org, b.path, identity=ident, trust_signer=vault.fingerprint())
    assert r.status == "received" and len(r.added) == 5
    sent = {get_item(vault, i)["uuid"]: i for i in ids}
    local = {get_item(org, i)["uuid"]: i for i in r.added}
    reasons = {sent[q.item_uuid]: q.code for q in r.quarantined}
    assert reasons == {i: code for i, (_data, code) in hostile.items()}
    assert all(local[q.item_uuid] == q.item for q in r.quarantined)
    honest = get_item(org, local[get_item(vault, ids[0])["uuid"]])
    assert "sanitized" in honest["copies"] and honest["kind"] == "image"
    for sender_id, (data, code) in hostile.items():
        mine = get_item(org, local[get_item(vault, sender_id)["uuid"]])
        # kept, whole: the received bytes are the original of record (nothing lost) ...
        assert read_blob(org.conn, mine["id"], "original") == data
        # ... but never a clean copy: no sanitised copy, no thumbnail, labelled as quarantined
        assert set(mine["copies"]) == {"original"}
        assert mine["kind"] == "attachment" and mine["sanitized_sha256"] is None
        assert mine["sanitize_error"] == f"quarantined: {code}"
        assert mine["provenance"]["quarantined"]["code"] == code
        entry = org.read("SELECT details FROM custody WHERE action = 'item.quarantined' AND "
                         "subjects LIKE ?", (f'%item:{mine["uuid"]}%',))
        assert json.loads(entry[0][0])["code"] == code
    html_item = get_item(org, local[get_item(vault, ids[2])["uuid"]])
    assert html_item["media_type"] != "image/jpeg"  # stored as what the bytes are
    last = json.loads(org.read("SELECT details FROM custody ORDER BY seq DESC LIMIT 1")[0][0])
    assert len(last["quarantined"]) == 4
    assert org.verify_custody().ok
    # never exported as clean: the organisation's own export leaves them out
    out = export_from_vault(org, tmp_path / "o.zip.age", recipients=[rec])
    assert out.item_ids == [honest["id"]]
    assert sorted(i for i, _why in out.skipped) == sorted(q.item for q in r.quarantined)
    # and never drawn in a report: no image for a quarantined item
    data = collect_report_data(org, item_ids=r.added)
    drawn = {int(it.item_id) for it in data.items if it.image is not None}
    assert drawn == {honest["id"]}
    assert sorted(int(it.item_id) for it in data.items if it.no_image_reason == "quarantined") \
        == sorted(q.item for q in r.quarantined)


def test_a_quarantined_copy_with_its_original_keeps_the_original(
        vault: Any, org: Any, tmp_path: Path) -> None:
    ident, rec = keygen_recipient()
    photo = _jpeg_gps_camera()
    same = _import(vault, photo, "photo.jpg")
    _swap_clean_copy(vault, same, photo, "image/jpeg")  # the "clean copy" is the original
    html = b"<html><body>not a picture</body></html>"
    other = _import(vault, _png((5, 5, 5)), "o.png")
    _swap_clean_copy(vault, other, html, "image/png")  # the "clean copy" is something else
    b = export_from_vault(vault, tmp_path / "b.zip.age", recipients=[rec], include_originals=True)
    r = receive_into_vault(org, b.path, identity=ident, trust_signer=vault.fingerprint())
    assert [q.code for q in r.quarantined] == ["handover.copy_not_clean",
                                               "handover.copy_wrong_type"]
    first, second = (get_item(org, i) for i in r.added)
    for mine, sent in ((first, same), (second, other)):
        assert set(mine["copies"]) == {"original"} and mine["kind"] == "attachment"
        assert read_blob(org.conn, mine["id"], "original") == read_blob(vault.conn, sent,
                                                                         "original")
    assert first["provenance"]["quarantined"]["copy_kept"] == "same_as_original"
    # the HTML "copy" is not lost: an attachment item of its own, labelled and linked
    kept = second["provenance"]["quarantined"]["copy_kept"]
    assert kept.startswith("item:")
    rows = org.read("SELECT id FROM items WHERE uuid = ?", (kept[5:],))
    copy = get_item(org, int(rows[0][0]))
    assert read_blob(org.conn, copy["id"], "original") == html
    assert set(copy["copies"]) == {"original"} and copy["kind"] == "attachment"
    assert copy["media_type"] == "text/html"
    assert copy["provenance"]["quarantined_copy_of"] == second["uuid"]
    assert copy["sanitize_error"] == "quarantined: handover.copy_wrong_type"
    assert org.verify_custody().ok
    with pytest.raises(UsageError):  # nothing clean to export
        export_from_vault(org, tmp_path / "o.zip.age", recipients=[rec])
    # receiving the same items again (another bundle) adds nothing
    b2 = export_from_vault(vault, tmp_path / "b2.zip.age", recipients=[rec],
                           include_originals=True)
    again = receive_into_vault(org, b2.path, identity=ident)
    assert again.added == [] and len(again.duplicates) == 2


def test_a_normal_bundle_is_received_clean(vault: Any, org: Any, tmp_path: Path) -> None:
    ident, rec = keygen_recipient()
    ids = [_import(vault, _png((200, 10, 10)), "red.png"),
           _import(vault, _jpeg_gps_camera(), "photo.jpg")]
    b = export_from_vault(vault, tmp_path / "b.zip.age", recipients=[rec])
    r = receive_into_vault(org, b.path, identity=ident, trust_signer=vault.fingerprint())
    assert r.quarantined == [] and len(r.added) == 2
    for local, sent in zip(r.added, ids, strict=True):
        mine = get_item(org, local)
        assert mine["kind"] == "image" and mine["sanitize_error"] is None
        assert read_blob(org.conn, local, "sanitized") == read_blob(vault.conn, sent, "sanitized")
    assert not org.read("SELECT 1 FROM custody WHERE action = 'item.quarantined'")


def test_cli_receive_names_the_quarantined_items_and_why(
        vault: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.i18n import translations
    from app.messages import template_for
    from tests.helpers import Cli

    photo = _jpeg_gps_camera()
    bad = _import(vault, photo, "photo.jpg")
    _swap_clean_copy(vault, bad, photo, "image/jpeg")
    _import(vault, _png((1, 2, 250)), "fine.png")
    pw = tmp_path / "bundle-pw.txt"
    pw.write_text("a long bundle passphrase\n", encoding="utf-8")
    b = export_from_vault(vault, tmp_path / "b.zip.age", passphrase="a long bundle passphrase")
    org = Cli(tmp_path, capsys, vault=tmp_path / "org.bayyina")
    assert org.init().code == 0
    r = org("receive", str(b.path), "--bundle-passphrase-file", str(pw), "--trust-signer",
            vault.fingerprint(), "--json")
    assert r.code == 0, r.err
    out = r.json()
    assert len(out["added"]) == 2
    [q] = out["quarantined"]
    assert q["code"] == "handover.copy_not_clean" and q["item"] in out["added"]
    assert q["item_uuid"] == get_item(vault, bad)["uuid"]
    assert "exif.gps" in q["params"]["findings"]
    assert q["reason"].startswith("It is not a clean copy")
    # the human summary, in Arabic: the warning (singular form) and the reason, translated
    b2 = export_from_vault(vault, tmp_path / "b2.zip.age", passphrase="a long bundle passphrase")
    org2 = Cli(tmp_path, capsys, vault=tmp_path / "org2.bayyina")
    assert org2.init().code == 0
    r = org2("receive", str(b2.path), "--bundle-passphrase-file", str(pw), "--trust-signer",
             vault.fingerprint(), lang="ar")
    assert r.code == 0, r.err
    tr = translations("ar")
    reason = tr.gettext(template_for("handover.copy_not_clean") or "")
    assert reason != template_for("handover.copy_not_clean")  # translated
    assert reason.split("{")[0].strip() in r.out + r.err
    assert "exif.gps" in r.out + r.err
