# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Messages of the ``report`` command and of :mod:`app.report.collect` (PDF reports from the
vault)."""

from app.i18n import N_

MESSAGES = {
    "report.no_items": N_("There is nothing to report: no items were chosen, or the case has no "
                          "items."),
    "report.items_and_case": N_("Choose either --case or --items, not both."),
    "report.bad_items": N_("--items takes item numbers separated by commas, such as 3,7,12 (got "
                           "{value})."),
    "report.exists": N_("{path} already exists; choose another name."),
    "report.folder_missing": N_("There is no folder {path}: choose a folder that exists."),
    "report.cannot_write": N_("The report could not be written to {path} ({reason})."),
}

# Command-line texts (help and results), extracted for translation.
HELP = (
    N_("write a PDF evidence report (Arabic or English)"),
    N_("where to write the PDF; an existing file is never overwritten"),
    N_("only the items of this case"),
    N_("only these items (numbers separated by commas)"),
    N_("ID,ID..."),
    N_("withhold the images of items flagged graphic or intimate"),
    N_("Wrote the report ({count} items, {lang}) to {path}."),
    N_("SHA-256 of the report: {sha}"),
    N_("All the evidence in this vault"),
    N_("Selected evidence items"),
)
