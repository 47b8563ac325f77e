# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Export and receive, run in a worker for :mod:`ui.flows.export_flow` and
:mod:`ui.flows.receive_flow`: each is the one core function, given the dialog's request.

The core is imported when a job first runs (as before the flows), not when the window opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.handover import ExportRequest, ExportResult, ReceiveRequest, ReceiveResult
    from app.tasks import CancelToken, ProgressFn
    from app.vault import Vault


def export(vault: Vault, request: ExportRequest, progress: ProgressFn | None = None,
           cancel: CancelToken | None = None) -> ExportResult:
    """Write the bundle. The writer has read the whole file back and verified it (decrypted with
    its own file key): ``ExportResult.verified`` / ``readback`` / ``read_from_drive`` say so, and
    nothing here verifies it again."""
    from app.handover import export_bundle

    return export_bundle(vault, request, progress=progress, cancel=cancel)


def receive(vault: Vault, request: ReceiveRequest, progress: ProgressFn | None = None,
            cancel: CancelToken | None = None) -> ReceiveResult:
    from app.handover import receive_bundle

    return receive_bundle(vault, request, progress=progress, cancel=cancel)
