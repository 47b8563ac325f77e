# SPDX-License-Identifier: GPL-3.0-or-later
"""The vault process opens no socket while ``send`` runs: only its sender child does.

``bayyina-cli send`` runs under ``strace -f`` (every thread and child). Each traced task is
attributed to the program it (or the process it was forked from) executed; every ``socket()``
call must come from the sender (``app.send.sender``), and the sender must have made some (so
that the check can fail). The GUI's send starts the same child through the same code
(:mod:`app.send.launch`); its tests run in-process with pytest-socket, where any socket fails."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.core.send.helpers import ROOT, Inbox, sha256_file, strace_prefix
from tests.helpers import Cli

_LINE = re.compile(r"^(\d+)\s+(.*)$")  # strace pads short pids: "123   socket(…"
_SPAWN = re.compile(r"^(?:(?:clone3?|vfork|fork)\(|<\.\.\. (?:clone3?|vfork|fork) resumed>)")
_RESULT = re.compile(r"= (\d+)$")
_EXECVE = re.compile(r'^execve\("[^"]*", \[(.*?)\]')
_SOCKET = re.compile(r"^socket\((AF_[A-Z0-9]+)")


def attribute(trace: str) -> dict[str, list[str]]:
    """The families of the sockets each program opened, from ``strace -f`` output: the program
    of a task is its own execve's argument list, else its parent's (threads and forks)."""
    parent: dict[int, int] = {}
    program: dict[int, str] = {}
    sockets: list[tuple[int, str]] = []
    for raw in trace.splitlines():
        m = _LINE.match(raw)
        if not m:
            continue
        pid, call = int(m.group(1)), m.group(2)
        if _SPAWN.match(call) and (r := _RESULT.search(call)):
            parent[int(r.group(1))] = pid
        elif (e := _EXECVE.match(call)) is not None:
            program[pid] = e.group(1)
        elif (s := _SOCKET.match(call)) is not None:
            sockets.append((pid, s.group(1)))

    def of(pid: int) -> str:
        seen = set()
        while pid not in program and pid in parent and pid not in seen:
            seen.add(pid)
            pid = parent[pid]
        return program.get(pid, "?")

    out: dict[str, list[str]] = {}
    for pid, family in sockets:
        out.setdefault(of(pid), []).append(family)
    return out


def _png(path: Path) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (12, 9), (10, 120, 200)).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return path


def test_cli_send_opens_sockets_only_in_the_sender_child(inbox: Inbox, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    me, org = Cli(tmp_path, capsys), Cli(tmp_path, capsys, tmp_path / "org.bayyina")
    assert me.init().code == 0 and org.init().code == 0
    ident, card = tmp_path / "org.identity", tmp_path / "org.card"
    assert org("keygen-recipient", "--out", str(ident)).code == 0
    assert org("contact", "make", "--name", "Helpline", "--url", inbox.url, "--cert",
               str(inbox.cert), "--identity", str(ident), "--out", str(card)).code == 0
    assert me("contact", "add", str(card)).code == 0
    assert me("import", str(_png(tmp_path / "a.png"))).code == 0
    bundle = tmp_path / "a.age"
    assert me("export", "--out", str(bundle), "--to", "Helpline").code == 0

    trace = tmp_path / "send.strace"
    cmd = [*strace_prefix(trace, "network,execve,clone,clone3,fork,vfork"), sys.executable,
           "-m", "app.cli.main", "send", "--vault", str(me.vault),
           "--passphrase-file", str(me.pw), "--lang", "en"]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=180, check=False,
                       env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                            "HOME": str(tmp_path), "LANG": "C.UTF-8"})
    assert r.returncode == 0, r.stderr[-3000:]
    assert "1 bundle sent." in r.stderr
    [upload] = inbox.uploads()
    assert sha256_file(upload) == sha256_file(bundle)
    upload.unlink()

    by_program = attribute(trace.read_text(encoding="utf-8", errors="replace"))
    vault_side = {p: f for p, f in by_program.items() if "app.send.sender" not in p}
    sender = [f for p, f in by_program.items() if "app.send.sender" in p]
    assert vault_side == {}, vault_side
    assert sender and "AF_INET" in sender[0], by_program


def test_the_attribution_sees_a_socket_of_the_parent() -> None:
    """The parser itself: a socket opened by the parent (or its thread) is the parent's."""
    trace = "\n".join([
        '100 execve("/usr/bin/python3", ["python3", "-m", "app.cli.main", "send"], 0x1) = 0',
        "100 clone3({flags=CLONE_VM|CLONE_THREAD}, 88) = 101",
        "100 vfork( <unfinished ...>",
        '102 execve("/usr/bin/python3", ["python3", "-m", "app.send.sender"], 0x2) = 0',
        "100 <... vfork resumed>) = 102",
        "102 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 3",
        "101 socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = 4",
        "101   socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = 5",  # strace pads short pids
    ])
    got = attribute(trace)
    assert got == {'"python3", "-m", "app.send.sender"': ["AF_INET"],
                   '"python3", "-m", "app.cli.main", "send"': ["AF_INET6", "AF_INET6"]}
