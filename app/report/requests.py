# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""What a front end asks for a PDF report: one frozen, validated request.

The report dialog and ``bayyina-cli report`` build the same :class:`ReportRequest`;
:func:`app.report.collect.write_report` takes it. No vault here (the report package's rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.errors import AppError
from app.i18n import normalize_language
from app.textsafety import DIGIT_STYLES


@dataclass(frozen=True)
class ReportRequest:
    """A report written at ``out`` (a new file, never replacing one) for ``item_ids``, or the
    case titled ``case_title``, or every item; in ``lang``; ``redact_sensitive`` withholds the
    images of items flagged graphic or intimate.

    Raises (on construction):
        AppError: ``report.items_and_case`` (both scopes), ``report.no_items`` (an empty
            selection).
    """

    out: Path
    item_ids: tuple[int, ...] | None = None
    case_title: str | None = None
    lang: str = "en"
    redact_sensitive: bool = False
    digits: str = "western"  # or "arabic-indic": the GUI's display setting, in the PDF too
    hijri: bool = False  # the civil Hijri date beside each Gregorian one

    def __post_init__(self) -> None:
        object.__setattr__(self, "out", Path(self.out))
        object.__setattr__(self, "lang", normalize_language(self.lang))
        if self.digits not in DIGIT_STYLES:
            object.__setattr__(self, "digits", "western")
        if self.item_ids is not None:
            object.__setattr__(self, "item_ids", tuple(int(i) for i in self.item_ids))
            if self.case_title is not None:
                raise AppError("report.items_and_case")
            if not self.item_ids:
                raise AppError("report.no_items")


__all__ = ["ReportRequest"]
