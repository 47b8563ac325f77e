# SPDX-License-Identifier: GPL-3.0-or-later
"""Fuzz the key file reader (issue 12, point 7): any edit of any field, with the checksum
recomputed as an attacker would, ends at once in an unlock or in a named key-file error — never a
hang, never an unexpected exception.

CI runs ``BAYYINA_FUZZ_EXAMPLES`` (default 300) examples; the benchmark-style run sets it to
10000 or more: ``BAYYINA_FUZZ_EXAMPLES=10000 pytest tests/core/vault/test_key_file_fuzz.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.errors import AppError
from app.vault import KdfParams
from app.vault.keys import MAX_MEMORY_KIB, KeyFile, _canonical

EXAMPLES = int(os.environ.get("BAYYINA_FUZZ_EXAMPLES", "300"))
PASSPHRASE = "fuzz passphrase"
KF = KeyFile.create_v1(PASSPHRASE, KdfParams.testing(), secrets.token_bytes(32),
                       db_salt=secrets.token_bytes(16))
BODY = json.loads(KF.to_json())
PATHS = [("format",), ("version",), ("vault_id",), ("db_salt",), ("key_check",),
         ("kdf", "alg"), ("kdf", "iterations"), ("kdf", "memory_kib"), ("kdf", "lanes"),
         ("kdf", "salt"), ("master_key", "alg"), ("master_key", "nonce"),
         ("master_key", "wrapped"), ("kdf",), ("master_key",)]
# version 2 (issue 16): four slots, the attempt record, the erase mark
BODY_V2 = json.loads(KeyFile.create(PASSPHRASE, KdfParams.testing(), secrets.token_bytes(32),
                                    db_salt=secrets.token_bytes(16)).to_json())
PATHS_V2 = [("format",), ("version",), ("vault_id",), ("db_salt",), ("erased_at",),
            ("kdf", "alg"), ("kdf", "iterations"), ("kdf", "memory_kib"), ("kdf", "salt"),
            ("slots",), ("slots", 0), ("slots", 2, "nonce"), ("slots", 3, "wrapped"),
            ("attempts",), ("attempts", "failed"), ("attempts", "wipe_after"),
            ("attempts", "last_failed_at"), ("attempts", "show_remaining"),
            ("attempts", "seen"), ("attempts", "seen", "failed"), ("attempts", "seen", "mac"),
            ("attempts", "seen", "at")]
CODES = {"vault.key_file_damaged", "vault.key_file_tampered", "vault.wrong_passphrase",
         "vault.erased"}

values = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80), st.integers(min_value=-4, max_value=70000),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=80), st.none(),
    st.booleans(), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5),
                                                                        st.integers(), max_size=3),
    st.binary(max_size=80).map(lambda b: __import__("base64").b64encode(b).decode()),
    st.binary(max_size=40).map(bytes.hex))


def _cheap_enough(body: dict[str, Any]) -> bool:
    """Skip edits that stay within the bounds but would cost a real derivation (a legitimate
    but expensive file is not what this test is about; the bounds test covers the ceiling)."""
    kdf = body.get("kdf")
    if not isinstance(kdf, dict):
        return True
    mem, it = kdf.get("memory_kib"), kdf.get("iterations")
    if isinstance(mem, int) and not isinstance(mem, bool) and 64 * 1024 < mem <= MAX_MEMORY_KIB:
        return False
    return not (isinstance(it, int) and 4 < it <= 32)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.sampled_from(PATHS), values), min_size=1, max_size=4))
def test_key_file_fuzz_any_edit_ends_fast_in_a_named_outcome(
        edits: list[tuple[tuple[str, ...], Any]]) -> None:
    _fuzz_one(BODY, edits)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.sampled_from(PATHS_V2), values), min_size=1, max_size=4))
def test_key_file_v2_fuzz_any_edit_ends_fast_in_a_named_outcome(
        edits: list[tuple[tuple[str | int, ...], Any]]) -> None:
    _fuzz_one(BODY_V2, edits)


def _step(target: Any, key: str | int) -> Any:
    if isinstance(target, dict) and isinstance(target.get(key), (dict, list)):  # type: ignore[arg-type]
        return target[key]
    if isinstance(target, list) and isinstance(key, int) and key < len(target) \
            and isinstance(target[key], (dict, list)):
        return target[key]
    return {}


def _fuzz_one(base: dict[str, Any], edits: Any) -> None:
    body = json.loads(json.dumps(base))
    body.pop("checksum")
    for path, value in edits:
        target = body
        for key in path[:-1]:
            target = _step(target, key)
        if isinstance(target, list):
            if isinstance(path[-1], int) and path[-1] < len(target):
                target[path[-1]] = value
        elif isinstance(path[-1], str):  # JSON objects have text keys only
            target[path[-1]] = value
    assume(_cheap_enough(body))
    body["checksum"] = hashlib.sha256(_canonical(body)).hexdigest()
    raw = json.dumps(body).encode()
    t0 = time.monotonic()
    code = None
    try:
        KeyFile.from_json(raw).unwrap(PASSPHRASE)
    except AppError as exc:
        code = exc.code
    assert code is None or code in CODES, code
    assert time.monotonic() - t0 < 2.0
