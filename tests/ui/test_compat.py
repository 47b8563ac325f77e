# SPDX-License-Identifier: GPL-3.0-or-later
"""The None-refcount guard (ui/compat.py): the binding defect is real, and the guard outlives it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if sys.argv[1] == "guard":
        from ui.compat import make_none_immortal
        make_none_immortal()
    from PySide6 import QtCore, QtWidgets
    app = QtWidgets.QApplication([])
    label = QtWidgets.QLabel()
    class Carrier(QtCore.QObject):
        flagged = QtCore.Signal(bool)
    carrier = Carrier()
    carrier.flagged.connect(lambda _v: None)
    for i in range(30000):
        label.setText("x")
        carrier.flagged.emit(i % 2 == 0)
    print("survived")
""")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal on CPython 3.12+")
def test_compat_guard_prevents_none_dealloc_abort() -> None:
    guarded = subprocess.run([sys.executable, "-c", SCRIPT, "guard"], capture_output=True,
                             text=True, timeout=120, check=False)
    assert guarded.returncode == 0 and "survived" in guarded.stdout, guarded.stderr[-500:]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal on CPython 3.12+")
def test_compat_binding_still_leaks_none() -> None:
    """When this fails, the binding is fixed: ui/compat.make_none_immortal can go."""
    bare = subprocess.run([sys.executable, "-c", SCRIPT, "bare"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert bare.returncode != 0 and "_dealloc" in bare.stderr
