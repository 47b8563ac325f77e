# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Report wording: gettext through :func:`app.i18n.translations`, plus value formatting.

Until the Arabic report strings are merged into ``i18n/ar/LC_MESSAGES/messages.po``, messages the
catalog does not translate fall back to the reviewed drafts in ``i18n/drafts/report.ar.json``
(msgid → msgstr; plural msgids → the 6 Arabic forms in ``Plural-Forms`` order, see
:func:`arabic_plural`). The catalog always wins.

Values are never translated: hashes, handles, URLs, ids, ISO dates and times keep Latin digits and
are wrapped in LRI…PDI (:func:`app.textsafety.ltr_isolate`) before they meet translated text.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from app.i18n import is_rtl, normalize_language, translations
from app.paths import i18n_dir
from app.report.hijri import MONTHS as HIJRI_MONTHS
from app.report.hijri import to_hijri
from app.textsafety import DIGIT_STYLES, bidi_isolate, clean_untrusted, localize_digits, ltr_isolate

# Left-to-right tokens inside free text (notes): URLs, e-mail addresses, handles, phone numbers,
# ISO dates and times, hex fingerprints. Each is isolated so it reads correctly inside Arabic.
_LTR_TOKEN = re.compile(
    r"(?:https?://|www\.)[^\s<>\"«»()\[\]{}]+[^\s<>\"«»()\[\]{}.,;:!?،؛]"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    r"|(?<![\w@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?"
    r"|\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?"
    r"|\+?\d[\d \-]{6,}\d"
    r"|\b\d{1,2}:\d{2}\b"
    r"|\b[0-9a-fA-F]{32,64}\b")


def isolate_tokens(text: str) -> str:
    """Wrap every left-to-right token of free ``text`` in LRI…PDI."""
    return _LTR_TOKEN.sub(lambda m: ltr_isolate(m.group(0)), text)


def arabic_plural(n: int) -> int:
    """Index into the 6 Arabic forms, in the order of the catalog's ``Plural-Forms`` header.

    That header is Babel's for ``ar``: 0 zero, 1 one, 2 two, 3 few (n % 100 in 3..10),
    4 for n % 100 in 0..2 with n >= 100 (CLDR "other": 100, 101, 102 …), 5 many (n % 100 in 11..99).
    The drafts' 6-form lists follow the same order, so they merge into the ``.po`` unchanged.
    """
    if n == 0:
        return 0
    if n == 1:
        return 1
    if n == 2:
        return 2
    if 3 <= n % 100 <= 10:
        return 3
    if 0 <= n % 100 <= 2:
        return 4
    return 5


@lru_cache(maxsize=4)
def _drafts(lang: str) -> dict[str, Any]:
    path = i18n_dir() / "drafts" / f"report.{lang}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class ReportStrings:
    """Translations and formatting for one report language."""

    def __init__(self, lang: str, *, digits: str = "western", hijri: bool = False) -> None:
        """``digits`` "arabic-indic" writes every number and date with ٠-٩ (the GUI's setting,
        one choice for both); ``hijri`` adds the Islamic civil date beside each Gregorian one."""
        self.digits = digits if digits in DIGIT_STYLES else "western"
        self.hijri = hijri
        self.lang = normalize_language(lang)
        self.rtl = is_rtl(self.lang)
        self._tr = translations(self.lang)
        self._drafts = _drafts(self.lang) if self.lang != "en" else {}

    def gettext(self, msgid: str) -> str:
        text = self._tr.gettext(msgid)
        if text == msgid:
            draft = self._drafts.get(msgid)
            if isinstance(draft, str) and draft:
                return draft
        return text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        text = self._tr.ngettext(singular, plural, n)
        if text in (singular, plural):
            forms = self._drafts.get(singular)
            if isinstance(forms, list) and len(forms) == 6 and self.lang == "ar":
                return str(forms[arabic_plural(n)])
        return text

    # -- values -------------------------------------------------------------------------------
    @staticmethod
    def iso(value: str) -> str:
        """An always-LTR token (hash, handle, URL, id), cleaned and isolated."""
        return ltr_isolate(clean_untrusted(value, 4000).replace("\n", " "))

    @staticmethod
    def untrusted(value: str, max_len: int = 4000) -> str:
        """Free text from users (titles, names, notes): cleaned, LTR tokens isolated."""
        return isolate_tokens(clean_untrusted(value, max_len))

    @staticmethod
    def fragment(value: str, max_len: int = 300) -> str:
        """Untrusted text placed inside a composed string: cleaned and FSI-isolated."""
        return bidi_isolate(clean_untrusted(value, max_len).replace("\n", " "))

    @staticmethod
    def notes(value: str) -> str:
        """Free text (notes): cleaned, with handles, numbers, URLs and dates isolated."""
        return isolate_tokens(clean_untrusted(value))

    def digits_of(self, text: str) -> str:
        """``text`` with its digits in the chosen style (:func:`app.textsafety.localize_digits`)."""
        return localize_digits(text, self.digits)

    def hijri_of(self, value: date) -> str:
        """`` (1 Shaban 1445 AH)`` when Hijri dates are on, else ""."""
        if not self.hijri:
            return ""
        year, month, day = to_hijri(value)
        text = self.gettext("{day} {month} {year} AH").format(
            day=self.digits_of(str(day)), month=self.gettext(HIJRI_MONTHS[month - 1]),
            year=self.digits_of(str(year)))
        return f" ({bidi_isolate(text)})"

    def day(self, value: date | None) -> str:
        if not value:
            return "—"
        return ltr_isolate(self.digits_of(value.isoformat())) + self.hijri_of(value)

    def moment(self, value: datetime | date | None) -> str:
        """``2026-11-02 14:30 +03:00`` (UTC offset always shown; naive times marked as such); a
        date without a time (none was given) as the date alone."""
        if value is None:
            return "—"
        if not isinstance(value, datetime):
            return self.day(value)
        text = self.digits_of(value.strftime("%Y-%m-%d %H:%M"))
        offset = value.strftime("%z")
        hijri = self.hijri_of(value.date())
        if not offset:
            return ltr_isolate(text) + " " + self.gettext("(time zone unknown)") + hijri
        zone = "UTC" if offset in ("+0000", "-0000") else f"{offset[:3]}:{offset[3:5]}"
        return ltr_isolate(f"{text} {self.digits_of(zone)}") + hijri

    def number(self, value: float | None) -> str:
        if value is None:
            return "—"
        if isinstance(value, float) and not value.is_integer():
            return ltr_isolate(self.digits_of(f"{value:.1f}"))
        return ltr_isolate(self.digits_of(str(int(value))))

    def fmt(self, template: str, **params: Any) -> str:
        """``template`` (already translated) with named values substituted."""
        return template.format(**params)
