# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Catalog maintenance for developers (``./dev i18n``) and the catalog tests.

``update``: extract every marked string from ``app/`` and ``ui/`` into ``i18n/messages.pot``, update
``i18n/ar`` and ``i18n/en`` catalogs (English is the source language: its msgstr equals the msgid),
merge Arabic drafts from ``i18n/drafts/*.ar.json`` into empty Arabic entries, and report what is
still untranslated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "n_": (1, 2),
            "N_plural": (1, 2)}
SOURCES = ("app", "ui")
METHOD_MAP = [("**.py", "python")]


def extract() -> Catalog:
    catalog = Catalog(project="Bayyina", msgid_bugs_address="", charset="utf-8", fuzzy=False)
    for folder in SOURCES:
        base = ROOT / folder
        if not base.is_dir():
            continue
        for filename, lineno, message, comments, context in extract_from_dir(
                str(base), METHOD_MAP, keywords=KEYWORDS, strip_comment_tags=True):
            if not message or (isinstance(message, tuple) and not message[0]):
                continue
            catalog.add(message, None, [(f"{folder}/{filename}", lineno)],
                        auto_comments=comments, context=context)
    return catalog


def _load(path: Path, locale: str | None) -> Catalog | None:
    if not path.exists():
        return None
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True, omit_header=False, no_location=True)


def drafts(lang: str) -> dict[str, object]:
    merged: dict[str, object] = {}
    for f in sorted((I18N / "drafts").glob(f"*.{lang}.json")):
        merged.update(json.loads(f.read_text(encoding="utf-8")))
    return merged


def update() -> int:
    template = extract()
    _write(template, I18N / "messages.pot")
    missing_total = 0
    for lang in ("ar", "en"):
        po_path = I18N / lang / "LC_MESSAGES" / "messages.po"
        catalog = _load(po_path, lang) or Catalog(locale=lang, project="Bayyina")
        catalog.update(template, no_fuzzy_matching=True)
        # obsolete entries are dropped: the .pot is the truth
        catalog.obsolete.clear()
        catalog.fuzzy = False
        extra = drafts(lang)
        missing = []
        for msg in catalog:
            if not msg.id:
                continue
            msg.flags.discard("fuzzy")
            key = msg.id[0] if isinstance(msg.id, tuple) else msg.id
            if lang == "en":
                msg.string = msg.id if not isinstance(msg.id, tuple) else tuple(
                    [msg.id[0], msg.id[1]])
                continue
            if _empty(msg.string) and key in extra:
                value = extra[key]
                msg.string = tuple(value) if isinstance(value, list) else value  # type: ignore[assignment]
            if _empty(msg.string):
                missing.append(key)
        _write(catalog, po_path)
        if missing:
            print(f"{lang}: {len(missing)} untranslated", file=sys.stderr)
            for m in missing:
                print(f"  {m!r}", file=sys.stderr)
        missing_total += len(missing)
    return 1 if missing_total else 0


def _empty(value: object) -> bool:
    if isinstance(value, (tuple, list)):
        return not value or any(not v for v in value)
    return not value


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "update":
        raise SystemExit(update())
    print("usage: python -m tools.i18n_tools update", file=sys.stderr)
    raise SystemExit(2)
