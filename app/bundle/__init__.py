# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Signed, optionally age-encrypted evidence bundles (``docs/design.md`` §Bundles). No vault, no
Qt, no network.

Public API: :func:`write_bundle`, :func:`build_manifest`, :class:`BundleFile`,
:class:`ExportResult`, :func:`verify_bundle`, :class:`VerifiedBundle`, :class:`ItemSink`,
:class:`SigningKey`, :func:`parse_signer`, :func:`keygen_recipient`.
"""

from app.bundle.agecrypt import keygen_recipient
from app.bundle.signing import (
                                PinnedSigner,
                                SignerPublicKey,
                                SigningKey,
                                display_fingerprint,
                                normalize_fingerprint,
                                parse_signer,
)
from app.bundle.verify import ItemSink, VerifiedBundle, verify_bundle
from app.bundle.writer import BundleFile, ExportResult, build_manifest, write_bundle

__all__ = [
    "BundleFile", "ExportResult", "ItemSink", "PinnedSigner", "SignerPublicKey", "SigningKey",
    "VerifiedBundle", "build_manifest", "display_fingerprint", "keygen_recipient",
    "normalize_fingerprint", "parse_signer", "verify_bundle", "write_bundle",
]
