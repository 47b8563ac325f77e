# SPDX-License-Identifier: GPL-3.0-or-later
"""packaging/icu_slim.py: reads ICU's common data out of Qt's libicudata, keeps root/Arabic/English.

The frozen build's self-test checks that Arabic and English collation still work with the result
(tests/packaging/test_frozen.py); here the package format itself is checked on the real library.
"""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("icu_slim", ROOT / "packaging" / "icu_slim.py")
assert _spec and _spec.loader
icu_slim = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(icu_slim)


@pytest.fixture(scope="module")
def icudata() -> tuple[str, bytes]:
    import PySide6

    libs = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not libs:
        pytest.skip("this PySide6 build carries no ICU data library")
    return icu_slim.extract_from_elf(libs[0].read_bytes())


def test_extracts_and_rebuilds_the_package_byte_for_byte(icudata: tuple[str, bytes]) -> None:
    symbol, dat = icudata
    assert symbol.startswith("icudt") and symbol.endswith("_dat")
    header, items = icu_slim.parse(dat)
    assert len(items) > 3000
    assert icu_slim.build(header, items) == dat  # the writer is the exact inverse of the reader


def test_slim_keeps_root_arabic_english_and_drops_the_rest(icudata: tuple[str, bytes]) -> None:
    _symbol, dat = icudata
    header, items = icu_slim.parse(icu_slim.slim(dat))
    names = {n.split("/", 1)[1] for n, _ in items}
    for kept in ("root.res", "ar.res", "ar_IQ.res", "ar_JO.res", "ar_SY.res", "en.res", "pool.res",
                 "res_index.res", "coll/root.res", "coll/ar.res", "coll/ucadata.icu",
                 "zoneinfo64.res", "metaZones.res", "zone/ar.res", "unames.icu", "cnvalias.icu",
                 "brkitr/line.brk", "plurals.res"):
        assert kept in names, kept
    for dropped in ("fr.res", "zh.res", "coll/zh.res", "brkitr/cjdict.dict", "translit/root.res",
                    "gb18030.cnv", "he.res"):
        assert dropped not in names, dropped
    assert sum(len(b) for _, b in items) < len(dat) / 5
    # Sorted by name (ICU looks items up by binary search), each item 16-byte aligned.
    raw = [n for n, _ in items]
    assert raw == sorted(raw, key=lambda n: n.encode("ascii"))
    toc = len(header)
    count, = struct.unpack_from("<I", icu_slim.slim(dat), toc)
    assert count == len(items)


def test_keep_rules() -> None:
    keep = icu_slim.keep
    assert keep("ar_EG.res") and keep("curr/en_GB.res") and keep("root.res")
    assert keep("lang/res_index.res") and keep("curr/supplementalData.res")
    assert not keep("de.res") and not keep("unit/fil.res") and not keep("brkitr/thaidict.dict")
    assert keep("ibm-1256_P110-1997.cnv") and not keep("ibm-37_P100-1995.cnv")


def test_rejects_what_is_not_icu_data() -> None:
    with pytest.raises(ValueError, match="not an ICU common data package"):
        icu_slim.parse(b"\x00" * 64)
    with pytest.raises(ValueError, match="not an ELF64"):
        icu_slim.extract_from_elf(b"not an elf file at all")
