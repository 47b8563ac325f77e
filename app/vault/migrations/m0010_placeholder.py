# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Placeholder for version 10 (another branch's migration); dropped at merge."""

VERSION = 10

SQL = ""
