# SPDX-License-Identifier: GPL-3.0-or-later
"""`bayyina-cli` case-model commands (tag, list, case, perpetrator, platform-report, stats, demo):
the human output in English and Arabic, and the refusal of bad input — unknown platforms,
categories and statuses, malformed accounts, bad dates, missing items, cases and people — with
the right exit code, one translated sentence, and nothing changed in the vault.

(The JSON round trips are in ``test_cli_cases_json.py``.)"""

from __future__ import annotations

from typing import Any

import pytest

from app.cases.model import EXAMPLE_DMY, EXAMPLE_ISO
from app.vault import open_vault
from tests.core.cases.factory import make_item
from tests.helpers import PASSPHRASE, Cli, ar, msg

DATE_EXAMPLES = {"example": EXAMPLE_DMY, "example_iso": EXAMPLE_ISO}  # in every bad-date refusal


def state(cli: Cli) -> tuple[Any, ...]:
    """What a refused command must leave as it was: the custody log (every change writes an
    entry), the items with their tags, the cases, perpetrators and platform reports."""
    items = cli("list", "--json").json()["items"]
    return (cli("log", "show", "--json").json(), items,
            [cli("show", str(i["id"]), "--json").json()["tags"] for i in items],
            cli("case", "list", "--json").json(), cli("perpetrator", "list", "--json").json(),
            cli("platform-report", "list", "--json").json())


def refused(cli: Cli, args: tuple[str, ...], code: int, en: str | None, ar_text: str | None
            ) -> None:
    """``args`` exits with ``code`` and says ``en`` (English) and ``ar_text`` (Arabic)."""
    for lang, expected in (("en", en), ("ar", ar_text)):
        r = cli(*args, lang=lang)
        assert r.code == code, (args, lang, r.err)
        assert r.out == "" and "Traceback" not in r.err
        if expected is not None:
            assert r.err.strip() == expected, (args, lang)


@pytest.fixture
def ready(cli: Cli) -> Cli:
    assert cli.init().code == 0
    with open_vault(cli.vault, PASSPHRASE) as v:
        ids = [make_item(v, name=f"shot{n}.png", imported_at=f"2026-03-0{n}T10:00:00Z")
               for n in (1, 2, 3)]
    cli.ids = ids  # type: ignore[attr-defined]
    return cli


def _ids(cli: Cli) -> list[int]:
    return list(cli.ids)  # type: ignore[attr-defined]


def test_tag_prints_what_the_item_now_carries(ready: Cli) -> None:
    a = _ids(ready)[0]
    r = ready("tag", str(a), "--platform", "x", "--url", "https://x.example/p/1",
              "--posted-at", "2026-02-10T23:30+03:00", "--seen-at", "2026-02-11T08:00+03:00",
              "--category", "doxing", "--tag", "#leak", "--case", "Leak", "--account",
              "x:@Leaker", "--sensitive", "personal-info", "--note", "posted my address",
              "--deleted-by-source")
    assert r.code == 0, r.err
    assert r.err.strip() == f"Item {a} updated."
    lines = r.out.splitlines()
    assert "Platform: x" in lines and "URL: https://x.example/p/1" in lines
    assert "Categories: doxing" in lines and "Cases: Leak" in lines
    assert "Accounts: x:Leaker" in lines and "Sensitive: personal-info" in lines
    assert "Notes: posted my address" in lines and "Tags: leak" in lines  # the # is dropped
    assert any(line.startswith("Posted at: 2026-02-10T23:30") for line in lines)
    assert any(line.startswith("Seen at: 2026-02-11") for line in lines)
    r = ready("tag", str(a), "--remove-tag", "#leak", "--remove-case", "Leak", lang="ar")
    assert r.code == 0
    assert r.err.strip() == ar("Item {item} updated.").format(item=a) != f"Item {a} updated."
    assert f"{ar('Platform')}: x" in r.out and "Platform:" not in r.out
    assert "Cases" not in r.out and ar("Cases") not in r.out
    tags = ready("show", str(a), "--json").json()["tags"]
    assert tags["tags"] == [] and tags["cases"] == [] and tags["deleted_by_source"] is True


