# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A QR code drawn in memory (segno's module matrix painted into a ``QImage``): never a file, never
a cache. Always dark modules on a light ground with a quiet zone, whatever the theme — a phone's
camera reads nothing else — and never mirrored in a right-to-left layout (a QR code is content)."""

from __future__ import annotations

import segno
from PySide6 import QtCore, QtGui, QtWidgets

QUIET_ZONE = 4  # modules of light border the standard asks for
_DARK, _LIGHT = QtGui.QColor("#000000"), QtGui.QColor("#ffffff")


def qr_image(text: str, module_pixels: int = 4) -> QtGui.QImage:
    """``text`` as a QR code (error correction M, the smallest version that holds it), each
    module ``module_pixels`` square, with the quiet zone."""
    code = segno.make(text, error="m", micro=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=QUIET_ZONE)]
    size = len(rows) * module_pixels
    image = QtGui.QImage(size, size, QtGui.QImage.Format.Format_RGB32)
    image.fill(_LIGHT)
    painter = QtGui.QPainter(image)
    painter.setPen(QtCore.Qt.PenStyle.NoPen)
    painter.setBrush(_DARK)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(x * module_pixels, y * module_pixels, module_pixels,
                                 module_pixels)
    painter.end()
    return image


class QrCodeWidget(QtWidgets.QLabel):
    """A label showing one QR code, sized to it; its accessible description says what it holds."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self._text = ""

    def set_text(self, text: str) -> None:
        self._text = text
        image = qr_image(text) if text else QtGui.QImage()
        self.setPixmap(QtGui.QPixmap.fromImage(image))
        self.setFixedSize(image.size() if text else QtCore.QSize(0, 0))

    def encoded(self) -> str:
        return self._text
