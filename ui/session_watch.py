# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Linux desktop signals that should lock the vault: the machine going to sleep (logind
``PrepareForSleep``) and the screen locker starting (freedesktop / GNOME ``ScreenSaver
ActiveChanged``). Qt itself does not report either on the desktop.

Only listens; never calls a method on the buses. Without a bus (a container, a test run) the
connections fail quietly and only the idle timer and Ctrl+L / the panic shortcut remain.
"""

from __future__ import annotations

import logging
import sys
from typing import cast

from PySide6 import QtCore

log = logging.getLogger(__name__)

_SCREENSAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


def _slot(signature: str) -> bytes:
    # PySide6's stub types QDBusConnection.connect's slot as bytes, but at runtime it only accepts
    # the str that QtCore.SLOT returns (bytes raise ValueError), so the stub is wrong here.
    return cast(bytes, QtCore.SLOT(signature))


class SessionWatcher(QtCore.QObject):
    """Emits:
        session_locking(str): "sleep" or "screen-lock".
    """

    session_locking = QtCore.Signal(str)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.connected: list[str] = []

    def start(self) -> list[str]:
        """Subscribe where possible; returns what was subscribed to (for logs and tests)."""
        if not sys.platform.startswith("linux"):
            return []
        try:
            from PySide6 import QtDBus
        except ImportError:  # pragma: no cover - QtDBus ships in PySide6-Essentials
            return []
        system, session = QtDBus.QDBusConnection.systemBus(), QtDBus.QDBusConnection.sessionBus()
        if system.isConnected() and system.connect(
                "org.freedesktop.login1", "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager", "PrepareForSleep", self,
                _slot("_on_login1_prepare_for_sleep(bool)")):
            self.connected.append("sleep")
        if session.isConnected():
            for service, path, interface in _SCREENSAVERS:
                # any sender: a spoofed signal could only lock the vault, which is harmless, and
                # desktops differ in which process owns the ScreenSaver name
                if session.connect("", path, interface, "ActiveChanged", self,
                                   _slot("_on_screensaver_active_changed(bool)")):
                    self.connected.append(service)
        log.info("session watch: %s", ", ".join(self.connected) or "none")
        return self.connected

    @QtCore.Slot(bool)
    def _on_login1_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.session_locking.emit("sleep")

    @QtCore.Slot(bool)
    def _on_screensaver_active_changed(self, active: bool) -> None:
        if active:
            self.session_locking.emit("screen-lock")
