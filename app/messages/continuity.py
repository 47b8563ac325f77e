# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Messages for backups, restores, key statements and receipts (issue 16: ``backup.*``,
``key.*``, ``receipt.*`` and the ledger's ``handover.two_copies`` / ``handover.signer_*``)."""

from app.i18n import N_

MESSAGES = {
    "backup.protection": N_(
        "Protect the backup with its own passphrase (--backup-passphrase-file) or with the "
        "organisation's key (--recipient), one of the two."),
    "backup.invalid": N_("This is not a whole, unchanged vault backup ({reason}); nothing was "
                         "restored."),
    "backup.readback_failed": N_(
        "The backup read back from the drive is not what was written; {path} was not kept. "
        "Try another drive."),
    "backup.source_changed": N_("The vault changed while it was being backed up; try again."),
    "backup.passphrase_needed": N_(
        "A backup passphrase is needed: give --backup-passphrase-file or run in a terminal."),
    "handover.two_copies": N_(
        "Two copies of this sender's vault are exporting: bundle {seq} of restore epoch {epoch} "
        "comes after bundles of epoch {newer} with the same or a later number. Ask the sender "
        "which copy she uses and stop the other; receive with --accept-out-of-order to take this "
        "bundle anyway."),
    "handover.signer_revoked": N_(
        "This bundle is signed by key {fingerprint}, which its owner revoked ({since}); refused. "
        "Bundles from her vault now come from key {successor}."),
    "handover.signer_replaced": N_(
        "This bundle is signed by key {fingerprint}, which was replaced by key {successor} "
        "({since}); refused. Ask the sender for a bundle made with her new key."),
    "key.statement_invalid": N_("This is not a valid key statement ({reason})."),
    "key.statement_bad_signature": N_(
        "A signature of the key statement is not valid; nothing was changed."),
    "key.statement_unknown_signer": N_(
        "The key statement is about key {fingerprint}, which this vault has never trusted; "
        "nothing was changed."),
    "key.statement_conflict": N_(
        "Key {fingerprint} was already replaced by a different key here; this statement "
        "contradicts it and was not applied."),
    "addressbook.recipient_retired": N_(
        "The organisation's key {label} is retired; choose its current key."),
    "receipt.invalid": N_("This is not a valid receipt ({reason})."),
    "receipt.bad_signature": N_("The receipt's signature is not valid; nothing was recorded."),
    "receipt.untrusted_signer": N_(
        "The receipt is signed by a key this vault does not trust yet (fingerprint "
        "{fingerprint}). Compare it with the organisation out of band, then import again with "
        "--trust-signer and that fingerprint."),
    "receipt.not_received": N_("Bundle {bundle_id} was not received in this vault."),
    "receipt.not_ours": N_("This receipt is for bundle {bundle_id}, which this vault did not "
                           "export; nothing was recorded."),
}
