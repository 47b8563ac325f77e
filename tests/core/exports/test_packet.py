# SPDX-License-Identifier: GPL-3.0-or-later
"""Takedown packets from the demo case: files, columns, signatures checked with the stock tools,
clean copies only, the platform reports recorded, and the refusals."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from app.cases import CATEGORIES, list_reports
from app.errors import AppError, UsageError
from app.exports.packet import COLUMNS, TakedownRequest, make_packet
from app.exports.policies import _table, packet_platforms, platform_policies
from app.vault import Vault
from app.vault.blobs import read_blob
from app.vault.custody import entries
from app.vault.items import get_item

TOOLS = bool(shutil.which("minisign") and shutil.which("sha256sum"))


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


def _rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheet programs read Arabic
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_policy_table_maps_every_category_on_every_platform() -> None:
    table = _table()
    assert "re-check" in table["note"] and table["compiled_on"]
    for key in packet_platforms():
        pol, _products = platform_policies(key)
        for cat in CATEGORIES:
            p = pol.policies[cat]
            assert p.en and p.ar and any("\u0600" <= c <= "\u06ff" for c in p.ar)
        assert pol.intimate is not None
    assert platform_policies("instagram")[1] == ("instagram",)
    assert platform_policies("meta")[0].policies["doxing"].en == "Privacy violations"
    assert platform_policies("x")[0].policies["doxing"].en == "Private information"


@pytest.mark.skipif(not TOOLS, reason="minisign/sha256sum not installed")
def test_folder_packet_verifies_with_stock_tools(demo: tuple[Vault, str], tmp_path: Path) -> None:
    vault, title = demo
    out = tmp_path / "x-packet"
    res = make_packet(vault, TakedownRequest("x", out, case_title=title, lang="ar"))
    pub = (out / "signer.pub").read_text().splitlines()[1]
    r = _run("minisign", "-Vm", "SHA256SUMS", "-P", pub, cwd=out)
    assert r.returncode == 0, r.stderr
    assert f"packet={res.packet_id} platform=x" in r.stdout
    r = _run("sha256sum", "-c", "--strict", "SHA256SUMS", cwd=out)
    assert r.returncode == 0, r.stdout + r.stderr
    listed = {ln.split("  ", 1)[1] for ln in (out / "SHA256SUMS").read_text().splitlines()}
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert on_disk == listed | {"SHA256SUMS", "SHA256SUMS.minisig", "SHA256SUMS.sig",
                                "signer.pub"}
    rows = _rows(out / "packet.csv")
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(res.item_ids) == 7
    for row in rows:
        assert row["platform"] == "x"
        assert row["clean_copy"] in listed  # every referenced file is in the packet
        data = (out / row["clean_copy"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        item = get_item(vault, int(row["item_id"]))
        assert row["sha256"] == item["copies"]["sanitized"]["sha256"]
        assert row["policy"] and row["policy_ar"]
    arabic = [r["description"] for r in rows if any("\u0600" <= c <= "\u06ff"
                                                       for c in r["description"])]
    assert "ليلى حداد تنشر أكاذيب عن الحكومة. لا تصدّقوها!" in arabic
    assert res.urgent  # the demo's X posts include doxing and threats to family


def test_packet_records_a_pending_report_per_post(demo: tuple[Vault, str],
                                                  tmp_path: Path) -> None:
    vault, title = demo
    before = {r.id for r in list_reports(vault)}
    res = make_packet(vault, TakedownRequest("telegram", tmp_path / "t.zip", case_title=title))
    new = [r for r in list_reports(vault) if r.id not in before]
    assert sorted(r.item_id for r in new) == sorted(res.item_ids)
    assert {(r.platform, r.status, r.reference, r.channel) for r in new} == {
        ("telegram", "pending", None, "takedown packet")}
    assert all(res.packet_id in r.notes for r in new)
    uid = vault.read("SELECT uuid FROM items WHERE id = ?", (res.item_ids[0],))[0][0]
    actions = [e["action"] for e in entries(vault.conn, uid)]
    assert "takedown" in actions and "report.create" in actions


def test_zip_packet_holds_the_same_files(demo: tuple[Vault, str], tmp_path: Path) -> None:
    vault, title = demo
    res = make_packet(vault, TakedownRequest("meta", tmp_path / "meta.zip", case_title=title))
    with zipfile.ZipFile(tmp_path / "meta.zip") as z:
        names = set(z.namelist())
        assert names == set(res.files)
        sums = z.read("SHA256SUMS").decode()
        for line in sums.splitlines():
            digest, name = line.split("  ", 1)
            assert hashlib.sha256(z.read(name)).hexdigest() == digest
        for n in names:
            if n.startswith("copies/"):
                item = int(n[7:13])
                assert z.read(n) == read_blob(vault.conn, item, "sanitized")
    # Meta covers Facebook and Instagram posts of the case
    platforms = {vault.read("SELECT platform FROM items WHERE id = ?", (i,))[0][0]
                 for i in res.item_ids}
    assert platforms == {"facebook", "instagram"}


def test_refusals_record_nothing(demo: tuple[Vault, str], tmp_path: Path) -> None:
    vault, title = demo
    count = len(list_reports(vault))
    with pytest.raises(UsageError) as e:
        make_packet(vault, TakedownRequest("myspace", tmp_path / "a", case_title=title))
    assert e.value.code == "takedown.unknown_platform"
    with pytest.raises(AppError) as e2:
        make_packet(vault, TakedownRequest("youtube", tmp_path / "b", case_title=title))
    assert e2.value.code == "takedown.no_items"  # the demo case has no YouTube post
    x_item = vault.read("SELECT id FROM items WHERE platform = 'x' LIMIT 1")[0][0]
    with pytest.raises(AppError) as e3:
        make_packet(vault, TakedownRequest("telegram", tmp_path / "c", item_ids=(x_item,)))
    assert e3.value.code == "takedown.wrong_platform"
    full = tmp_path / "full"
    full.mkdir()
    (full / "other.txt").write_text("keep")
    with pytest.raises(AppError) as e4:
        make_packet(vault, TakedownRequest("x", full, case_title=title))
    assert e4.value.code == "export.folder_not_empty"
    assert sorted(p.name for p in full.iterdir()) == ["other.txt"]
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    assert len(list_reports(vault)) == count


def test_cli_takedown_json_and_exit_codes(demo_path: tuple[Path, str], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers import Cli

    path, title = demo_path
    cli = Cli(tmp_path, capsys, vault=path)
    r = cli("takedown", "--platform", "tiktok", "--case", title, "--out",
            str(tmp_path / "tt"), "--json", "--from", "Example Org",
            "--on-behalf-of", "ليلى حداد")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert out["platform"] == "tiktok" and len(out["reports"]) == len(out["items"]) == 2
    assert (tmp_path / "tt" / "packet.pdf").read_bytes().startswith(b"%PDF")
    r = cli("takedown", "--platform", "nope", "--case", title, "--out", str(tmp_path / "n"))
    assert r.code == 2 and "nope" in r.err
    r = cli("takedown", "--platform", "youtube", "--case", title, "--out", str(tmp_path / "y"))
    assert r.code == 1 and "youtube" in r.err.lower()
    r = cli("takedown", "--platform", "x", "--case", title, "--out", str(tmp_path / "tt"))
    assert r.code == 1 and "not empty" in r.err
