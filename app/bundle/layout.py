# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The bundle layout: fixed file names, entry order, ``SHA256SUMS`` and the custody-log chain.

Archive order is fixed so that a streaming reader sees the signed metadata before any item:
README-VERIFY.txt, SHA256SUMS, its signatures, signer.*, manifest.json, custody-log.jsonl,
report/*, then items/* sorted by path.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from app.bundle.manifest import (
    CUSTODY_PATH,
    ITEM_PATH,
    MANIFEST_PATH,
    REPORT_PATH,
    canonical_json,
    parse_custody_line,
)
from app.bundle.zipreader import Kind
from app.errors import VerificationFailed

README = "README-VERIFY.txt"
SUMS = "SHA256SUMS"
MINISIG = "SHA256SUMS.minisig"
RAWSIG = "SHA256SUMS.sig"
SIGNER_PUB = "signer.pub"
SIGNER_PEM = "signer.pem"
UNSUMMED = (README, SUMS, MINISIG, RAWSIG, SIGNER_PUB, SIGNER_PEM)
HEAD = (README, SUMS, MINISIG, RAWSIG, SIGNER_PUB, SIGNER_PEM, MANIFEST_PATH, CUSTODY_PATH)
SIGNED_METADATA = (SUMS, MINISIG, MANIFEST_PATH)
_GENESIS = "0" * 64
_SUM_LINE = re.compile(rb"([0-9a-f]{64})  ([A-Za-z0-9._/-]+)")


def classify(name: str) -> Kind:
    """``"small"`` for fixed files and the report, ``"stream"`` for items; else unexpected."""
    if name in HEAD or REPORT_PATH.fullmatch(name):
        return "small"
    if ITEM_PATH.fullmatch(name):
        return "stream"
    raise VerificationFailed("bundle.unexpected_file", name=name)


def build_sums(hashes: Mapping[str, str]) -> bytes:
    """GNU coreutils format, sorted by path: ``<hex>  <path>\\n``."""
    for name in hashes:
        if name in UNSUMMED:
            raise ValueError(f"{name} is never listed in SHA256SUMS")
    return b"".join(f"{hashes[n]}  {n}\n".encode() for n in sorted(hashes))


def parse_sums(untrusted: bytes) -> dict[str, str]:
    """Parse SHA256SUMS strictly (sorted, unique, text mode lines). Raises VerificationFailed."""
    out: dict[str, str] = {}
    if not untrusted.endswith(b"\n"):
        raise VerificationFailed("bundle.sums_invalid")
    prev = b""
    for line in untrusted[:-1].split(b"\n"):
        m = _SUM_LINE.fullmatch(line)
        if m is None or m.group(2) <= prev:
            raise VerificationFailed("bundle.sums_invalid")
        prev = m.group(2)
        name = m.group(2).decode("ascii")
        if name in UNSUMMED:
            raise VerificationFailed("bundle.sums_invalid")
        out[name] = m.group(1).decode("ascii")
    return out


def entry_sha256(entry: Mapping[str, Any]) -> str:
    """SHA-256 hex of the canonical JSON of a custody entry without its ``entry_sha256``."""
    return hashlib.sha256(canonical_json({k: v for k, v in entry.items()
                                          if k != "entry_sha256"})).hexdigest()


def verify_custody(untrusted: bytes, first_seq: int | None = None, last_seq: int | None = None,
                   head: str | None = None) -> list[dict[str, Any]]:
    """Check the custody-log segment and return its entries.

    Contract: one canonical JSON object per line, each a valid entry
    (:func:`app.bundle.manifest.parse_custody_line`: the strict loader, then the entry schema),
    ``seq`` consecutive, each ``entry_sha256`` equal to :func:`entry_sha256`, each ``prev`` equal
    to the previous line's ``entry_sha256`` (the first line's ``prev`` is null exactly when its seq
    is 1), the last ``entry_sha256`` equal to ``head``.

    Raises:
        VerificationFailed: ``bundle.custody_invalid`` (a line that is not a valid entry) or
            ``bundle.custody_broken`` (the chain), naming the first bad line (1-based).
    """
    if not untrusted.endswith(b"\n"):
        raise VerificationFailed("bundle.custody_broken", line=0)
    entries: list[dict[str, Any]] = []
    prev: str | None = None
    for n, raw in enumerate(untrusted[:-1].split(b"\n"), start=1):
        entry = parse_custody_line(raw, n)
        seq, eh, link = entry["seq"], entry["entry_sha256"], entry["prev"]
        ok = eh == entry_sha256(entry)
        if ok and n == 1:
            # seq 1 links to nothing: null, or the vault's all-zero genesis hash as stored
            ok = ((first_seq is None or seq == first_seq)
                  and ((link in (None, _GENESIS)) == (seq == 1)))
        elif ok:
            ok = seq == entries[-1]["seq"] + 1 and link == prev
        if not ok:
            raise VerificationFailed("bundle.custody_broken", line=n)
        entries.append(entry)
        prev = eh
    if (last_seq is not None and entries[-1]["seq"] != last_seq) or (
            head is not None and prev != head):
        raise VerificationFailed("bundle.custody_broken", line=len(entries))
    return entries
