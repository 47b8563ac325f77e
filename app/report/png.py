# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""PNG pass-through: embed a PNG's compressed pixel data in the PDF as it is, without decoding it.

A PNG's IDAT stream is zlib data of scanlines, each with a PNG filter byte; PDF's FlateDecode with
``/Predictor 15`` reads exactly that. So for the common screenshot shape (8-bit RGB or greyscale,
not interlaced, no alpha) the report embeds the sanitised copy's own pixel data: lossless, and
no decode / resize / re-encode at all. Other PNGs go through Pillow (:mod:`app.report.images`).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFImageXObject, PDFName, PDFStream

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLORS = {0: 1, 2: 3}  # colour type -> components: greyscale, truecolour


@dataclass(frozen=True)
class PngStream:
    width: int
    height: int
    colors: int
    idat: bytes


# One return per PNG feature that forces a decode.
def passthrough(data: bytes) -> PngStream | None:  # noqa: PLR0911
    """The embeddable stream of ``data``, or None when this PNG needs decoding.

    Checks the chunk structure and CRCs; refuses interlaced, palette, alpha and 16-bit images.
    """
    if not data.startswith(SIGNATURE):
        return None
    pos, idat, header = len(SIGNATURE), [], None
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        crc = data[pos + 8 + length:pos + 12 + length]
        if len(body) != length or len(crc) != 4:
            return None
        if zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            return None
        if kind == b"IHDR":
            if length != 13:
                return None
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind in (b"tRNS", b"PLTE"):
            return None  # transparency or palette: decode instead
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None or not idat:
        return None
    width, height, depth, ctype, compression, filt, interlace = header
    if depth != 8 or ctype not in _COLORS or compression or filt or interlace:
        return None
    if not (0 < width <= 30000 and 0 < height <= 30000):
        return None
    return PngStream(width, height, _COLORS[ctype], b"".join(idat))


class PngXObject(PDFImageXObject):
    """An image XObject whose stream is PNG IDAT data, decoded by the viewer (FlateDecode)."""

    def __init__(self, name: str, png: PngStream) -> None:
        super().__init__(name)
        self.width, self.height = png.width, png.height
        self.bitsPerComponent = 8
        self.colorSpace = "DeviceRGB" if png.colors == 3 else "DeviceGray"
        self.streamContent = png.idat
        self.mask = None
        self._colors = png.colors

    def format(self, document: object) -> bytes:
        stream = PDFStream(content=self.streamContent)
        d = stream.dictionary
        d["Type"] = PDFName("XObject")
        d["Subtype"] = PDFName("Image")
        d["Width"] = self.width
        d["Height"] = self.height
        d["BitsPerComponent"] = 8
        d["ColorSpace"] = PDFName(self.colorSpace)
        d["Filter"] = PDFName("FlateDecode")  # present: PDFStream will not compress again
        d["DecodeParms"] = PDFDictionary({"Predictor": 15, "Colors": self._colors,
                                          "BitsPerComponent": 8, "Columns": self.width})
        return stream.format(document)
