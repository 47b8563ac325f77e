# SPDX-License-Identifier: GPL-3.0-or-later
"""Run in a child process on an offscreen screen of a given size and scale (test_toolbar_fit.py):
prints, per language, whether the main window's toolbar overflows and where each action is; with
``fingerprint``, where the export dialog shows a key's fingerprint and what room it has."""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6 import QtCore, QtWidgets


def _spoken(widget: QtWidgets.QWidget) -> str:
    """What a screen reader says for ``widget``."""
    from PySide6 import QtGui

    iface = QtGui.QAccessible.queryAccessibleInterface(widget)
    return iface.text(QtGui.QAccessible.Text.Name) if iface is not None else ""


KEY = "age1" + "qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs"


def fingerprint() -> None:
    from ui.application import create_application
    from ui.dialogs.export_bundle import ExportBundleDialog
    from ui.i18n import install

    app = create_application([sys.argv[0]])
    out: list[dict[str, Any]] = []
    for lang in ("en", "ar"):
        install(lang, app)
        dialog = ExportBundleDialog([1, 2, 3], ["Case", "حملة"])
        dialog.show()
        dialog.key_radio.setChecked(True)
        dialog.key_edit.setText(KEY)
        for _ in range(5):
            app.processEvents()
        label = dialog.key_fingerprint
        area = label.parentWidget()
        while area is not None and not isinstance(area, QtWidgets.QScrollArea):
            area = area.parentWidget()
        viewport = area.viewport() if area is not None else dialog
        area_x = label.mapTo(viewport, QtCore.QPoint(0, 0)).x() if area is not None else \
            label.mapTo(dialog, QtCore.QPoint(0, 0)).x()
        metrics = label.fontMetrics()
        lines = label.text().split("\n")
        out.append({"lang": lang, "text": label.text(), "visible": label.isVisible(),
                    "x": area_x, "width": label.width(), "viewport": viewport.width(),
                    "dialog": [dialog.width(), dialog.height()],
                    "screen": [dialog.screen().availableGeometry().width(),
                               dialog.screen().availableGeometry().height()],
                    "lines": [metrics.horizontalAdvance(t) for t in lines],
                    "height": label.height(),
                    "needed_height": metrics.lineSpacing() * len(lines)})
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
    print(json.dumps(out))


def main() -> None:
    if sys.argv[1:] == ["fingerprint"]:
        fingerprint()
        return
    from ui.application import create_application
    from ui.i18n import install
    from ui.windows.main_window import MainWindow

    app = create_application([sys.argv[0]])
    out: list[dict[str, Any]] = []
    for lang in ("en", "ar"):
        install(lang, app)
        window = MainWindow()
        window.showMaximized()
        for _ in range(5):
            app.processEvents()
        bar = window.toolbar
        ext = bar.findChild(QtWidgets.QToolButton, "qt_toolbar_ext_button")
        items: dict[str, Any] = {}
        for action in bar.actions():
            widget = bar.widgetForAction(action)
            if not isinstance(widget, QtWidgets.QToolButton):
                continue  # separators and the spacer
            name = widget.text()
            top_left = widget.mapTo(bar, QtCore.QPoint(0, 0))
            items[name] = {"visible": widget.isVisible(),
                           "rect": [top_left.x(), top_left.y(), widget.width(), widget.height()],
                           "text_shown": widget.toolButtonStyle()
                           != QtCore.Qt.ToolButtonStyle.ToolButtonIconOnly,
                           "tooltip": widget.toolTip(),
                           "accessible": _spoken(widget)}
        out.append({"lang": lang, "bar": [bar.width(), bar.height()],
                    "window": [window.width(), window.height()],
                    "overflow": bool(ext is not None and ext.isVisible()), "items": items})
        window.close()
        window.deleteLater()
        app.processEvents()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
