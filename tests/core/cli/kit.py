# SPDX-License-Identifier: GPL-3.0-or-later
"""What the CLI tests of every command group share: a snapshot of a vault folder, small image
files, tampering with the custody log, and running ``main`` in-process."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from app.cli.main import main as cli_main
from app.vault import open_vault
from tests.helpers import PASSPHRASE

HEX = set("0123456789abcdef")


def snapshot(vault: Path) -> dict[str, str]:
    """Every file of the vault folder and its SHA-256."""
    return {str(p.relative_to(vault)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(vault.rglob("*")) if p.is_file()}


def _png(tmp: Path, name: str, color: tuple[int, int, int]) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (24, 16), color).save(buf, "PNG")
    path = tmp / name
    path.write_bytes(buf.getvalue())
    return path


def _jpeg_with_exif(tmp: Path, name: str) -> Path:
    img = Image.new("RGB", (16, 16), (10, 200, 10))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    path = tmp / name
    path.write_bytes(buf.getvalue())
    return path


def _tamper_custody(vault: Path, sql: str) -> None:
    with open_vault(vault, PASSPHRASE) as v:
        v.conn.execute("DROP TRIGGER custody_no_update")
        v.conn.execute("DROP TRIGGER custody_no_delete")
        v.conn.execute(sql)


def _main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli_main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err
