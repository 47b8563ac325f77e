# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Helpers for untrusted text (file names, metadata, notes from others) and bidi-safe composition.

Raw values stay untouched in the vault; these functions only prepare them for display.
"""

from __future__ import annotations

import re
import unicodedata

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
# Bidi embeddings/overrides/isolates and marks: never let an untrusted value carry them.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")
_CTRL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

DEFAULT_MAX = 2000


def clean_untrusted(value: str, max_len: int = DEFAULT_MAX) -> str:
    """Strip C0/C1 controls (keeping tab and newline) and bidi controls; cap the length."""
    value = _CTRL_RE.sub("", value)
    value = _BIDI_RE.sub("", value)
    if len(value) > max_len:
        value = value[: max_len - 1] + "…"
    return value


def one_line(value: str, max_len: int = 200) -> str:
    """Untrusted text for a single-line display: cleaned, newlines and tabs turned into spaces."""
    return clean_untrusted(value, max_len).replace("\n", " ").replace("\r", " ").replace("\t", " ")


def bidi_isolate(value: str) -> str:
    """Wrap a fragment in FSI…PDI so that it keeps its own direction inside translated text."""
    if not value:
        return value
    return f"{FSI}{value}{PDI}"


def ltr_isolate(value: str) -> str:
    """Wrap an always-left-to-right token (hash, handle, URL, ISO date) in LRI…PDI."""
    if not value:
        return value
    return f"{LRI}{value}{PDI}"


def has_rtl(value: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in value)
