# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Sending (issue 18): ``contact make|add|list``, ``send``, ``outbox``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

_Reg = Callable[[argparse.ArgumentParser], None]


def register(sub: argparse._SubParsersAction, _: Callable[[str], str], add_globals: _Reg) -> None:
    del sub, _, add_globals
