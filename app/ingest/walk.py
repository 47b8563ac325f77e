# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Turn the user's files and folders into a list of candidate files, safely.

Folders are walked recursively in a stable order. Symbolic links are never followed out of the
chosen folder, loops are detected by (device, inode), FIFOs, sockets and devices are refused
without being opened, and OS clutter (``.DS_Store``, ``Thumbs.db``…) is skipped.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JUNK = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", ".directory"})


@dataclass
class Candidate:
    path: Path
    method: str
    error_code: str | None = None
    error_params: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name


def _within(child: str, root: str) -> bool:
    return child == root or child.startswith(root.rstrip(os.sep) + os.sep)


def walk_inputs(paths: list[Path], method: str = "file") -> Iterator[Candidate]:
    """Yield one Candidate per file to import (or to report as refused)."""
    for given in paths:
        given = Path(given)
        try:
            st = os.stat(given)  # the user's own choice may be a link: follow it
        except OSError as exc:
            yield Candidate(given, method, "import.unreadable", {"name": given.name,
                                                                 "reason": exc.strerror or ""})
            continue
        if stat.S_ISDIR(st.st_mode):
            sub_method = "folder" if method == "file" else method
            root = os.path.realpath(given)
            yield from _walk_dir(Path(root), root, sub_method, {(st.st_dev, st.st_ino)}, given)
        elif stat.S_ISREG(st.st_mode):
            yield Candidate(given, method)
        else:
            yield Candidate(given, method, "import.not_regular_file", {"name": given.name})


def _walk_dir(folder: Path, root: str, method: str, seen: set[tuple[int, int]],
              shown: Path) -> Iterator[Candidate]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Candidate(shown, method, "import.unreadable", {"name": shown.name,
                                                             "reason": exc.strerror or ""})
        return
    for entry in entries:
        if entry.name in JUNK or entry.name.startswith("._"):
            continue
        path = Path(entry.path)
        shown_path = shown / entry.name
        try:
            if entry.is_symlink():
                target = os.path.realpath(path)
                if not _within(target, root):
                    yield Candidate(shown_path, method, "import.symlink_outside",
                                    {"name": entry.name})
                    continue
                st = os.stat(target)
                path = Path(target)
            else:
                st = entry.stat(follow_symlinks=False)
        except OSError as exc:
            yield Candidate(shown_path, method, "import.unreadable",
                            {"name": entry.name, "reason": exc.strerror or ""})
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                continue  # a loop or a second way to the same folder
            seen.add(key)
            yield from _walk_dir(path, root, method, seen, shown_path)
        elif stat.S_ISREG(st.st_mode):
            yield Candidate(path, method)
        else:
            yield Candidate(shown_path, method, "import.not_regular_file", {"name": entry.name})
