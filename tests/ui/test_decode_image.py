# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""ui.jobs.evidence.decode_image: pictures from the vault are decoded by the reader of their own
format, never by Qt's guess (which asks every plugin — the SVG one took Qt's connection lock while
PySide6 held the GIL, and a worker thread deadlocked against the GUI thread)."""

from __future__ import annotations

import io
import threading

import pytest
from PIL import Image
from PySide6 import QtCore

from ui.jobs.evidence import decode_image


def _picture(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (23, 17), (200, 40, 90)).save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF"])
def test_every_picture_type_of_the_vault_is_decoded(qapp, fmt: str) -> None:  # type: ignore[no-untyped-def]
    image = decode_image(_picture(fmt))
    assert not image.isNull() and (image.width(), image.height()) == (23, 17)


def test_nothing_is_decoded_by_guessing(qapp) -> None:  # type: ignore[no-untyped-def]
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
           b'<rect width="10" height="10"/></svg>')
    assert decode_image(svg).isNull()  # Qt's guess decodes it: the SVG plugin was asked
    assert decode_image(b"\x00" * 100).isNull()
    assert decode_image(_picture("PNG")[:40]).isNull()  # cut short: null, no error


def test_decoding_in_a_thread_while_the_gui_thread_connects_and_disconnects(qtbot) -> None:  # type: ignore[no-untyped-def]
    """What hung: a worker decoding pictures while the GUI thread connects and disconnects
    signals (as qtbot.waitUntil does). Here it finishes."""
    data = [_picture(f) for f in ("PNG", "JPEG", "WEBP", "GIF")]
    done = threading.Event()
    decoded: list[bool] = []

    def work() -> None:
        for _ in range(150):
            decoded.extend(not decode_image(d).isNull() for d in data)
        done.set()

    thread = threading.Thread(target=work)
    thread.start()
    timer = QtCore.QTimer()
    while not done.is_set():
        timer.timeout.connect(qtbot.wait)
        timer.timeout.disconnect(qtbot.wait)
        qtbot.wait(1)
    thread.join(timeout=30)
    assert not thread.is_alive() and all(decoded) and len(decoded) == 600
