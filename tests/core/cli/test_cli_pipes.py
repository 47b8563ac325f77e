# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``bayyina-cli … | head``: when the reader of standard output goes away, every command stops
quietly with exit 141 (or 0 if all its output was already delivered), as Unix tools do (issue 12,
point 9). Real child processes write into a real pipe whose reader closes."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import PASSPHRASE

EXE = Path(sys.executable).with_name("bayyina-cli")
PIPE_BUF = 4096  # the smallest pipe: output beyond it cannot all be in flight when the reader quits


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A vault with the 16 demo items (about 11 KB of custody log as text)."""
    d = tmp_path_factory.mktemp("pipes")
    pw = d / "pw.txt"
    pw.write_text(PASSPHRASE + "\n", encoding="utf-8")
    v = d / "v.bayyina"
    for args in (["init", "--kdf-profile", "test"], ["demo"]):
        r = subprocess.run([str(EXE), *args, "--vault", str(v), "--passphrase-file", str(pw)],
                           capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
        assert r.returncode == 0, r.stderr
    return v, pw


def _env(buffered: bool = True) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return env if buffered else {**env, "PYTHONUNBUFFERED": "1"}


def _run_into_closing_pipe(argv: list[str], *, lines_read: int,
                           buffered: bool = True) -> tuple[int, bytes, bytes]:
    """Run ``bayyina-cli argv`` with standard output into a pipe whose reader reads
    ``lines_read`` lines (0: none) and closes. Returns (exit code, what was read, stderr)."""
    read_fd, write_fd = os.pipe()
    fcntl.fcntl(read_fd, fcntl.F_SETPIPE_SZ, PIPE_BUF)
    if lines_read == 0:  # the reader is gone before the child starts
        os.close(read_fd)
    with subprocess.Popen([str(EXE), *argv], stdout=write_fd, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, env=_env(buffered)) as child:
        os.close(write_fd)
        got = b""
        if lines_read:
            with os.fdopen(read_fd, "rb", buffering=0) as reader:
                while got.count(b"\n") < lines_read and (chunk := reader.read(1)):
                    got += chunk
        _out, err = child.communicate(timeout=120)
    return child.returncode, got, err


def _vault_args(vault: tuple[Path, Path]) -> list[str]:
    return ["--vault", str(vault[0]), "--passphrase-file", str(vault[1]), "--lang", "en"]


COMMANDS = [["log", "show"], ["log", "show", "--json"], ["list"], ["list", "--json"],
            ["show", "1", "--json"], ["show", "1"], ["info"], ["case", "list"], ["stats"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_cli_pipes_reader_gone_before_any_output(vault: tuple[Path, Path],
                                                 command: list[str]) -> None:
    code, _got, err = _run_into_closing_pipe([*command, *_vault_args(vault)], lines_read=0)
    assert (code, err.decode()) == (141, "")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_cli_pipes_reader_closes_after_one_line(vault: tuple[Path, Path],
                                                command: list[str]) -> None:
    """141 and nothing on standard error; or 0 and the command's usual messages, when all its
    output was in the pipe before the reader left."""
    argv = [*command, *_vault_args(vault)]
    code, got, err = _run_into_closing_pipe(argv, lines_read=1)
    assert got.count(b"\n") == 1
    usual = subprocess.run([str(EXE), *argv], capture_output=True, check=False,
                           stdin=subprocess.DEVNULL, env=_env())
    assert (code, err) in ((141, b""), (0, usual.stderr)), err.decode()


@pytest.mark.parametrize("command", [["log", "show"]], ids=" ".join)
def test_cli_pipes_long_output_cut_after_one_line_is_141(vault: tuple[Path, Path],
                                                         command: list[str]) -> None:
    """More output than the pipe holds: the cut is certain, and reported as 141."""
    code, _got, err = _run_into_closing_pipe([*command, *_vault_args(vault)], lines_read=1)
    assert (code, err.decode()) == (141, "")


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("argv", [["--help"], ["log", "show", "--help"], ["--version"]],
                         ids=" ".join)
def test_cli_pipes_help_and_version(argv: list[str], buffered: bool) -> None:
    """argparse's own output: its failed write is not ignored (unbuffered), and what is still
    buffered is flushed by main, where a closed pipe is caught (no "Exception ignored" from the
    interpreter's final flush)."""
    code, _got, err = _run_into_closing_pipe(argv, lines_read=0, buffered=buffered)
    assert (code, err.decode()) == (141, "")
    code, got, err = _run_into_closing_pipe(argv, lines_read=1, buffered=buffered)
    assert got.count(b"\n") == 1 and code in (0, 141) and err.decode() == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_cli_pipes_full_disk_on_stdout_is_one_sentence(buffered: bool) -> None:
    """Any other failure of standard output (no space left) is an error, said in one sentence,
    with no traceback and no "Exception ignored" from the interpreter."""
    with open("/dev/full", "wb") as full:
        r = subprocess.run([str(EXE), "--help", "--lang", "en"], stdout=full,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=_env(buffered),
                           check=False)
    assert r.returncode == 1
    assert r.stderr.decode().splitlines() == [
        "An unexpected error occurred. Nothing was lost; run again with --debug for details."]
