# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Where things live: platform directories, bundled resources (source tree or frozen build)."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import BinaryIO

import platformdirs

APP_NAME = "Bayyina"


def project_root() -> Path:
    """The folder holding ``resources/`` and ``i18n/``: the source tree, or PyInstaller's bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return project_root().joinpath("resources", *parts)


def i18n_dir() -> Path:
    return project_root() / "i18n"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_vault_path() -> Path:
    return user_data_dir() / "default.bayyina"


def safe_mkdir(path: Path, mode: int = 0o700) -> Path:
    """Create ``path`` (and parents) private to the user; never loosen an existing folder."""
    path.mkdir(mode=mode, parents=True, exist_ok=True)
    if os.name == "posix":
        st = path.stat()
        if st.st_mode & 0o077 and st.st_uid == os.getuid():
            os.chmod(path, mode)
    return path


def new_file(out: Path, *, exists_code: str = "file.exists",
             io_code: str = "generic.io") -> contextlib.AbstractContextManager[BinaryIO]:
    """Write a NEW file where the user points: :func:`app.safefile.new_file` (random exclusive
    temporary, no link followed, fsynced, published without replacing anything)."""
    from app import safefile

    return safefile.new_file(out, exists_code=exists_code, io_code=io_code)
