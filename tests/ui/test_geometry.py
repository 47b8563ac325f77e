# SPDX-License-Identifier: GPL-3.0-or-later
"""Every window and dialog — the import preview and summary, My signing key, the date range and the
first-run guide too — fits the field laptop's screen: 1280×720 and 1366×768, at 100 % and 125 %
scaling, in Arabic and English; their buttons in view, nothing larger than the screen.

Each screen is a real offscreen screen of that size and device pixel ratio (Qt's offscreen
platform reads it from a JSON configuration), in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENS = [(1280, 720, 1.0), (1280, 720, 1.25), (1366, 768, 1.0), (1366, 768, 1.25)]


def _probe(tmp_path: Path, width: int, height: int, scale: float) -> list[dict]:  # type: ignore[type-arg]
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": round(96 * scale), "logicalBaseDpi": 96}]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    proc = subprocess.run([sys.executable, "-m", "tests.ui.geometry_probe"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize(("width", "height", "scale"), SCREENS)
def test_every_window_fits_the_screen(tmp_path: Path, width: int, height: int,
                                      scale: float) -> None:
    shown = _probe(tmp_path, width, height, scale)
    logical = (round(width / scale), round(height / scale))
    assert len(shown) == 64  # 32 windows and dialogs, in two languages
    bad = []
    for w in shown:
        sx, sy, sw, sh = w["screen"]
        assert (sw, sh) == logical
        fx, fy, fw, fh = w["frame"]
        where = f"{w['name']} ({w['lang']})"
        if fx < sx or fy < sy or fx + fw > sx + sw or fy + fh > sy + sh:
            bad.append(f"{where}: frame {w['frame']} outside the screen {w['screen']}")
        if w["minimum"][0] > sw or w["minimum"][1] > sh - 40:
            bad.append(f"{where}: needs at least {w['minimum']}, the screen has {sw}×{sh}")
        iw, ih = w["inner"]
        for name, b in w["buttons"].items():
            x, y, bw, bh = b["rect"]
            if not b["visible"] or x < 0 or y < 0 or x + bw > iw or y + bh > ih:
                bad.append(f"{where}: {name} at {b['rect']} not in view in {iw}×{ih}")
    assert bad == []
