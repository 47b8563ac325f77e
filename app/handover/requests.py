# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""What a front end asks of the handover: one frozen, validated request per action.

The export dialog and ``bayyina-cli export`` build the same :class:`ExportRequest`, the receive
dialog and ``bayyina-cli receive`` the same :class:`ReceiveRequest`; a request that exists has
passed every check that needs no vault (the protection rule of :mod:`app.bundle.options`, the
recipient keys, the scope, the fingerprint to pin), so both front ends refuse the same input with
the same code. :func:`app.handover.export.export_bundle` and
:func:`app.handover.receive.receive_bundle` take them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.bundle.agecrypt import parse_recipients
from app.bundle.options import check_protection
from app.bundle.signing import normalize_fingerprint
from app.errors import UsageError


@dataclass(frozen=True)
class ExportRequest:
    """A bundle to write at ``out``: ``item_ids``, or the case titled ``case``, or every item;
    protected for ``recipients`` (``age1…``) or with ``passphrase``, or not at all
    (``encrypt=False``, the command line's ``--no-encryption``).

    Raises (on construction):
        UsageError: ``handover.items_and_case``, ``bundle.recipient_without_encryption``,
            ``bundle.recipient_and_passphrase``, ``bundle.no_recipient``,
            ``bundle.empty_passphrase``, ``bundle.bad_recipient``.
    """

    out: Path
    item_ids: tuple[int, ...] | None = None
    case: str | None = None
    recipients: tuple[str, ...] = ()
    passphrase: str | None = field(default=None, repr=False)
    encrypt: bool = True
    include_originals: bool = False
    report_lang: str | None = None  # "ar" or "en" adds the PDF report; anything else: none

    def __post_init__(self) -> None:
        recips = tuple(r.strip() for r in self.recipients if r.strip())
        object.__setattr__(self, "out", Path(self.out))
        object.__setattr__(self, "recipients", recips)
        if self.item_ids is not None:
            object.__setattr__(self, "item_ids", tuple(int(i) for i in self.item_ids))
        check_protection(recips, passphrase_given=self.passphrase is not None,
                         encrypt=self.encrypt)
        if self.passphrase is not None and not self.passphrase:
            raise UsageError("bundle.empty_passphrase")
        if recips:
            parse_recipients(recips)  # bundle.bad_recipient
        if self.item_ids is not None and self.case is not None:
            raise UsageError("handover.items_and_case")


@dataclass(frozen=True)
class ReceiveRequest:
    """A bundle to verify and import: opened with ``identity`` (the age identity file's text) or
    ``passphrase``; ``trust_signer`` pins an unknown signer after the person compared its
    fingerprint (the second step of a first contact).

    Raises (on construction):
        UsageError: ``bundle.bad_fingerprint`` for a ``trust_signer`` that is not 64 hex digits.
    """

    path: Path
    identity: str | None = field(default=None, repr=False)
    passphrase: str | None = field(default=None, repr=False)
    trust_signer: str | None = None
    accept_out_of_order: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))
        if self.trust_signer:
            object.__setattr__(self, "trust_signer", normalize_fingerprint(self.trust_signer))
        else:
            object.__setattr__(self, "trust_signer", None)


def export_request(out: str | Path, *, item_ids: Sequence[int] | None = None,
                   case: str | None = None, recipients: Sequence[str] = (),
                   passphrase: str | None = None, encrypt: bool = True,
                   include_originals: bool = False,
                   report_lang: str | None = None) -> ExportRequest:
    """An :class:`ExportRequest` from loose arguments (lists instead of tuples)."""
    return ExportRequest(Path(out), None if item_ids is None else tuple(item_ids), case,
                         tuple(recipients), passphrase, encrypt, include_originals, report_lang)


__all__ = ["ExportRequest", "ReceiveRequest", "export_request"]
