# SPDX-License-Identifier: GPL-3.0-or-later
"""`bayyina-cli moment add|list|remove` (issue 20): marked moments of a recording through the
core of :mod:`app.cases.moments` — time codes parsed, the recording's length enforced, custody
entries written, bad input refused with one sentence and nothing changed."""

from __future__ import annotations

import json

import pytest

from app.cli.cmd_moment import parse_time
from app.errors import UsageError
from app.vault import open_vault
from tests.core.cases.factory import make_item
from tests.helpers import PASSPHRASE, Cli, msg


@pytest.fixture
def rec(cli: Cli) -> tuple[Cli, int]:
    assert cli.init().code == 0
    with open_vault(cli.vault, PASSPHRASE) as v:
        item = make_item(v, name="sermon.mp4", media_type="video/mp4")
        with v.write() as tx:
            tx.execute("UPDATE items SET kind = 'video', metadata = ? WHERE id = ?",
                       (json.dumps({"recording": {"duration_s": 600.0}}), item))
    return cli, item


@pytest.mark.parametrize(("text", "ms"), [("02:13", 133_000), ("1:02:13.5", 3_733_500),
                                          ("133", 133_000), ("0:07,25", 7_250), ("9.001", 9_001)])
def test_times_are_read_as_written(text: str, ms: int) -> None:
    assert parse_time(text) == ms


@pytest.mark.parametrize("text", ["", "2:61", "1:60:00", "abc", "-3", "1:2:3:4", "02:13.1234"])
def test_bad_times_are_refused(text: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_time(text)
    assert err.value.code == "moments.bad_time"


def test_add_list_remove_round_trip_with_custody(rec: tuple[Cli, int]) -> None:
    cli, item = rec
    r = cli("moment", "add", str(item), "--at", "02:13", "--note", "the threat")
    assert r.code == 0, r.err
    assert "02:13" in r.err and "the threat" in r.err
    r = cli("moment", "add", str(item), "--at", "45", "--note", "  names  her \n sister ", "--json")
    second = r.json()
    assert second["at_ms"] == 45_000 and second["note"] == "names her sister"
    listed = cli("moment", "list", str(item), "--json").json()["moments"]
    assert [(m["timecode"], m["note"]) for m in listed] == [("00:45", "names her sister"),
                                                            ("02:13", "the threat")]
    text = cli("moment", "list", str(item)).out.splitlines()
    assert text[0].split("\t")[1:] == ["00:45", "names her sister"]
    assert cli("moment", "remove", str(second["id"])).code == 0
    listed = cli("moment", "list", str(item), "--json").json()["moments"]
    assert [m["timecode"] for m in listed] == ["02:13"]
    actions = [e["action"] for e in cli("log", "show", "--json").json()]
    assert actions.count("moment.add") == 2 and actions.count("moment.delete") == 1


def test_refusals_change_nothing(rec: tuple[Cli, int]) -> None:
    cli, item = rec
    before = cli("log", "show", "--json").json()
    for lang in ("en", "ar"):
        r = cli("moment", "add", str(item), "--at", "12:00", "--note", "late", lang=lang)
        assert r.code != 0 and r.out == ""
        assert r.err.strip() == msg("moments.outside", lang, at="12:00", length="10:00")
        r = cli("moment", "add", str(item), "--at", "2:99", "--note", "x", lang=lang)
        assert r.code != 0 and r.err.strip() == msg("moments.bad_time", lang, time="2:99")
        r = cli("moment", "add", str(item), "--at", "1", "--note", "   ", lang=lang)
        assert r.err.strip() == msg("moments.empty_label", lang)
        r = cli("moment", "list", "999", lang=lang)
        assert r.code != 0 and r.err.strip() == msg("cases.item_not_found", lang, item=999)
        r = cli("moment", "remove", "77", lang=lang)
        assert r.code != 0 and r.err.strip() == msg("moments.not_found", lang, moment=77)
    assert cli("log", "show", "--json").json() == before
    assert cli("moment", "list", str(item), "--json").json()["moments"] == []


def test_add_a_span_with_end(rec: tuple[Cli, int]) -> None:
    cli, item = rec
    r = cli("moment", "add", str(item), "--at", "02:13", "--end", "02:40", "--note", "the threat")
    assert r.code == 0, r.err
    assert "02:13–02:40" in r.err and "the threat" in r.err
    (m,) = cli("moment", "list", str(item), "--json").json()["moments"]
    assert (m["at_ms"], m["end_ms"], m["span"], m["timecode"]) == (
        133_000, 160_000, "02:13–02:40", "02:13")
    assert cli("moment", "list", str(item)).out.split("\t")[1] == "02:13–02:40"
    before = cli("log", "show", "--json").json()
    r = cli("moment", "add", str(item), "--at", "02:40", "--end", "02:13", "--note", "x")
    assert r.code != 0 and r.err.strip() == msg("moments.end_before_start", "en", at="02:40",
                                                end="02:13")
    r = cli("moment", "add", str(item), "--at", "02:40", "--end", "11:00", "--note", "x")
    assert r.code != 0 and r.err.strip() == msg("moments.outside", "en", at="11:00",
                                                length="10:00")
    assert cli("log", "show", "--json").json() == before
