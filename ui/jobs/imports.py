# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Imports, run in a worker for :mod:`ui.flows.import_flow`: files and folders go to
:func:`app.ingest.import_paths`; a pasted picture is one :func:`app.ingest.import_bytes`; the
preview before an import is :func:`app.ingest.preview.preview_paths`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ingest import ImportSummary
    from app.ingest.preview import ImportPreview
    from app.tasks import CancelToken, ProgressFn
    from app.vault import Vault


def import_files(vault: Vault, paths: list[Path], method: str,
                 progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None) -> ImportSummary:
    from app.ingest import import_paths

    return import_paths(vault, [Path(p) for p in paths], method=method, progress=progress,
                        cancel=cancel)


def paste_import(vault: Vault, data: bytes, name: str | None = None) -> ImportSummary:
    """One pasted image as an ImportSummary, so the summary dialog treats both flows alike.

    ``name`` is the item's name in her language (:func:`pasted_name`)."""
    from app.ingest import ImportSummary, import_bytes

    outcome = import_bytes(vault, data, name=name, method="clipboard")
    return ImportSummary(outcomes=[outcome])


def preview_files(_vault: Vault, paths: list[Path], method: str,
                  progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None) -> ImportPreview:
    """What the chosen files carry, before importing (the vault is not used: metadata only)."""
    from app.ingest.preview import preview_paths

    return preview_paths([Path(p) for p in paths], method=method, progress=progress,
                         cancel=cancel)
