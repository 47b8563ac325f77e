# SPDX-License-Identifier: GPL-3.0-or-later
"""The real inbox server on 127.0.0.1 (a child process: the test process opens no socket), a
self-signed certificate, the sender process, random bundles."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[3]
AGE_MAGIC = b"age-encryption.org/v1\n"


def make_cert(folder: Path, name: str = "inbox") -> tuple[Path, Path, str]:
    """A self-signed certificate for 127.0.0.1 / localhost: (cert.pem, key.pem, sha256 hex)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    import ipaddress

    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    der = cert.public_bytes(serialization.Encoding.DER)
    return cert_path, key_path, hashlib.sha256(der).hexdigest()


def random_bundle(path: Path, size: int, seed: int = 0) -> str:
    """An age-looking file of ``size`` bytes (the header, then random bytes); its SHA-256."""
    import numpy as np

    rng = np.random.default_rng(seed)
    h = hashlib.sha256()
    with path.open("wb") as fh:
        head = AGE_MAGIC
        fh.write(head)
        h.update(head)
        left = size - len(head)
        while left > 0:
            n = min(left, 16 << 20)
            block = rng.bytes(n)
            fh.write(block)
            h.update(block)
            left -= n
    return h.hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env


def _read_json_line(proc: subprocess.Popen[str], deadline: float) -> dict[str, Any] | None:
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return None
        line = proc.stdout.readline()
        if not line:
            return None
        line = line.strip()
        if line.startswith("{"):
            return dict(json.loads(line))
    return None


@dataclass
class Inbox:
    proc: subprocess.Popen[str]
    port: int
    root: Path
    cert: Path
    key: Path
    fingerprint: str

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}/files/"

    def uploads(self) -> list[Path]:
        return sorted(p for p in (self.root / "uploads").iterdir()
                      if p.is_file() and len(p.name) == 32)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_inbox(root: Path, cert: Path, key: Path, fingerprint: str, *, max_mb: int = 1024,
                per_hour: int = 1000, port: int = 0, timeout: float = 30.0) -> Inbox:
    cmd = [sys.executable, "-m", "app.cli.main", "inbox", "serve", "--dir", str(root),
           "--listen", f"127.0.0.1:{port}", "--cert", str(cert), "--key", str(key),
           "--max-size", str(max_mb), "--per-hour", str(per_hour), "--json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_env(), cwd=ROOT)
    got = _read_json_line(proc, time.monotonic() + timeout)
    if not got or "listening" not in got:
        proc.kill()
        _, err = proc.communicate(timeout=10)
        raise AssertionError(f"the inbox did not start: {err[-2000:]}")
    return Inbox(proc, int(got["listening"].rsplit(":", 1)[1]), root, cert, key, fingerprint)


@dataclass
class SenderRun:
    events: list[dict[str, Any]] = field(default_factory=list)
    code: int | None = None
    killed_at: int | None = None

    def last(self, event: str) -> dict[str, Any] | None:
        return next((e for e in reversed(self.events) if e["event"] == event), None)


def entry(inbox: Inbox, path: Path, sha: str, *, eid: int = 1, location: str | None = None,
          url: str | None = None, onion_url: str | None = None,
          cert: Path | None = None, fingerprint: str | None = None) -> dict[str, Any]:
    return {"id": eid, "path": str(path), "sha256": sha, "size": path.stat().st_size,
            "url": url or inbox.url, "onion_url": onion_url,
            "cert_pem": (cert or inbox.cert).read_text(),
            "cert_sha256": fingerprint or inbox.fingerprint, "location": location}


def run_sender(job: dict[str, Any], *, kill_after: int | None = None, kill_delay: float = 0.0,
               timeout: float = 300.0, prefix: list[str] | None = None,
               command: list[str] | None = None) -> SenderRun:
    """Run ``python -m app.send.sender`` on ``job``; with ``kill_after``, SIGKILL it
    ``kill_delay`` seconds after it reports an acknowledged offset of at least that many bytes
    (so that the kill lands anywhere: between chunks or in the middle of one)."""
    cmd = [*(prefix or []), *(command or [sys.executable, "-m", "app.send.sender"])]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)
    assert proc.stdin is not None
    proc.stdin.write(json.dumps(job))
    proc.stdin.close()
    run = SenderRun()
    deadline = time.monotonic() + timeout
    try:
        while True:
            got = _read_json_line(proc, deadline)
            if got is None:
                break
            run.events.append(got)
            if (kill_after is not None and got["event"] == "progress"
                    and got["offset"] >= kill_after):
                if kill_delay:
                    select.select([], [], [], kill_delay)  # the random point in the next chunk
                proc.kill()
                run.killed_at = int(got["offset"])
                break
    finally:
        try:
            proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        assert proc.stderr is not None
        err = proc.stderr.read()
        assert "Traceback" not in err, err[-3000:]
    run.code = proc.returncode
    return run


