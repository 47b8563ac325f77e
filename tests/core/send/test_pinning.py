# SPDX-License-Identifier: GPL-3.0-or-later
"""The card's certificate is the only one accepted; the sender knows no vault."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import AppError
from app.send.pinning import cert_sha256, pem_to_der, pinned_context
from tests.core.send.helpers import ROOT, Inbox, entry, make_cert, random_bundle, run_sender


def test_a_wrong_certificate_is_refused_before_any_byte_is_sent(inbox: Inbox,
                                                                 tmp_path: Path) -> None:
    other, _key, other_fp = make_cert(tmp_path, "impostor")
    bundle = tmp_path / "b.age"
    sha = random_bundle(bundle, 1 << 20)
    before = set(inbox.uploads())
    # the card names another certificate than the one the server shows
    run = run_sender({"proxy": None, "entries": [entry(inbox, bundle, sha, cert=other,
                                                       fingerprint=other_fp)]})
    assert run.code == 1
    assert run.last("failed")["code"] == "send.wrong_certificate"  # type: ignore[index]
    assert run.last("created") is None
    assert set(inbox.uploads()) == before


def test_a_card_whose_fingerprint_does_not_match_its_certificate_is_refused(
        tmp_path: Path) -> None:
    cert, _key, fp = make_cert(tmp_path)
    pem = cert.read_text()
    assert cert_sha256(pem_to_der(pem)) == fp
    pinned_context(pem, fp)
    with pytest.raises(AppError) as err:
        pinned_context(pem, "0" * 64)
    assert err.value.code == "send.bad_certificate"
    with pytest.raises(AppError):
        pem_to_der("not a certificate")


def test_the_sender_imports_no_vault() -> None:
    code = ("import sys, app.send.sender\n"
            "bad = sorted(m for m in sys.modules if m.startswith(('app.vault', 'app.handover', "
            "'app.cases', 'app.session', 'sqlcipher3', 'pyrage')))\n"
            "print(','.join(bad))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""
