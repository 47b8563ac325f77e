# SPDX-License-Identifier: GPL-3.0-or-later
"""Messages for the vault, the custody log and the command line."""

from app.i18n import N_

MESSAGES = {
    "vault.wrong_passphrase": N_("Wrong passphrase. Nothing in the vault was changed."),
    "vault.damaged": N_("The vault is damaged and cannot be read safely ({reason}). Restore it "
                        "from a backup copy of the vault folder; it was not modified."),
    "vault.key_file_damaged": N_("The vault's key file is damaged ({reason}). Restore the vault "
                                 "folder from a backup; it was not modified."),
    "vault.key_file_tampered": N_("The vault's key file is damaged or was tampered with "
                                  "({reason}): it was refused before any key was derived. "
                                  "Restore the key file from a backup of this vault folder; "
                                  "nothing was changed."),
    "vault.key_file_foreign": N_("This key file belongs to another vault: it cannot open this "
                                 "vault's database. Put back this vault's own vault.key; the "
                                 "evidence was not modified."),
    "vault.key_file_superseded": N_("This key file is out of date: the vault was re-encrypted "
                                    "with a new key since it was copied, and it no longer opens "
                                    "the vault. Use the vault's current vault.key."),
    "vault.passphrase_replaced": N_("This passphrase was replaced when the vault was "
                                    "re-encrypted. Unlock with the new passphrase."),
    "vault.busy": N_("Wait until the running task has finished, then try again."),
    "vault.not_found": N_("No vault was found at {path}."),
    "vault.exists": N_("A vault already exists at {path}."),
    "vault.folder_not_empty": N_("The folder {path} is not empty; "
                                 "choose a new folder for the vault."),
    "vault.locked": N_("The vault is locked. Unlock it first."),
    "vault.erased": N_("This vault was erased on {at} (UTC): its keys were overwritten after "
                       "too many failed unlocks or on request. Nothing in the folder can be "
                       "opened any more."),
    "vault.wrong_passphrase_remaining": N_("Wrong passphrase. Attempts left before the vault is "
                                           "erased: {remaining}."),
    "safety.wipe_choice": N_("Choose how many failed unlocks erase the vault: {choices}, or off."),
    "safety.reminder_choice": N_("Choose how often to be reminded to back up: every {choices} "
                                 "days, or never."),
    "safety.same_passphrase": N_("The decoy passphrase must differ from the vault's "
                                 "passphrase."),
    "vault.empty_passphrase": N_("The passphrase must not be empty."),
    "vault.passphrase_mismatch": N_("The two passphrases do not match."),
    "vault.sqlcipher_too_old": N_("This build uses SQLCipher {version}; version 4 or newer is "
                                  "required. The vault was not opened."),
    "vault.unsafe_temp_store": N_("This SQLCipher build may write temporary files in plaintext; "
                                  "the vault was not opened."),
    "vault.too_new": N_("This vault was made by a newer Bayyina (schema {version}; this version "
                        "understands up to {supported}). Update Bayyina."),
    "custody.broken": N_("The custody log is broken at entry {seq} ({reason}): it has been "
                         "altered since it was written."),
    "cli.no_tty": N_("No terminal to ask for the passphrase: use --passphrase-file FILE "
                     "(or - for standard input)."),
    "cli.passphrase_file": N_("Could not read the passphrase file {path}."),
    "cli.confirm_needed": N_("This deletes for good: confirm on a terminal, or add --yes."),
    "cli.not_confirmed": N_("Not confirmed: nothing was deleted."),
    "cli.usage": N_("{detail}"),
    "cli.new_passphrase_file_needed": N_(
        "passwd: with --passphrase-file, give the new passphrase with --new-passphrase-file too."),
    "cli.internal": N_("An unexpected error occurred. Nothing was lost; run again with --debug "
                       "for details."),
}