def test_tag_refuses_bad_input_and_changes_nothing(ready: Cli) -> None:
    a = _ids(ready)[0]
    assert ready("tag", str(a), "--platform", "x", "--category", "deepfake").code == 0
    before = state(ready)
    item = str(a)
    refused(ready, ("tag", item, "--platform", "myspace"), 2, None, None)
    refused(ready, ("tag", item, "--category", "nope"), 1,
            msg("cases.unknown_category", category="nope"),
            msg("cases.unknown_category", "ar", category="nope"))
    refused(ready, ("tag", item, "--remove-category", "nope"), 1,
            msg("cases.unknown_category", category="nope"),
            msg("cases.unknown_category", "ar", category="nope"))
    refused(ready, ("tag", item, "--account", "nohandle"), 2,
            msg("cases.bad_account_ref", ref="nohandle"),
            msg("cases.bad_account_ref", "ar", ref="nohandle"))
    refused(ready, ("tag", item, "--account", "myspace:bob"), 2,
            msg("cases.unknown_platform", platform="myspace"),
            msg("cases.unknown_platform", "ar", platform="myspace"))
    for flag in ("--posted-at", "--seen-at"):
        refused(ready, ("tag", item, flag, "yesterday"), 2,
                msg("cases.bad_date", value="yesterday", **DATE_EXAMPLES),
                msg("cases.bad_date", "ar", value="yesterday", **DATE_EXAMPLES))
    refused(ready, ("tag", item, "--sensitive", "gory"), 2, None, None)
    refused(ready, ("tag", "999", "--note", "x"), 1, None, None)
    # one bad value in an otherwise good request refuses the whole request
    refused(ready, ("tag", item, "--note", "kept?", "--case", "New", "--category", "nope"), 1,
            None, None)
    assert state(ready) == before
    assert msg("cases.unknown_platform", "ar", platform="myspace") != \
        msg("cases.unknown_platform", platform="myspace")


def test_unknown_platform_choice_is_named_in_both_languages(ready: Cli) -> None:
    a = str(_ids(ready)[0])
    en = ready("tag", a, "--platform", "myspace")
    assert en.code == 2 and "invalid choice: 'myspace'" in en.err and "facebook" in en.err
    r = ready("tag", a, "--platform", "myspace", lang="ar")
    assert r.code == 2 and "myspace" in r.err and "invalid choice" not in r.err
    r = ready("platform-report", "add", a, "--platform", "myspace", "--reported-at",
              "2026-02-01")
    assert r.code == 2 and "myspace" in r.err


def test_list_human_output_and_filters(ready: Cli) -> None:
    a, b, c = _ids(ready)
    ready("tag", str(a), "--platform", "x", "--account", "x:@Abu", "--description", "fake photo",
          "--sensitive", "intimate", "--seen-at", "2026-01-05")
    ready("tag", str(b), "--platform", "telegram", "--account", "telegram:@abu",
          "--seen-at", "2026-01-07")
    r = ready("list")
    assert r.code == 0 and r.err.strip() == "3 items"
    rows = r.out.splitlines()
    assert [int(row.split()[0]) for row in rows] == [c, b, a]  # newest import first
    assert rows[2].split()[1] == "!" and "fake photo" in rows[2] and " x " in rows[2]
    assert rows[0].split()[1] != "!" and " - " in rows[0] and "shot3.png" in rows[0]
    assert ready("list", lang="ar").err.strip() != "3 items"
    ids = lambda *args: [i["id"] for i in ready("list", *args, "--json").json()["items"]]  # noqa: E731
    assert ids("--oldest-first") == [a, b, c]
    assert ids("--hide-sensitive") == [c, b]
    assert ids("--sensitive", "intimate") == [a]
    assert ids("--account", "x:abu") == [a]  # platform-qualified
    assert sorted(ids("--account", "@ABU")) == [a, b]  # the handle on every platform
    assert ids("--date", "seen", "--since", "2026-01-06") == [b]
    assert ids("--date", "seen", "--until", "2026-01-06") == [a]
    assert ids("--reported", "none") == [c, b, a]
    page = ready("list", "--oldest-first", "--limit", "1", "--offset", "1", "--json").json()
    assert page["total"] == 3 and page["offset"] == 1 and [i["id"] for i in page["items"]] == [b]


