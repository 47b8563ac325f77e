# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Language for the GUI: the one gettext catalog, Qt's own ``qtbase`` translations, layout
direction.

The GUI uses the same Babel catalog as the core (``app.i18n.translations``). Strings of ``ui/``
whose Arabic is still only in ``i18n/drafts/ui.ar.json`` (not yet merged by ``./dev i18n``) are
looked up there (and in the other areas' ``drafts/*.ar.json``) as a fallback, so a fresh checkout
never shows English inside the Arabic interface.

Qt's own ``qtbase_ar.qm`` leaves parts of the file dialog in English ("Look in:", "Files of
type:") and calls directories «الأدلّة» / «الدّليل», the word this app uses for the evidence.
:class:`QtWordsTranslator`, installed over it, gives those few strings in our words (our catalog,
msgids in :data:`QT_WORDS`).

The language is fixed for the life of the process (a change needs a restart; docs/development.md):
:func:`install` is called once by ``ui.main`` (and by tests) before any window is built.
"""

from __future__ import annotations

import gettext
import json
import logging
from collections.abc import Callable
from functools import lru_cache
from typing import cast

from PySide6 import QtCore, QtWidgets

from app.i18n import N_, is_rtl, normalize_language, translations
from app.paths import i18n_dir

log = logging.getLogger(__name__)

__all__ = ["N_", "UiTranslations", "_", "current", "install", "ngettext"]


@lru_cache(maxsize=4)
def _plural_rule(lang: str) -> Callable[[int], int]:
    """The catalog's own ``Plural-Forms`` rule (Babel's), so that draft lists, whose 6 Arabic forms
    follow that order (0 zero, 1 one, 2 two, 3 few, 4 hundreds "other", 5 many 11..99), pick the
    same form the merged ``.po`` will."""
    from babel.messages.plurals import get_plural

    return gettext.c2py(get_plural(lang).plural_expr)


class UiTranslations(gettext.NullTranslations):
    """gettext/ngettext for one language: the compiled catalog first, then the UI drafts.

    A ``NullTranslations`` (``app.i18n.Translations``) so that the core's ``app.messages.describe``
    accepts it; only ``gettext`` and ``ngettext`` are used, and both are overridden here.
    """

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = normalize_language(lang)
        self.catalog: gettext.NullTranslations = translations(self.lang)
        self._drafts: dict[str, object] = {}
        if self.lang != "en":  # every area's drafts, as ``./dev i18n`` would merge them
            for path in sorted((i18n_dir() / "drafts").glob(f"*.{self.lang}.json")):
                try:
                    self._drafts.update(json.loads(path.read_text(encoding="utf-8")))
                except (OSError, ValueError):
                    log.warning("unreadable translation draft %s", path.name)

    @property
    def rtl(self) -> bool:
        return is_rtl(self.lang)

    def has(self, msgid: str) -> bool:
        """True when ``msgid`` has a translation in this language (English: always)."""
        if self.lang == "en":
            return True
        return self.catalog.gettext(msgid) != msgid or bool(self._drafts.get(msgid))

    def gettext(self, msgid: str) -> str:
        text = self.catalog.gettext(msgid)
        if text == msgid and self.lang != "en":
            draft = self._drafts.get(msgid)
            if isinstance(draft, str) and draft:
                return draft
        return text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        text = self.catalog.ngettext(singular, plural, n)
        if self.lang != "en" and text in (singular, plural):
            draft = self._drafts.get(singular)
            if isinstance(draft, list) and draft:
                index = _plural_rule(self.lang)(n)
                if 0 <= index < len(draft):
                    return str(draft[index])
        return text


# Qt's (context, source text) -> our msgid, for the file dialog's strings that qtbase_ar.qm leaves
# in English or words as "directory" (دليل, plural أدلّة: our "evidence")
QT_WORDS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): N_("Look in:"),
    ("QFileDialog", "Files of &type:"): N_("Files of type:"),
    ("QFileDialog", "Directories"): N_("Folders"),
    ("QFileDialog", "Directory:"): N_("Folder:"),
    ("QFileDialog", "Go to the parent directory"): N_("Go to the folder above"),
    ("QFileDialog", "Parent Directory"): N_("Folder above"),
    ("QAbstractFileIconProvider", "Folder"): N_("Folder"),
    ("QAbstractFileIconProvider", "Drive"): N_("Drive"),
    ("QAbstractFileIconProvider", "File Folder"): N_("Folder"),
    ("QFileSystemModel", "Folder"): N_("Folder"),
}


class QtWordsTranslator(QtCore.QTranslator):
    """Our words for :data:`QT_WORDS`; for any other string a *null* answer (None), which lets
    Qt ask its own ``qtbase`` — an empty string would be taken as the translation, and blank out
    every Qt string (the clipboard's image format among them)."""

    def translate(self, context: str, source: str,
                  disambiguation: str | None = None, n: int = -1) -> str | None:
        msgid = QT_WORDS.get((context, source))
        if msgid is None or not _current.has(msgid):
            return None
        return _current.gettext(msgid)

    def isEmpty(self) -> bool:
        return False


_current = UiTranslations("en")
_qt_translators: list[QtCore.QTranslator] = []


def current() -> UiTranslations:
    return _current


def _(msgid: str) -> str:
    return _current.gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def install(lang: str, qapp: QtWidgets.QApplication | None = None) -> UiTranslations:
    """Select the language: gettext for our strings, qtbase for Qt's, and the layout direction.

    Must run before any window is built. The direction is set explicitly; we do not rely on the
    side effect of ``qtbase_ar.qm`` translating ``QT_LAYOUT_DIRECTION``.
    """
    global _current  # noqa: PLW0603 - the one translation table of this process
    _current = UiTranslations(lang)
    if not qapp:
        # PySide6 types instance() as QCoreApplication; in the GUI it is the QApplication
        qapp = cast(QtWidgets.QApplication | None, QtWidgets.QApplication.instance())
    if qapp is not None:
        for old in _qt_translators:
            qapp.removeTranslator(old)
        _qt_translators.clear()
        locale = QtCore.QLocale(_current.lang)
        QtCore.QLocale.setDefault(locale)
        if _current.lang != "en":
            tr = QtCore.QTranslator(qapp)
            folder = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
            if tr.load(locale, "qtbase", "_", folder):
                qapp.installTranslator(tr)
                _qt_translators.append(tr)
            else:
                log.warning("Qt's own translations for %s were not found", _current.lang)
            words = QtWordsTranslator(qapp)  # installed last: asked first
            qapp.installTranslator(words)
            _qt_translators.append(words)
        qapp.setLayoutDirection(QtCore.Qt.LayoutDirection.RightToLeft if _current.rtl
                                else QtCore.Qt.LayoutDirection.LeftToRight)
    return _current


# Language names are shown in their own language, whatever the interface language is.
LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}
