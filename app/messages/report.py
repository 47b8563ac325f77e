# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Messages of the PDF report engine (:mod:`app.report`)."""

from app.i18n import N_

MESSAGES = {
    "report.font_missing": N_("The report font {font} is not installed; reinstall Bayyina."),
    "report.layout_failed": N_("The report could not be laid out ({detail})."),
}
