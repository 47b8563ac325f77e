# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Process hardening applied first thing by ``bayyina`` and ``bayyina-cli``.

- ``umask 077``: every file we create is the user's alone.
- No core dumps (``RLIMIT_CORE = 0``) and, on Linux, not dumpable (``PR_SET_DUMPABLE = 0``): a crash
  must not leave the vault key and decrypted evidence in a core file, and other processes of the
  same user cannot attach a debugger or read our memory through /proc (``docs/design.md`` §Process
  hardening). Each step is best effort and guarded for platforms that lack it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

PR_SET_DUMPABLE = 4


def harden_process() -> list[str]:
    """Apply what this platform supports; return the names of the steps that took effect."""
    done: list[str] = []
    if os.name == "posix":
        os.umask(0o077)
        done.append("umask")
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            done.append("no-core")
        except (ImportError, ValueError, OSError):
            pass
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0:
                done.append("not-dumpable")
        except (OSError, AttributeError):
            pass
    return done
