# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Bayyina's PySide6 desktop interface: a thin layer over :mod:`app`. Qt lives only here."""
