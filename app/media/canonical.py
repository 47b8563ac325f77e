# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Canonical forms of the structures a sanitised copy keeps (issue 12, point 2).

An allowlisted structure is never copied: it is rebuilt from the fields it is allowed to carry, at
exactly its canonical length, so bytes appended inside it (an owner's name, a phone number,
coordinates) cannot reach the copy. Each ``*_segment``/``*_chunk``/``*_block`` function takes the
body of one structure and returns the whole rebuilt structure, or None when the structure is too
short to carry its fields (it is then dropped). The sanitiser writes these; :mod:`app.media.account`
checks every structure of a copy against them.

Coded image data (JPEG entropy-coded scans, PNG/APNG zlib streams, GIF LZW data, VP8/VP8L/ALPH
bitstreams) and palettes are image data: they are part of the pixel hash and are copied. A PNG
zlib stream is cut where it ends (and refused when it inflates to more than the image holds), GIF
LZW data after the code that completes the frame; JPEG scans and WebP bitstreams are copied whole.
"""

from __future__ import annotations

import hashlib
import struct
import zlib

from isal import isal_zlib

from app.media import icc

# --------------------------------------------------------------------------------------- JPEG

#: SOF markers of progressive, lossless and arithmetic-coded frames (which tables a scan uses).
PROGRESSIVE_SOF = {0xC2, 0xC6, 0xCA, 0xCE}
LOSSLESS_SOF = {0xC3, 0xC7, 0xCB, 0xCF}
ARITHMETIC_SOF = {0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
ICC_CHUNK = 65519 - 14  # the largest profile piece one APP2 segment holds


def segment(marker: int, body: bytes) -> bytes:
    """One JPEG marker segment."""
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def adobe_segment(body: bytes) -> bytes | None:
    """APP14 "Adobe": identifier, version, flags0, flags1, transform — exactly 12 bytes."""
    if len(body) < 12 or body[:5] != b"Adobe":
        return None
    return segment(0xEE, body[:12])


def jfif_segment(body: bytes) -> bytes | None:
    """APP0 "JFIF": identifier, version, units, densities and a 0×0 thumbnail — 14 bytes."""
    if len(body) < 12 or body[:5] != b"JFIF\x00":
        return None
    return segment(0xE0, body[:12] + b"\x00\x00")


def sof_segment(marker: int, body: bytes) -> bytes:
    """SOFn: precision, height, width, components (3 bytes each)."""
    if len(body) < 6 or len(body) < 6 + 3 * body[5]:
        raise ValueError("SOF segment shorter than its components")
    return segment(marker, body[: 6 + 3 * body[5]])


def sos_header(body: bytes) -> bytes:
    """The SOS segment (not its scan data): components (2 bytes each), Ss, Se, Ah/Al."""
    if not body or len(body) < 4 + 2 * body[0]:
        raise ValueError("SOS segment shorter than its components")
    return segment(0xDA, body[: 4 + 2 * body[0]])


def fixed_segment(marker: int, body: bytes, size: int) -> bytes:
    """DRI and DNL: one 2-byte field."""
    if len(body) < size:
        raise ValueError(f"marker 0x{marker:02X} segment too short")
    return segment(marker, body[:size])


def dqt_tables(body: bytes) -> list[tuple[int, bytes]]:
    """The complete tables of a DQT body as ``(table id, Pq/Tq byte + values)``; a piece too short
    to be a table is not one."""
    out, pos = [], 0
    while pos < len(body):
        size = 1 + 64 * (1 + (body[pos] >> 4 > 0))
        if pos + size > len(body):
            break
        out.append((body[pos] & 0x0F, body[pos : pos + size]))
        pos += size
    return out


def dht_tables(body: bytes) -> list[tuple[tuple[int, int], bytes]]:
    """The complete tables of a DHT body as ``((class, id), Tc/Th byte + counts + symbols)``."""
    out, pos = [], 0
    while pos + 17 <= len(body):
        size = 17 + sum(body[pos + 1 : pos + 17])
        if pos + size > len(body):
            break
        out.append(((body[pos] >> 4, body[pos] & 0x0F), body[pos : pos + size]))
        pos += size
    return out


def scan_tables(sof: int, sos_body: bytes) -> tuple[set[tuple[int, int]], set[int]]:
    """The Huffman table slots ``(class, id)`` a scan decodes with, and its component ids."""
    ns = sos_body[0]
    comps = {sos_body[1 + 2 * i] for i in range(ns)}
    if sof in ARITHMETIC_SOF:
        return set(), comps
    ss, ah = sos_body[1 + 2 * ns], sos_body[3 + 2 * ns] >> 4
    use_dc = sof in LOSSLESS_SOF or sof not in PROGRESSIVE_SOF or (ss == 0 and ah == 0)
    use_ac = sof not in LOSSLESS_SOF and (sof not in PROGRESSIVE_SOF or ss > 0)
    slots: set[tuple[int, int]] = set()
    for i in range(ns):
        sel = sos_body[2 + 2 * i]
        if use_dc:
            slots.add((0, sel >> 4))
        if use_ac:
            slots.add((1, sel & 0x0F))
    return slots, comps


def icc_segments(profile: bytes) -> list[bytes]:
    """A canonical profile split into APP2 "ICC_PROFILE" segments, numbered 1..n of n."""
    pieces = [profile[i : i + ICC_CHUNK] for i in range(0, len(profile), ICC_CHUNK)] or [b""]
    return [segment(0xE2, b"ICC_PROFILE\x00" + bytes([i + 1, len(pieces)]) + piece)
            for i, piece in enumerate(pieces)]


def canonical_icc(profile: bytes) -> bytes:
    """A standard profile with the two fields its identity ignores written canonically: the
    rendering intent (0–3, else 0) and the profile ID (zero: "not computed")."""
    if not icc.is_standard(profile) or len(profile) < 100:
        raise ValueError("not a standard profile")
    buf = bytearray(profile)
    intent = int.from_bytes(buf[64:68], "big")
    buf[64:68] = (intent if intent <= 3 else 0).to_bytes(4, "big")
    buf[84:100] = bytes(16)
    return bytes(buf)


# ---------------------------------------------------------------------------------------- PNG

#: Exact body sizes of the fixed-size chunks kept; sBIT and tRNS depend on the colour type.
PNG_SIZES = {"IHDR": 13, "gAMA": 4, "cHRM": 32, "sRGB": 1, "acTL": 8, "fcTL": 26, "IEND": 0}
_SBIT = {0: 1, 2: 3, 3: 3, 4: 2, 6: 4}
_TRNS = {0: 2, 2: 6}
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_PASSES = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
           (0, 1, 1, 2))


def png_chunk(ctype: bytes, body: bytes) -> bytes:
    """One PNG chunk with length and CRC."""
    return (struct.pack(">I", len(body)) + ctype + body
            + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF))


def png_size(kind: str, ihdr: bytes, palette_entries: int) -> int | None:
    """The canonical body size of a fixed or bounded chunk (None: any size, e.g. IDAT)."""
    ctype = ihdr[9] if len(ihdr) >= 10 else 0
    if kind in PNG_SIZES:
        return PNG_SIZES[kind]
    if kind == "sBIT":
        return _SBIT.get(ctype, 0)
    if kind == "tRNS":
        return _TRNS.get(ctype, palette_entries if ctype == 3 else 0)
    if kind == "PLTE":
        return 3 * min(256, 1 << ihdr[8]) if ctype == 3 and len(ihdr) >= 9 else 0
    return None


def png_fixed(kind: str, body: bytes, ihdr: bytes, palette_entries: int) -> bytes | None:
    """A fixed-size chunk rebuilt at its exact size (PLTE and tRNS: at most their bound, PLTE in
    whole entries); None when it is too short or has no place in this colour type."""
    size = png_size(kind, ihdr, palette_entries)
    if size is None:
        raise ValueError(kind)
    if kind in ("PLTE", "tRNS"):
        body = body[:size]
        if kind == "PLTE":
            body = body[: len(body) - len(body) % 3]
        return png_chunk(kind.encode(), body) if body else None
    if len(body) < size or (size == 0 and kind != "IEND"):
        return None
    return png_chunk(kind.encode(), body[:size])


def png_raw_size(ihdr: bytes, width: int, height: int) -> int:
    """Bytes of filtered scanlines a ``width``×``height`` image of this IHDR inflates to."""
    depth, ctype, interlace = ihdr[8], ihdr[9], ihdr[12]
    bits = depth * _CHANNELS.get(ctype, 4)

    def rows(w: int, h: int) -> int:
        return 0 if w == 0 or h == 0 else h * (1 + (w * bits + 7) // 8)

    if not interlace:
        return rows(width, height)
    return sum(rows((width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy)
               for x0, y0, dx, dy in _PASSES)


#: Extents already measured in this process, by (SHA-256 of the stream's bytes, limit): the
#: sanitiser measures an original's stream, the byte accounting then measures the copy's — the
#: same bytes, cut where they end — and a received copy is measured the same two times.
_EXTENTS: dict[tuple[bytes, int], tuple[int, int]] = {}
_EXTENTS_KEPT = 16
#: Remembered only when the image holds this many times the stream's bytes (well compressed).
_WORTH_REMEMBERING = 4


def zlib_extent(bodies: list[bytes], limit: int) -> tuple[int, int]:
    """``(bytes of the concatenated bodies the zlib stream uses, bytes it inflates to)``.

    Inflating stops once more than ``limit`` bytes came out (the caller then refuses the copy).
    A stream that ended within the limit is remembered under the digest of its bytes, and under
    the digest of the bytes it used (what a copy cut at its end holds): the answer depends on
    those bytes and the limit alone, so the same stream is inflated once per process.

    Raises:
        ValueError: the stream is broken or does not end.
    """
    size = sum(len(b) for b in bodies)
    if limit < _WORTH_REMEMBERING * size:
        # little inflating to save: hashing the bytes would cost about as much (noise, photos)
        used, out, _ended = _inflate_extent(bodies, limit)
        return used, out
    whole = hashlib.sha256()
    for body in bodies:
        whole.update(body)
    key = (whole.digest(), limit)
    known = _EXTENTS.get(key)
    if known is not None:
        return known
    used, out, ended = _inflate_extent(bodies, limit)
    if ended:
        if len(_EXTENTS) >= _EXTENTS_KEPT:
            _EXTENTS.clear()
        _EXTENTS[key] = (used, out)
        if used != size:
            cut = hashlib.sha256()
            left = used
            for body in bodies:
                cut.update(body[:left])
                left -= min(left, len(body))
            _EXTENTS[(cut.digest(), limit)] = (used, out)
    return used, out


def _inflate_extent(bodies: list[bytes], limit: int) -> tuple[int, int, bool]:
    # ISA-L's inflate: the same streams, the same errors (its Adler-32 check included), about six
    # times faster than zlib's on screenshots; where each stream ends is all that is read here
    dec = isal_zlib.decompressobj()
    used = out = 0
    for body in bodies:
        buf = body
        while buf and not dec.eof:
            try:
                out += len(dec.decompress(buf, 1 << 20))
            except isal_zlib.error as exc:  # type: ignore[misc]  # its stub types it as an instance
                raise ValueError(f"png image data: {exc}") from exc
            if out > limit:
                return used, out, False
            tail = dec.unconsumed_tail
            used += len(buf) - len(tail) - (len(dec.unused_data) if dec.eof else 0)
            buf = tail
        if dec.eof:
            return used, out, True
    raise ValueError("png image data does not end")


# ---------------------------------------------------------------------------------------- GIF


def gce_block(payload: bytes) -> bytes | None:
    """Graphic control extension: flags (reserved bits cleared), delay, transparent index."""
    if len(payload) < 5 or payload[0] < 4:
        return None
    return b"\x21\xf9\x04" + bytes([payload[1] & 0x1F]) + payload[2:5] + b"\x00"


def loop_block(loop: int) -> bytes:
    """The NETSCAPE2.0 looping extension carrying only the loop count."""
    return b"\x21\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", loop) + b"\x00"


def netscape_loop(payload: bytes) -> int | None:
    """The loop count in the sub-blocks of a NETSCAPE2.0/ANIMEXTS1.0 extension (after its
    identifier), or None when no looping sub-block is there."""
    pos = 0
    while pos < len(payload) and payload[pos]:
        size = payload[pos]
        block = payload[pos + 1 : pos + 1 + size]
        if size >= 3 and len(block) >= 3 and block[0] == 1:
            return int(struct.unpack("<H", block[1:3])[0])
        pos += 1 + size
    return None


def sub_blocks(payload: bytes) -> bytes:
    """GIF data sub-blocks of 255 bytes (the last shorter) and the terminator."""
    return b"".join(bytes([len(payload[i : i + 255])]) + payload[i : i + 255]
                    for i in range(0, len(payload), 255)) + b"\x00"


def gif_image_block(raw: bytes) -> bytes:
    """An image block (descriptor, local colour table, LZW code size) with its LZW data cut after
    the code that completes the frame (and an end code right after it), unused bits zero."""
    if len(raw) < 11:
        raise ValueError("GIF image block too short")
    w, h, flags = struct.unpack("<HHB", raw[5:10])
    pos = 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    if pos >= len(raw):
        raise ValueError("GIF image block too short")
    min_size = raw[pos]
    head = raw[: pos + 1]
    pos += 1
    lzw = bytearray()
    while pos < len(raw) and raw[pos]:
        lzw += raw[pos + 1 : pos + 1 + raw[pos]]
        pos += 1 + raw[pos]
    bits = lzw_extent(bytes(lzw), min_size, w * h)
    cut = bytearray(lzw[: (bits + 7) // 8])
    if bits % 8:
        cut[-1] &= (1 << (bits % 8)) - 1
    return head + sub_blocks(bytes(cut))


def lzw_extent(data: bytes, min_size: int, pixels: int) -> int:
    """Bits of GIF LZW ``data`` up to the code that completes ``pixels`` (an end code right after
    it included), or up to the end code; all of it when neither comes. Only the code widths and
    string lengths are tracked, not the strings."""
    total = len(data) * 8
    if not 2 <= min_size <= 11:
        return total
    clear = 1 << min_size
    eoi = clear + 1
    lengths = [1] * clear + [0] * (4097 - clear)
    size, nxt, prev, limit = min_size + 1, eoi + 1, -1, 1 << (min_size + 1)
    bitpos = buf = nbuf = byte = out = 0
    n = len(data)
    while True:
        while nbuf < size:
            if byte >= n:
                return total
            buf |= data[byte] << nbuf
            byte += 1
            nbuf += 8
        code = buf & (limit - 1)
        buf >>= size
        nbuf -= size
        bitpos += size
        if code == clear:
            size, nxt, prev, limit = min_size + 1, eoi + 1, -1, 1 << (min_size + 1)
            continue
        if code == eoi:
            return bitpos
        if prev < 0:
            if code > clear:
                return total
            out += 1
        else:
            if code < nxt:
                out += lengths[code]
            elif code == nxt:
                out += lengths[prev] + 1
            else:
                return total
            if nxt < 4096:
                lengths[nxt] = lengths[prev] + 1
                nxt += 1
                if nxt == limit and size < 12:
                    size += 1
                    limit <<= 1
        prev = code
        if out >= pixels:
            break
    # an end code right after the last one needed belongs to the frame
    while nbuf < size and byte < n:
        buf |= data[byte] << nbuf
        byte += 1
        nbuf += 8
    if nbuf >= size and buf & (limit - 1) == eoi:
        bitpos += size
    return bitpos


# --------------------------------------------------------------------------------------- WebP

WEBP_IMAGE = {"VP8 ", "VP8L", "ALPH"}


def riff_chunk(fourcc: bytes, body: bytes) -> bytes:
    """One RIFF chunk, its pad byte zero."""
    return fourcc + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) & 1 else b"")


def vp8x_chunk(body: bytes, *, icc_kept: bool, exif: bool, animated: bool) -> bytes:
    """VP8X: flags recomputed (alpha kept as given), reserved bytes zero, the canvas size."""
    if len(body) < 10:
        raise ValueError("VP8X chunk too short")
    flags = (body[0] & 0x10) | (0x20 if icc_kept else 0) | (0x08 if exif else 0) | (
        0x02 if animated else 0)
    return riff_chunk(b"VP8X", bytes([flags, 0, 0, 0]) + body[4:10])


def anim_chunk(body: bytes) -> bytes:
    """ANIM: background colour and loop count, 6 bytes."""
    if len(body) < 6:
        raise ValueError("ANIM chunk too short")
    return riff_chunk(b"ANIM", body[:6])


def anmf_chunk(body: bytes) -> bytes:
    """ANMF: the 16-byte frame header (reserved flag bits cleared) and the frame's bitstream
    chunks only (an optional ALPH, then VP8, or VP8L); anything else inside is dropped."""
    if len(body) < 16:
        raise ValueError("ANMF chunk too short")
    out = [body[:15] + bytes([body[15] & 0x03])]
    pos = 16
    alpha = image = False
    while not image and pos + 8 <= len(body):
        fourcc, size = struct.unpack("<4sI", body[pos : pos + 8])
        sub = body[pos + 8 : pos + 8 + size]
        if len(sub) < size:
            break
        kind = fourcc.decode("latin-1")
        if kind == "ALPH" and not alpha:
            out.append(riff_chunk(fourcc, sub))
            alpha = True
        elif kind in ("VP8 ", "VP8L"):
            out.append(riff_chunk(fourcc, sub))
            image = True
        pos += 8 + size + (size & 1)
    if not image:
        raise ValueError("ANMF frame without a bitstream")
    return riff_chunk(b"ANMF", b"".join(out))
