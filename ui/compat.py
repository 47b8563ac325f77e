# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Work-arounds for defects in the binding, applied once at start-up, before Qt is used.

**None's and the bools' reference counts (PySide6/shiboken6 6.12.0 on CPython 3.11).** Measured
here: many void methods (``QLabel.setText``, ``QTimer.start``, ``QCoreApplication.processEvents``,
``QEventLoop.exec``) and Python overrides of void virtuals (``paintEvent``) return ``None``
without taking a reference, so each call drops None's count by one; emitting a ``Signal(bool)``
drops one reference of ``True``/``False`` per emission (ints, strings and objects are fine).
CPython 3.11 starts with about 5,000 references: a few thousand calls later (seconds of mouse
movement, since the idle timer restarts on input) the process aborts with
``Fatal Python error: none_dealloc``. CPython 3.12 made None immortal (PEP 683), which hides the
bug. Until the project runs on 3.12+ or a fixed binding, we do what 3.12 does: give these three
singletons a reference count so large that the leak cannot reach zero in any session.
``tests/ui`` checks the defect and this guard.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # about 10^12 leaked references


_SINGLETONS = (None, True, False)


def make_none_immortal() -> bool:
    """Pin None, True and False for CPython < 3.12 (no-op on 3.12+, where they are immortal).

    Returns True if applied now.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if sys.getrefcount(None) > _HEADROOM // 2:
        return False  # already applied
    for obj in _SINGLETONS:
        # ob_refcnt is the first field of every PyObject in release builds.
        ctypes.c_ssize_t.from_address(id(obj)).value += _HEADROOM
    return True
