# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The core half of ``bayyina --self-test``: an end-to-end check of everything but the windows.

In a private temporary folder: a vault (cheap test KDF), the import of a generated image through the
isolated decoding workers, an encrypted bundle exported and verified against the vault's key, and an
Arabic PDF report. Used by the frozen build to prove that every native piece (SQLCipher, Pillow,
pillow-heif, pyrage, cryptography, reportlab fonts, worker processes) made it into the bundle.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path


def run_core_self_test() -> list[str]:
    """Run the checks; return the steps passed. Raises on the first failure."""
    from PIL import Image, ImageDraw

    from app.bundle import keygen_recipient, verify_bundle
    from app.handover import export_from_vault
    from app.ingest import import_bytes
    from app.report.collect import build_vault_report
    from app.session import open_session
    from app.vault import KdfParams, create_vault

    steps: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bayyina-selftest-") as tmp:
        base = Path(tmp)
        vault_path = base / "selftest.bayyina"
        create_vault(vault_path, "self-test passphrase", KdfParams.testing()).lock()
        with open_session(vault_path, "self-test passphrase") as vault:
            steps.append("vault")
            im = Image.new("RGB", (120, 90), (240, 240, 235))
            ImageDraw.Draw(im).rectangle((10, 10, 110, 40), fill=(200, 30, 60))
            exif = Image.Exif()
            exif[0x0110] = "SelfTest Phone"  # Model: must not survive sanitising
            buf = io.BytesIO()
            im.save(buf, "JPEG", exif=exif.tobytes())
            outcome = import_bytes(vault, buf.getvalue(), name="selftest.jpg")
            if outcome.status != "imported" or not outcome.sanitized:
                raise RuntimeError(f"import failed: {outcome.error_code}")
            steps.append("import")

            pdf = build_vault_report(vault, lang="ar")
            if not pdf.startswith(b"%PDF") or len(pdf) < 2000:
                raise RuntimeError("Arabic report is not a PDF")
            steps.append("report-ar")

            identity, recipient = keygen_recipient()
            out = base / "bundle.zip.age"
            export_from_vault(vault, out, recipients=[recipient])
            verified = verify_bundle(out, identity=identity, signer=vault.fingerprint())
            if not verified.signer_trusted or verified.item_count != 1:
                raise RuntimeError("bundle did not verify")
            steps.append("bundle")
            if not vault.verify_custody().ok:
                raise RuntimeError("custody log broken")
            steps.append("custody")
    return steps
