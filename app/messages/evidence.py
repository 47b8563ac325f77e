# SPDX-License-Identifier: GPL-3.0-or-later
"""Messages of the import pipeline (walking, reading, dedup) and of item commands."""

from app.i18n import N_

MESSAGES = {
    "import.unreadable": N_("{name} could not be read ({reason})."),
    "import.not_regular_file": N_("{name} was skipped: it is not a regular file (a device, pipe "
                                  "or socket)."),
    "import.symlink_outside": N_("{name} was skipped: it is a link that points outside the chosen "
                                 "folder."),
    "import.empty": N_("{name} is empty and was not imported."),
    "import.duplicate": N_("{name} is already in the vault as item {item}."),
    "import.duplicate_in_batch": N_("{name} is the same file as {other} in this import."),
    "import.changed_while_reading": N_("{name} changed while it was being imported; it was not "
                                       "stored. Import it again."),
    "import.bad_method": N_("Unknown import method {method}."),
    "item.not_found": N_("There is no item {item} in this vault."),
    "item.no_such_copy": N_("Item {item} has no {role} copy."),
    "item.no_sanitized_copy": N_("Item {item} has no sanitised copy ({reason}). Use --original "
                                 "to write the original, which may carry identifying metadata."),
    "extract.exists": N_("{path} already exists; choose another name."),
}
