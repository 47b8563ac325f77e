# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``inbox serve``: tuspyserver (a maintained tus 1.0 server, FastAPI router) under uvicorn, with
TLS, behind :class:`Guard`, an ASGI layer that adds what tuspyserver 4.4 lacks:

* the **checksum extension**: a ``PATCH`` with ``Upload-Checksum: sha256 <b64>`` is read whole
  (at most ``max_chunk`` bytes) and handed to tuspyserver only when its SHA-256 matches; a
  mismatch answers 460 and nothing is written;
* **only ciphertext**: the first bytes of every upload must be the age header
  (``age-encryption.org/v1``), the file name the client gives must be ``<sha256>.age``; creation
  requires ``Upload-Length`` and refuses the concatenation and deferred-length extensions;
* **limits**: ``Upload-Length`` at most ``max_size``; at most ``per_hour`` new uploads per client
  address and hour (behind Tor every client is the local onion service: the limit is then global);
  uvicorn's ``limit_concurrency``;
* ``DELETE`` and ``X-HTTP-Method-Override`` are refused (the latter would let a request skip
  these checks);
* ``GET /receipts/<upload id>`` serves the signed receipt ``inbox receive`` left for that upload.

No vault, no key: this process only stores what it is sent.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import logging
import re
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from app.inbox import AGE_MAGIC, RECEIPTS, UPLOADS, layout

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PREFIX = "/files"
MAX_CHUNK = 64 << 20
_NAME = re.compile(r"[0-9a-f]{64}\.age")
_RECEIPT = re.compile(r"/receipts/([0-9a-f]{32})")


async def _answer(send: Send, status: int, body: bytes = b"",
                  headers: list[tuple[bytes, bytes]] | None = None) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"tus-resumable", b"1.0.0"), (b"content-length",
                                                            str(len(body)).encode()),
                            (b"cache-control", b"no-store"), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


