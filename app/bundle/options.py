# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The one rule for how a bundle is protected: age recipients, or a passphrase, or (only when
asked for) no encryption at all.

Checked by :class:`app.handover.requests.ExportRequest` (so by both front ends, before any work),
by :func:`app.bundle.write_bundle` and by :func:`app.bundle.agecrypt.encrypt_stream`; the command
line also asks it before unlocking the vault, when the passphrase has not been read yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.errors import UsageError


def check_protection(recipients: Sequence[str], *, passphrase_given: bool,
                     encrypt: bool = True) -> None:
    """Refuse a combination of protection options that cannot be honoured.

    Raises:
        UsageError: ``bundle.recipient_without_encryption`` (recipients or a passphrase with no
            encryption), ``bundle.recipient_and_passphrase`` (both), ``bundle.no_recipient``
            (encryption with neither).
    """
    if not encrypt and (recipients or passphrase_given):
        raise UsageError("bundle.recipient_without_encryption")
    if recipients and passphrase_given:
        raise UsageError("bundle.recipient_and_passphrase")
    if encrypt and not recipients and not passphrase_given:
        raise UsageError("bundle.no_recipient")
