# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""PDF evidence reports in Arabic and English (reportlab; shaping and bidi done here, in memory)."""

from app.report.build import build_report
from app.report.model import ReportData

__all__ = ["ReportData", "build_report"]
