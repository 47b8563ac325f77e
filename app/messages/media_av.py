# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Messages for recordings (video, audio) and PDFs: refused files (``import.av_*``,
``import.pdf_*``, raised by :mod:`app.media.avmedia` and :mod:`app.media.pdfclean`) and the
reasons a clean copy was not made (``sanitize.*``, the code before the colon of a
``sanitize_error``; the sealed original is kept).

Placeholders are the named parameters of the ``InputRejected`` that carries the code.
"""

from app.i18n import N_

MESSAGES = {
    "play.failed": N_("This recording stopped playing: it could not be decoded here ({reason}). "
                      "The sealed original and the clean copy are unchanged."),
    "import.av_unreadable": N_(
        "This recording cannot be read ({reason}). It may be damaged, incomplete or not a "
        "recording at all."
    ),
    "import.av_too_many_streams": N_(
        "This recording has too many tracks to open safely ({streams}; the limit is {limit})."
    ),
    "import.av_too_long": N_(
        "This recording is too long to open safely ({seconds} seconds; the limit is {limit} "
        "seconds)."
    ),
    "import.av_too_many_packets": N_(
        "This recording has too many pieces (packets) to open safely (the limit is {limit})."
    ),
    "import.pdf_unreadable": N_(
        "This PDF cannot be read ({reason}). It may be damaged or not a PDF at all."
    ),
    "import.pdf_too_many_pages": N_(
        "This PDF has too many pages to open safely ({pages}; the limit is {limit})."
    ),
    "import.pdf_too_many_objects": N_(
        "This PDF has too many parts (objects) to open safely ({objects}; the limit is {limit})."
    ),
    "sanitize.truncated": N_(
        "No clean copy: the recording is incomplete (it ends before its last part). "
        "The original is kept as it is."
    ),
    "sanitize.packets_differ": N_(
        "No clean copy: the copy would not play exactly the same sound and pictures as the "
        "original. The original is kept as it is."
    ),
    "sanitize.pdf_encrypted": N_(
        "No clean copy: this PDF is encrypted, so its hidden information cannot be removed "
        "without changing it. The original is kept as it is."
    ),
    "sanitize.pages_differ": N_(
        "No clean copy: the copy's pages would not be exactly the original's. "
        "The original is kept as it is."
    ),
    "sanitize.av_too_large": N_(
        "No clean copy: this file is larger than the size up to which clean copies of "
        "recordings and documents are made (in memory, for now). The original is sealed as it is."
    ),
    "sanitize.unreadable": N_(
        "No clean copy: this recording or PDF cannot be read (it may be damaged or cut off), so "
        "it is kept as an attachment, sealed as it is."
    ),
    "sanitize.not_clean": N_(
        "No clean copy: hidden information remained in the copy after cleaning. "
        "The original is kept as it is."
    ),
}
