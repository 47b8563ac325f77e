# SPDX-License-Identifier: GPL-3.0-or-later
"""./dev bench chat_view — the chat view (issue 14) over a 100,000-message WhatsApp export:
first page painted, every page read, the list laid out, scrolling, a jump to the end, search;
against a 1,000-message chat measured in the same run (the baseline: scrolling must cost the same
at 100 times the size). Offscreen; printed, not asserted.

The export is generated (``tests.core.chats.gen.big_whatsapp``) and imported through the real
pipeline; the measured path is the GUI's: ``ui.jobs.chats`` → ``ChatMessagesModel`` →
``ChatBubbleDelegate`` in ``ChatWindow``'s list. A scroll step is one page down and a synchronous
repaint of the viewport.

``PYTHONPATH=$PWD .venv/bin/python bench/chat_view.py [N]`` (N messages, default 100,000).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench._util import peak_rss_mb, row  # noqa: E402

PASSPHRASE = "bench passphrase"


def _chat(vault, n: int, tmp: Path) -> int:  # type: ignore[no-untyped-def]
    from app.ingest import import_paths
    from tests.core.chats import gen

    path = tmp / f"WhatsApp Chat with bench {n}.txt"
    path.write_bytes(gen.big_whatsapp(n, locale="ar"))
    summary = import_paths(vault, [path], chat_offset="+03:00")
    return next(int(o.item_id or 0) for o in summary.outcomes if o.kind == "chat")


def _settle(app, view) -> float:  # type: ignore[no-untyped-def]
    """Process events until the batched layout has reached the last row; how long it took."""
    t0 = time.perf_counter()
    model = view.model()
    last = model.index(model.rowCount() - 1, 0)
    while not view.visualRect(last).isValid() or view.visualRect(last).height() <= 0 or \
            view.verticalScrollBar().maximum() < view.viewport().height():
        app.processEvents()
        if time.perf_counter() - t0 > 120:
            break
    return time.perf_counter() - t0


def measure(app, vault, chat_id: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from ui.jobs import chats
    from ui.views.chat_view import ChatWindow

    out: dict[str, float] = {}
    t0 = time.perf_counter()
    opened = chats.open_chat(vault, chat_id)
    window = ChatWindow()
    window.resize(1340, 720)
    window.set_chat(opened.chat, opened.rows)
    window.show()
    app.processEvents()
    window.list.viewport().repaint()
    out["first_page_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    measure = window.measurer()
    while window.loaded() < window.total:  # as the flow does, in its worker
        rows, heights = chats.load_measured(vault, chat_id, window.loaded(), measure)
        window.append_rows(rows, heights, measure.font)
        app.processEvents()
    out["all_pages_s"] = time.perf_counter() - t0
    out["layout_s"] = _settle(app, window.list)
    bar = window.list.verticalScrollBar()
    out["scroll_range_px"] = float(bar.maximum())
    steps = []
    window.list.scrollToTop()
    app.processEvents()
    for step in range(200):
        t = time.perf_counter()
        bar.setValue((step * 7919 * bar.pageStep()) % max(1, bar.maximum()))  # all over it
        window.list.viewport().repaint()
        steps.append(time.perf_counter() - t)
    out["scroll_p50_ms"] = statistics.median(steps) * 1000
    out["scroll_p95_ms"] = statistics.quantiles(steps, n=20)[-1] * 1000
    t = time.perf_counter()
    window.show_message(window.total - 1)
    window.list.viewport().repaint()
    out["jump_end_ms"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    found = chats.search(vault, chat_id, "ستندمين")
    window.set_results(found.rows, found.total, found.shown, True)
    window.results.viewport().repaint()
    out["search_ms"] = (time.perf_counter() - t) * 1000
    out["messages"] = float(window.loaded())
    out["measured_on_gui"] = float(window.delegate.measured_here)
    window.close()
    window.deleteLater()
    app.processEvents()
    return out


def main() -> int:
    from app.vault import KdfParams, create_vault
    from ui.application import create_application
    from ui.i18n import install

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    app = create_application([sys.argv[0]])
    install("ar", app)
    with tempfile.TemporaryDirectory(prefix="bayyina-bench-chat-") as tmp_name:
        tmp = Path(tmp_name)
        vault = create_vault(tmp / "v.bayyina", PASSPHRASE, KdfParams.testing())
        small_id = _chat(vault, 1_000, tmp)
        t0 = time.perf_counter()
        big_id = _chat(vault, n, tmp)
        imported = time.perf_counter() - t0
        base = measure(app, vault, small_id)
        big = measure(app, vault, big_id)
        vault.lock()
    print(f"chat view: {n:,} messages (baseline: 1,000 messages, same run)")
    row("import of the export (pipeline)", f"{imported:.1f} s")
    for key, label, unit in (("first_page_s", "first page painted", "s"),
                             ("all_pages_s", "every page read into the view", "s"),
                             ("layout_s", "batched layout finished", "s"),
                             ("scroll_p50_ms", "scroll a page, p50", "ms"),
                             ("scroll_p95_ms", "scroll a page, p95", "ms"),
                             ("jump_end_ms", "jump to the last message", "ms"),
                             ("search_ms", "search + results painted", "ms")):
        row(label, f"{big[key]:.3f} {unit}   (baseline {base[key]:.3f} {unit})")
    row("messages in the view", f"{int(big['messages']):,} (measured on the GUI thread: "
                                f"{int(big['measured_on_gui']):,})")
    row("scroll range", f"{int(big['scroll_range_px']):,} px (baseline "
                        f"{int(base['scroll_range_px']):,} px)")
    row("peak RSS (whole run)", f"{peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
