# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``python -m app.send.sender``: the separate process that uploads bundles (issue 18).

It reads one JSON job on standard input::

    {"proxy": "socks5://HOST:PORT" | null,
     "entries": [{"id", "path", "sha256", "size", "url", "onion_url", "cert_pem", "cert_sha256",
                  "location" (a tus upload URL from an earlier attempt, or null),
                  "status" ("sent": only ask for the receipt)}]}

and writes one JSON object per line on standard output, each with ``"event"``:

* ``route`` -- ``{"entry", "route": "direct"|"socks5", "proxy", "url", "onion"}``, before any
  connection is made;
* ``created`` -- ``{"entry", "location"}``: the server made the upload (resume from it later);
* ``progress`` -- ``{"entry", "offset", "size"}``: bytes the server acknowledged;
* ``sent`` -- ``{"entry", "location"}``: the server holds every byte;
* ``receipt`` -- ``{"entry", "receipt": b64}``: the organisation's signed receipt (unverified
  here: the vault side checks it against the card's key), or ``no_receipt`` -- not yet made;
* ``failed`` -- ``{"entry", "code", "params"}``: an :mod:`app.errors` code the vault side
  translates.

``"chunk"`` (optional, bytes per PATCH, 64 KiB to 64 MiB) is for tests and the benchmark.

It holds no vault key and imports nothing of :mod:`app.vault`: it sees only the paths of bundles
already encrypted to the organisation. Exit status 0 when every entry was sent, 1 otherwise.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx

from app.errors import AppError
from app.hardening import harden_process
from app.send import tus
from app.send.pinning import pinned_client
from app.send.route import Route, parse_via

log = logging.getLogger(__name__)
MAX_JOB = 4 << 20  # bytes of JSON on standard input
MAX_RECEIPT = 8 << 20


def emit(event: str, **fields: Any) -> None:
    print(json.dumps({"event": event, **fields}, sort_keys=True), flush=True)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _network_error(exc: httpx.HTTPError, route: Route) -> AppError:
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return AppError("send.wrong_certificate")
    if isinstance(exc, httpx.ProxyError) or (route.proxy and isinstance(exc, httpx.ConnectError)
                                             and "proxy" in text.lower()):
        return AppError("send.proxy_unreachable", proxy=route.proxy or "")
    if route.proxy and isinstance(exc, httpx.ConnectError):
        return AppError("send.proxy_unreachable", proxy=route.proxy)
    return AppError("send.unreachable")


def fetch_receipt(client: httpx.Client, url: str, location: str) -> bytes | None:
    """The organisation's signed receipt for this upload, when ``inbox receive`` has made it
    (``GET ../receipts/<upload id>`` beside the tus endpoint); None while there is none."""
    uid = location.rstrip("/").rsplit("/", 1)[1]
    resp = client.get(urljoin(url, f"../receipts/{uid}"))
    if resp.status_code == 404:
        return None
    if resp.status_code != 200 or len(resp.content) > MAX_RECEIPT:
        raise AppError("send.refused", status=resp.status_code)
    return resp.content


def ask_receipt(entry: dict[str, Any], route: Route) -> None:
    """For an entry already sent: ask for its receipt (``receipt`` or ``no_receipt``)."""
    eid = entry["id"]
    url = route.url_for(entry["url"], entry.get("onion_url"))
    emit("route", entry=eid, **route.describe(entry["url"], entry.get("onion_url")))
    try:
        with pinned_client(entry["cert_pem"], entry["cert_sha256"], proxy=route.proxy) as client:
            got = fetch_receipt(client, url, tus.location_on(url, entry["location"]))
    except AppError as err:
        emit("failed", entry=eid, code=err.code, params={k: str(v) for k, v in err.params.items()})
        raise
    except httpx.HTTPError as exc:
        net = _network_error(exc, route)
        emit("failed", entry=eid, code=net.code, params={k: str(v) for k, v in net.params.items()})
        raise net from None
    if got is None:
        emit("no_receipt", entry=eid)
    else:
        emit("receipt", entry=eid, receipt=base64.b64encode(got).decode("ascii"))


def send_entry(entry: dict[str, Any], route: Route, chunk: int = tus.CHUNK) -> None:
    """Upload one outbox entry (resuming its earlier upload when the server still has it), then
    ask for its receipt once."""
    eid = entry["id"]
    path, size, sha = Path(entry["path"]), int(entry["size"]), str(entry["sha256"])
    url = route.url_for(entry["url"], entry.get("onion_url"))
    emit("route", entry=eid, **route.describe(entry["url"], entry.get("onion_url")))
    try:
        if not path.is_file():
            raise AppError("send.bundle_missing", path=path.name)
        if path.stat().st_size != size or _sha256(path) != sha:
            raise AppError("send.bundle_changed")
        with pinned_client(entry["cert_pem"], entry["cert_sha256"], proxy=route.proxy) as client:
            # the first request carries no bundle byte: the pin is checked before any is sent
            checksum = "sha256" in tus.server_checksums(client, url)
            location = entry.get("location")
            if location:
                location = tus.location_on(url, location)
                try:
                    tus.offset(client, location)
                except AppError as err:
                    if err.code != "send.upload_gone":
                        raise
                    location = None  # expired or removed on the server: start again
            if not location:
                location = tus.create(client, url, size,
                                      {"filename": f"{sha}.age", "filetype": "application/age"})
                emit("created", entry=eid, location=location)

            def progress(at: int, total: int) -> None:
                emit("progress", entry=eid, offset=at, size=total)

            tus.upload(client, location, path, size, checksum=checksum, chunk=chunk,
                       progress=progress)
            emit("sent", entry=eid, location=location)
            try:
                got = fetch_receipt(client, url, location)
            except (AppError, httpx.HTTPError):
                got = None  # the upload is done; the receipt is asked for again next time
            if got is not None:
                emit("receipt", entry=eid, receipt=base64.b64encode(got).decode("ascii"))
    except AppError as err:
        emit("failed", entry=eid, code=err.code, params={k: str(v) for k, v in err.params.items()})
        raise
    except httpx.HTTPError as exc:
        net = _network_error(exc, route)
        log.debug("send failed: %s", exc)
        emit("failed", entry=eid, code=net.code, params={k: str(v) for k, v in net.params.items()})
        raise net from None
    except OSError:
        emit("failed", entry=eid, code="send.bundle_missing", params={"path": path.name})
        raise


def run(job: dict[str, Any]) -> int:
    route = parse_via(job.get("proxy"))
    chunk = min(max(int(job.get("chunk") or tus.CHUNK), 64 << 10), 64 << 20)
    ok = True
    for entry in job.get("entries", []):
        try:
            if entry.get("status") == "sent" and entry.get("location"):
                ask_receipt(entry, route)
            else:
                send_entry(entry, route, chunk)
        except (AppError, OSError):
            ok = False
    return 0 if ok else 1


def main() -> int:
    harden_process()
    raw = sys.stdin.buffer.read(MAX_JOB + 1)
    if len(raw) > MAX_JOB:
        emit("failed", entry=None, code="send.bad_job", params={})
        return 2
    try:
        job = json.loads(raw)
    except ValueError:
        emit("failed", entry=None, code="send.bad_job", params={})
        return 2
    return run(job)


if __name__ == "__main__":
    raise SystemExit(main())
