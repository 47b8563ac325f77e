# SPDX-License-Identifier: GPL-3.0-or-later
"""The text read inside a picture travels as derived text: the manifest's ``items[].derived``
(checked by the strict schema), stored by the receiver as the item's recognised text (``done``,
never read again) and found by the organisation's ``list --search``."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from app.bundle import keygen_recipient
from app.bundle.manifest import validate_manifest
from app.cases import lens
from app.cases.textnorm import normalize
from app.errors import VerificationFailed
from app.handover import export_from_vault
from app.vault import open_vault
from bench import _lens_synth as synth
from tests.helpers import PASSPHRASE, Cli

HIDDEN_AR = "زيتونة"  # only in the text corrected by hand, in no name, note or tag


def _ids(cli: Cli, word: str) -> list[int]:
    return [row["id"] for row in cli("list", "--search", word, "--json").json()["items"]]


def test_text_inside_a_picture_is_exported_received_and_searchable(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = Cli(tmp_path, capsys, vault=tmp_path / "defender.bayyina")
    b = Cli(tmp_path, capsys, vault=tmp_path / "org.bayyina")
    assert a.init().code == 0 and b.init().code == 0
    shot = synth.text_screenshot(5, "en", "x", dark=False, font_name="dejavu", size=24,
                                 n_lines=2)
    shot.image.save(tmp_path / "post.png")
    synth.photo(4).save(tmp_path / "photo.png")
    assert a("import", str(tmp_path / "post.png"), str(tmp_path / "photo.png")).code == 0

    vault = open_vault(a.vault, PASSPHRASE)
    try:
        lens.backfill(vault)
        lens.run_pending(vault)  # the engine reads the screenshot (and finds nothing much in 2)
        read = lens.ocr_text(vault, 1)
        assert read is not None and not read.corrected_by_hand
        known = {normalize(w) for w in shot.text.split() if len(w) >= 5}
        word = next(w for w in read.text.split() if normalize(w) in known)
        lens.correct_ocr(vault, 2, f"لافتة مكتوب عليها {HIDDEN_AR}\nhttps://example.org/x")
        ident, rec = keygen_recipient()
        res = export_from_vault(vault, tmp_path / "b.zip.age", recipients=[rec])
        fp = vault.fingerprint()
    finally:
        vault.lock()
    first, second = res.manifest["items"]
    assert first["derived"] == {"text": read.text, "engine": read.engine, "corrected": False}
    assert first["derived"]["engine"].startswith("tesseract")
    assert second["derived"]["corrected"] is True
    assert second["derived"]["text"].startswith("لافتة")

    assert _ids(b, word) == [] and _ids(b, HIDDEN_AR) == []
    (tmp_path / "org.txt").write_text(ident)
    got = b("receive", str(res.path), "--identity", str(tmp_path / "org.txt"),
            "--trust-signer", fp, "--json")
    assert got.code == 0, got.err
    added = got.json()["added"]
    assert len(added) == 2
    # found by the organisation, in the item whose picture holds it
    assert _ids(b, word) == [added[0]]
    assert _ids(b, HIDDEN_AR) == [added[1]]
    assert _ids(b, "example.org") == [added[1]]

    org = open_vault(b.vault, PASSPHRASE)
    try:
        # the OCR is done (the organisation's lens does not read it again); the PDQ hash is not
        assert lens.backfill(org) == 2  # the two pdq rows only
        assert [lens.item_state(org, i) for i in added] == [{"ocr": "done", "pdq": "queued"}] * 2
        there = [lens.ocr_text(org, i) for i in added]
        assert there[0] is not None and there[0].text == read.text
        assert not there[0].corrected_by_hand
        assert there[1] is not None and there[1].corrected_by_hand
        assert there[1].text == second["derived"]["text"]
    finally:
        org.lock()


def _manifest(vault: Any, tmp_path: Path, text: str | None) -> dict[str, Any]:
    from app.ingest import import_paths

    synth.photo(7).save(tmp_path / "p.png")
    import_paths(vault, [tmp_path / "p.png"])
    if text is not None:
        lens.correct_ocr(vault, 1, text)
    return export_from_vault(vault, tmp_path / "b.zip", encrypt=False).manifest


def test_the_strict_schema_accepts_derived_text_and_refuses_a_wrong_type(
        vault: Any, tmp_path: Path) -> None:
    m = _manifest(vault, tmp_path, "نص")
    assert validate_manifest(copy.deepcopy(m))["items"][0]["derived"]["text"] == "نص"
    without = copy.deepcopy(m)
    del without["items"][0]["derived"]
    validate_manifest(without)  # a bundle without it (an older sender's) is valid
    for field, bad in (("text", 7), ("engine", None), ("corrected", "yes"), ("extra", 1)):
        wrong = copy.deepcopy(m)
        wrong["items"][0]["derived"][field] = bad
        with pytest.raises(VerificationFailed) as err:
            validate_manifest(wrong)
        assert "derived" in err.value.params["reason"]
    wrong = copy.deepcopy(m)
    wrong["items"][0]["derived"] = "نص"
    with pytest.raises(VerificationFailed):
        validate_manifest(wrong)
    too_long = copy.deepcopy(m)
    too_long["items"][0]["derived"]["text"] = "x" * 200_001
    with pytest.raises(VerificationFailed):
        validate_manifest(too_long)


def test_no_derived_field_without_recognised_text(vault: Any, tmp_path: Path) -> None:
    assert "derived" not in _manifest(vault, tmp_path, None)["items"][0]
