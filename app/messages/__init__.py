# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""User-facing sentences for error codes, looked up by code and translated at display time.

Each area of the core keeps its own table in a sibling module (``vault``, ``ingest``, ``bundle``,
``report``, ``cases``); every template is marked with ``N_`` so Babel extracts it, uses only named
``{placeholders}``, and is translated through :func:`app.i18n.translations`.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from app.errors import AppError
from app.i18n import Translations
from app.textsafety import bidi_isolate, clean_untrusted

_TABLE: dict[str, str] = {}


def _load() -> dict[str, str]:
    if not _TABLE:
        for info in pkgutil.iter_modules(__path__):
            mod = importlib.import_module(f"{__name__}.{info.name}")
            _TABLE.update(getattr(mod, "MESSAGES", {}))
    return _TABLE


def template_for(code: str) -> str | None:
    return _load().get(code)


def all_codes() -> dict[str, str]:
    return dict(_load())


def describe(err: AppError, tr: Translations, *, isolate: bool = True) -> str:
    """One clear sentence for ``err`` in the language of ``tr``.

    Parameters are untrusted (file names, metadata): control characters and bidi overrides are
    stripped and, for right-to-left languages (``isolate``), every value is isolated so that Latin
    fragments read correctly inside Arabic.
    """
    template = _load().get(err.code)
    if template is None:
        template = _load()["generic.unknown"]
        params: dict[str, Any] = {"code": err.code}
    else:
        params = dict(err.params)
    wrap = bidi_isolate if isolate else (lambda s: s)
    safe = {k: wrap(clean_untrusted(str(v))) for k, v in params.items()}
    text = tr.gettext(template)
    try:
        return text.format(**safe)
    except (KeyError, IndexError, ValueError):
        return template.format_map(_Missing(safe))


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
