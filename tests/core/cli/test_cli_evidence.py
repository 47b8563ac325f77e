# SPDX-License-Identifier: GPL-3.0-or-later
"""`bayyina-cli import/show/extract` end to end: JSON Lines, --case, exit 5, tags in show, the human
lines (what was removed, what stays sealed), missing files and unknown items."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.core.cli.kit import _jpeg_with_exif, _png
from tests.helpers import Cli, msg


def test_cli_import_with_case_json_lines_and_rejects(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli.init().code == 0
    good = _png(tmp_path, "a.png", (1, 2, 3))
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)  # a PNG signature and nothing valid
    r = cli("import", str(good), str(bad), "--case", "حملة الخريف", "--json")
    assert r.code == 5  # some inputs were rejected, the rest was done
    lines = r.json_lines()
    assert [line["status"] for line in lines] == ["imported", "rejected"]
    assert lines[1]["error"] and lines[1]["error_code"].startswith("import.")
    shown = cli("show", str(lines[0]["item_id"]), "--json").json()
    assert shown["tags"]["cases"] == ["حملة الخريف"]
    assert [e["action"] for e in shown["custody"]] == ["import", "sanitize", "item.tag"]
    cases = cli("case", "list", "--json").json()
    assert any(c["title"] == "حملة الخريف" for c in (cases if isinstance(cases, list)
                                                     else cases.get("cases", [])))
    again = cli("import", str(good), "--json")
    assert again.code == 0 and again.json_lines()[0]["status"] == "duplicate"
    assert cli("log", "verify").code == 0


def test_cli_extract_refuses_to_overwrite(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli.init()
    item = cli("import", str(_png(tmp_path, "b.png", (9, 9, 9))), "--json").json_lines()[0]
    out = tmp_path / "copy.png"
    assert cli("extract", str(item["item_id"]), "--out", str(out)).code == 0
    before = out.read_bytes()
    r = cli("extract", str(item["item_id"]), "--out", str(out))
    assert r.code == 1 and "already exists" in r.err
    assert out.read_bytes() == before
    r = cli("extract", str(item["item_id"]), "--out", str(tmp_path / "orig.png"), "--original",
            lang="ar")
    assert r.code == 0 and "تحذير" in r.err


# --- import, show, extract --------------------------------------------------------------------


def test_import_human_lines_say_what_was_removed_and_what_stays_sealed(
        cli: Cli, tmp_path: Path) -> None:
    cli.init()
    jpg = _jpeg_with_exif(tmp_path, "phone.jpg")
    txt = tmp_path / "chat.txt"
    txt.write_text("a threatening message", encoding="utf-8")
    r = cli("import", str(jpg), str(txt))
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].startswith("Imported phone.jpg as item 1. Removed from the copy: ")
    assert lines[1] == "Imported chat.txt as item 2. Kept sealed, without a sanitised copy."
    assert r.err.strip() == "2 imported · 0 already in the vault · 0 refused"
    r = cli("import", str(txt), lang="ar")
    assert r.code == 0 and r.out == ""
    assert "Imported" not in r.err and "already in the vault" not in r.err
    assert cli("info", "--json").json()["items"] == 2


def test_import_of_missing_files_is_refused_and_adds_nothing(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    before = cli("log", "show", "--json").json()
    missing = tmp_path / "nope.png"
    r = cli("import", str(missing))
    assert r.code == 5 and r.out == ""
    err = r.err.strip().splitlines()
    assert err[0] == "nope.png could not be read (No such file or directory)."
    assert err[1] == "0 imported · 0 already in the vault · 1 refused"
    r = cli("import", str(missing), lang="ar")
    assert r.code == 5 and "تعذّرت قراءة" in r.err and "could not be read" not in r.err
    r = cli("import", str(missing), "--json")
    assert r.code == 5
    line = r.json_lines()[0]
    assert line["status"] == "rejected" and line["item_id"] is None
    assert line["error"] == err[0] and line["error_code"].startswith("import.")
    assert cli("log", "show", "--json").json() == before
    assert cli("info", "--json").json()["items"] == 0


def test_show_human_for_a_sanitised_and_a_sealed_item(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    jpg = _jpeg_with_exif(tmp_path, "phone.jpg")
    txt = tmp_path / "chat.txt"
    txt.write_text("hello", encoding="utf-8")
    outcomes = cli("import", str(jpg), str(txt), "--json").json_lines()
    photo, sealed = (o["item_id"] for o in outcomes)
    r = cli("show", str(photo))
    assert r.code == 0
    assert r.out.startswith(f"Item {photo}\nOriginal: phone.jpg, {jpg.stat().st_size} bytes, "
                            "image/jpeg\n")
    assert f"SHA-256 of the original: {outcomes[0]['sha256']}" in r.out
    assert "SHA-256 of the sanitised copy: " in r.out
    assert f"SHA-256 of the pixels: {outcomes[0]['pixels_sha256']} (copy identical: yes)" in r.out
    assert "Removed from the copy: " in r.out and "SecretPhoneMaker" in r.out
    r = cli("show", str(sealed))
    assert r.code == 0
    assert "No sanitised copy: " in r.out and "SHA-256 of the sanitised copy" not in r.out
    r = cli("show", str(photo), lang="ar")
    assert r.code == 0 and "SHA-256 of the original" not in r.out and outcomes[0]["sha256"] in r.out
    tiff = tmp_path / "scan.tiff"
    Image.new("RGB", (8, 8), (90, 90, 9)).save(tiff, "TIFF")
    converted = cli("import", str(tiff), "--json").json_lines()[0]
    assert converted["converted_from"] == "image/tiff"
    r = cli("show", str(converted["item_id"]))
    assert r.code == 0 and "Converted from image/tiff to a lossless PNG." in r.out


def test_show_and_extract_of_an_unknown_item(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    r = cli("show", "999")
    assert r.code == 1 and r.out == "" and r.err.strip() == msg("item.not_found", item=999)
    r = cli("show", "999", "--json", lang="ar")
    assert r.code == 1 and r.out == "" and r.err.strip() == msg("item.not_found", "ar", item=999)
    out = tmp_path / "out.png"
    r = cli("extract", "999", "--out", str(out))
    assert r.code == 1 and r.err.strip() == msg("item.not_found", item=999)
    assert not out.exists()


def test_extract_json_and_a_sealed_item(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    png = _png(tmp_path, "shot.png", (40, 50, 60))
    txt = tmp_path / "chat.txt"
    txt.write_text("sealed words", encoding="utf-8")
    photo, sealed = (o["item_id"] for o in cli("import", str(png), str(txt),
                                                "--json").json_lines())
    copy = tmp_path / "copy.png"
    r = cli("extract", str(photo), "--out", str(copy), "--json")
    assert r.code == 0
    data = r.json()
    assert data["item_id"] == photo and data["path"] == str(copy)
    assert copy.read_bytes().startswith(b"\x89PNG")
    target = tmp_path / "sealed-copy.txt"
    r = cli("extract", str(sealed), "--out", str(target))
    assert r.code == 1 and "--original" in r.err and not target.exists()
    r = cli("extract", str(sealed), "--out", str(target), "--original")
    assert r.code == 0
    assert r.err.startswith("Warning: the original may carry identifying metadata")
    assert f"Wrote item {sealed} (original) to {target}." in r.err
    assert target.read_bytes() == b"sealed words"
    r = cli("extract", str(photo), "--out", str(tmp_path / "c2.png"))
    assert r.code == 0 and "(sanitised copy)" in r.err
