# SPDX-License-Identifier: GPL-3.0-or-later
"""Small helpers for the benchmarks: peak RSS, timing, printing a table."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from typing import Any


def peak_rss_mb() -> float:
    """Peak resident set of this process (VmHWM), MB."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> bool:
    """Start this process's VmHWM afresh (Linux: ``5`` into ``/proc/self/clear_refs``), so that
    :func:`peak_rss_mb` measures from here; False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def children_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def row(label: str, value: str) -> None:
    print(f"  {label:<44} {value}")


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
