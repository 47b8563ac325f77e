# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The tus 1.0 client (https://tus.io/protocols/resumable-upload), on an ``httpx.Client``.

Only the few requests the protocol needs: ``POST`` to create an upload (``Upload-Length``,
``Upload-Metadata``), ``HEAD`` for the server's offset, ``PATCH`` with ``Upload-Offset`` and the
checksum extension (``Upload-Checksum: sha256 <base64>`` over each chunk). The server's offset is
the truth: an interrupted upload resumes from what the server acknowledged, never from what the
client believes it sent. A chunk the server refuses as corrupt (460) is sent again, a bounded
number of times.

Part of the sender process: no vault, no key (see :mod:`app.send`).
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin

import httpx

from app.errors import AppError

log = logging.getLogger(__name__)

TUS_VERSION = "1.0.0"
CHUNK = 8 << 20  # bytes per PATCH: what a lost connection costs at most
CHECKSUM_RETRIES = 3
# bytes read (and handed to the connection) at a time. A chunk is never held whole in memory:
# httpx keeps each request in a reference cycle (response -> stream -> response) until the
# garbage collector runs, and a chunk of bytes held by each one made the sender's memory grow
# with the bundle (205 MB peak for 300 MB); a chunk streamed from the file keeps it flat.
PIECE = 1 << 20
_BASE = {"Tus-Resumable": TUS_VERSION}

Progress = Callable[[int, int], None]  # (offset acknowledged, total)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _check(resp: httpx.Response, *ok: int) -> httpx.Response:
    if resp.status_code in ok:
        return resp
    if resp.status_code == 413:
        raise AppError("send.too_large")
    if resp.status_code == 429:
        raise AppError("send.rate_limited")
    if resp.status_code in (404, 410):
        raise AppError("send.upload_gone")
    raise AppError("send.refused", status=resp.status_code)


def server_checksums(client: httpx.Client, url: str) -> set[str]:
    """The checksum algorithms the server announces (``OPTIONS``; empty: no checksum extension)."""
    resp = _check(client.options(url, headers=_BASE), 200, 204)
    if "checksum" not in resp.headers.get("Tus-Extension", "").split(","):
        return set()
    return {a.strip() for a in resp.headers.get("Tus-Checksum-Algorithm", "").split(",")}


def create(client: httpx.Client, url: str, size: int, metadata: dict[str, str]) -> str:
    """Create an upload of ``size`` bytes; its absolute URL (the server's ``Location``)."""
    meta = ",".join(f"{k} {_b64(v)}" for k, v in metadata.items())
    resp = _check(client.post(url, headers={**_BASE, "Upload-Length": str(size),
                                            "Upload-Metadata": meta}), 201)
    location = resp.headers.get("Location")
    if not location:
        raise AppError("send.refused", status=resp.status_code)
    return location_on(url, location)


def location_on(url: str, location: str) -> str:
    """The upload's URL on the origin we talk to: the path the server gave, joined to ``url``.

    tuspyserver builds ``Location`` from the ``Host`` header; behind a reverse proxy or an onion
    service that host may not be the one we reach, so only the path is kept (the origin stays the
    card's, and with it the pinned certificate).
    """
    path = httpx.URL(location).raw_path.decode("ascii")
    return urljoin(url, path)


def offset(client: httpx.Client, location: str) -> int:
    """The byte count the server holds for this upload (``HEAD``)."""
    resp = _check(client.head(location, headers=_BASE), 200, 204)
    try:
        return int(resp.headers["Upload-Offset"])
    except (KeyError, ValueError):
        raise AppError("send.refused", status=resp.status_code) from None


def _range(fh: BinaryIO, start: int, length: int) -> Iterator[bytes]:
    """``length`` bytes of ``fh`` from ``start``, ``PIECE`` at a time (raises
    ``send.bundle_changed`` when the file ends first)."""
    fh.seek(start)
    left = length
    while left > 0:
        piece = fh.read(min(PIECE, left))
        if not piece:
            raise AppError("send.bundle_changed")
        left -= len(piece)
        yield piece


def _range_sha256(fh: BinaryIO, start: int, length: int) -> bytes:
    h = hashlib.sha256()
    for piece in _range(fh, start, length):
        h.update(piece)
    return h.digest()


def upload(client: httpx.Client, location: str, path: Path, size: int, *,
           checksum: bool = True, chunk: int = CHUNK, progress: Progress | None = None) -> int:
    """Send ``path`` from the server's offset to the end; the final offset (== ``size``).

    Raises:
        AppError: ``send.refused`` / ``send.upload_gone`` / ``send.bundle_changed`` (the file is
            shorter than the upload), ``send.checksum`` (the server refused a chunk
            ``CHECKSUM_RETRIES`` times).
    """
    at = offset(client, location)
    if progress:
        progress(at, size)
    failures = 0
    with path.open("rb") as fh:
        while at < size:
            length = min(chunk, size - at)
            headers = {**_BASE, "Upload-Offset": str(at), "Content-Length": str(length),
                       "Content-Type": "application/offset+octet-stream"}
            if checksum:
                digest = base64.b64encode(_range_sha256(fh, at, length)).decode("ascii")
                headers["Upload-Checksum"] = f"sha256 {digest}"
            resp = client.patch(location, headers=headers, content=_range(fh, at, length))
            if resp.status_code == 460:  # checksum mismatch: the chunk was dropped, send again
                failures += 1
                if failures >= CHECKSUM_RETRIES:
                    raise AppError("send.checksum")
                continue
            if resp.status_code == 409:  # offset mismatch: ask the server where it stands
                at = offset(client, location)
                continue
            _check(resp, 204)
            try:
                at = int(resp.headers["Upload-Offset"])
            except (KeyError, ValueError):
                at = offset(client, location)
            failures = 0
            if progress:
                progress(at, size)
    return at


__all__ = ["CHUNK", "TUS_VERSION", "create", "location_on", "offset", "server_checksums",
           "upload"]
