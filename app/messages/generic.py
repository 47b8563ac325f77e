# SPDX-License-Identifier: GPL-3.0-or-later
"""Messages not tied to one area."""

from app.i18n import N_

MESSAGES = {
    "generic.unknown": N_("Something went wrong ({code})."),
    "generic.io": N_("Could not read or write {path}: {reason}."),
    "generic.unexpected": N_("An unexpected error occurred. Nothing was lost; try again, and "
                             "if it happens again, tell the people who support you."),
    "file.exists": N_("{path} already exists; choose another name."),
    "file.cannot_publish": N_("{path} cannot be created safely on this drive (it can neither "
                              "link nor rename without replacing). Choose another drive."),
    "task.cancelled": N_("Cancelled. Everything finished before the cancel was kept."),
}
