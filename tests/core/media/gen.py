# SPDX-License-Identifier: GPL-3.0-or-later
"""Builders for test images made at test time with Pillow (nothing is read from or written to
disk)."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

from PIL import Image

GPS_IFD = 0x8825
MARK = "BAYYINA-SECRET-MARKER"


def noise(mode: str, size: tuple[int, int], seed: int = 1) -> Image.Image:
    rnd = random.Random(seed)
    bands = len(Image.new(mode, (1, 1)).getbands())
    return Image.frombytes(mode, size,
                           bytes(rnd.getrandbits(8) for _ in range(size[0] * size[1] * bands)))


def gradient(size: tuple[int, int] = (64, 48), mode: str = "RGB") -> Image.Image:
    im = Image.new("RGB", size)
    im.putdata([(x * 4 % 256, y * 5 % 256, (x + y) % 256)
                for y in range(size[1]) for x in range(size[0])])
    return im.convert(mode)


def identity_exif(orientation: int | None = None, description: str = MARK) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam " + MARK  # Make
    exif[0x0110] = "Model-X " + MARK  # Model
    exif[0x0131] = "EditorSoft " + MARK  # Software
    exif[0x0132] = "2024:01:02 03:04:05"  # DateTime
    exif[0x010E] = description  # ImageDescription
    exif[0x013B] = "Artist " + MARK
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (33.0, 18.0, 7.5)
    gps[3] = "E"
    gps[4] = (44.0, 23.0, 1.25)
    return exif


def xmp_packet() -> bytes:
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{MARK}</dc:creator></rdf:Description>'
        "</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    ).encode()


def insert_jpeg_segment(jpeg: bytes, marker: int, body: bytes) -> bytes:
    """Insert a segment right after SOI."""
    return jpeg[:2] + bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


def iptc_app13() -> bytes:
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(MARK)) + MARK.encode()  # 2:80 By-line
    res = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    if len(iptc) & 1:
        res += b"\x00"
    return b"Photoshop 3.0\x00" + res


def jpeg_full_of_metadata(progressive: bool = False, orientation: int | None = None) -> bytes:
    buf = io.BytesIO()
    gradient((96, 64)).save(buf, "JPEG", quality=90, exif=identity_exif(orientation),
                            comment=("Comment " + MARK).encode(), xmp=xmp_packet(),
                            progressive=progressive)
    return insert_jpeg_segment(buf.getvalue(), 0xED, iptc_app13())


def png_bytes(im: Image.Image, **kw: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", **kw)
    return buf.getvalue()


def png_chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def png_claiming(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat)
            + png_chunk(b"IEND", b""))


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hidden.txt", "payload " + MARK)
    return buf.getvalue()
