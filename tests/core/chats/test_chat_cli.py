# SPDX-License-Identifier: GPL-3.0-or-later
"""The CLI contract for chat exports: ``import`` prints ``"kind": "chat"`` and the number of
messages, ``list --search`` finds messages with their neighbours, ``show`` lists a chat's messages
with filters, ``chat offset`` corrects an assumed offset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.chats.conftest import THREAT

pytestmark = pytest.mark.usefixtures("chat_parsers")


def _run(cli, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    r = cli(*args)
    return r.code, r.out, r.err


def _import(cli, chat_zip: Path, *extra: str) -> list[dict]:  # type: ignore[no-untyped-def]
    cli.init()
    code, out, _err = _run(cli, "import", str(chat_zip), "--json", *extra)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_cli_import_prints_kind_chat_and_message_count(cli, chat_zip: Path) -> None:
    lines = _import(cli, chat_zip, "--chat-offset", "+03:00")
    chat = lines[-1]
    assert chat["kind"] == "chat" and chat["messages"] == 8 and chat["status"] == "imported"
    assert chat["chat"]["offset_source"] == "given" and chat["chat"]["media_linked"] == 1
    assert lines[0]["kind"] == "image" and lines[0]["item_id"] in chat["chat"]["media"]


def test_cli_import_text_says_the_offset_was_assumed(cli, chat_zip: Path) -> None:
    cli.init()
    code, out, err = _run(cli, "import", str(chat_zip))
    assert code == 0
    assert "8 messages" in out and "--chat-offset" in err


def test_cli_bad_chat_offset_is_a_usage_error(cli, chat_zip: Path) -> None:
    cli.init()
    code, _out, err = _run(cli, "import", str(chat_zip), "--chat-offset", "soon")
    assert code == 2 and "+03:00" in err


def test_cli_list_search_finds_messages_with_neighbours(cli, chat_zip: Path) -> None:
    chat = _import(cli, chat_zip)[-1]
    code, out, _err = _run(cli, "list", "--search", "عنوان بيتك", "--json")
    assert code == 0
    found = json.loads(out)
    assert found["messages_total"] == 1
    hit = found["messages"][0]
    assert hit["message"]["text"] == THREAT and hit["message"]["item_id"] == chat["item_id"]
    assert [m["index"] for m in hit["before"]] == [1, 2]
    assert [m["index"] for m in hit["after"]] == [4, 5]
    assert len(hit["message"]["sha256"]) == 64
    code, out, _err = _run(cli, "list", "--search", "خائنه")  # ة typed as ه
    assert code == 0 and THREAT in out and "Family" in out


def test_cli_show_lists_messages_with_filters(cli, chat_zip: Path) -> None:
    item = _import(cli, chat_zip)[-1]["item_id"]
    code, out, _err = _run(cli, "show", str(item), "--json")
    assert code == 0
    record = json.loads(out)
    assert record["kind"] == "chat" and record["chat"]["message_count"] == 8
    assert [m["index"] for m in record["chat"]["messages"]] == list(range(8))
    code, out, _err = _run(cli, "show", str(item), "--json", "--author", "Abu Fulan")
    assert [m["index"] for m in json.loads(out)["chat"]["messages"]] == [5, 6]
    code, out, _err = _run(cli, "show", str(item), "--json", "--has-media")
    assert [m["index"] for m in json.loads(out)["chat"]["messages"]] == [2, 6]
    code, out, _err = _run(cli, "show", str(item), "--json", "--since", "2024-03-04")
    assert [m["index"] for m in json.loads(out)["chat"]["messages"]] == [7]
    code, out, _err = _run(cli, "show", str(item))
    assert code == 0 and "Family" in out and THREAT in out and "8 of 8 messages" in out


def test_cli_chat_offset_corrects_an_assumed_offset(cli, chat_zip: Path) -> None:
    item = _import(cli, chat_zip)[-1]["item_id"]
    code, out, _err = _run(cli, "chat", "offset", str(item), "+02:00", "--json")
    assert code == 0 and json.loads(out)["utc_offset"] == "+02:00"
    code, out, _err = _run(cli, "show", str(item), "--json")
    threat = json.loads(out)["chat"]["messages"][3]
    assert threat["sent_utc"] == "2024-03-02T07:06:00Z"
