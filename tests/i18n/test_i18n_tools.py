# SPDX-License-Identifier: GPL-3.0-or-later
"""``./dev i18n`` (tools.i18n_tools.update) on a copy of the catalogs: drafts fill empty Arabic
entries, English mirrors the source, what stays untranslated is reported and fails the run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tools import i18n_tools


@pytest.fixture
def catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "i18n"
    shutil.copytree(i18n_tools.I18N, copy, ignore=shutil.ignore_patterns("*.mo", "drafts"))
    monkeypatch.setattr(i18n_tools, "I18N", copy)
    return copy


def _ar(base: Path):  # type: ignore[no-untyped-def]
    with (base / "ar" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale="ar")


def _blank(base: Path, msgid: str) -> None:
    """Empty one Arabic translation, as a freshly added string would be."""
    po = base / "ar" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    head, sep, rest = text.partition(f'msgid "{msgid}"\nmsgstr "')
    assert sep, msgid
    po.write_text(head + sep + rest[rest.index('"\n'):], encoding="utf-8")


def _messages(base: Path) -> dict[object, object]:
    return {m.id: m.string for m in _ar(base) if m.id}


def test_up_to_date_catalogs_update_to_themselves(catalogs: Path) -> None:
    before = _messages(catalogs)
    assert i18n_tools.update() == 0
    assert _messages(catalogs) == before
    en = (catalogs / "en" / "LC_MESSAGES" / "messages.po")
    with en.open("rb") as fh:
        assert all(m.string == m.id for m in read_po(fh, locale="en") if m.id)


def test_a_missing_translation_is_reported_then_filled_from_a_draft(
        catalogs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    msgid = "Signed by: {fingerprint}"
    wanted = _ar(catalogs)[msgid].string
    _blank(catalogs, msgid)
    assert _ar(catalogs)[msgid].string == ""
    assert i18n_tools.update() == 1  # untranslated: the run fails and names it
    assert repr(msgid) in capsys.readouterr().err
    (catalogs / "drafts").mkdir(exist_ok=True)
    (catalogs / "drafts" / "zz-test.ar.json").write_text(json.dumps({msgid: wanted}),
                                                         encoding="utf-8")
    assert i18n_tools.update() == 0
    assert _ar(catalogs)[msgid].string == wanted
