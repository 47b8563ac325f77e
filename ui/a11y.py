# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Screen-reader names for form fields that Qt cannot pair with their label by itself.

Qt names a field after the QLabel whose buddy it is, and ``QFormLayout.addRow("Folder:", field)``
makes the label that buddy — but only when the field is one widget. A row whose field is a layout
(a line edit beside its "Choose…" button) or a compound widget (a list with its add row) leaves the
field nameless: a screen reader then says "edit text" and nothing more.

:class:`FormLabelFilter` (installed once by :class:`ui.application.Application`) fixes that when
any window is first shown: each form label without a buddy (or whose buddy is a compound widget
that never takes the focus) gets the first focusable field of its row. Every control still
without a name gets one where it is built (``tests/ui/test_keyboard_a11y.py`` walks every window
and dialog to hold this). Item views take no name from a label: they are named where built.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

_DONE = "bayyina_form_labels"


def _first_field(item: QtWidgets.QLayoutItem | None) -> QtWidgets.QWidget | None:
    """The first widget that takes the keyboard focus in a form row's field, if any."""
    if item is None:
        return None
    widgets: list[QtWidgets.QWidget] = []
    if (w := item.widget()) is not None:
        widgets = [w, *w.findChildren(QtWidgets.QWidget)]
    elif (layout := item.layout()) is not None:
        for i in range(layout.count()):
            found = _first_field(layout.itemAt(i))
            if found is not None:
                return found
        return None
    for w in widgets:
        if w.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus and not isinstance(
                w, QtWidgets.QAbstractButton):
            return w
    return None


def label_form_fields(root: QtWidgets.QWidget) -> int:
    """Pair every buddy-less form label under ``root`` with its field; the number paired."""
    paired = 0
    for form in root.findChildren(QtWidgets.QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QtWidgets.QFormLayout.ItemRole.LabelRole)
            label = label_item.widget() if label_item is not None else None
            if not isinstance(label, QtWidgets.QLabel):
                continue
            buddy = label.buddy()
            # Qt made the field widget the buddy; a compound one (a list with its add row) never
            # takes the focus itself, so the name must go to the field inside it
            if buddy is not None and buddy.focusPolicy() != QtCore.Qt.FocusPolicy.NoFocus:
                continue
            if not label.text().strip():
                continue
            field = _first_field(form.itemAt(row, QtWidgets.QFormLayout.ItemRole.FieldRole))
            if field is not None and not field.accessibleName():
                label.setBuddy(field)
                paired += 1
    return paired


class FormLabelFilter(QtCore.QObject):
    """Pairs the form labels of every window when it is first shown; never consumes an event."""

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if (event.type() == QtCore.QEvent.Type.Show and isinstance(obj, QtWidgets.QWidget)
                and obj.isWindow() and not obj.property(_DONE)):
            obj.setProperty(_DONE, True)
            label_form_fields(obj)
        return False
