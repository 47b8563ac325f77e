# SPDX-License-Identifier: GPL-3.0-or-later
"""Messages for sending bundles (issue 18): contact cards, the outbox, the sender, the inbox."""

from app.i18n import N_

MESSAGES = {
    "send.too_large": N_("The organisation's inbox refused the bundle: it is larger than the "
                         "inbox accepts."),
    "send.rate_limited": N_("The organisation's inbox is receiving too many uploads right now. "
                            "Try again later; nothing sent so far is lost."),
    "send.upload_gone": N_("The organisation's inbox no longer has this upload."),
    "send.refused": N_("The organisation's inbox refused the upload (answer {status})."),
    "send.checksum": N_("The bundle was damaged on the way several times. Try again later."),
    "send.bundle_changed": N_("The bundle file changed after it was put in the outbox. Export "
                              "it again."),
    "send.bundle_missing": N_("The bundle file {path} is no longer where it was exported. Put "
                              "it back or export it again."),
    "send.bad_certificate": N_("The contact card's certificate is not valid."),
    "send.wrong_certificate": N_("The server did not show the organisation's certificate. "
                                 "Nothing was sent: someone may be in the way."),
    "send.unreachable": N_("The organisation's inbox cannot be reached. The bundle stays in the "
                           "outbox."),
    "send.proxy_unreachable": N_("The proxy {proxy} cannot be reached, so nothing was sent. "
                                 "Start Tor Browser or Tor, or choose another proxy; Bayyina "
                                 "never sends directly instead."),
    "send.bad_job": N_("The sender was given something it cannot read."),
    "send.bad_via": N_("{via} is not a SOCKS5 proxy address; write it as "
                       "socks5://127.0.0.1:9150."),
    "send.bad_listen": N_("{listen} is not an address to listen on; write it as "
                          "127.0.0.1:8443."),
    "send.no_such_file": N_("There is no file {path}."),
    "send.bad_limit": N_("Limits must be at least 1."),
    "send.sender_failed": N_("The sender stopped unexpectedly. The bundle stays in the outbox."),
}

MESSAGES.update({
    "contact.empty_name": N_("Give the organisation's name."),
    "contact.bad_url": N_("{url} is not an https:// address."),
    "contact.bad_onion": N_("{url} is not an https:// onion address (56 letters and digits, "
                            "then .onion)."),
    "contact.invalid": N_("This is not a valid contact card ({reason})."),
    "contact.bad_signature": N_("The contact card's signature is not valid: it was changed "
                                "after the organisation made it."),
    "contact.no_qr": N_("No contact card's QR code could be read in this picture. Take the "
                        "picture again, straight and sharp, with the whole code in view, or "
                        "ask the organisation for the card file."),
    "contact.picture_too_large": N_("This picture is too large to look for a QR code in "
                                    "({size} bytes, at most {limit})."),
    "contact.exists": N_("There is already a destination called {name}."),
    "contact.not_found": N_("There is no destination called {name}. Add its contact card "
                            "first."),
    "contact.has_outbox": N_("{name} still has bundles in the outbox ({count}) that are not "
                             "confirmed by a receipt. Send them first, or wait for the "
                             "receipt."),
    "outbox.not_found": N_("There is no outbox entry {entry}."),
    "outbox.to_needs_recipient": N_("A bundle for a destination is always encrypted to it: "
                                    "leave out --no-encryption and --passphrase-protect."),
    "outbox.receipt_mismatch": N_("The receipt is not the destination's for this bundle."),
    "outbox.not_all_sent": N_("Not everything was sent (entries left: {count}); what was not "
                              "sent stays in the outbox."),
})

MESSAGES.update({
    "inbox.hash_mismatch": N_("The upload's content is not the bundle it announced: it was "
                              "damaged or changed."),
})
