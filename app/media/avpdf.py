# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""One entry point for recordings and PDFs, for :func:`app.media.process.process` to call.

:func:`process_av_or_pdf` decides by content (never by name) whether ``data`` is a PDF or a
recording this layer cleans, and returns ``None`` for anything else so the caller goes on with
pictures and attachments. Like :func:`app.media.process.process` it runs in the calling process
and is what a worker of :mod:`app.media.pool` should run; results are frozen and picklable.
"""

from __future__ import annotations

from app.media.avmedia import process_av, sniff_av
from app.media.pdfclean import process_pdf
from app.media.types import DEFAULT_LIMITS, Limits, ProcessedDocument, ProcessedRecording


def process_av_or_pdf(data: bytes, limits: Limits = DEFAULT_LIMITS
                      ) -> ProcessedRecording | ProcessedDocument | None:
    """Clean and prove a recording or a PDF; None when ``data`` is neither.

    Raises:
        InputRejected: the ``import.*`` codes of :func:`app.media.avmedia.process_av` and
            :func:`app.media.pdfclean.process_pdf`.
    """
    head = data[:65536]
    if head.startswith(b"%PDF-"):
        return process_pdf(data, limits)
    media_type = sniff_av(head)
    if media_type is not None:
        return process_av(data, media_type, limits)
    return None


__all__ = ["process_av_or_pdf"]
