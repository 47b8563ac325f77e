# SPDX-License-Identifier: GPL-3.0-or-later
"""Frozen entry point of ``bayyina-cli``."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from app.cli.main import main

    sys.exit(main())
