# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Messages for exporting from and receiving into a vault (``handover.*`` codes)."""

from app.i18n import N_

MESSAGES = {
    "handover.first_contact": N_(
        "This bundle is signed by a key this vault does not trust yet (fingerprint {fingerprint}). "
        "Compare the fingerprint with the sender out of band, then receive again with "
        "--trust-signer and that fingerprint."),
    "handover.trust_signer_mismatch": N_(
        "The bundle is signed by {fingerprint}, not by the fingerprint you gave ({given}); "
        "nothing was imported."),
    "handover.out_of_order": N_(
        "This bundle (sequence {seq}) is older than one already received from this sender "
        "(sequence {last}); refused. Use --accept-out-of-order if you are sure."),
    "handover.chain_broken": N_(
        "This bundle (sequence {seq}) does not follow the bundle received before it from this "
        "sender; refused. Use --accept-out-of-order if you are sure."),
    "handover.nothing_to_export": N_("There is nothing to export: no item with a sanitised copy "
                                     "was selected."),
    "handover.items_and_case": N_("Choose either a case or a list of items, not both."),
    "handover.no_case_model": N_("Cases are not available in this version."),
    "handover.bad_items": N_("{value} is not an item number."),
    "handover.concurrent_export": N_(
        "Another export finished at the same time; this bundle was discarded. Try again."),
    "handover.no_custody": N_("The vault's custody log is empty; nothing can be exported."),
    "handover.bundle_passphrase_needed": N_(
        "A bundle passphrase is needed: give --bundle-passphrase-file or run in a terminal."),
    "handover.unreadable_file": N_("{path} cannot be read."),
    "handover.unwritable_file": N_("{path} cannot be written."),
    # why a received "clean copy" was quarantined (app.handover.checks)
    "handover.copy_wrong_type": N_(
        "The bundle says it is {claimed}, but its content is {found}."),
    "handover.copy_not_clean": N_(
        "It is not a clean copy: this app's sanitiser would still remove something ({findings})."),
    "handover.copy_pixels_differ": N_(
        "Its pixels are not the ones the signed manifest names."),
    "handover.copy_no_pixels": N_(
        "The signed manifest names no pixel hash for it, so it cannot be checked."),
    "handover.copy_streams_differ": N_(
        "Its sound and pictures are not the ones the signed manifest names (stream hashes "
        "differ)."),
    "handover.copy_pages_differ": N_(
        "Its pages are not the ones the signed manifest names (page hash differs)."),
    "handover.copy_no_proof": N_(
        "The signed manifest names no stream or page hash for it, so it cannot be checked."),
}
