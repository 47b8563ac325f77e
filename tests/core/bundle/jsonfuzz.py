# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Hostile manifests and custody segments in bundles that are validly signed (issue 12, point 6).

Shared by ``test_fuzz_parsers.py`` (a bounded sample in CI) and ``bench/fuzz_bundle.py`` (10,000+
per parser). A *base* is a fresh, valid bundle in parts (manifest as a Python value, custody
entries, item files) with its own bundle id and item bytes, so a receive of it is never a
duplicate. A mutation changes the manifest or one custody line (structured: a value replaced by
``1e999``, NaN, a 5,000-digit integer, deep nesting, a wrong type, a lone surrogate...; a key
removed, added or doubled; bytes edited; or random bytes), then :func:`assemble` re-hashes and
re-signs everything with the trusted key: the parsers see the hostile JSON behind a valid
signature. The property (:func:`cli`): ``bayyina-cli verify`` and ``receive`` end in exit 0
or 4, never another code, never "an unexpected error".
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from app.bundle import SigningKey, build_manifest, parse_signer
from app.bundle.layout import (
    MINISIG,
    RAWSIG,
    README,
    SIGNER_PEM,
    SIGNER_PUB,
    SUMS,
    build_sums,
    entry_sha256,
)
from app.bundle.manifest import CUSTODY_PATH, MANIFEST_PATH
from app.bundle.readme import readme_text
from app.bundle.verify import trusted_comment_for
from app.bundle.writer import _complete_manifest
from app.bundle.zipwriter import ZipEntry, write_zip
from app.cli.main import main as cli_main

TS = "2026-11-28T18:00:00Z"


class Bundle(bytes):
    """A bundle's bytes, shown by its size in a failing example (the bytes are on disk)."""

    def __repr__(self) -> str:
        return f"<bundle of {len(self)} bytes>"


class Raw(str):
    """JSON text emitted as is (``1e999``, ``NaN``, a 5,000-digit number, ``[[[…]]]``)."""


class Pairs(list):  # type: ignore[type-arg]
    """An object given as (key, value) pairs: keys may repeat or not be strings."""


