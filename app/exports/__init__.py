# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""What leaves the vault for someone else's system: takedown packets for the platforms'
trust-and-safety channels (:mod:`app.exports.packet`) and tables for the organisation's database —
Uwazi, generic CSV, JSON Lines (:mod:`app.exports.tables`).

Both read the vault and the case model and write only where the user points, through
:func:`app.safefile.new_file`; only clean copies ever leave, never originals.
"""
