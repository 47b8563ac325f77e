# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Hostile JSON behind a valid, trusted signature ends in exit 0 or 4, never in a crash (issue 12,
point 6). The manifest and the custody segment are mutated (structured and byte-level), the
bundle re-hashed and re-signed with the trusted key, then verified and received through the CLI.

CI runs ``BAYYINA_FUZZ_EXAMPLES`` examples per property (default 150); ``bench/fuzz_bundle.py``
runs 10,000+ per parser.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.bundle import SigningKey, verify_bundle
from app.bundle.manifest import loads_strict
from app.errors import VerificationFailed

from . import jsonfuzz as jf

EXAMPLES = int(os.environ.get("BAYYINA_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
PW = "fuzz vault passphrase"


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory, key: SigningKey) -> dict[str, Path]:
    """A signer file, a vault that receives, its passphrase file and a bundle path."""
    d = tmp_path_factory.mktemp("fuzz")
    signer = d / "signer.pub"
    signer.write_text(key.public.minisign_file(), encoding="utf-8")
    pw = d / "pw.txt"
    pw.write_text(PW + "\n", encoding="utf-8")
    vault = d / "org.bayyina"
    assert jf.cli("init", "--kdf-profile", "test", "--vault", str(vault),
                  "--passphrase-file", str(pw))[0] == 0
    return {"signer": signer, "pw": pw, "vault": vault, "bundle": d / "hostile.zip"}


def _custody_with(key: SigningKey, line: int, field: str, value: Any,
                  relink: bool = False) -> bytes:
    base = jf.fresh_base(key)
    base.custody[line][field] = value
    if relink:
        jf._chain(base.custody)
        base.manifest["vault"]["custody_head_sha256"] = base.custody[-1]["entry_sha256"]
    custody = jf.custody_bytes(base.custody)
    base.manifest["custody_log"]["sha256"] = hashlib.sha256(custody).hexdigest()
    return jf.assemble(key, jf.manifest_bytes(base.manifest), custody, base.files)


def _manifest_with(key: SigningKey, path: tuple[Any, ...], value: Any) -> bytes:
    base = jf.fresh_base(key)
    jf._set(base.manifest, path, value)
    return jf.assemble(key, jf.manifest_bytes(base.manifest), jf.custody_bytes(base.custody),
                       base.files)


def _code(data: bytes, place: dict[str, Path]) -> str:
    place["bundle"].write_bytes(data)
    with pytest.raises(VerificationFailed) as exc:
        verify_bundle(place["bundle"], signer=place["signer"].read_bytes())
    for run in (lambda: jf.check_verify(place["bundle"], place["signer"]),
                lambda: jf.check_receive(place["bundle"], place["vault"], place["pw"],
                                         jf.key_fp(place))):
        assert run()[0] == 4
    return exc.value.code


def test_fuzz_parsers_untouched_base_verifies_and_is_received(key: SigningKey,
                                                              place: dict[str, Path]) -> None:
    base = jf.fresh_base(key)
    place["bundle"].write_bytes(jf.assemble(key, jf.manifest_bytes(base.manifest),
                                            jf.custody_bytes(base.custody), base.files))
    assert jf.check_verify(place["bundle"], place["signer"]) == (0, "ok")
    assert jf.check_receive(place["bundle"], place["vault"], place["pw"],
                            jf.key_fp(place)) == (0, "ok")


@pytest.mark.parametrize("token", ["1e999", "-1e999", "NaN", "Infinity", "-Infinity",
                                   "9" * 5000, "[" * 100_000 + "]" * 100_000, '"\\ud800"'])
@pytest.mark.parametrize("relink", [False, True])
def test_fuzz_parsers_out_of_range_custody_value_is_custody_invalid(
        key: SigningKey, place: dict[str, Path], token: str, relink: bool) -> None:
    """The issue's case: ``1e999`` (and its kin) in a signed custody segment; ``relink`` also
    recomputes the hostile entry's hash and the head where that is possible."""
    data = _custody_with(key, 1, "ts", jf.Raw(token), relink=relink and token.startswith("9"))
    assert _code(data, place) == "bundle.custody_invalid"


@pytest.mark.parametrize(("path", "token"), [
    (("vault", "bundle_seq"), "1e999"), (("vault", "bundle_seq"), "9" * 5000),
    (("vault", "bundle_seq"), "NaN"), (("items", 0, "sanitized", "size"), "-Infinity"),
    (("items", 0, "notes"), '"\\ud800"'), (("case", "title"), '"a\\udfff"'),
    (("items", 0, "tags"), '{"a":' * 5000 + "1" + "}" * 5000),
    (("items", 0, "platform_reports", 0, "reported_at"), '"9999-99-99T99:99:99Z"'),
    (("items", 0, "tags", "posted_at"), '"2026-02-30T00:00:00Z"'),
    (("created_at",), '"2026-13-45T25:61:61Z"'),
    (("items", 0, "platform_reports", 0, "reported_at"), '"0001-01-01T00:00:00+01:00"'),
    (("items", 0, "tags", "seen_at"), '"9999-12-31T23:59:59-01:00"'),
    (("items", 1, "tags", "perpetrators", 0, "handle"), '"@\\udc00"'),
    (("generator", "libs"), '{"a":' * 40 + '"x"' + "}" * 40),
])
def test_fuzz_parsers_out_of_range_manifest_value_is_manifest_invalid(
        key: SigningKey, place: dict[str, Path], path: tuple[Any, ...], token: str) -> None:
    assert _code(_manifest_with(key, path, jf.Raw(token)), place) == "bundle.manifest_invalid"


@pytest.mark.parametrize("text", [b'{"a":1,"a":2}', b"[1e999]", b"NaN", b"9" * 5000,
                                  b"[" * 100_000, b'"\\ud800"', b"\xff", b"{1:2}"])
def test_fuzz_parsers_strict_loader_names_every_failure(text: bytes) -> None:
    with pytest.raises(VerificationFailed) as exc:
        loads_strict(text)
    assert exc.value.code == "bundle.manifest_invalid" and exc.value.params["reason"]


@FUZZ
@given(data=st.data())
def test_fuzz_parsers_manifest_verify_and_receive_end_in_0_or_4(
        key: SigningKey, place: dict[str, Path], data: st.DataObject) -> None:
    bundle, _kind = data.draw(jf.hostile_manifest(key))
    place["bundle"].write_bytes(bundle)
    jf.check_verify(place["bundle"], place["signer"])
    jf.check_receive(place["bundle"], place["vault"], place["pw"], jf.key_fp(place))


@FUZZ
@given(data=st.data())
def test_fuzz_parsers_custody_verify_and_receive_end_in_0_or_4(
        key: SigningKey, place: dict[str, Path], data: st.DataObject) -> None:
    bundle, _kind = data.draw(jf.hostile_custody(key))
    place["bundle"].write_bytes(bundle)
    jf.check_verify(place["bundle"], place["signer"])
    jf.check_receive(place["bundle"], place["vault"], place["pw"], jf.key_fp(place))
