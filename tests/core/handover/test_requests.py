# SPDX-License-Identifier: GPL-3.0-or-later
"""The typed requests (app/handover/requests.py, app/report/requests.py): one test per rule, each
refused on construction with the code the command line has always printed. The GUI half (the
dialogs build the same requests and refuse the same input) is tests/ui/test_requests.py."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.bundle import keygen_recipient
from app.bundle.options import check_protection
from app.errors import AppError, UsageError
from app.handover import ExportRequest, ReceiveRequest
from app.report.requests import ReportRequest

OUT = Path("out.zip.age")
FP = "ab" * 32


def _code(fn) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(AppError) as err:
        fn()
    return err.value.code


def test_export_recipients_without_encryption_refused() -> None:
    _id, key = keygen_recipient()
    assert _code(lambda: ExportRequest(OUT, recipients=(key,), encrypt=False)) == \
        "bundle.recipient_without_encryption"
    assert _code(lambda: ExportRequest(OUT, passphrase="p", encrypt=False)) == \
        "bundle.recipient_without_encryption"


def test_export_recipients_and_passphrase_refused() -> None:
    _id, key = keygen_recipient()
    assert _code(lambda: ExportRequest(OUT, recipients=(key,), passphrase="p")) == \
        "bundle.recipient_and_passphrase"


def test_export_encryption_with_neither_refused() -> None:
    assert _code(lambda: ExportRequest(OUT)) == "bundle.no_recipient"
    assert _code(lambda: ExportRequest(OUT, recipients=("  ", ""))) == "bundle.no_recipient"


def test_export_empty_passphrase_refused() -> None:
    assert _code(lambda: ExportRequest(OUT, passphrase="")) == "bundle.empty_passphrase"


def test_export_bad_recipient_refused() -> None:
    with pytest.raises(UsageError) as err:
        ExportRequest(OUT, recipients=("age1notvalid",))
    assert err.value.code == "bundle.bad_recipient"
    assert err.value.params == {"recipient": "age1notvalid"}


def test_export_items_and_case_refused() -> None:
    assert _code(lambda: ExportRequest(OUT, item_ids=(1,), case="c", encrypt=False)) == \
        "handover.items_and_case"


def test_export_request_is_frozen_normalised_and_replace_revalidates() -> None:
    _id, key = keygen_recipient()
    req = ExportRequest("b.zip", item_ids=[3, 1], recipients=(f" {key} ", " "))  # type: ignore[arg-type]
    assert req.out == Path("b.zip") and req.item_ids == (3, 1) and req.recipients == (key,)
    with pytest.raises(dataclasses.FrozenInstanceError):
        req.passphrase = "x"  # type: ignore[misc]
    with pytest.raises(UsageError):  # replace() builds a new request: checked again
        dataclasses.replace(req, passphrase="p")
    assert "secret" not in repr(ExportRequest(OUT, passphrase="secret"))


def test_the_protection_rule_is_one_function_for_request_writer_and_cli() -> None:
    """The request, the bundle writer and the CLI's early check refuse alike (same order)."""
    from app.bundle import writer

    for recips, given, encrypt, code in [
            (["k"], True, False, "bundle.recipient_without_encryption"),
            (["k"], True, True, "bundle.recipient_and_passphrase"),
            ([], False, True, "bundle.no_recipient")]:
        assert _code(lambda r=recips, g=given, e=encrypt: check_protection(
            r, passphrase_given=g, encrypt=e)) == code
        assert _code(lambda r=recips, g=given, e=encrypt: writer.write_bundle(
            OUT, manifest={}, files=[], custody_jsonl=b"", signing_key=None,  # type: ignore[arg-type]
            recipients=r, passphrase="p" if g else None, encrypt=e)) == code
    check_protection([], passphrase_given=False, encrypt=False)  # a plain bundle, when asked


def test_receive_bad_fingerprint_refused_and_good_one_normalised() -> None:
    assert _code(lambda: ReceiveRequest(Path("b"), trust_signer="not hex")) == \
        "bundle.bad_fingerprint"
    spaced = " ".join(FP.upper()[i:i + 4] for i in range(0, 64, 4))
    assert ReceiveRequest(Path("b"), trust_signer=spaced).trust_signer == FP
    assert ReceiveRequest(Path("b"), trust_signer="").trust_signer is None
    assert "secret" not in repr(ReceiveRequest(Path("b"), identity="secret", passphrase="secret"))


def test_report_items_and_case_refused() -> None:
    assert _code(lambda: ReportRequest(Path("r.pdf"), item_ids=(1,), case_title="c")) == \
        "report.items_and_case"


def test_report_empty_selection_refused() -> None:
    assert _code(lambda: ReportRequest(Path("r.pdf"), item_ids=())) == "report.no_items"


def test_report_language_normalised() -> None:
    assert ReportRequest(Path("r.pdf"), lang="ar").lang == "ar"
    assert ReportRequest(Path("r.pdf"), lang="fr").lang == "en"
