# SPDX-License-Identifier: GPL-3.0-or-later
"""Messages for the recipient address book and saved filters."""

from app.i18n import N_

MESSAGES = {
    "addressbook.empty_label": N_("Give the key a name, for example the organisation's."),
    "addressbook.recipient_exists": N_("This key is already in the address book as {label}."),
    "addressbook.recipient_not_found": N_("This key is not in the address book."),
    "addressbook.empty_name": N_("Give the filter a name."),
    "addressbook.filter_not_found": N_("There is no saved filter called {name}."),
}
