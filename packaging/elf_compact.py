# SPDX-License-Identifier: GPL-3.0-or-later
"""Remove the zero padding an old ``patchelf`` left in wheel-vendored libraries.

auditwheel renames the libraries it vendors with patchelf; the version tesserocr's and pikepdf's
wheels were built with appends each rewritten piece (``.dynstr``, ``.dynamic``, the program
headers) as a new ``PT_LOAD`` segment at the next **2 MiB** file offset, so a 30 KB libwebpmux is
6.3 MB on disk, almost all zeros (tesserocr.libs: 28 MB for 7 MB of code and data).

This moves each loadable segment down to the first file offset that keeps it congruent to its
virtual address modulo the 4 KiB page (all the loader requires: glibc's ``_dl_map_segments``)
and sets that segment's ``p_align`` to 4 KiB. Virtual addresses, and so every pointer, relocation
and dynamic entry, are unchanged; only file offsets move: the program and section headers that
point into a moved piece, ``e_phoff`` and ``e_shoff``. A file is left untouched unless every
header range lies inside one piece (the layout is then understood) and compacting saves at least
64 KiB. Deterministic: the same input gives the same output.

Usage: ``python packaging/elf_compact.py [--restore-from SITE ROOT] LIB...`` (build.sh runs it
on every library of the build, ROOT being ``_internal``: the libraries PyInstaller's ``strip``
left unloadable, see :func:`misaligned`, are first replaced with the wheel's copy from SITE).
Checked by tests/packaging/test_elf_compact.py (the compacted wheel libraries load and run) and
the frozen self-test (OCR through the compacted libtesseract, leptonica and image libraries).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

PAGE = 0x1000
PT_LOAD = 1
SHT_NOBITS = 8
MIN_SAVING = 64 * 1024


def _align_to(x: int, target: int) -> int:
    """The smallest y >= x with y ≡ target (mod PAGE)."""
    return x + ((target - x) % PAGE)


def compact(data: bytes) -> bytes | None:
    """The compacted image of a 64-bit little-endian ELF file, or None to keep it as it is."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    (e_phoff, e_shoff) = struct.unpack_from("<QQ", data, 0x20)
    (e_phentsize, e_phnum, e_shentsize, e_shnum) = struct.unpack_from("<HHHH", data, 0x36)
    if e_phentsize != 56 or (e_shnum and e_shentsize != 64):
        return None
    phdrs = [list(struct.unpack_from("<IIQQQQQQ", data, e_phoff + i * 56)) for i in range(e_phnum)]
    shdrs = [list(struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * 64))
             for i in range(e_shnum)]
    loads = sorted({p[2] for p in phdrs if p[0] == PT_LOAD})
    if not loads or loads[0] != 0:
        return None
    # pieces of the file: [start of a PT_LOAD, start of the next one)
    bounds = [*loads, len(data)]

    def piece(off: int) -> int:
        return max(i for i, b in enumerate(loads) if b <= off)

    ranges = [(p[2], p[2] + p[5]) for p in phdrs if p[5]]
    ranges += [(s[4], s[4] + s[5]) for s in shdrs if s[1] != SHT_NOBITS and s[5]]
    ranges += [(e_phoff, e_phoff + e_phnum * 56)]
    shdr_range = (e_shoff, e_shoff + e_shnum * 64)
    used = list(loads)  # end of the meaningful bytes in each piece
    for lo, hi in [*ranges, shdr_range]:
        i = piece(lo)
        if hi > bounds[i + 1]:
            return None  # a range crosses a piece boundary: not a layout this understands
        used[i] = max(used[i], hi)
    new_start = [0]
    for i in range(1, len(loads)):
        new_start.append(_align_to(used[i - 1] - loads[i - 1] + new_start[i - 1], loads[i]))
    total = used[-1] - loads[-1] + new_start[-1]
    if len(data) - total < MIN_SAVING:
        return None

    def moved(off: int) -> int:
        i = piece(off)
        return off - loads[i] + new_start[i]

    out = bytearray(total)
    for i, lo in enumerate(loads):
        out[new_start[i]:new_start[i] + used[i] - lo] = data[lo:used[i]]
    for p in phdrs:
        if p[0] == PT_LOAD and moved(p[2]) != p[2]:
            p[7] = PAGE  # p_align: congruence modulo the page is what the loader needs
        p[2] = moved(p[2])
    for s in shdrs:
        if s[4] < len(data):  # .bss (NOBITS) too: its nominal offset follows its segment
            s[4] = moved(s[4])
    new_phoff, new_shoff = moved(e_phoff), moved(e_shoff) if e_shnum else e_shoff
    struct.pack_into("<QQ", out, 0x20, new_phoff, new_shoff)
    for i, p in enumerate(phdrs):
        struct.pack_into("<IIQQQQQQ", out, new_phoff + i * 56, *p)
    for i, s in enumerate(shdrs):
        struct.pack_into("<IIQQQQIIQQ", out, new_shoff + i * 64, *s)
    return bytes(out)


def misaligned(data: bytes) -> bool:
    """True when a loadable segment's file offset is not congruent to its address modulo the
    page: glibc refuses the library ("ELF load command address/offset not page-aligned").
    GNU strip 2.40 does this to numpy's OpenBLAS (empty RW segments after ``.bss``)."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return False
    (e_phoff,) = struct.unpack_from("<Q", data, 0x20)
    (e_phnum,) = struct.unpack_from("<H", data, 0x38)
    for i in range(e_phnum):
        p_type, _flags, p_offset, p_vaddr = struct.unpack_from("<IIQQ", data, e_phoff + i * 56)
        if p_type == PT_LOAD and (p_vaddr - p_offset) % PAGE:
            return True
    return False


def restore_misaligned(root: Path, site: Path, paths: list[Path]) -> None:
    """Put back the wheel's copy (``site`` / the same path as under ``root``) of every library
    PyInstaller's strip left unloadable; fail when there is none or it is misaligned as well."""
    for path in paths:
        if path.is_symlink() or not path.is_file() or not misaligned(path.read_bytes()):
            continue
        original = site / path.relative_to(root)
        if not original.is_file() or misaligned(original.read_bytes()):
            raise SystemExit(f"elf_compact: {path} is unloadable and {original} cannot replace it")
        path.write_bytes(original.read_bytes())
        print(f"elf_compact: {path.name} unloadable after strip, the wheel's copy restored")


def main(argv: list[str]) -> int:
    args = argv[1:]
    if args[:1] == ["--restore-from"]:  # --restore-from SITE ROOT LIB...
        restore_misaligned(Path(args[2]), Path(args[1]), [Path(a) for a in args[3:]])
        args = args[3:]
    saved = 0
    for name in args:
        path = Path(name)
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        new = compact(data)
        if new is None:
            continue
        mode = path.stat().st_mode
        path.write_bytes(new)
        path.chmod(mode)
        saved += len(data) - len(new)
        print(f"elf_compact: {path.name} {len(data) / 1e6:.1f} -> {len(new) / 1e6:.2f} MB")
    print(f"elf_compact: saved {saved / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
