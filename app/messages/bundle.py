# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Messages for bundle export, verification and receiving (``bundle.*`` codes)."""

from app.i18n import N_

MESSAGES = {
    # container and age layer
    "bundle.age_header": N_("The bundle's encryption header is damaged or of an unsupported kind."),
    "bundle.age_armored": N_("This bundle is in armored (text) age form, which is not accepted."),
    "bundle.scrypt_work_factor": N_(
        "The bundle asks for an excessive passphrase work factor (2^{log2n}); refused for safety."),
    "bundle.decrypt_failed": N_("The bundle could not be decrypted: it is damaged or was altered."),
    "bundle.wrong_identity": N_("This bundle was not encrypted for the identity you gave."),
    "bundle.wrong_passphrase": N_("The bundle passphrase is wrong."),
    "bundle.identity_required": N_("This bundle is encrypted: give the identity file to open it."),
    "bundle.passphrase_required": N_(
        "This bundle is protected by a passphrase: give it to open it."),
    "bundle.bad_identity": N_("The identity file does not contain a valid age identity."),
    "bundle.bad_recipient": N_("{recipient} is not a valid age recipient (age1…)."),
    "bundle.no_recipient": N_("Give a recipient key or a passphrase, or choose no encryption."),
    "bundle.recipient_and_passphrase": N_("Use either recipient keys or a passphrase, not both."),
    "bundle.recipient_without_encryption": N_(
        "Recipients or a passphrase were given but encryption is turned off."),
    "bundle.empty_passphrase": N_("The bundle passphrase must not be empty."),
    # zip structure
    "bundle.not_a_zip": N_("This file is not a Bayyina bundle."),
    "bundle.empty": N_("The bundle is empty."),
    "bundle.truncated": N_("The bundle is incomplete (cut short)."),
    "bundle.trailing_data": N_("The bundle has unexpected data after its end."),
    "bundle.zip_corrupt": N_("The bundle's archive structure is damaged."),
    "bundle.zip_slip": N_("The bundle contains a dangerous file path: {name}."),
    "bundle.bad_name": N_("The bundle contains a file name that is not allowed: {name}."),
    "bundle.duplicate_name": N_("The bundle contains the file {name} twice."),
    "bundle.not_stored": N_("The bundle contains a compressed entry, which is not allowed."),
    "bundle.encrypted_entry": N_(
        "The bundle contains a ZIP-encrypted entry, which is not allowed."),
    "bundle.data_descriptor": N_("The bundle's archive uses a feature that is not allowed."),
    "bundle.zip64": N_("The bundle uses ZIP64, which is not allowed."),
    "bundle.special_entry": N_("The bundle contains a link or special file: {name}."),
    "bundle.too_large": N_("The bundle or one of its files is larger than allowed ({name})."),
    "bundle.central_mismatch": N_(
        "The bundle's archive index does not match its contents ({name})."),
    "bundle.crc_mismatch": N_("The file {name} in the bundle is damaged."),
    # signature, hashes, manifest, custody
    "bundle.bad_signature": N_("The bundle's signature is not valid ({file})."),
    "bundle.untrusted_signer": N_(
        "The bundle was signed by a key you have not trusted (fingerprint {fingerprint})."),
    "bundle.bad_signer_key": N_(
        "The signer key is not a minisign key, a PEM key or a fingerprint."),
    "bundle.bad_fingerprint": N_("A fingerprint is 64 hexadecimal characters."),
    "bundle.comment_mismatch": N_("The signed comment does not match the bundle's manifest."),
    "bundle.hash_mismatch": N_("The file {name} does not match its recorded hash."),
    "bundle.missing_file": N_("The file {name} is missing from the bundle."),
    "bundle.unexpected_file": N_("The bundle contains an unexpected file: {name}."),
    "bundle.sums_invalid": N_("The bundle's SHA256SUMS file is malformed."),
    "bundle.manifest_invalid": N_("The bundle's manifest is not valid ({reason})."),
    "bundle.manifest_mismatch": N_("The manifest and the file list disagree about {name}."),
    "bundle.custody_broken": N_("The custody log in the bundle is broken at line {line}."),
    "bundle.custody_invalid": N_(
        "The custody log in the bundle is not valid at line {line} ({reason})."),
    # export
    "bundle.exists": N_("{path} already exists; choose another name."),
    "bundle.source_changed": N_("The file {name} changed while the bundle was being written."),
    "bundle.readback_failed": N_("The written bundle {path} could not be read back correctly."),
}
