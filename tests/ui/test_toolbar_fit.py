# SPDX-License-Identifier: GPL-3.0-or-later
"""Every toolbar action is in view — none in Qt's overflow menu — on 1280×720 and 1366×768 at
100 % and 125 %, in Arabic and English (issue 13): words beside the icons while there is room,
then icons only (named in the tooltip and for screen readers); Lock and Hide and lock keep their
words. A real offscreen screen of that size and scale, in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENS = [(1280, 720, 1.25), (1366, 768, 1.25), (1280, 720, 1.0), (1366, 768, 1.0)]
ALWAYS_WORDS = {"en": ("Hide and lock", "Lock"), "ar": ("إخفاء وقفل", "قفل")}
VIEW_PAIR = {"en": ("Grid", "Table"), "ar": ("شبكة", "جدول")}  # compacted together


def _probe(tmp_path: Path, width: int, height: int, scale: float) -> list[dict]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": round(96 * scale), "logicalBaseDpi": 96}]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    proc = subprocess.run([sys.executable, "-m", "tests.ui.toolbar_probe"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("width", "height", "scale"), SCREENS)
def test_every_toolbar_action_is_in_view(tmp_path: Path, width: int, height: int,
                                         scale: float) -> None:
    shown = _probe(tmp_path, width, height, scale)
    assert [w["lang"] for w in shown] == ["en", "ar"]
    for w in shown:
        where = f"{w['lang']} at {width}x{height} {scale:.0%}"
        bar_w, bar_h = w["bar"]
        assert bar_w <= round(width / scale), where
        assert not w["overflow"], f"{where}: the overflow menu is shown"
        assert len(w["items"]) == 12, where  # 10 actions, Organise and More
        for name, item in w["items"].items():
            x, y, iw, ih = item["rect"]
            assert item["visible"] and x >= 0 and x + iw <= bar_w and y + ih <= bar_h, \
                f"{where}: {name} at {item['rect']} not in the bar {w['bar']}"
            assert name in item["accessible"], f"{where}: {name} has no spoken name"
            if not item["text_shown"]:
                assert name.rstrip("…") in item["tooltip"], f"{where}: {name} has no tooltip"
        for name in ALWAYS_WORDS[w["lang"]]:
            assert w["items"][name]["text_shown"], f"{where}: {name} lost its words"
        grid, table = VIEW_PAIR[w["lang"]]
        assert w["items"][grid]["text_shown"] == w["items"][table]["text_shown"], where
        if scale == 1.0:  # room enough: words beside every icon
            assert all(i["text_shown"] for i in w["items"].values()), where
        if (width, scale) == (1280, 1.25) and w["lang"] == "en":
            assert not all(i["text_shown"] for i in w["items"].values())  # it had to compact


@pytest.mark.parametrize(("width", "height", "scale"), SCREENS)
def test_export_shows_the_key_fingerprint_whole(tmp_path: Path, width: int, height: int,
                                                scale: float) -> None:
    """The export dialog's key fingerprint (it was cut off at the right edge): 16 groups of
    four, two lines of eight, each line inside the label and the label inside the scroll area."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": round(96 * scale), "logicalBaseDpi": 96}]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    proc = subprocess.run([sys.executable, "-m", "tests.ui.toolbar_probe", "fingerprint"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
                          check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    shown = json.loads(proc.stdout.strip().splitlines()[-1])
    assert [w["lang"] for w in shown] == ["en", "ar"]
    for w in shown:
        plain = w["text"].replace("\u2066", "").replace("\u2069", "")
        lines = plain.split("\n")
        assert [len(line.split()) for line in lines] == [8, 8]
        assert all(len(g) == 4 for line in lines for g in line.split())
        assert w["visible"]
        assert all(advance <= w["width"] for advance in w["lines"]), w  # no line wraps or clips
        assert w["x"] >= 0 and w["x"] + w["width"] <= w["viewport"], w
        assert w["height"] >= w["needed_height"], w
        assert w["dialog"][0] <= w["screen"][0] and w["dialog"][1] <= w["screen"][1], w
