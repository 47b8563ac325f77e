# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Marked moments of a recording (issue 20): stored with a custody entry, checked against the
recording's length, listed earliest first, shown in the report, carried in a bundle's manifest and
applied when it is received. Real vaults, a real voice note made with Debian's ffmpeg."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.bundle import keygen_recipient
from app.cases.moments import add_moment, delete_moment, list_moments, timecode
from app.errors import AppError, UsageError
from app.handover import export_from_vault, receive_into_vault
from app.ingest import import_paths
from app.report.sections import ACTIONS
from app.vault import KdfParams, create_vault
from app.vault.items import delete_item, get_item
from tests.core.media import avbuild as B
from tests.helpers import PASSPHRASE

pytestmark = pytest.mark.skipif(not B.HAVE_FFMPEG, reason="needs Debian's ffmpeg")


@pytest.fixture
def voice(tmp_path: Path):  # type: ignore[no-untyped-def]
    v = create_vault(tmp_path / "m.bayyina", PASSPHRASE, KdfParams.testing())
    (o,) = import_paths(v, [B.voice_opus(tmp_path)]).outcomes
    assert o.status == "imported" and o.kind == "audio"
    yield v, int(o.item_id)
    v.lock()


def _actions(vault: Any) -> list[str]:
    return [str(r[0]) for r in vault.read("SELECT action FROM custody ORDER BY seq")]


def test_timecode() -> None:
    assert [timecode(x) for x in (0, 999, 133_000, 3_723_000)] == [
        "00:00", "00:00", "02:13", "1:02:03"]


def test_mark_list_and_delete_with_custody(voice: Any) -> None:
    vault, item = voice
    late = add_moment(vault, item, 1500, "  the   threat ")
    early = add_moment(vault, item, 200, "his name")
    assert [(m.at_ms, m.label, m.source) for m in list_moments(vault, item)] == [
        (200, "his name", "local"), (1500, "the threat", "local")]
    assert late.timecode == "00:01"
    details = vault.read("SELECT details FROM custody WHERE action = 'moment.add' ORDER BY seq")
    assert len(details) == 2 and '"the threat"' in details[0][0] and '"00:01"' in details[0][0]
    delete_moment(vault, early.id)
    assert [m.id for m in list_moments(vault, item)] == [late.id]
    assert _actions(vault)[-1] == "moment.delete"
    assert {"moment.add", "moment.delete"} <= set(ACTIONS)
    assert vault.verify_custody().ok
    with pytest.raises(AppError) as err:
        delete_moment(vault, early.id)
    assert err.value.code == "moments.not_found"
    # deleting the item takes its moments with it (the custody log keeps what they said)
    delete_item(vault, item)
    assert vault.read("SELECT COUNT(*) FROM item_moments")[0][0] == 0


@pytest.mark.parametrize(("at_ms", "label", "code"), [
    (60_000, "after the end", "moments.outside"), (-1, "before", "moments.outside"),
    (100, "   ", "moments.empty_label"), (100, "x" * 501, "moments.label_too_long")])
def test_refused_moments_change_nothing(voice: Any, at_ms: int, label: str, code: str) -> None:
    vault, item = voice
    before = _actions(vault)
    with pytest.raises(UsageError) as err:
        add_moment(vault, item, at_ms, label)
    assert err.value.code == code
    assert _actions(vault) == before and list_moments(vault, item) == []


def test_unknown_item(voice: Any) -> None:
    vault, _item = voice
    with pytest.raises(AppError) as err:
        add_moment(vault, 999, 0, "x")
    assert err.value.code == "cases.item_not_found"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext (oracle)")
