# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Bayyina's domain core. This package must not import PySide6 or any networking library."""

__version__ = "0.1.0"
