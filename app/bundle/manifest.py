# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``manifest.json``: canonical serialisation, strict parsing and schema validation (§3.6).

Canonical JSON = sorted keys, ``,``/``:`` separators, UTF-8, no NaN. Everything a bundle carries
as JSON goes through :func:`loads_strict` (bounded size, depth and numbers, no NaN/Infinity, no
duplicate keys, valid Unicode); validation then rejects unknown keys, missing keys, wrong types
and out-of-range values at every level, for the manifest (:func:`validate_manifest`) and for each
custody-log entry (:func:`parse_custody_line`). So every failure is a named
``VerificationFailed``, and what the verifier and the receiver read exists with its type. The same
canonical form hashes custody-log entries (``entry_sha256``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from app.errors import VerificationFailed

FORMAT = "bayyina-evidence-bundle"
FORMAT_VERSION = 1
MANIFEST_PATH = "manifest.json"
CUSTODY_PATH = "custody-log.jsonl"

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX16 = re.compile(r"[0-9A-F]{16}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_B64_32 = re.compile(r"[A-Za-z0-9+/]{43}=")
ITEM_PATH = re.compile(r"items/\d{6}/(original|sanitized|metadata)\.[a-z0-9]{1,8}")
REPORT_PATH = re.compile(r"report/report-[a-z]{2}\.pdf")


def canonical_json(value: Any) -> bytes:
    """Sorted keys, compact separators, UTF-8 (not ASCII-escaped), NaN refused."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


MAX_JSON_BYTES = 32 * 1024 * 1024  # the ZIP reader's cap on a small file
MAX_JSON_DEPTH = 32  # a manifest nests 6 deep, a custody entry 2
MAX_JSON_INT = 2**63 - 1  # what SQLite stores; the bounds of each field are in the schema
_INT_DIGITS = len(str(MAX_JSON_INT))
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class _Refused(ValueError):
    """One JSON text or value the strict loader refuses (message: the technical reason)."""


def _no_dupes(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _Refused(f"duplicate key {k[:40]!r}")
        out[k] = v
    return out


def _no_constants(name: str) -> Any:
    raise _Refused(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"number out of range ({text[:20]})")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > _INT_DIGITS:
        raise _Refused(f"number out of range ({text[:20]}...)")
    value = int(text)
    if not -MAX_JSON_INT <= value <= MAX_JSON_INT:
        raise _Refused(f"number out of range ({text[:20]})")
    return value


def _check_values(root: Any) -> None:
    """Iteratively: nesting depth, and no string (key or value) with a lone surrogate."""
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise _Refused("a string is not valid Unicode")
        elif isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise _Refused(f"nested deeper than {MAX_JSON_DEPTH}")
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            stack.extend((x, depth + 1) for x in items)


def loads_strict(untrusted: bytes, code: str = "bundle.manifest_invalid", **params: Any) -> Any:
    """The one JSON loader for what comes from a bundle (manifest, custody-log lines).

    Refuses, as ``VerificationFailed(code, reason=..., **params)``: more than
    :data:`MAX_JSON_BYTES`, invalid UTF-8, syntax errors, duplicate keys, ``NaN``/``Infinity``,
    numbers out of range (``1e999``; integers beyond ±:data:`MAX_JSON_INT`), nesting deeper than
    :data:`MAX_JSON_DEPTH` and strings that are not valid Unicode (lone surrogates). What it
    returns can be re-serialised by :func:`canonical_json` without error.
    """
    if len(untrusted) > MAX_JSON_BYTES:
        raise VerificationFailed(code, reason="too large", **params)
    try:
        value = json.loads(untrusted.decode("utf-8"), object_pairs_hook=_no_dupes,
                           parse_constant=_no_constants, parse_float=_finite_float,
                           parse_int=_bounded_int)
        _check_values(value)
    except RecursionError:
        raise VerificationFailed(code, reason=f"nested deeper than {MAX_JSON_DEPTH}",
                                 **params) from None
    except (UnicodeError, ValueError, OverflowError) as exc:
        raise VerificationFailed(code, reason=str(exc)[:120], **params) from None
    return value


# -- a tiny schema language -----------------------------------------------------------------
Check = Callable[[Any, str], None]


class _Invalid(Exception):
    """A value that does not fit the schema; turned into a VerificationFailed by the caller."""


def _bad(where: str, why: str) -> _Invalid:
    return _Invalid(f"{where}: {why}")


def _str(pattern: re.Pattern[str] | None = None, max_len: int = 10_000,
         choices: tuple[str, ...] = ()) -> Check:
    def check(v: Any, where: str) -> None:
        if not isinstance(v, str) or len(v) > max_len:
            raise _bad(where, "expected a string")
        if pattern is not None and not pattern.fullmatch(v):
            raise _bad(where, "bad format")
        if choices and v not in choices:
            raise _bad(where, "unexpected value")
    return check


def _int(lo: int = 0, hi: int = 2**53) -> Check:
    def check(v: Any, where: str) -> None:
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise _bad(where, "expected an integer in range")
    return check


def _bool(v: Any, where: str) -> None:
    if not isinstance(v, bool):
        raise _bad(where, "expected true/false")


def _const(value: Any) -> Check:
    def check(v: Any, where: str) -> None:
        if type(v) is not type(value) or v != value:
            raise _bad(where, f"expected {value!r}")
    return check


def _opt(inner: Check) -> Check:
    def check(v: Any, where: str) -> None:
        if v is not None:
            inner(v, where)
    return check


def _list(inner: Check, max_len: int = 100_000) -> Check:
    def check(v: Any, where: str) -> None:
        if not isinstance(v, list) or len(v) > max_len:
            raise _bad(where, "expected a list")
        for i, x in enumerate(v):
            inner(x, f"{where}[{i}]")
    return check


def _obj(required: Mapping[str, Check], optional: Mapping[str, Check] | None = None) -> Check:
    optional = optional or {}

    def check(v: Any, where: str) -> None:
        if not isinstance(v, dict):
            raise _bad(where, "expected an object")
        for key in v:
            if key not in required and key not in optional:
                raise _bad(where, f"unknown key {key!r}")
        for key, sub in required.items():
            if key not in v:
                raise _bad(where, f"missing key {key!r}")
            sub(v[key], f"{where}.{key}")
        for key, sub in optional.items():
            if key in v:
                sub(v[key], f"{where}.{key}")
    return check


def _str_map(max_items: int = 64) -> Check:
    def check(v: Any, where: str) -> None:
        if not isinstance(v, dict) or len(v) > max_items:
            raise _bad(where, "expected an object of strings")
        for k, x in v.items():
            _str(max_len=200)(k, where)
            _str(max_len=200)(x, f"{where}.{k}")
    return check


def _ts(v: Any, where: str) -> None:
    """An ISO 8601 UTC-convertible instant: the format, and a real date and time."""
    _str(_ISO)(v, where)
    try:
        datetime.fromisoformat(v.replace("Z", "+00:00")).astimezone(UTC)
    except (ValueError, OverflowError):
        raise _bad(where, "not a real date and time") from None


def _ts_or_date(v: Any, where: str) -> None:
    """An instant (:func:`_ts`) or a bare date ``YYYY-MM-DD`` (a date known without its time)."""
    if isinstance(v, str) and _DATE.fullmatch(v):
        try:
            date.fromisoformat(v)
        except ValueError:
            raise _bad(where, "not a real date") from None
        return
    _ts(v, where)


_HEX = _str(_HEX64)
_TS = _ts
_TEXT = _str(max_len=20_000)
_SHORT = _str(max_len=500)
_MEDIA = _str(re.compile(r"[a-z]+/[a-z0-9.+-]+"), 100)

_ORIGINAL = _obj({
    "sha256": _HEX, "size": _int(), "media_type": _MEDIA, "imported_at": _TS,
    "import_method": _str(choices=("file", "folder", "drop", "clipboard", "bundle")),
    "included": _bool, "path": _opt(_str(ITEM_PATH)), "filename": _opt(_SHORT),
})
#: A recording's proof: one entry per kept stream, in the copy's order; ``sha256`` is what
#: ``ffmpeg -map 0:V? -map 0:a? -c copy -f streamhash -hash sha256`` prints for it.
STREAM = _obj({"kind": _str(choices=("video", "audio")), "codec": _str(max_len=64),
               "packets": _int(), "payload_bytes": _int(), "sha256": _HEX,
               "timing_sha256": _HEX})
#: A document's proof: SHA-256 over every page's content and resources (app.media.pdfclean).
PAGES = _obj({"sha256": _HEX, "pages": _int(1, 1_000_000)})
# "excerpt": messages cut from a chat export, its clean copy the excerpt document
# (app.chats.excerpt, checked on receipt by check_excerpt); "chat": a whole chat export, sent
# only when originals are asked for: the sealed export as the original, its transcript (an
# excerpt document of every message) as the clean copy.
KINDS = ("image", "video", "audio", "document", "excerpt", "chat")
_SANITIZED = _obj({
    "sha256": _HEX, "size": _int(), "media_type": _MEDIA, "path": _str(ITEM_PATH),
    "pixels": _opt(_obj({"sha256": _HEX, "mode": _str(max_len=16), "width": _int(1),
                         "height": _int(1)})),
    "pixels_equal_original": _bool, "orientation": _opt(_int(1, 8)),
    "removed": _list(_str(max_len=200), 1000), "converted_from": _opt(_MEDIA),
    "sanitizer": _SHORT,
}, {"streams": _list(STREAM, 64), "pages": PAGES})
_PERP = _obj({"platform": _SHORT, "handle": _SHORT})
_TAGS = _obj({}, {
    "platform": _opt(_SHORT), "abuse_types": _list(_SHORT, 100), "perpetrators": _list(_PERP, 1000),
    "url": _opt(_str(max_len=4000)), "posted_at": _opt(_ts_or_date),
    "seen_at": _opt(_ts_or_date), "sensitive": _list(_SHORT, 100),
    # the titles of the sender's cases the item is in (a bundle of several cases, or of
    # everything, carries each item's own; the bundle-level "case" names a case export's one)
    "cases": _list(_SHORT, 100),
})
_PREPORT = _obj({"platform": _SHORT, "reported_at": _TS},
                {"reference": _opt(_SHORT), "outcome": _opt(_SHORT), "answered_at": _opt(_TS)})
#: A marked moment of a recording: milliseconds from its start and the note, and where it ends
#: for a span (app.cases.moments).
_MOMENT = _obj({"at_ms": _int(0), "label": _SHORT}, {"end_ms": _int(1)})
#: Derived text: what the sender's lens read inside the picture (OCR, app.cases.lens), with the
#: engine that read it and whether a person corrected it by hand. Not evidence: reproducible
#: from the clean copy; carried so the receiver can search it without reading it again.
DERIVED_MAX = 200_000
_DERIVED = _obj({"text": _str(max_len=DERIVED_MAX), "engine": _SHORT, "corrected": _bool})
_ITEM = _obj({"item_id": _str(_UUID), "original": _ORIGINAL, "sanitized": _SANITIZED},
             {"kind": _str(choices=KINDS), "tags": _TAGS, "notes": _opt(_TEXT),
              "platform_reports": _list(_PREPORT, 1000), "moments": _list(_MOMENT, 1000),
              "derived": _DERIVED})
_SCHEMA = _obj({
    "format": _const(FORMAT), "format_version": _const(FORMAT_VERSION),
    "bundle_id": _str(_UUID), "created_at": _TS,
    "generator": _obj({"app": _const("bayyina"), "version": _str(max_len=50)},
                      {"libs": _str_map()}),
    "signer": _obj({"alg": _const("ed25519"), "key_id": _str(_HEX16),
                    "public_key": _str(_B64_32), "fingerprint": _HEX}),
    "vault": _obj({"vault_id": _HEX, "bundle_seq": _int(1), "previous_bundle_sha256": _opt(_HEX),
                   "custody_head_sha256": _HEX},
                  # a restored vault's restore epoch (app.handover.backup); absent before any
                  {"bundle_epoch": _int(1, 1_000_000)}),
    "case": _obj({"incident_id": _opt(_str(_UUID)), "title": _opt(_SHORT)}),
    "items": _list(_ITEM, 100_000),
    "custody_log": _obj({"path": _const(CUSTODY_PATH), "sha256": _HEX, "first_seq": _int(1),
                         "last_seq": _int(1)}),
    "report": _opt(_obj({"path": _str(REPORT_PATH), "sha256": _HEX})),
})


def validate_manifest(manifest: Any) -> dict[str, Any]:
    """Check the schema and the internal consistency of a parsed manifest; return it.

    After this, every field the verifier and the receiver read exists with its type and range.

    Raises:
        VerificationFailed: ``bundle.manifest_invalid`` with a ``reason``.
    """
    try:
        return _validate_manifest(manifest)
    except _Invalid as exc:
        raise VerificationFailed("bundle.manifest_invalid", reason=str(exc)[:200]) from None


def _validate_manifest(manifest: Any) -> dict[str, Any]:
    _SCHEMA(manifest, "manifest")
    ids: set[str] = set()
    paths: set[str] = set()
    for i, item in enumerate(manifest["items"]):
        where = f"manifest.items[{i}]"
        if item["item_id"] in ids:
            raise _bad(where, "duplicate item_id")
        ids.add(item["item_id"])
        orig = item["original"]
        if orig["included"] != (orig["path"] is not None):
            raise _bad(where, "original.included does not match original.path")
        for path in (item["sanitized"]["path"], orig["path"]):
            if path is None:
                continue
            if path in paths:
                raise _bad(where, "path used twice")
            paths.add(path)
    log = manifest["custody_log"]
    if log["first_seq"] > log["last_seq"]:
        raise _bad("manifest.custody_log", "first_seq > last_seq")
    if manifest["vault"]["vault_id"] != manifest["signer"]["fingerprint"]:
        raise _bad("manifest.vault.vault_id", "is not the signer fingerprint")
    return manifest


def parse_manifest(untrusted: bytes) -> dict[str, Any]:
    """Strictly parse and validate ``manifest.json`` bytes."""
    return validate_manifest(loads_strict(untrusted))


# A custody-log entry as the vault stores it (app.vault.custody.row_to_entry); ``prev`` is null or
# the all-zero genesis hash for seq 1. The chain rules are in app.bundle.layout.verify_custody.
_CUSTODY_ENTRY = _obj(
    {"seq": _int(1, MAX_JSON_INT), "action": _str(max_len=200), "prev": _opt(_HEX),
     "entry_sha256": _HEX},
    {"ts": _str(max_len=100), "subjects": _list(_str(), 1_000_000),  # tag names are user text
     "item_id": _opt(_str(max_len=200)), "data_sha256": _opt(_HEX)})


def parse_custody_line(untrusted: bytes, line: int) -> dict[str, Any]:
    """Strictly parse and validate one ``custody-log.jsonl`` line (1-based ``line``).

    Raises:
        VerificationFailed: ``bundle.custody_invalid`` with the ``line`` and a ``reason``.
    """
    entry = loads_strict(untrusted, "bundle.custody_invalid", line=line)
    try:
        _CUSTODY_ENTRY(entry, "entry")
    except _Invalid as exc:
        raise VerificationFailed("bundle.custody_invalid", line=line,
                                 reason=str(exc)[:200]) from None
    return dict(entry)


def referenced_files(manifest: Mapping[str, Any]) -> dict[str, tuple[str, int | None]]:
    """Every file the manifest names, as path -> (sha256, size or None)."""
    out: dict[str, tuple[str, int | None]] = {}
    for item in manifest["items"]:
        san = item["sanitized"]
        out[san["path"]] = (san["sha256"], san["size"])
        orig = item["original"]
        if orig["path"] is not None:
            out[orig["path"]] = (orig["sha256"], orig["size"])
    out[CUSTODY_PATH] = (manifest["custody_log"]["sha256"], None)
    if manifest["report"] is not None:
        out[manifest["report"]["path"]] = (manifest["report"]["sha256"], None)
    return out
