# SPDX-License-Identifier: GPL-3.0-or-later
"""``bayyina-cli``: the command-line front end of the core (docs/cli.md)."""
