# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Neutral mode, complete (issue 16): what the desktop shows of this program when she chose the
neutral title — the window titles ("Documents"), the application and desktop-file names (which
window managers, task bars and the X11 ``WM_CLASS`` show), the window icon (a plain page,
``resources/icons/documents.png``), the menu entry of a per-user install (renamed
``documents.desktop``), and neither the lock screen nor About names «بيّنة».

Limits (``docs/threat-model.md``): the program's own folder and executable keep their names, an
X11 ``WM_CLASS`` changes only at the next start (it is read once, when the first window is made;
:func:`prepare_process` sets it before), and a search of the disk finds the program.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from PySide6 import QtGui

from app.paths import resource_path

log = logging.getLogger(__name__)

#: what neutral mode keeps out of sight (the tests search every visible string for these)
BRAND_MARKS = ("bayyina", "بيّنة", "بينة")
BRAND_ENTRY, NEUTRAL_ENTRY = "bayyina.desktop", "documents.desktop"
_NAMES = {False: ("Bayyina", "bayyina", "bayyina.png"),
          True: ("Documents", "documents", "documents.png")}


def names(neutral: bool) -> tuple[str, str]:
    """(application name, desktop-file name) of the mode."""
    app_name, desktop, _icon = _NAMES[bool(neutral)]
    return app_name, desktop


def icon(neutral: bool) -> QtGui.QIcon:
    return QtGui.QIcon(str(resource_path("icons", _NAMES[bool(neutral)][2])))


def prepare_process(neutral: bool) -> None:
    """Before the application object exists: the X11 resource name (``WM_CLASS``'s first half,
    else the executable's name) of the mode."""
    if neutral:
        os.environ["RESOURCE_NAME"] = names(True)[1]
    elif os.environ.get("RESOURCE_NAME") == names(True)[1]:
        del os.environ["RESOURCE_NAME"]


def apply(app: QtGui.QGuiApplication, neutral: bool) -> None:
    """The application's names and icon for the mode (windows without their own icon follow)."""
    app_name, desktop = names(neutral)
    app.setApplicationName(app_name)
    app.setOrganizationName(app_name)
    app.setApplicationDisplayName("")  # nothing appended to window titles
    app.setDesktopFileName(desktop)
    app.setWindowIcon(icon(neutral))


def applications_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "applications"


def neutral_entry(text: str) -> str:
    """A desktop entry with every name, comment and icon made neutral (Exec kept)."""
    out = []
    for line in text.splitlines():
        key = line.split("=", 1)[0].strip()
        if key.startswith(("Name", "GenericName", "Comment", "Keywords", "Icon",
                           "StartupWMClass")):
            continue
        out.append(line)
    at = out.index("[Desktop Entry]") + 1 if "[Desktop Entry]" in out else 0
    fields = ["Name=Documents", "Name[ar]=مستندات", "Comment=Documents",
              "Comment[ar]=مستندات", "StartupWMClass=documents",
              f"Icon={resource_path('icons', 'documents.png')}"]
    out[at:at] = fields
    return "\n".join(out) + "\n"


def sync_desktop_entry(neutral: bool, folder: Path | None = None) -> Path | None:
    """The per-user menu entry (``packaging/linux/install-user.sh``) in the mode: in neutral mode
    ``bayyina.desktop`` becomes ``documents.desktop`` with neutral names and icon; back again
    when she turns it off (the install's own entry is kept aside as ``.documents.desktop.orig``
    — hidden, and read only to restore it). The entry now in place, or None when there is no
    per-user install."""
    folder = folder or applications_dir()
    brand, plain = folder / BRAND_ENTRY, folder / NEUTRAL_ENTRY
    kept = folder / ".documents.desktop.orig"
    try:
        if neutral and brand.is_file():
            text = brand.read_text(encoding="utf-8")
            kept.write_text(text, encoding="utf-8")
            plain.write_text(neutral_entry(text), encoding="utf-8")
            brand.unlink()
        elif not neutral and kept.is_file():
            os.replace(kept, brand)
            with contextlib.suppress(FileNotFoundError):
                plain.unlink()
    except OSError as exc:
        log.warning("desktop entry not changed: %s", exc.strerror)
        return None
    now = plain if neutral else brand
    return now if now.is_file() else None
