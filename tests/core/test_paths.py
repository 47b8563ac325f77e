# SPDX-License-Identifier: GPL-3.0-or-later
"""app.paths.new_file: exclusive, fsynced, never replaces, never follows a planted link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.errors import AppError
from app.paths import new_file


def test_new_file_writes_owner_only(tmp_path: Path) -> None:
    out = tmp_path / "evidence.png"
    with new_file(out) as fh:
        fh.write(b"abc")
    assert out.read_bytes() == b"abc"
    assert (out.stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence.png"]


def test_new_file_refuses_existing_and_links(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    out.write_bytes(b"keep me")
    with pytest.raises(AppError) as info, new_file(out, exists_code="report.exists"):
        pass
    assert info.value.code == "report.exists"
    assert out.read_bytes() == b"keep me"
    target = tmp_path / "elsewhere"
    link = tmp_path / "planted.pdf"
    os.symlink(target, link)  # dangling link where the user points
    with pytest.raises(AppError), new_file(link):
        pass
    assert not target.exists()


def test_new_file_never_replaces_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    out = tmp_path / "race.bin"
    with pytest.raises(AppError) as info, new_file(out) as fh:
        fh.write(b"ours")
        out.write_bytes(b"theirs")  # someone else creates it while we write
    assert info.value.code == "file.exists"
    assert out.read_bytes() == b"theirs"
    assert not (tmp_path / "race.bin.partial").exists()


def test_new_file_failure_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "half.bin"
    with pytest.raises(RuntimeError), new_file(out) as fh:
        fh.write(b"half")
        raise RuntimeError("stick pulled out")
    assert list(tmp_path.iterdir()) == []
