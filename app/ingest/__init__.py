# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Import of evidence (``import`` is a Python keyword, hence ``ingest``)."""

from app.ingest.pipeline import ImportOutcome, ImportSummary, import_bytes, import_paths

__all__ = ["ImportOutcome", "ImportSummary", "import_bytes", "import_paths"]
