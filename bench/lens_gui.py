# SPDX-License-Identifier: GPL-3.0-or-later
"""./dev bench lens_gui — the lens queue in the GUI never blocks it (issue 15).

A vault with generated post screenshots (Arabic and English, ``bench/_lens_synth.py``) is opened
in the real shell; the queue (PDQ and OCR of every picture) starts after unlock in a worker. The
event loop's responsiveness is measured the same way twice in one run: a 10-ms timer's late
ticks (how long the GUI thread could not answer) and the time from selecting an item to its
detail shown, first with the queue paused (the baseline), then while the queue runs. Also
printed: the queue's pictures per minute inside the GUI. Offscreen; printed, not asserted.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

N_SHOTS = 16
PASSPHRASE = "bench passphrase"


def fill(vault_path: Path) -> None:
    from app.ingest import import_bytes
    from app.vault import KdfParams, create_vault
    from bench import _lens_synth as synth

    vault = create_vault(vault_path, PASSPHRASE, KdfParams.testing())
    for n in range(N_SHOTS):
        shot = synth.text_screenshot(n, "ar" if n % 2 else "en", synth.PLATFORMS[n % 4],
                                     dark=n % 3 == 0, font_name="noto-arabic" if n % 2 else
                                     "dejavu", size=26)
        buf = io.BytesIO()
        shot.image.save(buf, "PNG")
        import_bytes(vault, buf.getvalue(), name=f"shot-{n}.png")
    vault.lock()


def _pump(app, seconds: float, gaps: list[float]) -> None:  # type: ignore[no-untyped-def]
    from PySide6 import QtCore  # noqa: TID251  (the GUI's own bench)

    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000 - 10)
        last[0] = now

    timer = QtCore.QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 5)
    timer.stop()


def _detail_ms(app, shell, item_id: int) -> float:  # type: ignore[no-untyped-def]
    from PySide6 import QtCore  # noqa: TID251  (the GUI's own bench)

    done: list[float] = []
    start = time.perf_counter()
    shell.flows.browse.detail_loaded.connect(lambda _d: done.append(time.perf_counter()))
    shell.flows.browse.load_detail(item_id)
    while not done:
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 5)
    shell.flows.browse.detail_loaded.disconnect()
    return (done[0] - start) * 1000


def main() -> int:
    from PySide6 import QtCore  # noqa: TID251  (the GUI's own bench)

    from app.cases import lens
    from app.vault import KdfParams
    from bench._util import row
    from ui.application import create_application
    from ui.controller import AppController
    from ui.settings import UiSettings
    from ui.shell import Shell

    app = create_application([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="bayyina-bench-") as tmp:
        vault_path = Path(tmp) / "bench.bayyina"
        fill(vault_path)
        shell = Shell(app, AppController(kdf=KdfParams.testing()), UiSettings(language="en"),
                      vault_path=vault_path, save=False)
        shell.show()
        flow = shell.flows.lens
        shell.start_window.unlock_view.passphrase_edit.setText(PASSPHRASE)
        shell.start_window.unlock_view.unlock_button.click()
        while shell.main_window is None:
            app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 5)
        flow.set_paused(True)  # the baseline: the same window, the queue paused
        while flow.is_running or shell.controller.runner.running:
            app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 5)
        vault = shell.controller.vault
        assert vault is not None
        ids = [int(r[0]) for r in vault.read("SELECT id FROM items ORDER BY id")]
        idle_gaps: list[float] = []
        _pump(app, 2.0, idle_gaps)
        idle_detail = [_detail_ms(app, shell, i) for i in ids[:6]]
        queued = lens.state(vault).queued
        busy_gaps: list[float] = []
        busy_detail: list[float] = []
        t0 = time.perf_counter()
        flow.set_paused(False)
        n = 0

        def running() -> bool:
            return flow.is_running

        while running():
            _pump(app, 0.25, busy_gaps)
            busy_detail.append(_detail_ms(app, shell, ids[n % len(ids)]))
            n += 1
        elapsed = time.perf_counter() - t0
        st = lens.state(vault)
        shell.controller.lock("user")
        shell.controller.runner.wait_for_done(30000)

    def p95(xs: list[float]) -> float:
        return statistics.quantiles(xs, n=20)[-1] if len(xs) >= 20 else max(xs)

    row("pictures", f"{N_SHOTS} screenshots, {queued} tasks (PDQ + OCR), {st.failed} failed")
    row("queue in the GUI", f"{elapsed:.1f} s, {60 * N_SHOTS / elapsed:.0f} pictures/min")
    row("event loop late ticks", f"paused p95 {p95(idle_gaps):.1f} ms, max "
        f"{max(idle_gaps):.1f} ms | running p95 {p95(busy_gaps):.1f} ms, max "
        f"{max(busy_gaps):.1f} ms")
    row("detail shown", f"paused median {statistics.median(idle_detail):.0f} ms | running "
        f"median {statistics.median(busy_detail):.0f} ms, max {max(busy_detail):.0f} ms "
        f"({len(busy_detail)} loads)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
