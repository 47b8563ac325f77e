# SPDX-License-Identifier: GPL-3.0-or-later
"""Frozen entry point of ``bayyina`` (the desktop app)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # decoding workers are spawned child processes
    from ui.main import main

    sys.exit(main())
