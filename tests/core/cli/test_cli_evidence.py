# SPDX-License-Identifier: GPL-3.0-or-later
"""`bayyina-cli import/show/extract` end to end: JSON Lines, --case, exit 5, tags in show."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image


def _png(tmp: Path, name: str, color: tuple[int, int, int]) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (30, 20), color).save(buf, "PNG")
    path = tmp / name
    path.write_bytes(buf.getvalue())
    return path


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
