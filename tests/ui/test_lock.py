# SPDX-License-Identifier: GPL-3.0-or-later
"""Quick lock, auto-lock on idle (injected interval, no sleeps), panic, session suspend."""

from __future__ import annotations

from PySide6 import QtCore, QtGui

from tests.ui.conftest import unlock


def test_lock_button_and_shortcut(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    window = shell.main_window
    vault = shell.controller.vault
    assert window.lock_action in window.toolbar.actions()
    assert window.lock_action.shortcut() == QtGui.QKeySequence("Ctrl+L")
    with qtbot.waitSignal(shell.controller.vault_locked) as blocker:
        window.lock_action.trigger()
    assert blocker.args == ["user"]
    assert vault.is_locked and shell.controller.vault is None
    assert shell.main_window is None
    assert shell.start_window.isVisible()
    unlock(qtbot, shell)  # the start window unlocks again
    assert shell.controller.is_unlocked


def test_auto_lock_after_idle(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    app = shell.app
    assert app.idle_timeout_ms() == 5 * 60 * 1000  # default: 5 minutes
    assert app.is_idle_watch_active()
    app.set_idle_timeout_ms(150)
    app.start_idle_watch()
    with qtbot.waitSignal(shell.controller.vault_locked, timeout=10000) as blocker:
        pass
    assert blocker.args == ["idle"]
    assert shell.controller.vault is None and shell.main_window is None
    assert "idle" in shell.start_window.busy_label.text()
    assert not app.is_idle_watch_active()  # nothing to watch while locked


def test_input_restarts_idle_timer(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    app = shell.app
    app.set_idle_timeout_ms(60 * 60 * 1000)
    app.start_idle_watch()
    timer = app._idle
    qtbot.waitUntil(lambda: timer.remainingTime() < 60 * 60 * 1000 - 5, timeout=5000)
    before = timer.remainingTime()
    event = QtGui.QKeyEvent(QtCore.QEvent.Type.KeyPress, QtCore.Qt.Key.Key_Shift,
                            QtCore.Qt.KeyboardModifier.NoModifier)
    QtCore.QCoreApplication.sendEvent(shell.main_window, event)
    assert timer.remainingTime() > before


def test_panic_hides_then_locks(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    window = shell.main_window
    hidden_when_locked: list[bool] = []
    shell.controller.vault_locked.connect(lambda _r: hidden_when_locked.append(window.isHidden()))
    assert window.panic_action.shortcut() == QtGui.QKeySequence("Ctrl+Shift+L")
    with qtbot.waitSignal(shell.controller.vault_locked) as blocker:
        window.panic_action.trigger()
    assert blocker.args == ["panic"]
    assert hidden_when_locked == [True]
    assert shell.controller.vault is None
    assert shell.start_window.isMinimized()


def test_session_suspend_locks(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    with qtbot.waitSignal(shell.controller.vault_locked) as blocker:
        shell.app.session_suspended.emit()
    assert blocker.args == ["session"]


def test_results_after_lock_are_dropped(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A listing that finishes after a lock must not reach a window."""
    unlock(qtbot, shell)
    seen: list[object] = []
    shell.flows.browse.items_loaded.connect(seen.append)
    shell.flows.browse.load_items()
    shell.controller.lock("user")
    shell.controller.runner.wait_for_done(10000)
    QtCore.QCoreApplication.processEvents()
    assert seen == []


def test_sleep_and_screen_lock_lock_the_vault(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    """The D-Bus handlers (no bus in tests: called as the bus would) reach the controller."""
    watch = shell.app.session_watch
    unlock(qtbot, shell)
    watch._on_screensaver_active_changed(False)
    assert shell.controller.is_unlocked
    with qtbot.waitSignal(shell.controller.vault_locked) as blocker:
        watch._on_login1_prepare_for_sleep(True)
    assert blocker.args == ["session"]
    unlock(qtbot, shell)
    with qtbot.waitSignal(shell.controller.vault_locked):
        watch._on_screensaver_active_changed(True)
    assert isinstance(watch.start(), list)  # no bus here: subscribes to nothing, raises nothing


def test_screen_lock_signal_over_a_real_session_bus(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """End to end over D-Bus: a private session bus, a ScreenSaver ActiveChanged(true) signal."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    import pytest

    if not (shutil.which("dbus-run-session") and shutil.which("dbus-send")):
        pytest.skip("dbus-run-session / dbus-send not installed")
    script = tmp_path / "watch.py"
    script.write_text(
        "import os, subprocess, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from ui.compat import make_none_immortal; make_none_immortal()\n"
        "from PySide6 import QtCore, QtWidgets\n"
        "app = QtWidgets.QApplication([])\n"
        "from ui.session_watch import SessionWatcher\n"
        "w = SessionWatcher(); got = []\n"
        "assert 'org.freedesktop.ScreenSaver' in w.start()\n"
        "w.session_locking.connect(lambda why: (got.append(why), app.quit()))\n"
        "subprocess.Popen(['dbus-send', '--session', '--type=signal', "
        "'/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver.ActiveChanged', "
        "'boolean:true'])\n"
        "QtCore.QTimer.singleShot(20000, app.quit)  # deadline only\n"
        "app.exec()\n"
        "print('GOT', got)\n", encoding="utf-8")
    proc = subprocess.run(["dbus-run-session", "--", sys.executable, str(script)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert "GOT ['screen-lock']" in proc.stdout, proc.stderr[-1000:]
