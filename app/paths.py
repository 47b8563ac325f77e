# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Where things live: platform directories, bundled resources (source tree or frozen build)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
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


@contextlib.contextmanager
def new_file(out: Path, *, exists_code: str = "file.exists",
             io_code: str = "generic.io") -> Iterator[BinaryIO]:
    """Write a NEW file where the user points, safely: ``with new_file(out) as fh: fh.write(…)``.

    - created exclusively, owner-only, under ``<name>.partial``, never following a planted link;
    - flushed and fsynced before it is given its name, so a stick pulled out mid-write never leaves
      a complete-looking file;
    - published with ``link()``, which never replaces a file that appeared meanwhile (where the
      file system has no hard links, e.g. FAT sticks: checked, then renamed);
    - on any error the ``.partial`` is removed and ``out`` is untouched.
    Raises AppError ``exists_code`` (param ``path``) or ``io_code`` (``path``, ``reason``).
    """
    from app.errors import AppError

    out = Path(out)
    if out.exists() or out.is_symlink():
        raise AppError(exists_code, path=str(out))
    partial = out.with_name(out.name + ".partial")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | \
        getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(partial, flags, 0o600)
    except FileExistsError:
        raise AppError(exists_code, path=str(partial)) from None
    except OSError as exc:
        raise AppError(io_code, path=str(out), reason=exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(partial, out)
        except FileExistsError:
            raise AppError(exists_code, path=str(out)) from None
        except OSError:  # no hard links on this file system
            if out.exists() or out.is_symlink():
                raise AppError(exists_code, path=str(out)) from None
            os.replace(partial, out)
        else:
            partial.unlink()
        _fsync_dir(out.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
