# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Fuzz the bundle's JSON parsers behind a valid, trusted signature (issue 12, point 6).

    .venv/bin/python bench/fuzz_bundle.py [N] [--parser manifest|custody|both] [--no-receive]

For each parser (the manifest, the custody segment), N hostile bundles (default 10,000) from the
Hypothesis strategies of ``tests/core/bundle/jsonfuzz.py``: structured mutations of a real
manifest or custody line (``1e999``, NaN, 5,000-digit integers, deep nesting, wrong types, lone
surrogates, impossible dates, missing/extra/doubled keys), byte edits and random bytes; each
re-hashed and re-signed with the trusted key. Every bundle goes through ``bayyina-cli verify``
and ``bayyina-cli receive`` (in-process, into one vault). The property: exit 0 or 4, never another
code, never "an unexpected error". Printed: the outcomes per parser (verification code, or
``accepted``), the exit codes of both commands, and every violation (none expected; the first
few bundles that break it are kept in the temporary folder, whose path is printed).
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from app.bundle import SigningKey, verify_bundle
from app.errors import AppError
from tests.core.bundle import jsonfuzz as jf

PASSPHRASE = "bench fuzz vault"  # a throwaway vault


def _run(parser: str, n: int, key: SigningKey, place: dict[str, Path],
         receive: bool) -> dict[str, collections.Counter[str]]:
    counts: dict[str, collections.Counter[str]] = {
        "outcome": collections.Counter(), "kind": collections.Counter(),
        "verify_exit": collections.Counter(), "receive_exit": collections.Counter(),
        "violations": collections.Counter()}
    strategy = jf.hostile_manifest(key) if parser == "manifest" else jf.hostile_custody(key)
    kept = [0]

    @settings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        bundle, kind = data.draw(strategy)
        path = place["bundle"]
        path.write_bytes(bundle)
        counts["kind"][kind] += 1
        try:
            verify_bundle(path, signer=place["signer"].read_bytes())
            counts["outcome"]["accepted"] += 1
        except AppError as err:
            counts["outcome"][err.code] += 1
        except Exception as exc:  # the violation the CLI would show as "an unexpected error"
            counts["outcome"][f"CRASH {type(exc).__name__}"] += 1
        runs = [("verify_exit", lambda: jf.check_verify(path, place["signer"]))]
        if receive:
            runs.append(("receive_exit", lambda: jf.check_receive(
                path, place["vault"], place["pw"], jf.key_fp(place))))
        for name, run in runs:
            try:
                counts[name][str(run()[0])] += 1
            except AssertionError as exc:
                counts[name]["VIOLATION"] += 1
                counts["violations"][f"{name}: {str(exc)[:150]}"] += 1
                if kept[0] < 5:
                    kept[0] += 1
                    keep = path.with_name(f"violation-{parser}-{kept[0]}.zip")
                    keep.write_bytes(bundle)

    one()
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=10_000, help="bundles per parser")
    ap.add_argument("--parser", choices=["manifest", "custody", "both"], default="both")
    ap.add_argument("--no-receive", action="store_true", help="verify only")
    args = ap.parse_args()
    key = SigningKey.generate()
    d = Path(tempfile.mkdtemp(prefix="bayyina-fuzz-"))
    place = {"signer": d / "signer.pub", "pw": d / "pw.txt", "vault": d / "org.bayyina",
             "bundle": d / "hostile.zip"}
    place["signer"].write_text(key.public.minisign_file(), encoding="utf-8")
    place["pw"].write_text(PASSPHRASE + "\n", encoding="utf-8")
    code, err = jf.cli("init", "--kdf-profile", "test", "--vault", str(place["vault"]),
                       "--passphrase-file", str(place["pw"]))
    assert code == 0, err
    print(f"folder: {d}")
    violations = 0
    for parser in (["manifest", "custody"] if args.parser == "both" else [args.parser]):
        t0 = time.perf_counter()
        counts = _run(parser, args.n, key, place, not args.no_receive)
        took = time.perf_counter() - t0
        total = sum(counts["kind"].values())
        print(f"\n== {parser}: {total} hostile bundles in {took:.0f} s "
              f"({1000 * took / max(total, 1):.1f} ms each)")
        for name in ("kind", "outcome", "verify_exit", "receive_exit", "violations"):
            if counts[name]:
                print(f"  {name}:")
                for what, count in counts[name].most_common():
                    print(f"    {count:7d}  {what}")
        violations += sum(counts["violations"].values())
    print(f"\nviolations of 'exit 0 or 4': {violations}")
    return 1 if violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