def _metadata(raw: str) -> dict[str, str]:
    out = {}
    for part in raw.split(","):
        bits = part.strip().split(" ")
        if len(bits) == 2:
            try:
                out[bits[0]] = base64.b64decode(bits[1], validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                continue
    return out


class Guard:
    """The ASGI layer in front of tuspyserver (see the module docstring)."""

    def __init__(self, app: ASGIApp, root: Path, *, max_size: int, per_hour: int,
                 max_chunk: int = MAX_CHUNK, clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.root = app, root
        self.max_size, self.per_hour, self.max_chunk = max_size, per_hour, max_chunk
        self.clock = clock
        self.created: dict[str, deque[float]] = defaultdict(deque)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        method = scope["method"]
        if "x-http-method-override" in headers or method == "DELETE":
            await _answer(send, 405)
            return
        if method == "GET":
            await self._receipt(scope["path"], send)
            return
        if method == "OPTIONS":
            await self.app(scope, receive, self._announce(send))
            return
        if method == "POST":
            status = self._creation(headers, scope)
            if status:
                await _answer(send, status)
                return
        if method == "PATCH":
            await self._patch(scope, headers, receive, send)
            return
        await self.app(scope, receive, send)

    def _announce(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", [])
                        if k.lower() not in (b"tus-extension", b"tus-max-size")]
                message = {**message, "headers": [
                    *kept, (b"tus-extension", b"creation,expiration,checksum"),
                    (b"tus-checksum-algorithm", b"sha256"),
                    (b"tus-max-size", str(self.max_size).encode())]}
            await send(message)
        return wrapped

    def _creation(self, headers: dict[str, str], scope: Scope) -> int:
        if "upload-concat" in headers or "upload-defer-length" in headers:
            return 400
        if int(headers.get("content-length", "0") or 0) > 0:
            return 400  # creation-with-upload: the body goes through PATCH and its checks
        try:
            length = int(headers["upload-length"])
        except (KeyError, ValueError):
            return 400
        if length > self.max_size:
            return 413
        if length < len(AGE_MAGIC):
            return 400
        if not _NAME.fullmatch(_metadata(headers.get("upload-metadata", "")).get("filename", "")):
            return 400
        client = (scope.get("client") or ("?", 0))[0]
        now = self.clock()
        stamps = self.created[client]
        while stamps and now - stamps[0] > 3600:
            stamps.popleft()
        if len(stamps) >= self.per_hour:
            return 429
        stamps.append(now)
        return 0

    async def _patch(self, scope: Scope, headers: dict[str, str], receive: Receive,
                     send: Send) -> None:
        checksum = headers.get("upload-checksum")
        want: bytes | None = None
        if checksum is not None:
            algo, _, b64 = checksum.partition(" ")
            try:
                want = base64.b64decode(b64, validate=True)
            except binascii.Error:
                want = None
            if algo != "sha256" or want is None or len(want) != 32:
                await _answer(send, 400)
                return
        try:
            declared = int(headers.get("content-length", "-1"))
            at = int(headers.get("upload-offset", "-1"))
        except ValueError:
            await _answer(send, 400)
            return
        if want is not None and not 0 <= declared <= self.max_chunk:
            await _answer(send, 413)
            return
        # read the whole chunk (checksum) or just enough to see the age header (offset 0)
        need = self.max_chunk if want is not None else (len(AGE_MAGIC) if at == 0 else 0)
        buf, more = bytearray(), True
        while more and len(buf) < need:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client went away mid-chunk: nothing is written
            buf += message.get("body", b"")
            more = bool(message.get("more_body", False))
            if len(buf) > self.max_chunk:
                await _answer(send, 413)
                return
        if want is not None and (more or hashlib.sha256(buf).digest() != want):
            await _answer(send, 460)
            return
        if at == 0 and not bytes(buf).startswith(AGE_MAGIC):
            await _answer(send, 415)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(buf), "more_body": more}
            return await receive()

        await self.app(scope, replay if need else receive, send)

    async def _receipt(self, path: str, send: Send) -> None:
        m = _RECEIPT.fullmatch(path)
        file = self.root / RECEIPTS / f"{m.group(1)}.json" if m else None
        if file is None or not file.is_file():
            await _answer(send, 404)
            return
        await _answer(send, 200, file.read_bytes(), [(b"content-type", b"application/json")])


def build_app(root: Path, *, max_size: int, per_hour: int, keep_days: int = 30) -> ASGIApp:
    """The inbox's ASGI application over the folder ``root`` (see :mod:`app.inbox`)."""
    from fastapi import FastAPI
    from tuspyserver import create_tus_router

    dirs = layout(root)
    api = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    api.include_router(create_tus_router(prefix=PREFIX, files_dir=str(dirs[UPLOADS]),
                                         max_size=max_size, days_to_keep=keep_days,
                                         strict_offset_validation=True))
    return Guard(api, root, max_size=max_size, per_hour=per_hour)


def serve(root: Path, host: str, port: int, *, cert: Path, key: Path, max_size: int,
          per_hour: int, keep_days: int = 30,
          ready: Callable[[str, int], None] | None = None) -> None:
    """Run the inbox until interrupted; ``ready(host, port)`` once it listens (the real port
    when ``port`` is 0)."""
    import uvicorn

    class _Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            for server in getattr(self, "servers", []):
                for sock in server.sockets:
                    name = sock.getsockname()
                    if ready:
                        ready(str(name[0]), int(name[1]))
                    return

    config = uvicorn.Config(build_app(root, max_size=max_size, per_hour=per_hour,
                                      keep_days=keep_days),
                            host=host, port=port, ssl_certfile=str(cert), ssl_keyfile=str(key),
                            log_level="warning", access_log=False, server_header=False,
                            limit_concurrency=64, timeout_keep_alive=30, lifespan="off")
    asyncio.run(_Server(config).serve())


