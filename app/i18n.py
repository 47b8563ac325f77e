# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""gettext catalogs shared by the core (reports, manifests, CLI) and the GUI.

One Babel catalog under ``i18n/``: ``messages.pot`` and ``<lang>/LC_MESSAGES/messages.po``. The
compiled ``.mo`` is built by ``./dev setup``; when it is missing or older than the ``.po`` (a fresh
checkout), the ``.po`` is compiled in memory instead, so the app never runs untranslated.
"""

from __future__ import annotations

import gettext
import io
import locale
import os
from functools import lru_cache

from app.paths import i18n_dir

LANGUAGES = ("ar", "en")
RTL_LANGUAGES = frozenset({"ar"})
Translations = gettext.NullTranslations


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGUAGES


def default_language() -> str:
    """The language of the user's locale when we have it, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else "en"
    try:
        code = (locale.getlocale()[0] or "en").split("_")[0].lower()
    except ValueError:
        code = "en"
    return code if code in LANGUAGES else "en"


def normalize_language(lang: str | None) -> str:
    if not lang:
        return default_language()
    code = lang.split("_")[0].split("-")[0].lower()
    return code if code in LANGUAGES else "en"


@lru_cache(maxsize=8)
def translations(lang: str) -> Translations:
    """The catalog for ``lang`` (``en`` is the source language: identity translations)."""
    lang = normalize_language(lang)
    if lang == "en":
        return gettext.NullTranslations()
    base = i18n_dir() / lang / "LC_MESSAGES"
    mo, po = base / "messages.mo", base / "messages.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        return _compile_in_memory(po.read_bytes(), lang)
    return gettext.NullTranslations()


def _compile_in_memory(po_bytes: bytes, lang: str) -> Translations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po_bytes), locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)
