# SPDX-License-Identifier: GPL-3.0-or-later
"""A chat export imported through the one pipeline: sealed as one chat item, every message a
record in the search index, authors as accounts, included media as items linked to their message,
the exporter's offset given or assumed — one transaction, nothing partial."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.cases import AccountRef, ItemId, TagChanges, get_account, list_items, tag_item
from app.cases.query import ItemQuery
from app.chats import query
from app.chats.store import parse_offset, set_offset
from app.errors import UsageError
from app.ingest import import_paths
from app.vault.blobs import iter_blob
from tests.core.chats import fixture
from tests.core.chats.conftest import THREAT, family_lines

pytestmark = pytest.mark.usefixtures("chat_parsers")


def _chat_outcome(summary):  # type: ignore[no-untyped-def]
    return next(o for o in summary.outcomes if o.kind == "chat")


def test_chat_zip_becomes_one_chat_item_with_messages_and_media(vault, chat_zip: Path) -> None:
    summary = import_paths(vault, [chat_zip], chat_offset="+03:00")
    chat = _chat_outcome(summary)
    assert chat.status == "imported" and chat.messages == 8
    assert chat.sha256 == hashlib.sha256(chat_zip.read_bytes()).hexdigest()
    # the export is sealed unchanged as the original
    assert b"".join(iter_blob(vault.conn, chat.item_id, "original")) == chat_zip.read_bytes()
    photo = next(o for o in summary.outcomes if o.kind == "image")
    assert photo.status == "imported" and photo.sanitized
    info = query.get_chat(vault, chat.item_id)
    assert (info.platform, info.title, info.message_count) == ("whatsapp", "Family", 8)
    assert (info.utc_offset, info.offset_source) == ("+03:00", "given")
    assert info.period == ("2024-01-01", "2024-03-04")
    msgs = query.list_messages(vault, chat.item_id)
    assert [m.index for m in msgs] == list(range(8))
    attached = msgs[2]
    assert attached.attachments[0].item_id == photo.item_id
    omitted = msgs[6]
    assert omitted.attachments[0].item_id is None and omitted.attachments[0].member is None
    threat = msgs[3]
    assert threat.text == THREAT and threat.sent_at == "2024-03-02T09:06:00"
    assert threat.sent_utc == "2024-03-02T06:06:00Z"
    assert len(threat.sha256) == 64 and threat.sha256 != msgs[1].sha256
    assert msgs[5].text == "the meeting is\nat her office"
    # the author became an account of the platform, linked to the message and the chat item
    account = get_account(vault, "whatsapp", "+962 7 9999 1234")
    assert threat.account_id == account.id and account.item_count == 1
    custody = vault.read("SELECT details FROM custody WHERE action = 'import' ORDER BY seq")
    assert '"messages":8' in custody[-1][0] and '"offset_source":"given"' in custody[-1][0]


def test_chat_messages_found_with_arabic_normalisation_and_neighbours(vault, chat_zip) -> None:
    item = _chat_outcome(import_paths(vault, [chat_zip])).item_id
    # no hamza, no article: «الإساءة» is found as «اساءه»
    hits = query.search_messages(vault, "اساءه")
    assert [h.message.index for h in hits] == [7]
    hits = query.search_messages(vault, "عنوان", context=1)
    assert len(hits) == 1
    hit = hits[0]
    assert hit.chat_title == "Family" and hit.message.item_id == item
    assert [m.index for m in hit.before] == [2] and [m.index for m in hit.after] == [4]
    assert query.search_messages(vault, "office meeting")[0].message.index == 5
    assert query.count_hits(vault, "Mona") == 3  # two by her (authors are indexed), "Mona left"
    # the chat item itself is in the item list, found by its participants' handles
    rows = list_items(vault, ItemQuery(text="Fulan"))
    assert [r.id for r in rows] == [item] and rows[0].kind == "chat"


def test_chat_filters_author_dates_media(vault, chat_zip) -> None:
    item = _chat_outcome(import_paths(vault, [chat_zip], chat_offset="+00:00")).item_id
    by_author = query.list_messages(vault, item, query.MessageFilter(author="abu fulan"))
    assert [m.index for m in by_author] == [5, 6]
    media = query.list_messages(vault, item, query.MessageFilter(has_media=True))
    assert [m.index for m in media] == [2, 6]
    day = query.list_messages(vault, item, query.MessageFilter(since="2024-03-03",
                                                                until="2024-03-03"))
    assert [m.index for m in day] == [5, 6]
    assert query.first_index_on(vault, item, "2024-03-04") == 7
    assert query.count_messages(vault, item, query.MessageFilter(author="Mona")) == 2


def test_chat_offset_assumed_when_not_given_and_corrected_later(vault, chat_zip) -> None:
    chat = _chat_outcome(import_paths(vault, [chat_zip]))
    assert chat.chat["offset_source"] == "assumed-local"
    set_offset(vault, chat.item_id, "-05:00")
    info = query.get_chat(vault, chat.item_id)
    assert (info.utc_offset, info.offset_source) == ("-05:00", "given")
    threat = query.messages_at(vault, chat.item_id, [3])[0]
    assert threat.sent_utc == "2024-03-02T14:06:00Z"
    assert vault.read("SELECT count(*) FROM custody WHERE action = 'chat.offset'")[0][0] == 1


@pytest.mark.parametrize(("given", "want"), [("+3", "+03:00"), ("UTC+0530", "+05:30"),
                                             ("Z", "+00:00"), ("-04:00", "-04:00")])
def test_chat_offset_forms(given: str, want: str) -> None:
    assert parse_offset(given) == want


@pytest.mark.parametrize("bad", ["3", "+25:00", "+03:75", "tomorrow", ""])
def test_chat_offset_refused(bad: str, vault, chat_zip) -> None:
    with pytest.raises(UsageError) as err:
        import_paths(vault, [chat_zip], chat_offset=bad) if bad else parse_offset(bad)
    assert err.value.code == "chat.bad_offset"
    assert vault.read("SELECT count(*) FROM items")[0][0] == 0


def test_chat_unreadable_export_refused_and_nothing_written(vault, tmp_path: Path) -> None:
    bad = tmp_path / "WhatsApp Chat with X.txt"
    bad.write_bytes(fixture.whatsapp_txt(family_lines()) + b"\xff\xfe broken\n")
    outcome = import_paths(vault, [bad]).outcomes[0]
    assert outcome.status == "rejected" and outcome.error_code == "chat.bad_encoding"
    for table in ("items", "chat_messages", "chats", "accounts", "chat_fts"):
        assert vault.read(f"SELECT count(*) FROM {table}")[0][0] == 0


def test_chat_store_failure_rolls_back_the_whole_chat(vault, chat_zip, monkeypatch) -> None:
    from app.chats import store

    def boom(*_a: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "message_hash", boom)
    with pytest.raises(RuntimeError):
        import_paths(vault, [chat_zip])
    # the photo (its own transaction) is whole; of the chat nothing is left
    assert vault.read("SELECT kind FROM items") == [("image",)]
    for table in ("chats", "chat_messages", "chat_attachments", "chat_fts", "accounts"):
        assert vault.read(f"SELECT count(*) FROM {table}")[0][0] == 0
    monkeypatch.undo()
    again = import_paths(vault, [chat_zip])
    chat = _chat_outcome(again)
    photo = again.outcomes[0]
    # already stored: linked, not stored twice
    assert photo.status == "duplicate" and photo.path.endswith("IMG-20240302-WA0001.jpg")
    msg = query.messages_at(vault, chat.item_id, [2])[0]
    assert msg.attachments[0].item_id == photo.item_id


def test_chat_same_export_twice_is_a_duplicate(vault, chat_zip) -> None:
    first = _chat_outcome(import_paths(vault, [chat_zip]))
    outcomes = import_paths(vault, [chat_zip]).outcomes
    assert outcomes[-1].status == "duplicate" and outcomes[-1].item_id == first.item_id
    assert vault.read("SELECT count(*) FROM chat_messages")[0][0] == 8


def test_chat_author_marked_perpetrator_like_items(vault, chat_zip) -> None:
    from app.cases import add_perpetrator, list_items

    item = _chat_outcome(import_paths(vault, [chat_zip])).item_id
    add_perpetrator(vault, "The caller", accounts=(("whatsapp", "+962 7 9999 1234"),))
    from app.cases import get_perpetrator

    perp = get_perpetrator(vault, "The caller")
    assert [r.id for r in list_items(vault, ItemQuery(perpetrator_ids=(perp.id,)))] == [item]
    tag_item(vault, ItemId(item), TagChanges(add_accounts=(AccountRef("whatsapp", "Mona"),)))
    assert get_account(vault, "whatsapp", "mona").item_count == 1


def test_chat_hostile_names_cleaned_for_accounts(vault, tmp_path: Path) -> None:
    txt = fixture.whatsapp_txt([("02/03/2024 09:00", "Eve\u202egpj.exe", "hi"),
                                ("02/03/2024 09:01", "\u200f\u202e", "only marks")])
    path = tmp_path / "WhatsApp Chat with Evil.txt"
    path.write_bytes(txt)
    chat = _chat_outcome(import_paths(vault, [path]))
    assert chat.status == "imported"
    handles = [r[0] for r in vault.read("SELECT handle FROM accounts")]
    assert handles and all("\u202e" not in h for h in handles)
    # the message keeps the author exactly as exported (the evidence), display code cleans it
    assert query.list_messages(vault, chat.item_id)[1].author == "Eve\u202egpj.exe"
