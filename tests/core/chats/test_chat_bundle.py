# SPDX-License-Identifier: GPL-3.0-or-later
"""Chats in bundles (issue 14): an excerpt (the selected messages with their context and hashes)
goes in a bundle as an item of its own; the whole export only when originals are asked for; the
receiving organisation's vault checks the excerpt as it checks any clean copy, keeps it
searchable, and joins its authors to the accounts it already knows (and their perpetrator)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cases import ItemId, TagChanges, add_perpetrator, get_item_tags, list_accounts, tag_item
from app.chats import query
from app.chats.excerpt import excerpt_of, make_excerpt
from app.handover import export_from_vault, receive_into_vault
from app.ingest import import_paths
from app.vault import KdfParams, create_vault
from app.vault.blobs import read_blob
from tests.core.chats.conftest import THREAT
from tests.helpers import PASSPHRASE

pytestmark = pytest.mark.usefixtures("chat_parsers")
BUNDLE_PASS = "bundle pass phrase 14"
AUTHOR = "+962 7 9999 1234"


@pytest.fixture
def org(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The organisation's vault: it already knows the author's number as a perpetrator's."""
    v = create_vault(tmp_path / "org.bayyina", PASSPHRASE, KdfParams.testing())
    add_perpetrator(v, "Campaign X", accounts=(("whatsapp", AUTHOR),))
    yield v
    v.lock()


def _chat(vault: Any, chat_zip: Path) -> int:
    summary = import_paths(vault, [chat_zip], chat_offset="+03:00")
    return next(int(o.item_id or 0) for o in summary.outcomes if o.kind == "chat")


def _send(vault: Any, out: Path, items: list[int], **kw: Any) -> Any:
    return export_from_vault(vault, out, item_ids=items, passphrase=BUNDLE_PASS, encrypt=True,
                             **kw)


def test_excerpt_export_verify_receive_joins_authors(vault: Any, org: Any, chat_zip: Path,
                                                     tmp_path: Path) -> None:
    chat = _chat(vault, chat_zip)
    made = make_excerpt(vault, chat, [3], context=1)
    excerpt = made["item_id"]
    tag_item(vault, ItemId(excerpt), TagChanges(add_categories=("doxing",),
                                                notes="threat to publish her address"))
    sent = excerpt_of(vault, excerpt)
    assert sent is not None
    result = _send(vault, tmp_path / "x.bayyina-bundle", [chat, excerpt])
    assert result.verified  # read back and verified by the writer
    assert result.item_ids == [excerpt]  # the family group stays home
    assert result.skipped == [(chat, "chat_export_not_asked")]
    (entry,) = result.manifest["items"]
    assert entry["kind"] == "excerpt"
    assert entry["sanitized"]["media_type"] == "application/json"
    assert entry["tags"]["perpetrators"] == [{"platform": "whatsapp", "handle": AUTHOR}]

    got = receive_into_vault(org, result.path, passphrase=BUNDLE_PASS,
                             trust_signer=result.signer_fingerprint)
    assert got.status == "received" and not got.quarantined, got.quarantined
    (iid,) = got.added
    row = org.read("SELECT kind, media_type, sha256, platform FROM items WHERE id = ?", (iid,))
    assert row == [("excerpt", "application/json", made["sha256"], "whatsapp")]
    doc = excerpt_of(org, iid)
    assert doc == sent  # the same messages, hashes and the export's SHA-256
    assert doc["chat"]["sha256"] == query.get_chat(vault, chat).sha256
    assert read_blob(org.conn, iid, "sanitized") == read_blob(vault.conn, excerpt, "original")
    # the author joined the organisation's account (no second account) and its perpetrator
    tags = get_item_tags(org, ItemId(iid))
    assert [(a.platform, a.handle) for a in tags.accounts] == [("whatsapp", AUTHOR)]
    (account,) = [a for a in list_accounts(org) if a.handle == AUTHOR]
    assert account.perpetrator_id is not None
    assert tags.accounts[0].id == account.id
    assert tags.categories == ("doxing",)
    # where it was cut from is kept, and the selected message is searchable
    held = org.read("SELECT chat_item_id, chat_sha256, selected FROM chat_excerpts "
                    "WHERE item_id = ?", (iid,))
    assert held == [(None, doc["chat"]["sha256"], "[3]")]
    from app.cases import ItemQuery, list_items

    assert [r.id for r in list_items(org, ItemQuery(text="عنوان"))] == [iid]


def test_whole_export_only_when_asked(vault: Any, org: Any, chat_zip: Path,
                                      tmp_path: Path) -> None:
    chat = _chat(vault, chat_zip)
    result = _send(vault, tmp_path / "all.bayyina-bundle", [chat], include_originals=True)
    (entry,) = result.manifest["items"]
    assert result.item_ids == [chat] and entry["kind"] == "chat"
    assert entry["original"]["included"]
    assert entry["original"]["sha256"] == query.get_chat(vault, chat).sha256
    got = receive_into_vault(org, result.path, passphrase=BUNDLE_PASS,
                             trust_signer=result.signer_fingerprint)
    assert not got.quarantined, got.quarantined
    (iid,) = got.added
    # the sealed export is the original of record; the clean copy is the whole transcript
    assert read_blob(org.conn, iid, "original") == chat_zip.read_bytes()
    doc = json.loads(read_blob(org.conn, iid, "sanitized"))
    assert [m["index"] for m in doc["messages"]] == list(range(8))
    assert THREAT in [m["text"] for m in doc["messages"]]
    # the organisation's vault reads the export again: its own chat, the same message hashes
    received = query.get_chat(org, iid)
    assert (received.sha256, received.message_count, received.utc_offset) == (
        query.get_chat(vault, chat).sha256, 8, "+03:00")
    here = query.messages_at(org, iid, list(range(8)))
    assert [m.sha256 for m in here] == [m["sha256"] for m in doc["messages"]]
    assert [h.message.index for h in query.search_messages(org, "عنوان", item_id=iid)] == [3]
    # its authors joined the organisation's accounts: the known number is the same account
    (account,) = [a for a in list_accounts(org) if a.handle == AUTHOR]
    assert here[3].account_id == account.id and account.perpetrator_id is not None
    assert {(a.platform, a.handle) for a in get_item_tags(org, ItemId(iid)).accounts} >= {
        ("whatsapp", AUTHOR)}


def test_tampered_excerpt_is_quarantined(vault: Any, org: Any, chat_zip: Path) -> None:
    from app.chats.excerpt import check_excerpt

    chat = _chat(vault, chat_zip)
    made = make_excerpt(vault, chat, [3], context=1)
    data = read_blob(vault.conn, made["item_id"], "original")
    assert check_excerpt(data) is None
    doc = json.loads(data)
    doc["messages"][1]["text"] = "something she never received"
    from app.vault.custody import canonical_json

    forged = canonical_json(doc)
    assert check_excerpt(forged) == ("chat.excerpt_hash_mismatch", {"index": 3})
    spaced = check_excerpt(data.replace(b'{"chat"', b'{ "chat"', 1))
    assert spaced is not None and spaced[0] == "chat.excerpt_not_canonical"
    assert check_excerpt(b"[1, 2]") == ("chat.excerpt_malformed", {"reason": "format"})
