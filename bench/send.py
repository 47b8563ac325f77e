# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Benchmark: sending a bundle to the organisation's inbox over the loopback, next to curl.

    .venv/bin/python bench/send.py [--mb 300] [--chunk-mb 8] [--rounds 2]

The real inbox (``bayyina-cli inbox serve``: tuspyserver under uvicorn, TLS, the checksum and
ciphertext checks) runs on 127.0.0.1 with a self-signed certificate. The same file of ``--mb``
megabytes (an age header, then random bytes) is uploaded:

* by **curl** (the baseline, same server, same run): one tus ``POST``, then the whole file in one
  ``PATCH`` without a checksum, TLS pinned with ``--cacert`` / ``--pinnedpubkey``;
* by **the sender** (``python -m app.send.sender``, as ``send`` starts it): ``OPTIONS``, ``POST``,
  then ``--chunk-mb`` chunks, each with its ``Upload-Checksum: sha256`` that the server checks
  before writing (what makes a dropped connection cost at most one chunk).

Printed: MB/s of each (best of ``--rounds``), the ratio sender / curl, the peak RSS of the
sender and of curl (sampled ``VmHWM``), and of the server. Issue 18's target: throughput against
curl in the same run (no fixed figure); the sender's RSS must stay flat, under 150 MB, whatever
the bundle's size: each chunk is hashed, then streamed from the file 1 MiB at a time
(:data:`app.send.tus.PIECE`). Measured on the 2-core development machine: 34.5 MB for 60 MiB and
34.7 MB for 300 MiB (before, with each 8 MiB chunk held as bytes by httpx's request/response
cycles until the garbage collector ran: 76 MB and 205 MB).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._util import row
from tests.core.send.helpers import ROOT, Inbox, make_cert, random_bundle, start_inbox


class _PeakRss(threading.Thread):
    """Samples a child's VmHWM (peak RSS of its own program, after exec) until it exits.

    ``wait4``'s ``ru_maxrss`` is not used: it counts the pages the child shared with this
    process between fork and exec."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()
        self.start()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, _vm_hwm(self.pid))
            self.done.wait(0.02)

    def stop(self) -> float:
        self.done.set()
        self.join()
        return self.peak


def _vm_hwm(pid: int) -> float:
    """VmHWM of a live process, MB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _server_rss(inbox: Inbox) -> float:
    return _vm_hwm(inbox.proc.pid)


def _pin(cert: Path) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    pub = x509.load_pem_x509_certificate(cert.read_bytes()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "sha256//" + base64.b64encode(hashlib.sha256(pub).digest()).decode("ascii")


def _remove_upload(inbox: Inbox, location: str) -> None:
    uid = location.rstrip("/").rsplit("/", 1)[1]
    for path in (inbox.root / "uploads").glob(f"{uid}*"):
        path.unlink()


def curl_upload(inbox: Inbox, path: Path, sha: str) -> tuple[float, float]:
    """tus by hand with curl: seconds for POST + PATCH, peak RSS of the PATCH."""
    size = path.stat().st_size
    tls = ["--cacert", str(inbox.cert), "--pinnedpubkey", _pin(inbox.cert), "-sS"]
    meta = "filename " + base64.b64encode(f"{sha}.age".encode()).decode("ascii")
    t0 = time.perf_counter()
    made = subprocess.run(["curl", *tls, "-D", "-", "-o", "/dev/null", "-X", "POST",
                           "-H", "Tus-Resumable: 1.0.0", "-H", f"Upload-Length: {size}",
                           "-H", f"Upload-Metadata: {meta}", "-H", "Content-Length: 0",
                           inbox.url], capture_output=True, text=True, check=True, timeout=60)
    location = next(line.split(":", 1)[1].strip() for line in made.stdout.splitlines()
                    if line.lower().startswith("location:"))
    location = f"https://127.0.0.1:{inbox.port}/" + location.split("/", 3)[3]
    proc = subprocess.Popen(["curl", *tls, "-o", "/dev/null", "-w", "%{http_code}", "-X", "PATCH",
                             "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: 0",
                             "-H", "Content-Type: application/offset+octet-stream",
                             "-H", "Expect:", "--data-binary", f"@{path}", location],
                            stdout=subprocess.PIPE, text=True)
    peak = _PeakRss(proc.pid)
    assert proc.stdout is not None
    status = proc.stdout.read()
    code = proc.wait()
    rss = peak.stop()
    seconds = time.perf_counter() - t0
    assert code == 0 and status == "204", (code, status)
    _check_and_remove(inbox, location, sha)
    return seconds, rss


def _check_and_remove(inbox: Inbox, location: str, sha: str) -> None:
    uid = location.rstrip("/").rsplit("/", 1)[1]
    got = hashlib.sha256((inbox.root / "uploads" / uid).read_bytes()).hexdigest()
    assert got == sha, "the server holds other bytes"
    _remove_upload(inbox, location)


def sender_upload(inbox: Inbox, path: Path, sha: str, chunk: int) -> tuple[float, float]:
    """The sender process, as ``send`` starts it: seconds end to end, its peak RSS."""
    job = {"proxy": None, "chunk": chunk, "entries": [{
        "id": 1, "path": str(path), "sha256": sha, "size": path.stat().st_size,
        "url": inbox.url, "onion_url": None, "cert_pem": inbox.cert.read_text(),
        "cert_sha256": inbox.fingerprint, "location": None}]}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "app.send.sender"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=env, cwd=ROOT, text=True)
    peak = _PeakRss(proc.pid)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(job))
    proc.stdin.close()
    events = [json.loads(line) for line in proc.stdout if line.startswith("{")]
    code = proc.wait()
    rss = peak.stop()
    seconds = time.perf_counter() - t0
    sent = [e for e in events if e["event"] == "sent"]
    assert code == 0 and sent, events[-3:]
    _check_and_remove(inbox, sent[0]["location"], sha)
    return seconds, rss


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=300)
    ap.add_argument("--chunk-mb", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bayyina-bench-send-") as tmp:
        folder = Path(tmp)
        cert, key, fp = make_cert(folder)
        (folder / "inbox").mkdir()
        inbox = start_inbox(folder / "inbox", cert, key, fp, max_mb=args.mb + 16)
        try:
            bundle = folder / "bundle.age"
            sha = random_bundle(bundle, args.mb << 20, seed=18)
            mb = args.mb * 1.048576
            curl, sender = [], []
            for _ in range(args.rounds):  # interleaved: both see the same machine load
                curl.append(curl_upload(inbox, bundle, sha))
                sender.append(sender_upload(inbox, bundle, sha, args.chunk_mb << 20))
            c_best, s_best = min(c[0] for c in curl), min(s[0] for s in sender)
            print(f"send: {args.mb} MiB to the inbox on 127.0.0.1 (TLS), best of {args.rounds}")
            row("curl (1 PATCH, no checksum), MB/s", f"{mb / c_best:8.1f}  ({c_best:.2f} s)")
            row(f"sender ({args.chunk_mb} MiB chunks + sha256), MB/s",
                f"{mb / s_best:8.1f}  ({s_best:.2f} s)")
            row("sender / curl throughput", f"{c_best / s_best:8.2f}")
            row("peak RSS curl, MB", f"{max(c[1] for c in curl):8.1f}")
            peak = max(s[1] for s in sender)
            row("peak RSS sender, MB (flat: < 150)", f"{peak:8.1f}"
                + ("" if peak < 150 else "  GROWS WITH THE BUNDLE"))
            row("peak RSS inbox server, MB", f"{_server_rss(inbox):8.1f}")
        finally:
            inbox.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
