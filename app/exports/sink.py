# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Writing an export where the user points: a folder (which must be new or empty) or a ``.zip``.

Every file goes through :func:`app.safefile.new_file` (exclusive under a random name, owner only,
fsynced, never replacing a file). A folder that already holds anything is refused, so an export
never mixes with other files; a zip is written in one file, refused when it exists.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from pathlib import Path

from app.errors import AppError
from app.safefile import new_file

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no time of the machine that wrote them


def is_zip(out: Path) -> bool:
    return out.suffix.lower() == ".zip"


def check_destination(out: Path) -> None:
    """Refuse a destination before any work is done.

    Raises:
        AppError: ``export.exists`` (a zip, or a folder that is a file),
            ``export.folder_not_empty``, ``export.cannot_write`` (no such parent folder).
    """
    if is_zip(out):
        if os.path.lexists(out):
            raise AppError("export.exists", path=str(out))
        parent = out.parent
    else:
        if out.is_symlink() or (out.exists() and not out.is_dir()):
            raise AppError("export.exists", path=str(out))
        if out.is_dir():
            if any(out.iterdir()):
                raise AppError("export.folder_not_empty", path=str(out))
            return
        parent = out.parent
    if not parent.is_dir():
        raise AppError("export.cannot_write", path=str(out), reason="no such folder")


def write_files(out: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write ``files`` (relative POSIX names) as the folder or zip ``out``; the paths written."""
    check_destination(out)
    if is_zip(out):
        with new_file(out, exists_code="export.exists", io_code="export.cannot_write") as fh, \
                zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for name, data in files:
                info = zipfile.ZipInfo(name, FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                z.writestr(info, data)
        return [out]
    if not out.exists():
        try:
            out.mkdir(mode=0o700)
        except OSError as exc:
            raise AppError("export.cannot_write", path=str(out),
                           reason=exc.strerror or str(exc)) from None
    written = []
    for name, data in files:
        target = out.joinpath(*name.split("/"))
        if not target.parent.exists():
            target.parent.mkdir(mode=0o700, parents=True)
        with new_file(target, exists_code="export.exists", io_code="export.cannot_write") as fh:
            fh.write(data)
        written.append(target)
    return written
