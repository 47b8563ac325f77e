# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Messages of takedown packets and table exports (:mod:`app.exports`)."""

from app.i18n import N_

MESSAGES = {
    "export.items_or_case": N_("Choose the items either by case (--case) or by number (--items)."),
    "export.no_items": N_("There are no items to export."),
    "export.exists": N_("{path} already exists; choose a new name."),
    "export.folder_not_empty": N_("The folder {path} is not empty; choose a new or empty folder."),
    "export.cannot_write": N_("Cannot write {path}: {reason}."),
    "export.unknown_format": N_("Unknown table format {format}; use one of: {known}."),
    "takedown.unknown_platform": N_("No takedown packet for the platform {platform}; use one "
                                    "of: {known}."),
    "takedown.no_items": N_("None of these items was posted on {platform}."),
    "takedown.wrong_platform": N_("Items {items} were not posted on {platform}; a packet only "
                                  "holds that platform's posts."),
}
