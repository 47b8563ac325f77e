# SPDX-License-Identifier: GPL-3.0-or-later
"""The inbox server's guard in front of tuspyserver: checksum extension, only age ciphertext,
size and rate limits, no DELETE or method override — over real TLS on 127.0.0.1."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.core.send.helpers import AGE_MAGIC, Inbox, b64, make_cert, probe, start_inbox

TUS = {"Tus-Resumable": "1.0.0"}
NAME = "a" * 64 + ".age"


def _create(length: int, name: str = NAME, **extra: str) -> dict[str, object]:
    return {"method": "POST", "url": "/files/",
            "headers": {**TUS, "Upload-Length": str(length),
                        "Upload-Metadata": f"filename {b64(name.encode())},filetype "
                                           f"{b64(b'application/age')}", **extra}}


def _patch(location: str, offset: int, body: bytes, checksum: str | None = None
           ) -> dict[str, object]:
    headers = {**TUS, "Upload-Offset": str(offset),
               "Content-Type": "application/offset+octet-stream"}
    if checksum is not None:
        headers["Upload-Checksum"] = checksum
    return {"method": "PATCH", "url": location, "headers": headers, "body": b64(body)}


def _sha(body: bytes) -> str:
    return "sha256 " + b64(hashlib.sha256(body).digest())


def _head(location: str) -> dict[str, object]:
    return {"method": "HEAD", "url": location, "headers": TUS}


def test_options_announce_the_checksum_extension(inbox: Inbox) -> None:
    [r] = probe(inbox, [{"method": "OPTIONS", "url": "/files/", "headers": TUS}])
    assert r["status"] == 204
    assert "checksum" in r["headers"]["tus-extension"].split(",")
    assert r["headers"]["tus-checksum-algorithm"] == "sha256"
    assert "concatenation" not in r["headers"]["tus-extension"]


def test_a_chunk_with_a_wrong_checksum_is_dropped(inbox: Inbox) -> None:
    body = AGE_MAGIC + b"x" * 1000
    [created] = probe(inbox, [_create(len(body) * 2)])
    assert created["status"] == 201
    loc = created["headers"]["location"]
    bad, head, good, head2 = probe(inbox, [
        _patch(loc, 0, body, _sha(b"something else")), _head(loc),
        _patch(loc, 0, body, _sha(body)), _head(loc)])
    assert bad["status"] == 460
    assert head["headers"]["upload-offset"] == "0"
    assert good["status"] == 204
    assert head2["headers"]["upload-offset"] == str(len(body))
    [unknown] = probe(inbox, [_patch(loc, len(body), b"y", "md5 " + b64(b"0" * 16))])
    assert unknown["status"] == 400


def test_only_age_ciphertext_is_stored(inbox: Inbox) -> None:
    plain = b"%PDF-1.7 this is not encrypted" + b"." * 100
    [created] = probe(inbox, [_create(len(plain))])
    loc = created["headers"]["location"]
    with_sum, without, head = probe(inbox, [_patch(loc, 0, plain, _sha(plain)),
                                            _patch(loc, 0, plain), _head(loc)])
    assert with_sum["status"] == 415
    assert without["status"] == 415
    assert head["headers"]["upload-offset"] == "0"
    stored = inbox.root / "uploads" / loc.rsplit("/", 1)[1]
    assert stored.read_bytes() == b""


def test_creation_is_refused_without_an_opaque_name_or_length(inbox: Inbox) -> None:
    answers = probe(inbox, [
        _create(100, name="evidence-of-X.pdf"),
        {"method": "POST", "url": "/files/", "headers": {**TUS, "Upload-Defer-Length": "1"}},
        _create(100, **{"Upload-Concat": "partial"}),
        _create((1024 << 20) + 1),
        {**_create(100), "body": b64(AGE_MAGIC)},
    ])
    assert [a["status"] for a in answers] == [400, 400, 400, 413, 400]


def test_delete_and_method_override_are_refused(inbox: Inbox) -> None:
    [created] = probe(inbox, [_create(100)])
    loc = created["headers"]["location"]
    answers = probe(inbox, [{"method": "DELETE", "url": loc, "headers": TUS},
                            {"method": "POST", "url": loc,
                             "headers": {**TUS, "X-HTTP-Method-Override": "PATCH"}},
                            _head(loc)])
    assert [a["status"] for a in answers] == [405, 405, 200]


def test_new_uploads_are_rate_limited(tmp_path: Path) -> None:
    cert, key, fp = make_cert(tmp_path)
    server = start_inbox(tmp_path / "inbox", cert, key, fp, per_hour=3)
    try:
        answers = probe(server, [_create(100) for _ in range(5)])
    finally:
        server.stop()
    assert [a["status"] for a in answers] == [201, 201, 201, 429, 429]


def test_receipts_are_served_only_by_upload_id(inbox: Inbox) -> None:
    (inbox.root / "receipts" / ("b" * 32 + ".json")).write_text('{"receipt": 1}')
    ok, missing, bad = probe(inbox, [
        {"method": "GET", "url": "/receipts/" + "b" * 32},
        {"method": "GET", "url": "/receipts/" + "c" * 32},
        {"method": "GET", "url": "/receipts/../uploads"}])
    assert ok["status"] == 200
    assert ok["body"] == '{"receipt": 1}'
    assert missing["status"] == 404
    assert bad["status"] == 404
