# SPDX-License-Identifier: GPL-3.0-or-later
"""The main window with a recording's detail panel at 1280×720 and 1366×768, Arabic and English
(run, not collected by pytest): the list must stay usable next to the panel.

``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.make_detail_screenshots [OUT_DIR]``
Writes ``detail-{w}x{h}-{lang}.png`` (and the marked moments at 1366×768,
``detail-moments-{lang}.png``) and prints the widths of the list and of the panel.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from tools.make_screenshots import _grab, _wait_for, close_shell, demo_vault, open_shell, run
from tools.make_screenshots import unlock as unlock_shell


def _add_video(vault: Any) -> int:
    from app.ingest import import_paths
    from tests.core.media import avbuild as B

    with tempfile.TemporaryDirectory() as tmp:
        clip = Path(tmp) / "sermon.mp4"
        B.ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-f", "lavfi", "-i",
                 "sine=frequency=440:sample_rate=16000", "-t", "3", "-c:v", "libx264",
                 "-preset", "ultrafast", "-c:a", "aac", clip)
        (o,) = import_paths(vault, [clip]).outcomes
    return int(o.item_id or 0)


def main(out: Path) -> int:
    from ui.application import create_application

    app = create_application([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    with demo_vault(_add_video) as (_tmp, vault_path, video):
        for lang in ("ar", "en"):
            shell, controller = open_shell(app, vault_path, lang)
            window = unlock_shell(shell)
            _wait_for(lambda w=window: w.model.rowCount() > 0 and not controller.runner.running)
            window.select_item(video)
            _wait_for(lambda w=window: w.detail.content.isVisible()
                      and not controller.runner.running)
            for w, h in ((1280, 720), (1366, 768)):
                window.resize(w, h)
                _wait_for(lambda: not controller.runner.running)
                sizes = window.splitter.sizes()
                print(f"{lang} {w}x{h}: window {window.width()} splitter {sizes} "
                      f"detail min {window.detail.minimumSizeHint().width()}")
                _grab(window, out / f"detail-{w}x{h}-{lang}.png")
            detail = window.detail
            detail.tabs.setCurrentIndex(detail.moments_tab)
            detail.moments.label_edit.setText("the threat")
            detail.moments.end_edit.setText("00:02")
            _grab(window, out / f"detail-moments-{lang}.png")
            detail.tabs.setCurrentIndex(0)
            close_shell(shell, controller)
    return 0


if __name__ == "__main__":
    run(main)