def test_list_refuses_bad_filters(ready: Cli) -> None:
    refused(ready, ("list", "--since", "yesterday"), 2,
            msg("cases.bad_date", value="yesterday", **DATE_EXAMPLES),
            msg("cases.bad_date", "ar", value="yesterday", **DATE_EXAMPLES))
    refused(ready, ("list", "--until", "2026-13-45"), 2,
            msg("cases.bad_date", value="2026-13-45", **DATE_EXAMPLES),
            msg("cases.bad_date", "ar", value="2026-13-45", **DATE_EXAMPLES))
    refused(ready, ("list", "--category", "nope"), 1,
            msg("cases.unknown_category", category="nope"),
            msg("cases.unknown_category", "ar", category="nope"))
    refused(ready, ("list", "--case", "ghost"), 1, msg("cases.case_not_found", case="ghost"),
            msg("cases.case_not_found", "ar", case="ghost"))
    refused(ready, ("list", "--perpetrator", "ghost"), 1,
            msg("cases.perpetrator_not_found", perpetrator="ghost"),
            msg("cases.perpetrator_not_found", "ar", perpetrator="ghost"))
    refused(ready, ("list", "--account", "x:ghost"), 1,
            msg("cases.account_not_found", account="x:ghost"),
            msg("cases.account_not_found", "ar", account="x:ghost"))
    refused(ready, ("list", "--platform", "myspace"), 2, None, None)
    refused(ready, ("list", "--reported", "maybe"), 2, None, None)
    refused(ready, ("list", "--date", "tomorrow"), 2, None, None)


def test_case_commands_human_output_and_refusals(ready: Cli) -> None:
    a, b, _c = _ids(ready)
    r = ready("case", "add", "حملة الخريف", "--description", "Autumn campaign", "--starts-on",
              "2026-02-01", "--notes", "n")
    assert r.code == 0 and r.err.strip() == "Case حملة الخريف created." and r.out == ""
    r = ready("case", "add", "Second", "--json")
    assert r.code == 0
    second = r.json()
    assert second["title"] == "Second" and second["item_count"] == 0 and "id" in second
    before = state(ready)
    refused(ready, ("case", "add", "Second"), 1, msg("cases.case_exists", case="Second"),
            msg("cases.case_exists", "ar", case="Second"))
    refused(ready, ("case", "add", "Third", "--starts-on", "soon"), 2,
            msg("cases.bad_date", value="soon", **DATE_EXAMPLES),
            msg("cases.bad_date", "ar", value="soon", **DATE_EXAMPLES))
    refused(ready, ("case", "add", "Third", "--ends-on", "2026-02-30"), 2, None, None)
    refused(ready, ("case", "add", ""), 1, msg("cases.empty_name"),
            msg("cases.empty_name", "ar"))
    refused(ready, ("case", "show", "ghost"), 1, msg("cases.case_not_found", case="ghost"),
            msg("cases.case_not_found", "ar", case="ghost"))
    assert state(ready) == before

    for item, day in ((a, "2026-02-03T10:00Z"), (b, "2026-02-05T10:00Z")):
        ready("tag", str(item), "--case", "حملة الخريف", "--posted-at", day)
    r = ready("case", "list")
    assert r.code == 0 and r.err.strip() == "2 cases"
    assert r.out.splitlines() == ["     2  حملة الخريف", "     0  Second"]
    r = ready("case", "show", "حملة الخريف")
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[:3] == ["حملة الخريف", "Autumn campaign", "2 items"]
    assert lines[3].startswith("First item: 2026-02-03") and "last item: 2026-02-05" in lines[3]
    assert any(line.startswith("Peak days: 2026-02-03 (1)") for line in lines)
    assert lines[-1] == f"Items: {a} {b}"
    r = ready("case", "show", "Second", lang="ar")
    assert r.code == 0 and r.out.splitlines()[0] == "Second"
    assert r.out.splitlines()[-1] == ar("Items: {ids}").format(ids="")


