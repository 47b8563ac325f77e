# SPDX-License-Identifier: GPL-3.0-or-later
"""The gettext catalog is fresh, the Arabic translation complete, placeholders consistent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.i18n import translations
from tools.i18n_tools import I18N, extract

BRACE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
PERCENT = re.compile(r"%(?:\(([A-Za-z_]+)\))?[sdr]")


def _po(lang: str):  # type: ignore[no-untyped-def]
    path = I18N / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def _ids(catalog) -> set[str]:  # type: ignore[no-untyped-def]
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_catalog_is_not_stale() -> None:
    fresh = _ids(extract())
    with (I18N / "messages.pot").open("rb") as fh:
        committed = _ids(read_po(fh))
    missing = sorted(fresh - committed)
    obsolete = sorted(committed - fresh)
    assert not missing and not obsolete, (
        f"run ./dev i18n — new strings: {missing[:10]}, obsolete: {obsolete[:10]}")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_catalog_language_has_every_string(lang: str) -> None:
    catalog = _po(lang)
    assert _ids(catalog) == _ids(extract())
    untranslated = []
    for msg in catalog:
        if not msg.id:
            continue
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        if not all(strings) or msg.fuzzy:
            untranslated.append(msg.id)
    assert untranslated == []


def test_catalog_arabic_has_six_plural_forms() -> None:
    catalog = _po("ar")
    assert catalog.num_plurals == 6
    plurals = [m for m in catalog if m.id and isinstance(m.id, tuple)]
    assert plurals, "counted messages must use ngettext"
    for msg in plurals:
        assert len(msg.string) == 6 and all(msg.string), msg.id


def test_catalog_placeholders_match() -> None:
    problems = []
    for msg in _po("ar"):
        if not msg.id:
            continue
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        want_b = set(BRACE.findall(ids[0])) | set(BRACE.findall(ids[-1]))
        want_p = sorted(PERCENT.findall(ids[0]))
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        for s in strings:
            got_b = set(BRACE.findall(s))
            if isinstance(msg.id, tuple):
                ok = got_b <= want_b  # Arabic zero/one/two forms may omit the number
            else:
                ok = got_b == want_b and sorted(PERCENT.findall(s)) == want_p
            if not ok:
                problems.append((ids[0], s))
    assert problems == []


def test_catalog_no_positional_brace_placeholders() -> None:
    bad = [m.id for m in extract() if m.id and "{}" in (m.id if isinstance(m.id, str) else m.id[0])]
    assert bad == []


def test_translations_load_from_po_without_mo(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from app import i18n

    target = tmp_path / "ar" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(I18N / "ar" / "LC_MESSAGES" / "messages.po", target / "messages.po")
    monkeypatch.setattr(i18n, "i18n_dir", lambda: tmp_path)
    i18n.translations.cache_clear()
    try:
        tr = i18n.translations("ar")
        assert tr.gettext("Wrong passphrase. Nothing in the vault was changed.").startswith("عبارة")
        assert tr.ngettext("{count} item", "{count} items", 2) != "{count} items"
    finally:
        i18n.translations.cache_clear()


def test_translations_arabic_plural_selection() -> None:
    tr = translations("ar")
    forms = {tr.ngettext("{count} item", "{count} items", n) for n in (0, 1, 2, 5, 11, 100)}
    assert len(forms) == 6


def test_catalog_arabic_plural_forms_in_babel_order() -> None:
    """Babel's Arabic rule: form 4 is 100–102 (genitive singular: «100 عنصر»), form 5 is 11–99
    (accusative with tanween: «11 عنصراً»). The accusative ending in form 4 means swapped forms."""
    tanween = "\u064b"
    swapped = []
    for msg in _po("ar"):
        if msg.id and isinstance(msg.id, tuple) and \
                msg.string[4].count(tanween) > msg.string[5].count(tanween):
            swapped.append(msg.id[0])
    assert swapped == []
    tr = translations("ar")
    assert tr.ngettext("{count} item", "{count} items", 11).format(count=11).endswith("\u064b")
