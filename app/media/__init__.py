# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The media layer: type sniffing, metadata reading, sanitised copies with proof, thumbnails.

Pure functions on bytes; nothing is written to disk and nothing touches the network. Decoding of
untrusted files should go through :class:`MediaWorkerPool` (child processes with memory and time
limits); :func:`process` runs the same work in the calling process.
"""

import logging

from app.media.pool import MediaWorkerPool
from app.media.process import process
from app.media.sniff import sniff
from app.media.types import (
    SANITIZER,
    Limits,
    PixelDigest,
    Processed,
    ProcessedDocument,
    ProcessedMedia,
    ProcessedRecording,
)

__all__ = ["SANITIZER", "Limits", "MediaWorkerPool", "PixelDigest", "Processed",
           "ProcessedDocument", "ProcessedMedia", "ProcessedRecording", "process", "sniff"]

# exifread reports "no EXIF" and malformed tags as warnings through the root logger's last-resort
# handler, i.e. onto the user's terminal, with text taken from the file: keep it quiet.
logging.getLogger("exifread").setLevel(logging.CRITICAL)