def test_perpetrator_commands_human_output_and_refusals(ready: Cli) -> None:
    a = _ids(ready)[0]
    refused(ready, ("perpetrator", "add", "P", "--account", "myspace:bob"), 2,
            msg("cases.unknown_platform", platform="myspace"),
            msg("cases.unknown_platform", "ar", platform="myspace"))
    refused(ready, ("perpetrator", "add", "P", "--account", "bob"), 2,
            msg("cases.bad_account_ref", ref="bob"), msg("cases.bad_account_ref", "ar", ref="bob"))
    refused(ready, ("perpetrator", "show", "P"), 1,
            msg("cases.perpetrator_not_found", perpetrator="P"),
            msg("cases.perpetrator_not_found", "ar", perpetrator="P"))
    assert ready("perpetrator", "list", "--json").json() == []
    r = ready("perpetrator", "add", "Troll farm", "--account", "x:@one", "--account",
              "telegram:chan", "--note", "runs both")
    assert r.code == 0 and r.err.strip() == "Perpetrator Troll farm recorded."
    r = ready("perpetrator", "add", "Unknown caller", "--anonymous", lang="ar")
    assert r.code == 0 and r.err.strip() == ar("Perpetrator {label} recorded.").format(
        label="Unknown caller")
    before = state(ready)
    refused(ready, ("perpetrator", "add", "Troll farm"), 1,
            msg("cases.perpetrator_exists", perpetrator="Troll farm"),
            msg("cases.perpetrator_exists", "ar", perpetrator="Troll farm"))
    assert state(ready) == before
    ready("tag", str(a), "--account", "x:one")
    r = ready("perpetrator", "list")
    assert r.code == 0
    lines = r.out.splitlines()
    assert "Troll farm  —  1 item" in lines and "Unknown caller (anonymous)  —  0 items" in lines
    assert "    x:one  (1)" in lines and "    telegram:chan  (0)" in lines
    r = ready("perpetrator", "show", "Troll farm")
    assert r.code == 0
    assert r.out.splitlines()[0] == "Troll farm  —  1 item"
    assert "runs both" in r.out and r.out.splitlines()[-1] == f"Items: {a}"
    r = ready("perpetrator", "show", "Unknown caller", lang="ar")
    assert r.code == 0 and ar(" (anonymous)") in r.out and "(anonymous)" not in r.out


def test_platform_reports_human_output_and_refusals(ready: Cli) -> None:
    a, b, _c = _ids(ready)
    ready("tag", str(a), "--case", "C")
    r = ready("platform-report", "add", str(a), "--platform", "facebook", "--reported-at",
              "2026-02-01T10:00Z", "--reference", "FB-7", "--channel", "in-app form")
    assert r.code == 0 and r.err.strip() == "Report 1 recorded." and r.out == ""
    r = ready("platform-report", "add", str(b), "--platform", "x", "--reported-at", "2026-02-02",
              lang="ar")
    assert r.code == 0 and r.err.strip() == ar("Report {report} recorded.").format(report=2)
    before = state(ready)
    refused(ready, ("platform-report", "add", str(a), "--platform", "x", "--reported-at",
                    "2026-02-12", "--answered-at", "2026-02-01"), 2,
            msg("cases.answer_before_report"), msg("cases.answer_before_report", "ar"))
    refused(ready, ("platform-report", "add", str(a), "--platform", "x", "--reported-at",
                    "last week"), 2, msg("cases.bad_date", value="last week", **DATE_EXAMPLES),
            msg("cases.bad_date", "ar", value="last week", **DATE_EXAMPLES))
    refused(ready, ("platform-report", "add", str(a), "--platform", "x", "--reported-at",
                    "2026-02-12", "--status", "ignored"), 2, None, None)
    refused(ready, ("platform-report", "add", str(a), "--platform", "x"), 2, None, None)
    refused(ready, ("platform-report", "add", "999", "--platform", "x", "--reported-at",
                    "2026-02-12"), 1, None, None)
    refused(ready, ("platform-report", "update", "99", "--status", "removed"), 1,
            msg("cases.report_not_found", report=99),
            msg("cases.report_not_found", "ar", report=99))
    refused(ready, ("platform-report", "update", "1", "--answered-at", "2026-01-01"), 2,
            msg("cases.answer_before_report"), msg("cases.answer_before_report", "ar"))
    refused(ready, ("platform-report", "list", "--case", "ghost"), 1,
            msg("cases.case_not_found", case="ghost"),
            msg("cases.case_not_found", "ar", case="ghost"))
    assert state(ready) == before

    r = ready("platform-report", "update", "1", "--status", "removed", "--answered-at",
              "2026-02-04T10:00Z")
    assert r.code == 0 and r.err.strip() == "Report 1 updated."
    r = ready("platform-report", "update", "2", "--reference", "X-9", "--json")
    assert r.code == 0
    data = r.json()
    assert data["id"] == 2 and data["reference"] == "X-9" and data["status"] == "pending"
    assert data["days_to_answer"] is None
    r = ready("platform-report", "list")
    assert r.code == 0
    first, second = r.out.splitlines()
    assert first.split() == ["1", str(a), "facebook", "2026-02-01", "removed", "3.0", "FB-7"]
    assert second.split() == ["2", str(b), "x", "2026-02-02", "pending", "X-9"]
    only = ready("platform-report", "list", "--item", str(b), "--json").json()
    assert [x["id"] for x in only] == [2]
    assert [x["id"] for x in ready("platform-report", "list", "--case", "C", "--json").json()] \
        == [1]


