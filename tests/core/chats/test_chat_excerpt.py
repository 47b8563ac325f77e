# SPDX-License-Identifier: GPL-3.0-or-later
"""Excerpts: selected messages cut from a chat as an item of their own — the same content for the
same selection, hashes of the export and of each message, tagged like any item, authors linked;
deleting a chat leaves no message in the search index."""

from __future__ import annotations

import json

import pytest

from app.cases import ItemId, TagChanges, get_item_tags, tag_item
from app.chats import query
from app.chats.excerpt import excerpt_of, make_excerpt, parse_selection
from app.errors import AppError, UsageError
from app.ingest import import_paths
from app.vault.items import delete_item
from tests.core.chats.conftest import THREAT

pytestmark = pytest.mark.usefixtures("chat_parsers")


def _chat(vault, chat_zip) -> int:  # type: ignore[no-untyped-def]
    summary = import_paths(vault, [chat_zip], chat_offset="+03:00")
    return next(o.item_id for o in summary.outcomes if o.kind == "chat")


def test_excerpt_holds_selection_context_and_hashes(vault, chat_zip) -> None:
    chat = _chat(vault, chat_zip)
    made = make_excerpt(vault, chat, [3], context=1)
    assert made["created"] and made["messages"] == 3
    doc = excerpt_of(vault, made["item_id"])
    assert doc is not None
    assert doc["chat"]["sha256"] == query.get_chat(vault, chat).sha256
    assert [(m["index"], m["selected"]) for m in doc["messages"]] == [(2, False), (3, True),
                                                                     (4, False)]
    stored = query.messages_at(vault, chat, [3])[0]
    assert doc["messages"][1]["text"] == THREAT and doc["messages"][1]["sha256"] == stored.sha256
    # the picture of message 2 is referred to by its item
    assert doc["messages"][0]["attachments"][0]["item_id"] is not None
    # nothing of the rest of the group is in it
    assert "Abu Fulan" not in json.dumps(doc, ensure_ascii=False)
    again = make_excerpt(vault, chat, [3], context=1)
    assert not again["created"] and again["item_id"] == made["item_id"]
    row = vault.read("SELECT kind, platform, posted_at FROM items WHERE id = ?", (made["item_id"],))
    assert row == [("excerpt", "whatsapp", "2024-03-02T06:06:00Z")]
    custody = vault.read("SELECT details FROM custody WHERE action = 'chat.excerpt'")
    assert len(custody) == 1 and stored.sha256 in custody[0][0]


def test_excerpt_tagged_like_an_item_with_its_author(vault, chat_zip) -> None:
    chat = _chat(vault, chat_zip)
    item = make_excerpt(vault, chat, [2, 3], context=0)["item_id"]
    tags = tag_item(vault, ItemId(item), TagChanges(add_categories=("doxing",),
                                                    notes="threat to publish her address"))
    assert tags.categories == ("doxing",)
    assert [a.handle for a in get_item_tags(vault, ItemId(item)).accounts] == ["+962 7 9999 1234"]


def test_excerpt_refuses_bad_selections(vault, chat_zip) -> None:
    chat = _chat(vault, chat_zip)
    with pytest.raises(AppError) as err:
        make_excerpt(vault, chat, [99])
    assert err.value.code == "chat.unknown_message"
    with pytest.raises(AppError) as err:
        make_excerpt(vault, chat, [])
    assert err.value.code == "chat.no_messages_selected"
    assert parse_selection("12, 15-17,3") == [3, 12, 15, 16, 17]
    for bad in ("a", "5-2", "1,,2"):
        with pytest.raises(UsageError):
            parse_selection(bad)


def test_deleting_a_chat_removes_its_messages_from_search(vault, chat_zip) -> None:
    chat = _chat(vault, chat_zip)
    assert query.count_hits(vault, "عنوان") == 1
    delete_item(vault, chat)
    assert query.count_hits(vault, "عنوان") == 0
    assert vault.read("SELECT count(*) FROM chat_messages")[0][0] == 0


def test_cli_chat_excerpt(cli, chat_zip) -> None:  # type: ignore[no-untyped-def]
    cli.init()
    lines = cli("import", str(chat_zip), "--json").json_lines()
    chat = lines[-1]["item_id"]
    r = cli("chat", "excerpt", str(chat), "--messages", "3", "--context", "0", "--json")
    assert r.code == 0
    item = r.json()["item_id"]
    r = cli("tag", str(item), "--category", "death-threat")
    assert r.code == 0
    r = cli("chat", "excerpt", str(chat), "--messages", "x")
    assert r.code == 2


def test_bundle_carries_the_excerpt_not_the_export(vault, chat_zip, tmp_path) -> None:
    from app.handover.export import export_from_vault

    chat = _chat(vault, chat_zip)
    item = make_excerpt(vault, chat, [3], context=1)["item_id"]
    out = tmp_path / "excerpt.bayyina-bundle"
    result = export_from_vault(vault, out, item_ids=[item], passphrase="bundle pass phrase 14",
                               encrypt=True)
    assert result.verified and not result.skipped
    assert result.item_ids == [item]  # the excerpt only: the family group stays home
    (entry,) = result.manifest["items"]
    assert entry["sanitized"]["media_type"] == "application/json"
    assert [a.split(":", 1)[1] for a in entry.get("accounts", [])] in ([], ["+962 7 9999 1234"])
