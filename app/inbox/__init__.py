# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The organisation's inbox (issue 18): a small tus server that stores only ciphertext
(:mod:`app.inbox.server`, no vault) and the step that receives its complete uploads into the
organisation's vault (:mod:`app.inbox.receive`).

The folder ``DIR`` holds::

    DIR/uploads/   tus uploads: <32 hex> (age ciphertext) and <32 hex>.info (tuspyserver's JSON)
    DIR/done/      received bundles, <sha256>.age
    DIR/refused/   refused bundles, <sha256>.age and <sha256>.reason.json
    DIR/receipts/  <upload id>.json: the signed receipt, served back to the sender
"""

from __future__ import annotations

from pathlib import Path

UPLOADS, DONE, REFUSED, RECEIPTS = "uploads", "done", "refused", "receipts"
AGE_MAGIC = b"age-encryption.org/v1\n"


def layout(root: Path) -> dict[str, Path]:
    """The inbox's folders (created private to the user)."""
    from app.paths import safe_mkdir

    return {name: safe_mkdir(root / name) for name in (UPLOADS, DONE, REFUSED, RECEIPTS)}