def test_report_lists_the_marked_moments(voice: Any, tmp_path: Path) -> None:
    from app.report.collect import build_vault_report, collect_report_data

    vault, item = voice
    add_moment(vault, item, 1200, "the threat")
    (it,) = collect_report_data(vault, item_ids=[item]).items
    assert it.moments == (("00:01", "the threat"),)
    for lang, heading in (("en", "Marked moments"), ("ar", "لحظات")):
        pdf = tmp_path / f"r-{lang}.pdf"
        pdf.write_bytes(build_vault_report(vault, item_ids=[item], lang=lang))
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, timeout=60, check=True).stdout
        assert "00:01" in text and heading in text, lang
        if lang == "en":
            assert "the threat" in text


def test_moments_travel_in_a_bundle_and_are_received(voice: Any, tmp_path: Path) -> None:
    vault, item = voice
    add_moment(vault, item, 1500, "the threat")
    add_moment(vault, item, 300, "his voice")
    ident, rec = keygen_recipient()
    res = export_from_vault(vault, tmp_path / "b.zip.age", recipients=[rec])
    (entry,) = res.manifest["items"]
    assert entry["moments"] == [{"at_ms": 300, "label": "his voice"},
                                {"at_ms": 1500, "label": "the threat"}]
    org = create_vault(tmp_path / "org.bayyina", PASSPHRASE, KdfParams.testing())
    try:
        got = receive_into_vault(org, res.path, identity=ident, trust_signer=vault.fingerprint())
        (local,) = got.added
        assert get_item(org, local)["kind"] == "audio"
        assert [(m.at_ms, m.label, m.source) for m in list_moments(org, local)] == [
            (300, "his voice", "bundle"), (1500, "the threat", "bundle")]
        assert _actions(org).count("moment.add") == 2
    finally:
        org.lock()


def test_a_moment_can_have_an_end(voice: Any, tmp_path: Path) -> None:
    """"00:00–00:01 — the threat": stored, checked, logged, reported and carried in a bundle."""
    from app.report.collect import collect_report_data

    vault, item = voice
    span = add_moment(vault, item, 300, "the threat", end_ms=1500)
    point = add_moment(vault, item, 1200, "his voice")
    assert (span.end_ms, span.span, span.timecode) == (1500, "00:00–00:01", "00:00")
    assert (point.end_ms, point.span) == (None, "00:01")
    assert [(m.at_ms, m.end_ms) for m in list_moments(vault, item)] == [(300, 1500), (1200, None)]
    details = [str(r[0]) for r in vault.read(
        "SELECT details FROM custody WHERE action = 'moment.add' ORDER BY seq")]
    assert '"end_ms":1500' in details[0] and '"span":"00:00–00:01"' in details[0]
    assert "end_ms" not in details[1]  # a point in time keeps the entry it always had
    before = _actions(vault)
    for at_ms, end_ms, code in ((1500, 1500, "moments.end_before_start"),
                                (1500, 300, "moments.end_before_start"),
                                (300, 3_600_000, "moments.outside")):
        with pytest.raises(UsageError) as err:
            add_moment(vault, item, at_ms, "x", end_ms=end_ms)
        assert err.value.code == code
    assert _actions(vault) == before
    (it,) = collect_report_data(vault, item_ids=[item]).items
    assert it.moments == (("00:00–00:01", "the threat"), ("00:01", "his voice"))
    ident, rec = keygen_recipient()
    res = export_from_vault(vault, tmp_path / "b.zip.age", recipients=[rec])
    (entry,) = res.manifest["items"]
    assert entry["moments"] == [{"at_ms": 300, "end_ms": 1500, "label": "the threat"},
                                {"at_ms": 1200, "label": "his voice"}]
    org = create_vault(tmp_path / "org.bayyina", PASSPHRASE, KdfParams.testing())
    try:
        (local,) = receive_into_vault(org, res.path, identity=ident,
                                      trust_signer=vault.fingerprint()).added
        assert [(m.at_ms, m.end_ms, m.span) for m in list_moments(org, local)] == [
            (300, 1500, "00:00–00:01"), (1200, None, "00:01")]
    finally:
        org.lock()
    delete_moment(vault, span.id)
    last = vault.read("SELECT details FROM custody WHERE action = 'moment.delete'")[0][0]
    assert '"end_ms":1500' in last
