# SPDX-License-Identifier: GPL-3.0-or-later
"""./dev bench gui — start-up to the unlock window, first paint of 10,000 items after unlock,
scrolling, peak RSS. Offscreen (``./dev bench`` sets QT_QPA_PLATFORM=offscreen).

Start-up is measured in a fresh interpreter (cold imports, fonts, style, translations) from process
launch to the start window being exposed. The 10,000 items are inserted directly into a vault with
the cheap test KDF (rows plus one small JPEG thumbnail each, no originals), as ``bench/search.py``
does; the measured path is then the real one: unlock button → controller → worker →
``app.cases.list_items`` → model → first paint of the grid with rows. Targets (issue 7): start-up
under 1.5 s, first paint under 500 ms, peak RSS under 500 MB. Printed, not asserted.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

T_LAUNCH = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

N_ITEMS = 10_000
PASSPHRASE = "bench passphrase"


def _startup_child() -> None:
    """Run in a fresh interpreter: time to an exposed start window."""
    from PySide6 import QtCore

    from app.vault import KdfParams
    from ui.application import create_application
    from ui.controller import AppController
    from ui.i18n import install
    from ui.settings import UiSettings
    from ui.shell import Shell

    app = create_application([sys.argv[0]])
    install("ar", app)
    shell = Shell(app, AppController(kdf=KdfParams.testing()), UiSettings(language="ar"),
                  save=False)
    shell.show()
    handle = shell.start_window.windowHandle()
    while handle is None or not handle.isExposed():
        QtCore.QCoreApplication.processEvents()
        handle = shell.start_window.windowHandle()
    shell.start_window.repaint()
    print(json.dumps({"startup_s": time.perf_counter() - T_LAUNCH}))


def measure_startup(runs: int = 3) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, __file__, "--startup-child"], capture_output=True,
                              text=True, check=True,
                              env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
        wall = time.perf_counter() - t0
        line = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")][-1]
        json.loads(line)
        out.append(wall)
    return out


def _thumbnail() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (128, 96), (90, 120, 160)).save(buf, "JPEG", quality=80)
    return buf.getvalue()


def fill(vault_path: Path) -> None:
    from app.vault import KdfParams, create_vault
    from app.vault.blobs import write_blob

    vault = create_vault(vault_path, PASSPHRASE, KdfParams.testing())
    thumb = _thumbnail()
    conn = vault.conn
    conn.execute("BEGIN IMMEDIATE")
    for i in range(N_ITEMS):
        sha = f"{i:064x}"
        cur = conn.execute(
            "INSERT INTO items (uuid, sha256, size, media_type, kind, original_name, "
            "import_method, imported_at, imported_utc_offset, platform, description) "
            "VALUES (?, ?, ?, 'image/jpeg', 'image', ?, 'file', ?, 10800, ?, ?)",
            (str(uuid.uuid4()), sha, 1000 + i, f"لقطة-{i:05d}.jpg",
             f"2026-11-{1 + i % 28:02d}T10:{i % 60:02d}:00+03:00",
             ("facebook", "x", "telegram", "tiktok")[i % 4], f"منشور رقم {i} post"))
        write_blob(conn, int(cur.lastrowid), "thumbnail", "image/jpeg", thumb)
    conn.execute("COMMIT")
    vault.lock()


def measure_session(vault_path: Path) -> dict[str, float]:
    from PySide6 import QtCore

    from app.vault import KdfParams
    from ui.application import create_application
    from ui.controller import AppController
    from ui.i18n import install
    from ui.settings import UiSettings
    from ui.shell import Shell

    app = create_application([sys.argv[0]])
    install("ar", app)
    controller = AppController(kdf=KdfParams.testing())
    shell = Shell(app, controller, UiSettings(language="ar"), vault_path=vault_path, save=False)
    shell.show()
    marks: dict[str, float] = {}

    class PaintProbe(QtCore.QObject):
        def eventFilter(self, _obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
            window = shell.main_window
            if (event.type() == QtCore.QEvent.Type.Paint and window is not None
                    and window.model.rowCount() > 0 and "first_paint" not in marks):
                marks["first_paint"] = time.perf_counter()
            return False

    probe = PaintProbe()
    loop = QtCore.QEventLoop()
    everything = QtCore.QTimer()
    everything.setInterval(5)
    everything.timeout.connect(lambda: loop.quit() if "first_paint" in marks and "all" in marks
                               else None)
    browse = shell.flows.browse
    browse.items_appended.connect(lambda _rows: marks.setdefault("all", time.perf_counter()))
    browse.items_loaded.connect(lambda _rows: marks.setdefault("loaded", time.perf_counter()))
    shell.main_window_shown.connect(lambda: (
        marks.setdefault("shown", time.perf_counter()),
        shell.main_window.evidence.grid.viewport().installEventFilter(probe)))
    shell.start_window.unlock_view.passphrase_edit.setText(PASSPHRASE)
    t0 = time.perf_counter()
    shell.start_window.unlock_view.unlock_button.click()
    # a real event loop (idle in poll, GIL released) as in the app, not a busy Python loop
    everything.start()
    QtCore.QTimer.singleShot(120000, loop.quit)
    loop.exec()
    everything.stop()
    window = shell.main_window
    assert window is not None and window.model.rowCount() == N_ITEMS, "items not listed"
    result = {"unlock_to_window_s": marks["shown"] - t0,
              "unlock_to_first_paint_s": marks["first_paint"] - t0,
              "listing_to_first_paint_s": marks["first_paint"] - marks["loaded"],
              "unlock_to_all_rows_s": marks["all"] - t0}

    # scrolling: repaint synchronously at 40 positions through the grid, then the table
    for name, view in (("grid", window.evidence.grid), ("table", window.evidence.table)):
        window.evidence.set_mode(0 if name == "grid" else 1)
        bar = view.verticalScrollBar()
        times = []
        for step in range(40):
            bar.setValue(bar.maximum() * step // 39)
            t = time.perf_counter()
            view.viewport().repaint()
            times.append(time.perf_counter() - t)
            app.processEvents()
        result[f"{name}_frame_p50_ms"] = statistics.median(times) * 1000
        result[f"{name}_frame_max_ms"] = max(times) * 1000
    controller.runner.wait_for_done(60000)
    app.processEvents()
    controller.lock("bench")
    return result


def main() -> int:
    if "--startup-child" in sys.argv:
        _startup_child()
        return 0
    from bench._util import peak_rss_mb, row

    print("GUI benchmark (offscreen, Arabic)")
    startup = measure_startup()
    row("start-up to unlock window (best of 3)", f"{min(startup):.2f} s  (runs: "
        + ", ".join(f"{s:.2f}" for s in startup) + "; target < 1.5 s)")
    with tempfile.TemporaryDirectory(prefix="bayyina-bench-gui-") as tmp:
        vault_path = Path(tmp) / "bench.bayyina"
        t = time.perf_counter()
        fill(vault_path)
        row(f"fill {N_ITEMS:,} items + thumbnails (setup)", f"{time.perf_counter() - t:.1f} s")
        res = measure_session(vault_path)
    row("unlock click → main window shown", f"{res['unlock_to_window_s'] * 1000:.0f} ms (test KDF)")
    row(f"unlock click → first paint of {N_ITEMS:,} items",
        f"{res['unlock_to_first_paint_s'] * 1000:.0f} ms (target < 500 ms)")
    row("  of which: first page delivered → first paint",
        f"{res['listing_to_first_paint_s'] * 1000:.0f} ms")
    row(f"unlock click → all {N_ITEMS:,} rows in the model",
        f"{res['unlock_to_all_rows_s'] * 1000:.0f} ms")
    for name in ("grid", "table"):
        row(f"scroll repaint, {name} (p50 / max)",
            f"{res[f'{name}_frame_p50_ms']:.1f} / {res[f'{name}_frame_max_ms']:.1f} ms")
    row("peak RSS (this process)", f"{peak_rss_mb():.0f} MB (target < 500 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
