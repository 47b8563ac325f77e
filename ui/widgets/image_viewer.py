# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A zoomable view of one image (the sanitised copy), decoded in memory only.

Photos are content, not layout: the view is never mirrored in right-to-left languages. A sensitive
image is shown blurred until the user clicks it.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from ui.i18n import _


class ImageViewerWidget(QtWidgets.QGraphicsView):
    """Emits:
        revealed(): the user clicked a blurred image to see it.
    """

    revealed = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self._scene = QtWidgets.QGraphicsScene(self)
        self.setScene(self._scene)
        self._item = QtWidgets.QGraphicsPixmapItem()
        self._item.setTransformationMode(QtCore.Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self._blur = QtWidgets.QGraphicsBlurEffect()
        self._blur.setBlurRadius(40)
        self._blur.setEnabled(False)
        self._item.setGraphicsEffect(self._blur)
        self.setDragMode(QtWidgets.QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QtWidgets.QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform)
        self.setMinimumSize(200, 160)
        self._fit = True
        self._notice = QtWidgets.QLabel(_("Sensitive: click to show"), self.viewport())
        self._notice.setObjectName("hint")
        self._notice.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self._notice.setAutoFillBackground(True)
        self._notice.hide()

    @property
    def blurred(self) -> bool:
        return self._blur.isEnabled()

    def set_image(self, image: QtGui.QImage | None, *, blurred: bool = False) -> None:
        pix = QtGui.QPixmap.fromImage(image) if image is not None else QtGui.QPixmap()
        self._item.setPixmap(pix)
        self._scene.setSceneRect(QtCore.QRectF(pix.rect()))
        self._blur.setEnabled(blurred and not pix.isNull())
        self._notice.setVisible(self._blur.isEnabled())
        self._fit = True
        self.fit()

    def replace_image(self, image: QtGui.QImage) -> None:
        """Another picture of the same item (a frame of a playing video): blur and zoom stay."""
        pix = QtGui.QPixmap.fromImage(image)
        resized = pix.size() != self._item.pixmap().size()
        self._item.setPixmap(pix)
        if resized:
            self._scene.setSceneRect(QtCore.QRectF(pix.rect()))
        if resized and self._fit:
            self.fit()

    def clear(self) -> None:
        self.set_image(None)

    def reveal(self) -> None:
        if self._blur.isEnabled():
            self._blur.setEnabled(False)
            self._notice.hide()
            self.revealed.emit()

    def fit(self) -> None:
        self._fit = True
        self.resetTransform()
        if not self._item.pixmap().isNull():
            self.fitInView(self._item, QtCore.Qt.AspectRatioMode.KeepAspectRatio)

    def zoom(self, factor: float) -> None:
        self._fit = False
        self.scale(factor, factor)

    def zoom_factor(self) -> float:
        return self.transform().m11()

    def wheelEvent(self, event: QtGui.QWheelEvent) -> None:
        # the wheel zooms (the hand drag pans): one gesture per purpose
        self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8)
        event.accept()

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        if self._blur.isEnabled():
            self.reveal()
            event.accept()
            return
        super().mousePressEvent(event)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._notice.setGeometry(self.viewport().rect())
        if self._fit:
            self.fit()
