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


DIGIT_STYLES = ("western", "arabic-indic")  # the display setting (GUI and PDF alike)
_TO_ARABIC_INDIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666"
                                 "\u0667\u0668\u0669")


def localize_digits(text: str, digits: str) -> str:
    """``digits`` "arabic-indic": 0-9 → ٠-٩ (nothing else changes); otherwise ``text`` as is."""
    return text.translate(_TO_ARABIC_INDIC) if digits == "arabic-indic" else text


def has_rtl(value: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in value)


_WEB_START = re.compile(r"https?://", re.IGNORECASE)
_HOST = re.compile(r"(?:[^\W_](?:[\w-]{0,62}[^\W_])?\.)*[^\W_](?:[\w-]{0,62}[^\W_])?\.?"
                   r"|\[[0-9A-Fa-f:.]{2,45}\]")


def is_web_link(url: object) -> bool:
    """Whether ``url`` may ever be made a link (GUI, PDF): an ``http``/``https`` address with a
    host, exactly as given. The one decision for every place that could make a link (issue 12,
    point 10): anything else — ``javascript:``, ``file:``, ``data:``, a scheme hidden behind spaces
    or control characters, ``http:/x`` without a host, a backslash a browser would read as a
    slash — is stored as given but shown as plain text and flagged. Userinfo (``https://a@b``) is
    allowed: the address is always displayed as given, so the reader sees it."""
    if not isinstance(url, str) or not url or len(url) > 8192 or "\\" in url:
        return False
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Cs", "Co", "Cn")
           for c in url):
        return False  # no whitespace, controls or invisible formatting anywhere
    if not _WEB_START.match(url):
        return False
    rest = url.split("://", 1)[1]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host_port = authority.rsplit("@", 1)[-1]
    host, port = host_port, ""
    if not host.startswith("["):
        host, _sep, port = host_port.partition(":")
    elif "]:" in host_port:
        host, port = host_port.split("]:", 1)
        host += "]"
    if port and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        return False
    return bool(host) and _HOST.fullmatch(host) is not None
