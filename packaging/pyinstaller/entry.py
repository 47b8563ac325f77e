# SPDX-License-Identifier: GPL-3.0-or-later
"""Frozen entry point of both ``bayyina`` (the desktop app) and ``bayyina-cli``.

On Linux and macOS the build has one launcher, ``bayyina``, and ``bayyina-cli`` is a symbolic link
to it; on Windows there are two launchers built from this same script. Either way the name the
program was started under picks the command line or the windows.

``bayyina --bayyina-sender`` is the sender process of issue 18 (``python -m app.send.sender`` from
source): the vault process starts it with that switch (:func:`app.send.launch.sender_command`),
and it imports nothing of the vault, the CLI or Qt.
"""

import multiprocessing
import os
import sys

SENDER_SWITCH = "--bayyina-sender"  # the same string as app.send.launch.FROZEN_SENDER_SWITCH


def _started_as_cli() -> bool:
    name = os.path.basename(sys.argv[0] if sys.argv else "").lower()
    return name.removesuffix(".exe") == "bayyina-cli"


if __name__ == "__main__":
    multiprocessing.freeze_support()  # decoding workers are spawned child processes
    if sys.argv[1:2] == [SENDER_SWITCH]:
        del sys.argv[1]
        from app.send.sender import main
    elif _started_as_cli():
        from app.cli.main import main
    else:
        from ui.main import main
    sys.exit(main())
