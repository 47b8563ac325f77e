# SPDX-License-Identifier: GPL-3.0-or-later
"""``bayyina-cli`` case-model commands end to end: tag, list, case, perpetrator, platform-report,
stats, demo — human and JSON output, exit codes."""

from __future__ import annotations

import pytest

from app.vault import open_vault
from tests.core.cases.factory import make_item
from tests.helpers import PASSPHRASE


@pytest.fixture
def ready(cli):  # type: ignore[no-untyped-def]
    assert cli.init().code == 0
    with open_vault(cli.vault, PASSPHRASE) as v:
        ids = [make_item(v, imported_at=f"2026-03-0{n}T10:00:00Z") for n in (1, 2)]
    cli.ids = ids
    return cli


def test_cli_tag_and_list(ready) -> None:  # type: ignore[no-untyped-def]
    a, b = ready.ids
    r = ready("tag", str(a), "--platform", "x", "--account", "x:@Abu_Fulan", "--category",
              "deepfake", "--case", "حملة", "--note", "صورة مفبركة لإسراء", "--posted-at",
              "2026-02-10T23:30+03:00", "--sensitive", "intimate", "--tag", "#حملة_تشويه",
              "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert data["platform"] == "x" and data["posted_tz"] == "+03:00"
    assert data["accounts"][0]["ref"] == "x:Abu_Fulan" and data["cases"] == ["حملة"]
    assert ready("tag", str(b), "--platform", "facebook", "--url", "https://fb.example/1").code == 0
    r = ready("list", "--search", "اسراء", "--json")
    assert r.code == 0 and [i["id"] for i in r.json()["items"]] == [a]
    r = ready("list", "--search", "مفبركه", "--platform", "x", "--account", "ABU_FULAN",
              "--category", "deepfake", "--case", "حملة", "--json")
    assert r.json()["total"] == 1
    assert ready("list", "--platform", "facebook", "--json").json()["total"] == 1
    r = ready("list", "--since", "2026-02-10", "--until", "2026-02-10", "--date", "posted",
              "--json")
    assert [i["id"] for i in r.json()["items"]] == [a]
    r = ready("list")
    assert r.code == 0 and "2 items" in r.err and "صورة مفبركة" in r.out
    r = ready("tag", str(a), "--remove-account", "x:abu_fulan", "--remove-category", "deepfake",
              "--not-sensitive", "intimate", "--json")
    assert r.json()["accounts"] == [] and r.json()["sensitive"] == []


def test_cli_errors_and_exit_codes(ready) -> None:  # type: ignore[no-untyped-def]
    a, _b = ready.ids
    r = ready("tag", str(a), "--category", "nope")
    assert r.code == 1 and "Unknown category nope." in r.err
    assert ready("tag", str(a), "--account", "nohandle").code == 2
    assert ready("tag", str(a), "--platform", "myspace").code == 2
    r = ready("tag", "999", "--note", "x")
    assert r.code == 1 and "999" in r.err
    r = ready("tag", str(a), "--posted-at", "yesterday")
    assert r.code == 2 and "Traceback" not in r.err
    assert ready("list", "--case", "missing").code == 1
    assert ready("list", "--account", "ghost").code == 1
    r = ready("tag", str(a), "--category", "nope", lang="ar")
    assert r.code == 1 and "Traceback" not in r.err


def test_cli_case_perpetrator_report_stats(ready) -> None:  # type: ignore[no-untyped-def]
    a, b = ready.ids
    assert ready("case", "add", "Campaign", "--description", "desc").code == 0
    assert ready("case", "add", "Campaign").code == 1
    ready("tag", str(a), "--case", "Campaign", "--platform", "x", "--account", "x:one")
    ready("tag", str(b), "--case", "Campaign", "--platform", "x", "--account", "x:two")
    cases = ready("case", "list", "--json").json()
    assert [(c["title"], c["item_count"]) for c in cases] == [("Campaign", 2)]
    show = ready("case", "show", "Campaign", "--json").json()
    assert sorted(show["items"]) == sorted([a, b]) and show["stats"]["items"] == 2
    assert "Campaign" in ready("case", "show", "Campaign").out
    r = ready("perpetrator", "add", "Network", "--account", "x:@ONE", "--account",
              "telegram:@chan", "--note", "n", "--json")
    assert r.code == 0 and len(r.json()["accounts"]) == 2
    perps = ready("perpetrator", "list", "--json").json()
    assert perps[0]["label"] == "Network" and perps[0]["item_count"] == 1
    shown = ready("perpetrator", "show", "Network", "--json").json()
    assert shown["items"] == [a]
    assert ready("list", "--perpetrator", "Network", "--json").json()["total"] == 1
    r = ready("platform-report", "add", str(a), "--platform", "x", "--reported-at",
              "2026-02-11T09:00Z", "--reference", "X-1", "--status", "removed",
              "--answered-at", "2026-02-13T21:00Z", "--json")
    assert r.code == 0 and r.json()["days_to_answer"] == 2.5
    r = ready("platform-report", "add", str(b), "--platform", "x", "--reported-at", "2026-02-12",
              "--json")
    rid = r.json()["id"]
    assert ready("platform-report", "update", str(rid), "--status", "rejected",
                 "--answered-at", "2026-02-20").code == 0
    reports = ready("platform-report", "list", "--json").json()
    assert [r["status"] for r in reports] == ["removed", "rejected"]
    assert ready("list", "--reported", "removed", "--json").json()["total"] == 1
    stats = ready("stats", "--case", "Campaign", "--json").json()
    assert stats["by_platform"][0]["key"] == "x" and stats["by_platform"][0]["count"] == 2
    resp = stats["platform_response"][0]
    assert (resp["reported"], resp["removed"], resp["median_days"], resp["max_days"]) == \
        (2, 1, 5.2, 8.0)
    assert stats["by_perpetrator"] == [{"key": "Network", "label": "Network", "count": 1,
                                        "label_ar": ""}]
    human = ready("stats")
    assert human.code == 0 and "Platform response" in human.out
    assert ready("stats", lang="ar").code == 0
    assert ready("log", "verify").code == 0


def test_cli_demo(cli) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("app.ingest")
    assert cli.init().code == 0
    r = cli("demo", "--json")
    assert r.code == 0, r.err
    summary = r.json()
    assert len(summary["items"]) >= 12 and summary["reports"] >= 5
    stats = cli("stats", "--json").json()
    assert stats["items"] == len(summary["items"]) and len(stats["by_platform"]) >= 4
    assert stats["platform_response"] and stats["by_perpetrator"]
    found = cli("list", "--search", "اسراء", "--json").json()
    assert found["total"] >= 1
    assert all(i["has_thumbnail"] for i in cli("list", "--json").json()["items"])
    assert cli("demo").code == 1  # only once
    assert cli("log", "verify").code == 0