def test_stats_human_output_in_english_and_arabic(ready: Cli) -> None:
    a, b, _c = _ids(ready)
    ready("tag", str(a), "--platform", "x", "--category", "deepfake", "--account", "x:one",
          "--posted-at", "2026-02-03T10:00Z", "--case", "C")
    ready("tag", str(b), "--platform", "x", "--category", "doxing", "--posted-at",
          "2026-02-04T10:00Z")
    ready("perpetrator", "add", "Farm", "--account", "x:one")
    ready("platform-report", "add", str(a), "--platform", "x", "--reported-at", "2026-02-05",
          "--status", "removed", "--answered-at", "2026-02-07")
    data = ready("stats", "--json").json()
    deepfake = next(c for c in data["by_category"] if c["key"] == "deepfake")
    assert deepfake["label_ar"] and deepfake["label_ar"] != deepfake["label"]
    r = ready("stats")
    assert r.code == 0
    out = r.out
    assert out.splitlines()[0] == "3 items"
    for title in ("By platform", "By category", "By perpetrator", "By account", "By day",
                  "Platform response"):
        assert f"\n{title}\n" in out
    assert f"       1  {deepfake['label']}" in out
    assert "x: 1 reported, 1 removed, median 2.0 days, longest 2.0 days to answer" in out
    assert "First item: 2026-02-03" in out
    r = ready("stats", lang="ar")
    assert r.code == 0
    assert f"       1  {deepfake['label_ar']}" in r.out and deepfake["label"] not in r.out
    assert ar("By platform") in r.out and "By platform" not in r.out
    r = ready("stats", "--case", "C", "--json")
    assert r.code == 0 and r.json()["items"] == 1
    refused(ready, ("stats", "--case", "ghost"), 1, msg("cases.case_not_found", case="ghost"),
            msg("cases.case_not_found", "ar", case="ghost"))


def test_demo_human_message_and_only_once(cli: Cli) -> None:
    pytest.importorskip("app.ingest")
    assert cli.init().code == 0
    r = cli("demo")
    assert r.code == 0, r.err
    count = cli("info", "--json").json()["items"]
    case = cli("case", "list", "--json").json()[0]["title"]
    assert r.err.strip() == f"Added {count} fictional sample items to the case {case}."
    before = cli("log", "show", "--json").json()
    refused(cli, ("demo",), 1, msg("cases.demo_exists", case=case),
            msg("cases.demo_exists", "ar", case=case))
    assert cli("log", "show", "--json").json() == before
