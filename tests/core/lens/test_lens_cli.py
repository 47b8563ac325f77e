# SPDX-License-Identifier: GPL-3.0-or-later
"""The lens end to end on the command line: text only inside a picture is found by ``list
--search`` after ``index --wait``; the work queue survives closing the vault; ``show``,
``similar`` and ``stats`` report hashes, text, near-duplicates and clusters."""

from __future__ import annotations

from pathlib import Path

from app.cases import lens
from app.cases.textnorm import normalize
from app.media import ocr
from app.vault import open_vault
from app.vault.custody import entries
from bench import _lens_synth as synth
from tests.helpers import PASSPHRASE, Cli


def _ids(cli: Cli, word: str) -> list[int]:
    return [row["id"] for row in cli("list", "--search", word, "--json").json()["items"]]


def test_word_only_inside_an_arabic_screenshot_is_found_after_index(cli: Cli,
                                                                     tmp_path: Path) -> None:
    shot = synth.text_screenshot(3, "ar", "facebook", dark=True, font_name="noto-arabic",
                                 size=26, n_lines=2)
    shot.image.save(tmp_path / "post.png")
    synth.photo(4).save(tmp_path / "photo.png")
    synth.reencode(synth.photo(4), 70).save(tmp_path / "repost.jpg")
    assert cli.init().code == 0
    assert cli("import", str(tmp_path / "post.png"), str(tmp_path / "photo.png"),
               str(tmp_path / "repost.jpg")).code == 0
    word = "التواصل" if "التواصل" in shot.text else shot.text.split()[1]
    assert _ids(cli, word) == []  # in no note, tag or name: only inside the picture

    queued = cli("index", "--json").json()
    assert queued["state"]["ocr"]["queued"] == 3 and queued["processed"] == 0
    # one task, then the vault is closed; the rest is still queued when it is opened again
    assert cli("index", "--limit", "1", "--json").json()["processed"] == 1
    again = cli("index", "--json").json()
    assert again["queued"] == 5 and again["state"]["pdq"]["done"] == 1

    done = cli("index", "--wait", "--json").json()
    assert done["queued"] == 0 and done["failed"] == 0
    assert _ids(cli, word) == [1]

    show = cli("show", "1", "--json").json()["lens"]
    assert word in normalize(show["ocr"]["text"]) or word in show["ocr"]["text"]
    assert show["ocr"]["engine"].startswith("tesseract 5")
    assert [h["kind"] for h in show["pdq"]] == ["text", "text:small"]  # a text-only screenshot
    text = cli("show", "1")
    assert "PDQ hash (text): " + show["pdq"][0]["hash"] in text.out

    near = cli("similar", "2", "--json").json()
    assert [s["item_id"] for s in near["similar"]] == [3]
    assert near["cluster"]["members"] == [2, 3]
    stats = cli("stats", "--json").json()
    assert [c["members"] for c in stats["clusters"]] == [[2, 3]]
    assert "1 cluster of reposts of the same picture" in cli("stats").out


def test_ocr_state_and_text_survive_reopening_and_a_correction_is_custody(
        tmp_path: Path) -> None:
    from app.ingest import import_paths
    from app.vault import KdfParams, create_vault

    shot = synth.text_screenshot(5, "en", "x", dark=False, font_name="dejavu", size=24,
                                 n_lines=2)
    shot.image.save(tmp_path / "post.png")
    path = tmp_path / "v.bayyina"
    vault = create_vault(path, PASSPHRASE, KdfParams.testing())
    import_paths(vault, [tmp_path / "post.png"])
    lens.backfill(vault)
    assert lens.run_pending(vault, 1) == 1
    vault.lock()
    vault = open_vault(path, PASSPHRASE)
    assert lens.item_state(vault, 1) == {"pdq": "done", "ocr": "queued"}
    lens.run_pending(vault)
    vault.lock()
    vault = open_vault(path, PASSPHRASE)
    read = lens.ocr_text(vault, 1)
    assert read is not None and read.state == "done" and not read.corrected_by_hand
    want = set(normalize(shot.text).split())
    assert len(want & set(normalize(read.text).split())) >= 0.9 * len(want)

    lens.correct_ocr(vault, 1, "corrected words zanzibar")
    (entry,) = [e for e in entries(vault.conn) if e["action"] == "item.ocr_correct"]
    assert entry["details"]["before"] == read.text
    assert entry["details"]["after"] == "corrected words zanzibar"
    # a later machine pass never overwrites a correction
    with vault.write() as tx:
        lens.enqueue_tx(tx.conn, 1, ("ocr",))
    lens.run_pending(vault)
    again = lens.ocr_text(vault, 1)
    assert again is not None and again.text == "corrected words zanzibar"
    assert again.corrected_by_hand
    from app.cases import ItemQuery, list_items

    assert [r.id for r in list_items(vault, ItemQuery(text="zanzibar"))] == [1]
    assert vault.verify_custody().ok
    vault.lock()


def test_tessdata_is_found_from_the_environment_first(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = ocr.tessdata_dir()
    folder = tmp_path / "td"
    folder.mkdir()
    for lang in ocr.LANGUAGES:
        (folder / f"{lang}.traineddata").symlink_to(real / f"{lang}.traineddata")
    monkeypatch.setenv(ocr.ENV_TESSDATA, str(folder))
    assert ocr.tessdata_dir() == folder
    (folder / "ara.traineddata").unlink()  # incomplete: skipped for the next candidate
    assert ocr.tessdata_dir() == real
