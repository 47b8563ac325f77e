# SPDX-License-Identifier: GPL-3.0-or-later
"""Slim Qt's ICU data library for the frozen build: keep Arabic, English and the root locale.

PySide6's QtCore links ICU, whose data library (``libicudata.so.NN``, 32 MB) carries every locale,
converter and break-iteration dictionary ICU knows. Qt uses ICU for collation (QCollator, and so the
sorting in Qt's own file dialog), time-zone names and codecs. This tool reads the ICU "common data"
package out of that library, keeps what an Arabic/English app can ever ask for and writes it back
as a library with the same soname exporting the same one symbol (``icudtNN_dat``).

Kept: every non-locale item (normalisation, properties, character names, time-zone rules, plural and
unit rules, supplemental data, the pools and indexes), the locale items for ``root``, ``ar*`` and
``en*`` in every tree, and the converters for Arabic and Western code pages. Dropped: the other 800
locales, the CJK/Thai/Khmer/Lao/Burmese dictionaries, the transliterator rules and ~200 legacy code
pages. A locale that is not kept falls back to root, which ICU does by design.

Usage: ``python packaging/icu_slim.py SRC_LIBICUDATA OUT_DIR`` (needs ``gcc``; called by build.sh).
The layout of the common-data package follows ICU's ``udata.cpp``/``pkgitems``: a data header, then
a table of contents (count, then name/data offsets relative to the TOC), the names, and the items,
each 16-byte aligned, sorted by name because ICU looks them up by binary search.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from pathlib import Path

# A locale resource bundle: ISO 639 language (2-3 letters) with optional script/region/variant.
LOCALE_ITEM = re.compile(r"^(?:[a-z]+/)?([a-z]{2,3})(?:_[A-Za-z0-9]+)*\.res$")
KEEP_LANGUAGES = frozenset({"ar", "ars", "en"})  # root is not matched, so always kept
# Code pages worth keeping: Windows/ISO/DOS Arabic, and the Western ones documents use.
KEEP_CONVERTERS = re.compile(
    r"^(ibm-1256_|ibm-1089_|ibm-864_|ibm-720_|ibm-1252_|ibm-5348_|ibm-5352_|ibm-913_|ibm-912_)"
)
DROP_TREES = ("translit/",)


def extract_from_elf(lib: bytes) -> tuple[str, bytes]:
    """Return (symbol name, data) of the ``icudtNN_dat`` object in an ELF64 little-endian
    library."""
    if lib[:4] != b"\x7fELF" or lib[4] != 2 or lib[5] != 1:
        raise ValueError("not an ELF64 little-endian library")
    shoff, = struct.unpack_from("<Q", lib, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", lib, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", lib, shoff + i * shentsize) for i in range(shnum)]
    for sh in sections:
        if sh[1] != 11:  # SHT_DYNSYM
            continue
        strtab = sections[sh[6]]
        for off in range(sh[4], sh[4] + sh[5], 24):
            st_name, _info, _other, _shndx, value, size = struct.unpack_from("<IBBHQQ", lib, off)
            start = strtab[4] + st_name
            name = lib[start:lib.index(b"\0", start)].decode()
            if re.fullmatch(r"icudt\d+_dat", name):
                for s in sections:  # map the virtual address to a file offset
                    if s[3] <= value < s[3] + s[5] and s[1] != 8:  # not SHT_NOBITS
                        fo = s[4] + (value - s[3])
                        return name, lib[fo:fo + size]
    raise ValueError("no icudtNN_dat symbol in this library")


def parse(dat: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split a common-data package into its header and its (name, item) list."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", dat, 0)
    if (magic1, magic2) != (0xDA, 0x27) or dat[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    count, = struct.unpack_from("<I", dat, header_size)
    entries = [struct.unpack_from("<II", dat, header_size + 4 + 8 * i) for i in range(count)]
    ends = [d for _n, d in entries[1:]] + [len(dat) - header_size]
    items = []
    for (name_off, data_off), end in zip(entries, ends, strict=True):
        start = header_size + name_off
        name = dat[start:dat.index(b"\0", start)].decode("ascii")
        items.append((name, dat[header_size + data_off:header_size + end]))
    return dat[:header_size], items


def build(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """Write a common-data package (the inverse of parse)."""
    items = sorted(items, key=lambda it: it[0].encode("ascii"))
    names = b"".join(n.encode("ascii") + b"\0" for n, _ in items)
    toc_len = 4 + 8 * len(items)
    data_start = toc_len + len(names)
    data_start += -(len(header) + data_start) % 16
    entries, blobs, name_off, data_off = [], [], toc_len, data_start
    for name, blob in items:
        entries.append(struct.pack("<II", name_off, data_off))
        name_off += len(name) + 1
        padded = blob + b"\xaa" * (-len(blob) % 16)
        blobs.append(padded)
        data_off += len(padded)
    toc = struct.pack("<I", len(items)) + b"".join(entries) + names
    toc += b"\xaa" * (data_start - len(toc))  # ICU pads with 0xAA
    return header + toc + b"".join(blobs)


def keep(item: str) -> bool:
    """Whether a package item (without its ``icudtNNl/`` prefix) is kept."""
    if item.startswith(DROP_TREES) or item.endswith(".dict"):
        return False
    if item.endswith(".cnv"):
        return bool(KEEP_CONVERTERS.match(item))
    m = LOCALE_ITEM.match(item)
    if m and not item.endswith("res_index.res"):
        return m.group(1) in KEEP_LANGUAGES
    return True


def slim(dat: bytes) -> bytes:
    header, items = parse(dat)
    kept = [(n, b) for n, b in items if keep(n.split("/", 1)[1])]
    return build(header, kept)


def main(argv: list[str]) -> int:
    src, out_dir = Path(argv[1]), Path(argv[2])
    lib = src.read_bytes()
    symbol, dat = extract_from_elf(lib)
    slim_dat = slim(dat)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{symbol[:-4]}l.dat").write_bytes(slim_dat)
    asm = out_dir / "icudata.S"
    asm.write_text(
        "\t.section .rodata\n\t.balign 16\n"
        f"\t.globl {symbol}\n\t.type {symbol}, @object\n{symbol}:\n"
        f'\t.incbin "{symbol[:-4]}l.dat"\n\t.size {symbol}, .-{symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n'
    )
    subprocess.run(
        ["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{src.name}", "-Wl,--build-id=sha1",
         "-o", src.name, "icudata.S"],
        cwd=out_dir, check=True,
    )
    print(f"{src.name}: {len(dat) / 1e6:.1f} MB of ICU data -> {len(slim_dat) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
