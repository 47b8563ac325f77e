# SPDX-License-Identifier: GPL-3.0-or-later
"""Messages for the campaign lens: OCR, PDQ hashes, near-duplicates and clusters."""

from app.i18n import N_

MESSAGES = {
    "lens.no_tessdata": N_("The text-recognition data for {languages} was not found. Set "
                           "BAYYINA_TESSDATA to the folder holding it, or install the Tesseract "
                           "Arabic and English data."),
    "lens.no_picture": N_("Item {item} has no picture to read: only its sealed original is "
                          "kept."),
    "lens.bad_threshold": N_("The distance {threshold} is out of range: use a number from 0 to "
                             "{limit} (31 is the usual one)."),
    "lens.no_hashes": N_("None of these items has a PDQ hash yet: run \"bayyina-cli index "
                         "--wait\" (or let the app finish reading the pictures) first."),
    "lens.label_too_long": N_("The label is too long: at most {limit} characters."),
}
