# SPDX-License-Identifier: GPL-3.0-or-later
"""Table exports: Uwazi's CSV import (zip with import.csv and the attachments), generic CSV with
a BOM, JSON Lines; columns, Arabic intact, every referenced file present, refusals."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from app.errors import AppError, UsageError
from app.exports.tables import (
    ACCOUNT_COLUMNS,
    ITEM_COLUMNS,
    REPORT_COLUMNS,
    UWAZI_COLUMNS,
    TableRequest,
    export_table,
)
from app.vault import Vault

AR_TEXT = "ليلى حداد تنشر أكاذيب عن الحكومة. لا تصدّقوها!"


def test_uwazi_zip_matches_the_csv_import(demo: tuple[Vault, str], tmp_path: Path) -> None:
    vault, title = demo
    res = export_table(vault, TableRequest("uwazi", tmp_path / "u.zip", case_title=title,
                                           lang="ar"))
    with zipfile.ZipFile(tmp_path / "u.zip") as z:
        names = set(z.namelist())
        raw = z.read("import.csv")  # the name Uwazi's zip import reads
        template = json.loads(z.read("uwazi-template.json"))
    assert not raw.startswith(b"\xef\xbb\xbf")  # the first header must be exactly "title"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0]) == [c[0] for c in UWAZI_COLUMNS] and list(rows[0])[0] == "title"
    assert len(rows) == len(res.item_ids) == 16
    for row in rows:
        for name in filter(None, row["attachments"].split("|")):
            assert name in names  # attachments sit at the zip's root, by file name
        if row["date"]:
            assert len(row["date"]) == 10 and row["date"][4] == row["date"][7] == "/"
    multi = [r["categories"] for r in rows if "|" in r["categories"]]
    assert multi and all(any("\u0600" <= c <= "\u06ff" for c in m) for m in multi)
    assert any(AR_TEXT in r["description"] for r in rows)
    assert {p["name"] for p in template["properties"]} == \
        {c[0] for c in UWAZI_COLUMNS} - {"title", "attachments"}
    assert {p["type"] for p in template["properties"]} <= {
        "text", "date", "select", "multiselect", "link", "markdown", "numeric"}


def test_generic_csv_has_a_bom_and_arabic_intact(demo: tuple[Vault, str], tmp_path: Path) -> None:
    vault, title = demo
    out = tmp_path / "tables"
    export_table(vault, TableRequest("csv", out, case_title=title))
    assert sorted(p.name for p in out.iterdir()) == ["accounts.csv", "items.csv",
                                                     "platform_reports.csv"]
    for name, cols in (("items.csv", ITEM_COLUMNS), ("accounts.csv", ACCOUNT_COLUMNS),
                       ("platform_reports.csv", REPORT_COLUMNS)):
        raw = (out / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert tuple(rows[0]) == cols and rows
    items = list(csv.DictReader(io.StringIO((out / "items.csv").read_text("utf-8-sig"),
                                            newline="")))
    assert any(r["description"] == AR_TEXT for r in items)
    assert any("حملة_ضد_ليلى" in r["tags"].split("|") for r in items)
    accounts = (out / "accounts.csv").read_text("utf-8-sig")
    assert "عين الحقيقة" in accounts


def test_jsonl_one_object_per_line(demo: tuple[Vault, str], tmp_path: Path) -> None:
    vault, title = demo
    out = tmp_path / "t.zip"
    export_table(vault, TableRequest("jsonl", out, case_title=title))
    with zipfile.ZipFile(out) as z:
        items = [json.loads(ln) for ln in z.read("items.jsonl").decode().splitlines()]
        reports = [json.loads(ln) for ln in z.read("platform_reports.jsonl").decode()
                   .splitlines()]
    assert len(items) == 16 and set(items[0]) == set(ITEM_COLUMNS)
    assert any(i["description"] == AR_TEXT for i in items)
    assert isinstance(items[0]["categories"], list)
    assert reports and set(reports[0]) == set(REPORT_COLUMNS)


def test_refusals(demo: tuple[Vault, str], tmp_path: Path) -> None:
    vault, title = demo
    with pytest.raises(UsageError) as e:
        TableRequest("xlsx", tmp_path / "a")
    assert e.value.code == "export.unknown_format"
    vault_empty_case = "empty case"
    from app.cases import add_case
    add_case(vault, vault_empty_case)
    with pytest.raises(AppError) as e2:
        export_table(vault, TableRequest("csv", tmp_path / "b", case_title=vault_empty_case))
    assert e2.value.code == "export.no_items"
    (tmp_path / "c.zip").write_bytes(b"x")
    with pytest.raises(AppError) as e3:
        export_table(vault, TableRequest("csv", tmp_path / "c.zip", case_title=title))
    assert e3.value.code == "export.exists" and (tmp_path / "c.zip").read_bytes() == b"x"


def test_cli_export_table(demo_path: tuple[Path, str], tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers import Cli

    path, title = demo_path
    cli = Cli(tmp_path, capsys, vault=path)
    r = cli("export-table", "--format", "jsonl", "--items", "1,2", "--out",
            str(tmp_path / "j"), "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["items"] == [1, 2]
    r = cli("export-table", "--format", "xml", "--case", title, "--out", str(tmp_path / "k"))
    assert r.code == 2 and "xml" in r.err
    r = cli("export-table", "--format", "csv", "--items", "999", "--out", str(tmp_path / "m"))
    assert r.code == 1