def iter_bounded(n: int, seconds: float) -> Iterator[int]:
    """range(n) that also stops (failing the test) after ``seconds``."""
    start = time.monotonic()
    for i in range(n):
        assert time.monotonic() - start < seconds, f"took longer than {seconds} s"
        yield i


_PROBE = r"""
import json, sys, base64
import httpx
from app.send.pinning import pinned_client
job = json.load(sys.stdin)
out = []
with pinned_client(job["pem"], job["fp"], proxy=None) as c:
    for r in job["requests"]:
        url = r["url"] if r["url"].startswith("https:") else job["base"] + r["url"]
        resp = c.request(r["method"], url, headers=r.get("headers", {}),
                         content=base64.b64decode(r.get("body", "")))
        out.append({"status": resp.status_code, "headers": dict(resp.headers),
                    "body": resp.text[:2000]})
print(json.dumps(out))
"""


def probe(inbox: Inbox, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Send raw HTTP requests to the inbox from a child process (``body`` as base64); each
    answer's status, headers and text."""
    base = f"https://127.0.0.1:{inbox.port}"
    job = {"pem": inbox.cert.read_text(), "fp": inbox.fingerprint, "base": base,
           "requests": requests}
    r = subprocess.run([sys.executable, "-c", _PROBE], input=json.dumps(job), text=True,
                       capture_output=True, env=_env(), cwd=ROOT, timeout=60, check=False)
    assert r.returncode == 0, r.stderr[-3000:]
    return list(json.loads(r.stdout))


def b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now, asked of a child process (this one opens no socket)."""
    code = ("import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); "
            "print(s.getsockname()[1]); s.close()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       timeout=30)
    return int(r.stdout.strip())


@dataclass
class Socks:
    """microsocks, a real SOCKS5 server, on 127.0.0.1; its log says what it connected to."""

    proc: subprocess.Popen[str]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"socks5://127.0.0.1:{self.port}"

    def connections(self) -> list[str]:
        """``HOST:PORT`` of each connection the proxy made, as the client named it."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [line.rsplit("connected to ", 1)[1].strip() for line in text.splitlines()
                if "connected to " in line]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_socks(folder: Path, timeout: float = 10.0) -> Socks:
    """Start microsocks on a free loopback port (line-buffered, so its log is read as it goes)."""
    import shutil

    exe = shutil.which("microsocks")
    assert exe, "microsocks is not installed (./dev setup installs it)"
    for attempt in range(5):
        port = free_port()
        log = folder / f"socks{attempt}.log"
        fh = log.open("w", encoding="utf-8")
        proc = subprocess.Popen(["stdbuf", "-oL", "-eL", exe, "-i", "127.0.0.1", "-p", str(port)],
                                stdout=fh, stderr=subprocess.STDOUT, text=True)
        fh.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            if f"127.0.0.1:{port} " in _listening():
                return Socks(proc, port, log)
            select.select([], [], [], 0.05)
        proc.kill()
        proc.wait(timeout=10)
    raise AssertionError("microsocks did not start")


def _listening() -> str:
    """The TCP sockets listening on this machine, as ``ss -ltn`` prints them."""
    r = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True, check=False, timeout=10)
    return r.stdout + " "


def strace_prefix(log: Path, calls: str = "network") -> list[str]:
    """Run a command under strace, every thread and child, these calls only, into ``log``."""
    import shutil

    exe = shutil.which("strace")
    assert exe, "strace is not installed (./dev setup installs it)"
    return [exe, "-f", "-qq", "-e", f"trace={calls}", "-o", str(log)]


def add_destination(vault: Any, inbox: Inbox, name: str = "Helpline",
                    onion_url: str | None = None) -> Any:
    """A signed card for ``inbox`` (made with this vault's key, as an organisation would) added
    as a destination; the :class:`app.send.outbox.Contact`."""
    from app.bundle import SigningKey, keygen_recipient
    from app.send.contact import make_card
    from app.send.outbox import add_contact

    _identity, recipient = keygen_recipient()
    card = make_card(SigningKey(vault.signing_key()), name=name, recipient=recipient,
                     url=inbox.url, cert_pem=inbox.cert.read_bytes(), onion_url=onion_url)
    return add_contact(vault, card)


def queue_random(vault: Any, contact: Any, path: Path, size: int, seed: int = 0) -> Any:
    """An age-looking file of ``size`` bytes put in the outbox for ``contact``."""
    import uuid

    from app.send.outbox import queue_bundle

    sha = random_bundle(path, size, seed=seed)
    return queue_bundle(vault, contact, path, bundle_id=str(uuid.uuid4()), sha256=sha, size=size)
