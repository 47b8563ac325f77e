# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A contact card from a picture of its QR code (issue 18): the organisation shows or sends the
QR code that ``contact make --qr`` writes; the defender adds the photo or screenshot of it.

The picture is untrusted: it is sniffed by content, opened with the allowlisted Pillow plugin
under :class:`QR_LIMITS` (pixels and frames checked before anything is decoded, Pillow's failures
mapped to the import's error codes), decoded to grey levels once, and read by zxing-cpp (a
maintained barcode reader; nothing hand-written). Only a QR code holding a card's small form
(:data:`app.send.contact.QR_PREFIX`) is taken; the card then goes through
:func:`app.send.contact.parse_card` like a card file: its signature decides, not the picture.
Nothing of the picture is kept."""

from __future__ import annotations

import logging
from dataclasses import replace

from app.errors import InputRejected, VerificationFailed
from app.media.pixels import guarded, open_image
from app.media.sniff import sniff
from app.media.types import DEFAULT_LIMITS, Limits
from app.send.contact import QR_PREFIX

log = logging.getLogger(__name__)

#: A photo of a QR code needs no more than a phone camera's 50 MP, one frame.
QR_LIMITS: Limits = replace(DEFAULT_LIMITS, max_pixels=50_000_000, max_frames=1)
#: Larger files are refused before they are opened.
MAX_PICTURE_BYTES = 64 << 20


def is_picture(untrusted: bytes) -> bool:
    """Whether ``untrusted`` is a picture by its content (else: a card file or its text form)."""
    return sniff(untrusted[:65536])[1] == "image"


def card_from_picture(untrusted: bytes, limits: Limits = QR_LIMITS) -> bytes:
    """The card's small form read from the QR code in a picture.

    Raises:
        VerificationFailed: ``contact.no_qr`` (no contact card's QR code could be read in it).
        InputRejected: ``contact.picture_too_large``, or the import's picture codes
            (``import.corrupt``, ``import.too_many_pixels``, ``import.truncated`` …).
    """
    import zxingcpp

    if len(untrusted) > MAX_PICTURE_BYTES:
        raise InputRejected("contact.picture_too_large", size=len(untrusted),
                            limit=MAX_PICTURE_BYTES)
    media_type, kind = sniff(untrusted[:65536])
    if kind != "image":
        raise VerificationFailed("contact.no_qr")
    im = open_image(untrusted, media_type, limits)
    grey = guarded(lambda: im.convert("L"), limits)
    found = zxingcpp.read_barcodes(
        grey, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    for code in found:
        if code.valid and code.text.startswith(QR_PREFIX):
            return code.text.encode("ascii", "replace")
    log.info("no contact card's QR code in the picture (%d codes read)", len(found))
    raise VerificationFailed("contact.no_qr")
