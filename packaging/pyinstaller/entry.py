# SPDX-License-Identifier: GPL-3.0-or-later
"""Frozen entry point of both ``bayyina`` (the desktop app) and ``bayyina-cli``.

On Linux and macOS the build has one launcher, ``bayyina``, and ``bayyina-cli`` is a symbolic link
to it; on Windows there are two launchers built from this same script. Either way the name the
program was started under picks the command line or the windows.
"""

import multiprocessing
import os
import sys


def _started_as_cli() -> bool:
    name = os.path.basename(sys.argv[0] if sys.argv else "").lower()
    return name.removesuffix(".exe") == "bayyina-cli"


if __name__ == "__main__":
    multiprocessing.freeze_support()  # decoding workers are spawned child processes
    if _started_as_cli():
        from app.cli.main import main
    else:
        from ui.main import main
    sys.exit(main())