def dump(v: Any) -> str:
    """JSON text of ``v``, with :class:`Raw` verbatim and :class:`Pairs` as objects."""
    if isinstance(v, Raw):
        return str(v)
    if isinstance(v, Pairs):
        return "{" + ",".join(f"{dump(k if isinstance(k, str) else Raw(dump(k)))}:{dump(x)}"
                              for k, x in v) + "}"
    if isinstance(v, dict):
        return dump(Pairs(v.items()))
    if isinstance(v, list):
        return "[" + ",".join(dump(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False, allow_nan=True)


# -- a valid bundle in parts --------------------------------------------------------------------
@dataclass
class Base:
    manifest: dict[str, Any]
    custody: list[dict[str, Any]]
    files: dict[str, bytes]


def _chain(entries: list[dict[str, Any]]) -> str:
    prev: str | None = None
    for e in entries:
        e.pop("entry_sha256", None)
        if e.get("seq") != 1:
            e["prev"] = prev
        e["entry_sha256"] = entry_sha256(e)
        prev = e["entry_sha256"]
    return prev or ""


def fresh_base(key: SigningKey, n_items: int = 2, tag: str = "") -> Base:
    """A valid bundle in parts; every call gives new ids and new item bytes."""
    salt = uuid.uuid4().hex
    items, files = [], {}
    for n in range(1, n_items + 1):
        data = f"item {n} {salt} {tag}".encode() * 20
        path = f"items/{n:06d}/sanitized.jpg"
        files[path] = data
        items.append({
            "item_id": str(uuid.uuid4()),
            "original": {"sha256": hashlib.sha256(data + b"o").hexdigest(), "size": 1234,
                         "media_type": "image/jpeg", "imported_at": TS, "import_method": "file",
                         "included": False, "path": None, "filename": "photo.jpg"},
            "sanitized": {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
                          "media_type": "image/jpeg", "path": path,
                          "pixels": {"sha256": "2" * 64, "mode": "RGB", "width": 4, "height": 4},
                          "pixels_equal_original": True, "orientation": 1,
                          "removed": ["exif.gps"], "converted_from": None,
                          "sanitizer": "bayyina-sanitize/1"},
            "tags": {"platform": "facebook", "abuse_types": ["threat"],
                     "perpetrators": [{"platform": "facebook", "handle": "@x"}],
                     "url": "https://example.org/p", "posted_at": TS, "seen_at": TS,
                     "sensitive": []},
            "notes": "ملاحظة",
            "platform_reports": [{"platform": "facebook", "reported_at": TS,
                                  "reference": "R-1", "outcome": None, "answered_at": None}],
        })
    custody: list[dict[str, Any]] = [
        {"seq": s, "ts": TS, "action": "import", "subjects": [f"item:{it['item_id']}"],
         "item_id": it["item_id"], "data_sha256": "0" * 64, "prev": None}
        for s, it in enumerate(items, start=1)]
    head = _chain(custody)
    m = build_manifest(items=items, bundle_seq=1, custody_head_sha256=head, app_version="0.1.0",
                       libs={"pillow": "13.0.0"}, created_at=TS,
                       case={"incident_id": None, "title": "قضية"})
    return Base(_complete_manifest(m, key, custody_bytes(custody), None, "ar"), custody, files)


def custody_bytes(entries: list[Any]) -> bytes:
    return b"".join(dump(e).encode("utf-8", "surrogatepass") + b"\n" for e in entries)


def assemble(key: SigningKey, manifest: bytes, custody: bytes, files: dict[str, bytes]) -> bytes:
    """The bundle ZIP for these parts, hashed and signed with ``key`` (a trusted signature)."""
    hashes = {MANIFEST_PATH: hashlib.sha256(manifest).hexdigest(),
              CUSTODY_PATH: hashlib.sha256(custody).hexdigest()}
    hashes.update({p: hashlib.sha256(d).hexdigest() for p, d in files.items()})
    sums = build_sums(hashes)
    comment = trusted_comment_for("x", 0, "x")
    bid, seq, created = "x", 1, "x"
    with contextlib.suppress(Exception):  # the comment the manifest claims, when it has one
        m = json.loads(manifest)
        bid, seq, created = m["bundle_id"], m["vault"]["bundle_seq"], m["created_at"]
        comment = trusted_comment_for(str(bid), int(seq), str(created))
    try:
        minisig = key.sign_minisign(sums, comment)
    except Exception:
        minisig = key.sign_minisign(sums, trusted_comment_for("x", 0, "x"))
    head = [(README, readme_text("x", 1, key.public.fingerprint)), (SUMS, sums),
            (MINISIG, minisig.encode()), (RAWSIG, key.sign_raw(sums)),
            (SIGNER_PUB, key.public.minisign_file().encode()),
            (SIGNER_PEM, key.public.pem().encode()), (MANIFEST_PATH, manifest),
            (CUSTODY_PATH, custody)]
    buf = io.BytesIO()
    write_zip(buf, [ZipEntry(n, (d,)) for n, d in head + sorted(files.items())])
    return Bundle(buf.getvalue())


def manifest_bytes(m: Any) -> bytes:
    return dump(m).encode("utf-8", "surrogatepass") + b"\n"


# -- hostile values -----------------------------------------------------------------------------
def _deep(n: int, kind: str) -> Raw:
    return Raw("[" * n + "]" * n if kind == "list" else '{"a":' * n + "1" + "}" * n)


ODD_STRINGS = ["", " ", "\x00", "\u202e\u2066evil", "\ufeff", "e\u0301", "\U0001f4a9" * 50,
               "x" * 30_000, "12", "1e999", "NaN", "null", "true", "-1", "../../etc/passwd",
               "2026-13-45T25:61:61Z", "9999-99-99T99:99:99Z", "0000-00-00T00:00:00Z",
               "2026-02-30T00:00:00Z", "2026-11-28T18:00:00+99:99", "items/000001/sanitized.jpg",
               "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "javascript:alert(1)"]
ODD_RAW_STRINGS = ['"\\ud800"', '"x\\udfff"', '"\\ud83d"', '"\\u0000"', '"\\u202e"']
ODD_NUMBERS = ["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "9" * 5000, "-1", "0",
               str(2**53 + 1), str(2**63), str(2**64), "1.0", "1e3", "-0"]
RAW_TOKENS = ["1e999", "-1e999", "1E400", "NaN", "Infinity", "-Infinity", "1e-999", "-0",
              "0.0", "1.5", "4e9", "1" + "0" * 4300, "9" * 5000, "-" + "9" * 5000,
              "123456789012345678901234567890", '"\\ud800"', '"\\udfff x"', '"\\u0000"',
              '"a\\ud83d"', "[]", "{}", "[null]", "true", "false", "null", '""']


def hostile_values() -> st.SearchStrategy[Any]:
    json_leaf = (st.none() | st.booleans() | st.integers()
                 | st.floats(allow_nan=False, allow_infinity=False) | st.text())
    return st.one_of(
        st.sampled_from([Raw(t) for t in RAW_TOKENS]),
        st.sampled_from(ODD_STRINGS),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.text(max_size=50),
        st.builds(_deep, st.sampled_from([10, 200, 990, 1100, 5000, 100_000]),
                  st.sampled_from(["list", "dict"])),
        st.recursive(json_leaf, lambda kids: st.lists(kids, max_size=3)
                     | st.dictionaries(st.text(max_size=5), kids, max_size=3), max_leaves=6),
    )


def _paths(v: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(v, dict):
        for k, x in v.items():
            out += _paths(x, (*here, k))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            out += _paths(x, (*here, i))
    return out


def _get(v: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        v = v[p]
    return v


def _set(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _get(root, path[:-1])[path[-1]] = value
    return root


def _same_type(draw: st.DrawFn, target: Any) -> Any:
    """A value of the expected type, but odd: it passes the type checks."""
    if isinstance(target, str):
        return draw(st.sampled_from(ODD_STRINGS) | st.sampled_from(
            [Raw(t) for t in ODD_RAW_STRINGS]) | st.text(max_size=30))
    if isinstance(target, int) and not isinstance(target, bool):
        return Raw(draw(st.sampled_from(ODD_NUMBERS)))
    return draw(hostile_values())


def _extra(draw: st.DrawFn, target: Any) -> Any:
    """``target`` with one more key or element (or made a list with one more)."""
    if isinstance(target, dict):
        target[draw(st.sampled_from(["x", "", "seq", "\u0000", "__proto__"]))] = draw(
            hostile_values())
        return target
    if isinstance(target, list):
        return [*target, draw(hostile_values())]
    return [target, draw(hostile_values())]


@st.composite
def mutated_value(draw: st.DrawFn, value: Any) -> Any:
    """A structured mutation of the JSON value ``value`` (a deep copy is changed)."""
    v = json.loads(json.dumps(value))
    paths = _paths(v)
    path = draw(st.sampled_from(paths[1:] or paths))
    op = draw(st.sampled_from(["replace", "replace", "same_type", "same_type", "delete", "extra",
                               "dupe", "stringify", "wrap"]))
    target = _get(v, path)
    parent = _get(v, path[:-1]) if path else None
    if op in ("delete", "dupe") and not isinstance(parent, dict):
        op = "replace"
    new: Any
    if op == "delete":
        del parent[path[-1]]  # type: ignore[index]
        return v
    if op == "dupe":  # the same key twice, the second hostile
        pairs = Pairs(parent.items())  # type: ignore[union-attr]
        pairs.append((path[-1], draw(hostile_values())))
        return _set(v, path[:-1], pairs)
    if op == "same_type":
        new = _same_type(draw, target)
    elif op == "extra":
        new = _extra(draw, target)
    elif op == "stringify":  # a number as a string, a string as a number
        new = str(target) if not isinstance(target, str) else Raw(
            draw(st.sampled_from(["1", "1e999", "0", "-5"])))
    elif op == "wrap":
        new = [target]
    else:
        new = draw(hostile_values())
    return _set(v, path, new)


@st.composite
def byte_edit(draw: st.DrawFn, data: bytes) -> bytes:
    """Random bytes, or the real bytes with a few bytes replaced, inserted or deleted."""
    if draw(st.sampled_from(["edit", "edit", "edit", "random"])) == "random":
        return draw(st.binary(max_size=400))
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        op = draw(st.sampled_from(["set", "insert", "delete"]))
        if op == "set" and out:
            out[at] = draw(st.integers(0, 255))
        elif op == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif out:
            del out[at]
    return bytes(out)


# -- the two parsers under attack ---------------------------------------------------------------
@st.composite
def hostile_manifest(draw: st.DrawFn, key: SigningKey) -> tuple[bytes, str]:
    """A bundle with a hostile manifest, signed by ``key``; and the kind of mutation."""
    base = fresh_base(key)
    custody = custody_bytes(base.custody)
    if draw(st.sampled_from(["structured", "structured", "structured", "bytes"])) == "bytes":
        manifest, kind = draw(byte_edit(manifest_bytes(base.manifest))), "bytes"
    else:
        manifest, kind = manifest_bytes(draw(mutated_value(base.manifest))), "structured"
    return assemble(key, manifest, custody, base.files), kind


@st.composite
def hostile_custody(draw: st.DrawFn, key: SigningKey) -> tuple[bytes, str]:
    """A bundle with a hostile custody segment, signed by ``key``, its manifest naming the
    segment's hash (and, when the hostile line can be hashed, a re-linked chain and head)."""
    base = fresh_base(key)
    line = draw(st.integers(0, len(base.custody) - 1))
    if draw(st.sampled_from(["structured", "structured", "structured", "bytes"])) == "bytes":
        lines = custody_bytes(base.custody).split(b"\n")
        lines[line] = draw(byte_edit(lines[line]))
        custody, kind = b"\n".join(lines), "bytes"
    else:
        entries: list[Any] = list(base.custody)
        entries[line] = draw(mutated_value(entries[line]))
        kind = "structured"
        if draw(st.booleans()):  # re-link: the hostile entry's own hash and the head
            with contextlib.suppress(Exception):
                _chain(entries)
                base.manifest["vault"]["custody_head_sha256"] = entries[-1]["entry_sha256"]
                kind = "structured-relinked"
        custody = custody_bytes(entries)
    base.manifest["custody_log"]["sha256"] = hashlib.sha256(custody).hexdigest()
    return assemble(key, manifest_bytes(base.manifest), custody, base.files), kind


# -- the property -------------------------------------------------------------------------------
def cli(*argv: str) -> tuple[int, str]:
    """``bayyina-cli`` in-process: (exit code, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(list(argv))
    return code, err.getvalue()


UNEXPECTED = "unexpected error"


def check_verify(bundle: Path, signer_file: Path) -> tuple[int, str]:
    code, err = cli("verify", str(bundle), "--signer", str(signer_file), "--lang", "en")
    assert code in (0, 4) and UNEXPECTED not in err and "Traceback" not in err, (code, err)
    return code, err.strip().splitlines()[0] if code else "ok"


def check_receive(bundle: Path, vault: Path, pw: Path, fingerprint: str) -> tuple[int, str]:
    code, err = cli("receive", str(bundle), "--trust-signer", fingerprint,
                    "--accept-out-of-order", "--vault", str(vault), "--passphrase-file", str(pw),
                    "--lang", "en")
    assert code in (0, 4) and UNEXPECTED not in err and "Traceback" not in err, (code, err)
    return code, err.strip().splitlines()[0] if code else "ok"


Runner = Callable[[Path], tuple[int, str]]


def key_fp(place: dict[str, Path]) -> str:
    """The fingerprint of the signer file in ``place`` (to trust it on first contact)."""
    return parse_signer(place["signer"].read_bytes()).fingerprint
