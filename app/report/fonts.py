# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Fonts for reports, registered once with reportlab from the ``fontpkg-*`` PyPI packages.

Amiri (OFL-1.1) covers Arabic, its presentation forms (needed by arabic-reshaper) and Latin, and
has a static Bold, so one family serves every paragraph, table cell, chart label, header and footer.
Every font is a TrueType font that reportlab subsets and embeds; no base-14 font is ever used.
Files are found through ``importlib.resources`` (needs only ``--collect-data`` when frozen), with
``fontpkg.path`` as the fallback.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from app.errors import AppError
from app.report.shaping import ShapingFont

REGULAR = "Bayyina-Amiri"
BOLD = "Bayyina-Amiri-Bold"
_FILES = {REGULAR: ("Amiri-Regular.ttf", 400), BOLD: ("Amiri-Bold.ttf", 700)}
_lock = threading.Lock()
_done = False


def _font_file(name: str, weight: int) -> Path:
    """The TTF file of Amiri ``name``; raises ``AppError("report.font_missing")``."""
    try:
        candidate = resources.files("fontpkg_amiri") / "files" / name
        if candidate.is_file():
            return Path(str(candidate))
    except ModuleNotFoundError:
        pass
    try:
        import fontpkg

        found = Path(fontpkg.path("Amiri", weight=weight))
    except Exception as exc:  # fontpkg missing, or the family not installed (frozen builds)
        raise AppError("report.font_missing", font=name) from exc
    if not found.is_file():
        raise AppError("report.font_missing", font=name)
    return found


def register_fonts() -> None:
    """Register the report fonts with reportlab (idempotent, thread-safe)."""
    # A process-wide, once-only registration with reportlab (under _lock).
    global _done  # noqa: PLW0603
    with _lock:
        if _done:
            return
        for alias, (filename, weight) in _FILES.items():
            pdfmetrics.registerFont(ShapingFont(alias, str(_font_file(filename, weight))))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                      boldItalic=BOLD)
        _done = True
