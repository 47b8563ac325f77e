# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The QApplication subclass: application-wide signals for idleness, session changes and the lock
keys.

The idle timer is restarted by any keyboard, mouse, wheel or touch input anywhere in the
application. Its interval is injectable (``set_idle_timeout_ms``) so tests never sleep.

The lock and panic keys are read by an event filter on the application itself, ahead of every
widget and of Qt's shortcut map: a ``QAction`` shortcut, even an application-wide one, is blocked
while a modal dialog is open, so Ctrl+L would do nothing exactly when a dialog is on screen.
"""

from __future__ import annotations

import logging
import sys
from typing import cast

from PySide6 import QtCore, QtGui, QtWidgets

log = logging.getLogger(__name__)

_INPUT_EVENTS = frozenset({
    QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.MouseButtonPress,
    QtCore.QEvent.Type.MouseMove, QtCore.QEvent.Type.Wheel, QtCore.QEvent.Type.TouchBegin,
    QtCore.QEvent.Type.TouchUpdate,
})


class Application(QtWidgets.QApplication):
    """Bayyina's application object.

    Emits:
        idle_timed_out(): no user input for the idle interval (the controller locks the vault).
        session_suspended(): lock now — Qt reports the application suspended, the session
            manager asks to save state (log-out), or (Linux, ``ui.session_watch``) the machine
            is going to sleep or the screen locker starts.
        lock_key_pressed(str): one of the keys given to :meth:`arm_lock_keys` was pressed,
            whichever window or dialog has the focus; the argument is the name it was given
            (``"lock"``, ``"panic"``).
    """

    idle_timed_out = QtCore.Signal()
    session_suspended = QtCore.Signal()
    lock_key_pressed = QtCore.Signal(str)

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.setApplicationName("Bayyina")
        self.setOrganizationName("Bayyina")
        self.setQuitOnLastWindowClosed(True)
        self._idle = QtCore.QTimer(self)
        self._idle.setSingleShot(True)
        # coarse timers round restarts away
        self._idle.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        self._idle.setInterval(5 * 60 * 1000)
        self._filter = _InputFilter(self._idle)
        self.installEventFilter(self._filter)
        self._lock_keys = _LockKeyFilter(self.lock_key_pressed)
        self.installEventFilter(self._lock_keys)
        from ui.fit import ScreenFitFilter

        self._fit = ScreenFitFilter(self)
        self.installEventFilter(self._fit)
        from ui.a11y import FormLabelFilter

        self._form_labels = FormLabelFilter(self)  # screen-reader names for compound form rows
        self.installEventFilter(self._form_labels)
        from ui.session_watch import SessionWatcher

        self.session_watch = SessionWatcher(self)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._idle.timeout.connect(self._on_idle_timeout)
        self.applicationStateChanged.connect(self._on_self_application_state_changed)
        self.commitDataRequest.connect(self._on_self_commit_data_request)
        self.session_watch.session_locking.connect(self._on_session_watch_session_locking)

    # --- idle ------------------------------------------------------------------------------------
    def set_idle_timeout_ms(self, ms: int) -> None:
        self._idle.setInterval(max(1, int(ms)))

    def idle_timeout_ms(self) -> int:
        return self._idle.interval()

    def start_idle_watch(self) -> None:
        self._idle.start()

    def stop_idle_watch(self) -> None:
        self._idle.stop()

    def is_idle_watch_active(self) -> bool:
        return self._idle.isActive()

    @QtCore.Slot()
    def _on_idle_timeout(self) -> None:
        log.info("idle timeout")
        self.idle_timed_out.emit()

    # --- lock keys -------------------------------------------------------------------------------
    def arm_lock_keys(self, keys: dict[str, str]) -> None:
        """Watch these key sequences (name → ``"Ctrl+L"``) everywhere until disarmed.

        While armed, the keys never reach a widget (nor a dialog's own shortcuts)."""
        self._lock_keys.arm(keys)

    def disarm_lock_keys(self) -> None:
        self._lock_keys.arm({})

    # --- session ---------------------------------------------------------------------------------
    @QtCore.Slot(QtCore.Qt.ApplicationState)
    def _on_self_application_state_changed(self, state: QtCore.Qt.ApplicationState) -> None:
        if state == QtCore.Qt.ApplicationState.ApplicationSuspended:
            self.session_suspended.emit()

    @QtCore.Slot(str)
    def _on_session_watch_session_locking(self, _why: str) -> None:
        self.session_suspended.emit()

    @QtCore.Slot(QtGui.QSessionManager)
    def _on_self_commit_data_request(self, _manager: QtGui.QSessionManager) -> None:
        self.session_suspended.emit()


class _InputFilter(QtCore.QObject):
    """Restarts the idle timer on user input; never consumes an event."""

    def __init__(self, timer: QtCore.QTimer) -> None:
        super().__init__()
        self._timer = timer

    def eventFilter(self, _obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if self._timer.isActive() and event.type() in _INPUT_EVENTS:
            self._timer.start()
        return False


class _LockKeyFilter(QtCore.QObject):
    """Turns the armed key sequences into ``lock_key_pressed`` before any widget sees them.

    Qt first offers a key press to the focus widget as a ``ShortcutOverride``: accepting it keeps
    the shortcut map (and so the actions' own shortcuts) out, and the press that follows is
    consumed here and emitted once."""

    _IGNORED = QtCore.Qt.KeyboardModifier.KeypadModifier

    def __init__(self, signal: QtCore.SignalInstance) -> None:
        super().__init__()
        self._signal = signal
        self._keys: dict[int, str] = {}

    def arm(self, keys: dict[str, str]) -> None:
        self._keys = {}
        for name, text in keys.items():
            seq = QtGui.QKeySequence(text)
            if seq.count() == 1:
                self._keys[seq[0].toCombined()] = name  # type: ignore[index]  # stubs lack []

    def _name(self, event: QtGui.QKeyEvent) -> str | None:
        mods = event.modifiers() & ~self._IGNORED
        combined = QtCore.QKeyCombination(mods, QtCore.Qt.Key(event.key())).toCombined()
        return self._keys.get(combined)

    def eventFilter(self, _obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if not self._keys or kind not in (QtCore.QEvent.Type.ShortcutOverride,
                                          QtCore.QEvent.Type.KeyPress):
            return False
        name = self._name(cast(QtGui.QKeyEvent, event))
        if name is None:
            return False
        event.accept()
        if kind == QtCore.QEvent.Type.KeyPress and not cast(QtGui.QKeyEvent, event).isAutoRepeat():
            self._signal.emit(name)
        return True


def create_application(argv: list[str] | None = None) -> Application:
    """The Application with fonts and style applied (the language is installed separately)."""
    from ui.compat import make_none_immortal
    from ui.style import apply_style

    make_none_immortal()
    # PySide6 types instance() as the base QCoreApplication; the process's one application
    # object is an Application (this function, or the tests' qapp_cls, made it)
    existing = QtWidgets.QApplication.instance()
    app = cast(Application, existing) if existing is not None else Application(
        argv or [sys.argv[0]])
    apply_style(app)
    return app
