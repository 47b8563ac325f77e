# SPDX-License-Identifier: GPL-3.0-or-later
"""The worker pool: isolation of crashes and timeouts, one file failing at a time."""

from __future__ import annotations

import os
import signal
import time

import pytest

from app.errors import InputRejected
from app.media import Limits, MediaWorkerPool
from tests.core.media import gen

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")


def _slow_png() -> bytes:
    return gen.png_bytes(gen.noise("RGB", (1500, 1500), seed=7), compress_level=1)


def test_killed_worker_fails_only_its_file_and_the_pool_goes_on() -> None:
    small = gen.png_bytes(gen.gradient())
    slow = _slow_png()
    with MediaWorkerPool(workers=2) as pool:
        assert pool.submit(small).result(timeout=60).kind == "image"  # workers are up
        victim = pool.submit(slow)
        deadline = time.monotonic() + 30
        while not pool._busy_pids() and time.monotonic() < deadline:
            time.sleep(0.001)
        pids = pool._busy_pids()
        assert pids, "the worker never started on the file"
        os.kill(pids[0], signal.SIGKILL)
        others = [pool.submit(small) for _ in range(6)]
        with pytest.raises(InputRejected) as info:
            victim.result(timeout=60)
        assert info.value.code == "import.decoder_crashed"
        assert all(f.result(timeout=60).sanitized is not None for f in others)
        assert pool.submit(slow).result(timeout=60).pixels_equal


def test_worker_killed_while_idle_does_not_fail_the_next_file() -> None:
    small = gen.png_bytes(gen.gradient())
    with MediaWorkerPool(workers=1) as pool:
        pool.submit(small).result(timeout=60)
        # the slot thread keeps its worker; find the child through psutil-free means
        worker = pool._threads
        assert worker
        children = [p for p in _children() if p != os.getpid()]
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        assert pool.submit(small).result(timeout=60).pixels_equal


def _children() -> list[int]:
    import multiprocessing

    return [p.pid for p in multiprocessing.active_children()
            if p.name == "bayyina-media-worker" and p.pid]


def test_timeout_fails_the_file_and_the_pool_recovers() -> None:
    with MediaWorkerPool(Limits(decode_timeout_s=0.05), workers=1) as pool:
        with pytest.raises(InputRejected) as info:
            pool.submit(_slow_png()).result(timeout=60)
        assert info.value.code == "import.decoder_timeout"
        assert info.value.params["seconds"] == 0.05
    with MediaWorkerPool(workers=1) as pool:
        assert pool.submit(gen.png_bytes(gen.gradient())).result(timeout=60).pixels_equal


def test_memory_limit_refuses_instead_of_taking_the_app_down() -> None:
    # 40 MP of RGB needs 120 MB decoded; the worker (about 40 MB of address space when idle)
    # gets 100 MB
    from PIL import Image

    data = gen.png_bytes(Image.new("RGB", (8000, 5000), (1, 2, 3)), compress_level=1)
    with MediaWorkerPool(Limits(decode_memory_bytes=100 * 1024 * 1024), workers=1) as pool:
        with pytest.raises(InputRejected) as info:
            pool.submit(data).result(timeout=120)
        assert info.value.code in ("import.decoder_crashed", "import.corrupt")
        assert pool.submit(gen.png_bytes(gen.gradient())).result(timeout=60).pixels_equal


def test_rejections_cross_the_process_boundary() -> None:
    with MediaWorkerPool(workers=2) as pool:
        f1 = pool.submit(gen.png_claiming(100_000, 100_000))
        f2 = pool.submit(b"%PDF-1.4 hello")
        with pytest.raises(InputRejected) as info:
            f1.result(timeout=60)
        assert info.value.code == "import.too_many_pixels"
        assert f2.result(timeout=60).kind == "attachment"
    with pytest.raises(RuntimeError):
        pool.submit(b"x")
