# SPDX-License-Identifier: GPL-3.0-or-later
"""The entry points harden the process: no core dumps, not dumpable, private umask."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

CHECK = textwrap.dedent("""
    import os, resource, sys
    from app.hardening import harden_process
    done = harden_process()
    print(",".join(done))
    print(resource.getrlimit(resource.RLIMIT_CORE))
    print(oct(os.umask(0o022)))
    if sys.platform.startswith("linux"):
        import ctypes
        print(ctypes.CDLL("libc.so.6").prctl(3, 0, 0, 0, 0))  # PR_GET_DUMPABLE
""")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process limits")
def test_harden_process_in_a_child() -> None:
    r = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    lines = r.stdout.split()
    assert "no-core" in lines[0] and "umask" in lines[0]
    assert lines[1:3] == ["(0,", "0)"]
    assert lines[3] == "0o77"
    if sys.platform.startswith("linux"):
        assert lines[4] == "0"


def test_cli_entry_point_hardens(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.cli.main as cli_main

    called: list[bool] = []
    monkeypatch.setattr(cli_main, "harden_process", lambda: called.append(True) or [])
    assert cli_main.main(["info", "--vault", "/nonexistent"]) != 0  # fails later, hardened first
    assert called == [True]
