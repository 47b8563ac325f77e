# SPDX-License-Identifier: GPL-3.0-or-later
"""Every report string has an Arabic translation with the same named placeholders."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

from babel.messages.extract import extract_from_file

ROOT = Path(__file__).resolve().parents[3]
DRAFTS = ROOT / "i18n" / "drafts" / "report.ar.json"
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "N_": None}


def _msgids() -> list[str | tuple[str, str]]:
    out: list[str | tuple[str, str]] = []
    for path in sorted((ROOT / "app" / "report").glob("*.py")):
        found = extract_from_file("python", str(path), keywords=KEYWORDS)
        for _line, msg, _comments, _ctx in found:
            out.append(msg)
    return out


def _fields(text: str) -> set[str]:
    names = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    assert "" not in names, f"positional placeholder in {text!r}"
    return names


def test_every_report_string_has_an_arabic_draft() -> None:
    drafts = json.loads(DRAFTS.read_text(encoding="utf-8"))
    msgids = _msgids()
    assert len(msgids) > 60
    for msg in msgids:
        key = msg[0] if isinstance(msg, tuple) else msg
        assert key in drafts, f"no Arabic draft for {key!r}"
        value = drafts[key]
        if isinstance(msg, tuple):
            assert isinstance(value, list) and len(value) == 6, key
            allowed = _fields(msg[0]) | _fields(msg[1])
            for form in value:
                assert _fields(form) <= allowed, (key, form)
            assert any(_fields(form) == allowed for form in value), key
        else:
            assert isinstance(value, str) and value, key
            assert _fields(value) == _fields(msg), (key, value)
            words = re.sub(r"\{\w+\}", "", key)  # placeholders are not words
            if re.search(r"[A-Za-z]{4,}", words):
                assert re.search(r"[\u0600-\u06ff]", value), f"untranslated: {key!r}"


def test_drafts_have_no_stale_entries() -> None:
    drafts = json.loads(DRAFTS.read_text(encoding="utf-8"))
    keys = {m[0] if isinstance(m, tuple) else m for m in _msgids()}
    assert set(drafts) - keys == set()


def test_every_custody_action_the_app_writes_has_a_name_in_reports() -> None:
    """The custody table of a report names every action in words (issue 13: the Arabic PDF showed
    raw codes such as item.tag): every action code written anywhere in app/ is in ACTIONS."""
    import re

    from app.report.sections import ACTIONS

    written = set()
    for path in (ROOT / "app").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r'custody\(\s*"([a-z_.]+)"', text))
        written |= set(re.findall(r'custody\.append\([^,]+, "([a-z_.]+)"', text))
    assert len(written) > 30
    assert sorted(written - set(ACTIONS)) == []
