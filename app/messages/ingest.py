# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Messages for refused imports (``import.*`` codes raised by ``app.media`` and the ingest
pipeline).

Placeholders are the named parameters of the ``InputRejected`` that carries the code.
"""

from app.i18n import N_

MESSAGES = {
    "import.too_large": N_(
        "This file is too large to import ({size} bytes; the limit is {limit} bytes)."
    ),
    "import.too_many_pixels": N_(
        "This picture is too large to open safely "
        "({width}×{height} pixels; the limit is {limit} pixels)."
    ),
    "import.too_many_frames": N_(
        "This animation has too many frames ({frames}; the limit is {limit})."
    ),
    "import.metadata_too_large": N_(
        "This file carries too much hidden information (metadata) to open safely "
        "(limit {limit} bytes)."
    ),
    "import.truncated": N_(
        "This file is incomplete: it ends before the picture does. "
        "It may have been cut off while copying."
    ),
    "import.corrupt": N_("This file is damaged or is not a picture that can be read."),
    "import.unsupported": N_(
        "This kind of file ({media_type}) cannot be opened safely, "
        "so it was not imported as a picture."
    ),
    "import.decoder_crashed": N_(
        "Reading this picture failed ({reason}). "
        "The file may be damaged or crafted to attack picture readers."
    ),
    "import.decoder_timeout": N_(
        "Reading this picture took longer than {seconds} seconds and was stopped. "
        "The file may be damaged or crafted to slow the app down."
    ),
}
