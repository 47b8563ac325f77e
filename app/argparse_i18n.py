# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Route argparse's own strings ("usage:", "show this help message and exit", …) through our
catalog.

argparse calls its module-level ``_`` at run time; pointing it at our translations makes its help
and errors speak the user's language. The msgids are listed here so Babel extracts them.
"""

from __future__ import annotations

import argparse

from app.i18n import N_, Translations

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("positional arguments"),
    N_("options"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("not allowed with argument %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def install(tr: Translations) -> None:
    argparse._ = tr.gettext  # type: ignore[attr-defined]
