# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
