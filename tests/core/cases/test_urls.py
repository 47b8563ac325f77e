# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""URL fields keep what was given, but only http(s) addresses with a host are ever links (issue 12,
point 10): the one decision, :func:`app.textsafety.is_web_link`, on a table of hostile URLs."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import unicodedata
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from app.textsafety import is_web_link

LINKS = [
    "https://example.com/post/1?x=2#c",
    "http://example.com",
    "HTTPS://EXAMPLE.COM/A",
    "https://user:pw@example.com/",  # userinfo: linked, but always displayed as given
    "https://example.com@evil.example/",
    "https://t.co:443/abc",
    "https://[2001:db8::1]:8443/x",
    "https://موقع.example/مسار",
    "http://127.0.0.1/",
]

NOT_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript://example.com/%0aalert(1)",
    "file:///etc/passwd",
    "FILE://C:/Windows/system32",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "mailto:a@example.com",
    "ftp://example.com/",
    "smb://server/share",
    "http:/example.com",
    "http:example.com",
    "http://",
    "https:///path",
    "https://:443/",
    "https://@/",
    " https://example.com",
    "https://example.com ",
    "https://exa mple.com",
    "https://example.com/\n",
    "\u202ehttps://example.com",
    "https://exam\u200bple.com",
    "https:\\\\evil.example",
    "https://evil.example\\@good.example",
    "https://example.com:99999/",
    "https://example.com:8o/",
    "https://<script>/",
    "https://ex\"ample.com",
    "//example.com/x",
    "example.com",
    "",
]


@pytest.mark.parametrize("url", LINKS)
def test_web_addresses_are_links(url: str) -> None:
    assert is_web_link(url)


@pytest.mark.parametrize("url", NOT_LINKS)
def test_everything_else_is_text(url: str) -> None:
    assert not is_web_link(url)


def test_non_strings_are_never_links() -> None:
    for value in (None, 1, b"https://example.com", ["https://example.com"]):
        assert not is_web_link(value)


# CI: 300 examples; BAYYINA_FUZZ_EXAMPLES=10000 for a long run
@settings(max_examples=int(os.environ.get("BAYYINA_FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.text(max_size=60) | st.from_regex(r"\A[ \x00-\x20]*(?i:https?|javascript|file):"
                                           r"/{0,3}[^/]{0,20}(/.{0,20})?\Z"))
def test_a_link_always_starts_with_http_and_carries_no_invisible_character(text: str) -> None:
    for url in (text, "https://" + text, "javascript:" + text):
        if is_web_link(url):
            assert url[:8].lower() in ("https://", "http://" + url[7:8].lower())
            assert url == url.strip() and all(c.isprintable() for c in url)


# --- where URLs are shown: the PDF report, and a URL that came in a signed bundle ---------------

HOSTILE = "JaVaScRiPt:alert(document.cookie)"
FLAG = "Not a web address: shown as text only."


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return "".join(c for c in unicodedata.normalize("NFKC", out)
                   if unicodedata.category(c) != "Cf")


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with every Flate stream inflated, to look for link annotations anywhere."""
    parts = [pdf]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(m.group(1)))
    return b"\n".join(parts)


def _tagged_vault(vault: Any) -> tuple[int, int]:
    from app.cases import ItemId, TagChanges, tag_item
    from app.ingest import import_bytes

    ids = []
    for color, url in (((200, 0, 0), HOSTILE), ((0, 200, 0), "https://example.com/post/7")):
        buf = io.BytesIO()
        Image.new("RGB", (10, 8), color).save(buf, "PNG")
        o = import_bytes(vault, buf.getvalue(), name="x.png")
        assert o.item_id is not None
        tag_item(vault, ItemId(o.item_id), TagChanges(url=url))
        ids.append(o.item_id)
    return ids[0], ids[1]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_report_shows_a_javascript_url_as_flagged_text_and_links_nothing(
        vault: Any, tmp_path: Path) -> None:
    from app.cases import ItemId, get_item_tags
    from app.i18n import translations
    from app.report.collect import build_vault_report

    bad, good = _tagged_vault(vault)
    assert get_item_tags(vault, ItemId(bad)).url == HOSTILE  # stored as given
    pdf = build_vault_report(vault, item_ids=[bad, good], lang="en")
    text = _pdf_text(pdf, tmp_path)
    assert HOSTILE in text and "https://example.com/post/7" in text
    assert text.count(FLAG) == 1  # the javascript: one only
    objects = _pdf_objects(pdf)
    assert b"/URI" not in objects and b"/Launch" not in objects and b"/JavaScript" not in objects
    assert b"/Annots" not in objects
    ar = build_vault_report(vault, item_ids=[bad], lang="ar")
    flag_ar = translations("ar").gettext(FLAG)
    assert flag_ar != FLAG
    assert unicodedata.normalize("NFKC", flag_ar).replace(" ", "") in \
        _pdf_text(ar, tmp_path).replace(" ", "").replace("\n", "")


def test_a_url_from_a_received_bundle_is_kept_as_given(vault: Any, tmp_path: Path) -> None:
    from app.bundle import keygen_recipient
    from app.cases import ItemId, get_item_tags
    from app.handover import export_from_vault, receive_into_vault
    from app.vault import KdfParams, create_vault
    from tests.helpers import PASSPHRASE

    _tagged_vault(vault)
    ident, rec = keygen_recipient()
    b = export_from_vault(vault, tmp_path / "b.zip.age", recipients=[rec])
    org = create_vault(tmp_path / "org.bayyina", PASSPHRASE, KdfParams.testing())
    try:
        r = receive_into_vault(org, b.path, identity=ident, trust_signer=vault.fingerprint())
        urls = [get_item_tags(org, ItemId(i)).url for i in r.added]
        assert urls == [HOSTILE, "https://example.com/post/7"]
        assert [is_web_link(u) for u in urls] == [False, True]
    finally:
        org.lock()
