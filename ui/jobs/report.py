# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The PDF report, run in a worker for :mod:`ui.flows.report_flow`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.report.requests import ReportRequest
    from app.tasks import CancelToken
    from app.vault import Vault


def report(vault: Vault, request: ReportRequest, cancel: CancelToken | None = None) -> Path:
    """:func:`app.report.collect.write_report` (the file is claimed before the PDF is built, as
    for ``bayyina-cli report``); the path written."""
    from app.report.collect import write_report

    write_report(vault, request, cancel=cancel)
    return request.out
