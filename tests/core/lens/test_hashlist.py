# SPDX-License-Identifier: GPL-3.0-or-later
"""Hash lists for a platform's report (``hashes export``): the PDQ hashes of the chosen items and
nothing else — no picture, file name, account or note — in a new file, with a custody entry."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

from app.exports.hashlist import COLUMNS
from app.vault import open_vault
from app.vault.custody import entries
from bench import _lens_synth as synth
from tests.helpers import PASSPHRASE, Cli, msg

SECRET = "private-name-of-the-photo"


def _vault_with_hashes(cli: Cli, tmp_path: Path) -> dict[str, int]:
    synth.photo(61).save(tmp_path / f"{SECRET}.png")
    synth.in_screenshot(synth.photo(62), "x", seed=3).save(tmp_path / "shot.png")
    synth.photo(63).save(tmp_path / "later.png")
    assert cli.init().code == 0
    assert cli("import", str(tmp_path / f"{SECRET}.png"), str(tmp_path / "shot.png")).code == 0
    assert cli("tag", "1", "--case", "Campaign", "--note", "note that must not leave",
               "--account", "x:anon_mirror_demo").code == 0
    assert cli("tag", "2", "--case", "Campaign").code == 0
    assert cli("index", "--wait", "--json").json()["failed"] == 0
    # imported after the index ran: in the case, not hashed yet
    assert cli("import", str(tmp_path / "later.png"), "--case", "Campaign").code == 0
    return {"photo": 1, "shot": 2, "later": 3}


def test_csv_list_holds_each_hash_and_nothing_else(cli: Cli, tmp_path: Path) -> None:
    _vault_with_hashes(cli, tmp_path)
    out = tmp_path / "list.csv"
    res = cli("hashes", "export", "--out", str(out), "--case", "Campaign", "--label",
              "=report 12", "--json")
    assert res.code == 0, res.err
    data = out.read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert tuple(rows[0]) == COLUMNS and not data.startswith(b"\xef\xbb\xbf")
    want = [("pdq", h["hash"], str(h["quality"]), str(item), h["kind"], "'=report 12")
            for item in (1, 2) for h in cli("show", str(item), "--json").json()["lens"]["pdq"]]
    assert [tuple(r) for r in rows[1:]] == want
    # the picture inside the screenshot, and the photograph's centre that finds cropped copies
    assert {r[4] for r in rows[1:]} == {"whole", "inner", "centre:3", "centre:6"}
    for leak in (SECRET, "note that must not leave", "anon_mirror_demo", "Campaign", ".png"):
        assert leak.encode() not in data
    assert not list(tmp_path.glob("*.partial")) and oct(os.stat(out).st_mode & 0o777) == "0o600"
    summary = res.json()
    assert summary["items"] == [1, 2] and summary["without_hash"] == [3]
    assert summary["hashes"] == len(want) and summary["sha256"] == hashlib.sha256(data).hexdigest()
    vault = open_vault(cli.vault, PASSPHRASE)
    try:
        entry = [e for e in entries(vault.conn) if e["action"] == "hash-export"]
        assert len(entry) == 1 and entry[0]["seq"] == summary["custody_seq"]
        assert entry[0]["details"]["sha256"] == summary["sha256"]
        assert entry[0]["details"]["items"] == [1, 2]
    finally:
        vault.lock()
    text = cli("hashes", "export", "--out", str(tmp_path / "again.csv"), "--case", "Campaign")
    assert "Wrote 5 PDQ hashes" in text.err and "items 3" in text.err


def test_json_list_and_the_whole_vault(cli: Cli, tmp_path: Path) -> None:
    _vault_with_hashes(cli, tmp_path)
    out = tmp_path / "list.json"
    assert cli("hashes", "export", "--out", str(out), "--format", "json").code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (doc["format"], doc["version"], doc["signal_type"], doc["threshold"]) == (
        "bayyina-pdq-hashlist", 1, "pdq", 31)
    assert [(h["item_id"], h["part"]) for h in doc["hashes"]] == [
        (1, "whole"), (1, "centre:3"), (1, "centre:6"), (2, "whole"), (2, "inner")]
    assert all(len(h["pdq"]) == 64 and 0 <= h["quality"] <= 100 for h in doc["hashes"])
    assert set(doc["hashes"][0]) == {"pdq", "quality", "item_id", "part", "label"}


def test_refusals_write_nothing(cli: Cli, tmp_path: Path) -> None:
    synth.photo(64).save(tmp_path / "p.png")
    assert cli.init().code == 0 and cli("import", str(tmp_path / "p.png")).code == 0
    out = tmp_path / "list.csv"
    res = cli("hashes", "export", "--out", str(out))  # not hashed yet
    assert res.code == 1 and msg("lens.no_hashes") in res.err and not out.exists()
    assert cli("index", "--wait").code == 0
    out.write_text("already here", encoding="utf-8")
    res = cli("hashes", "export", "--out", str(out), "--items", "1")
    assert res.code == 1 and msg("export.exists", path=str(out)) in res.err
    assert out.read_text(encoding="utf-8") == "already here"
    res = cli("hashes", "export", "--out", str(tmp_path / "n.csv"), "--items", "9")
    assert res.code == 1 and not (tmp_path / "n.csv").exists()
    res = cli("hashes", "export", "--out", str(tmp_path / "n.csv"), "--format", "xml")
    assert res.code == 2 and not (tmp_path / "n.csv").exists()
