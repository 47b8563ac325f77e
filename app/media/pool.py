# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Isolated decoding: a pool of child processes that run :func:`app.media.process.process`
(pictures, and recordings and PDFs through :func:`app.media.avpdf.process_av_or_pdf`).

Each worker is a "spawn" child (the GUI process has threads, so it is never forked) with an
address-space limit (``RLIMIT_AS``, POSIX only) and a wall-clock timeout enforced by the parent.
One parent thread drives one worker and gives it one file at a time, so a crash or a timeout
fails exactly the file that caused it: the worker is killed, replaced, and the pool goes on.

Frozen builds (PyInstaller) must call ``multiprocessing.freeze_support()`` first thing in the
entry point, so that a spawned child runs the worker instead of a second GUI.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import Any, Protocol, Self

from app.errors import Cancelled, InputRejected
from app.media.types import DEFAULT_LIMITS, Limits, Processed
from app.tasks import CancelToken

log = logging.getLogger(__name__)

_SPAWN_TIMEOUT_S = 60.0


def _apply_limits(limits: Limits) -> None:
    """In the child: cap the address space and Pillow's own bomb threshold."""
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the timeout still applies
        resource = None  # type: ignore[assignment]
    if resource is not None and limits.decode_memory_bytes > 0:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        new = (limits.decode_memory_bytes if hard == resource.RLIM_INFINITY
               else min(hard, limits.decode_memory_bytes))
        resource.setrlimit(resource.RLIMIT_AS, (new, hard))
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = limits.max_pixels


def _quiet_stderr() -> None:
    """Decoders (libtiff, libheif, exifread, Pillow warnings) write text taken from hostile files to
    stderr. A worker's stderr goes to /dev/null so none of it reaches the user's terminal."""
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.getLogger().addHandler(logging.NullHandler())
    logging.getLogger("exifread").setLevel(logging.CRITICAL)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _worker_main(requests: Connection, results: Connection, limits: Limits) -> None:
    """Child process loop: receive file bytes, send back ``("ok", result)`` or
    ``("rejected", code, params)``."""
    from app.hardening import harden_process

    harden_process()  # the decoded evidence lives here too: no core dumps, not dumpable
    _apply_limits(limits)
    _quiet_stderr()
    from app.media.process import process

    results.send(("ready",))
    while True:
        try:
            data = requests.recv_bytes()
            header = requests.recv() if not data else None  # empty: a control message follows
        except (EOFError, OSError):
            return
        reply: tuple[Any, ...]
        try:
            if header is not None:
                reply = ("ok", _stream_session(requests, results, header, limits))
            else:
                reply = ("ok", process(data, limits))
        except InputRejected as exc:
            reply = ("rejected", exc.code, exc.params)
        except MemoryError:
            reply = ("rejected", "import.decoder_crashed", {"reason": "out of memory"})
        except Exception as exc:
            reply = ("rejected", "import.corrupt",
                     {"reason": f"{type(exc).__name__}: {str(exc)[:200]}"})
        del data
        results.send(reply)
        del reply


def _stream_session(requests: Connection, results: Connection, header: tuple[Any, ...],
                    limits: Limits) -> Processed:
    """In the child: clean one recording that is not sent whole (:mod:`app.media.avstream`).

    ``header`` is ``("stream", size, media_type)``. The child asks for the bytes it needs with
    ``("read", 0 | 1, offset, size)`` (0: the original, 1: the copy it wrote) and gets them as
    one message; the copy goes out as ``("append", bytes)`` and ``("patch", offset, bytes)``."""
    from app.media.avstream import StreamSink
    from app.media.process import process_stream
    from app.media.window import RangeReader

    _kind, size, media_type = header

    def reader(which: int) -> Callable[[int, int], bytes]:
        def read_at(offset: int, n: int) -> bytes:
            results.send(("read", which, offset, n))
            return requests.recv_bytes()
        return read_at

    sink = StreamSink(lambda data: results.send(("append", data)),
                      lambda offset, data: results.send(("patch", offset, data)))
    return process_stream(RangeReader(reader(0), int(size)), sink,
                          lambda n: RangeReader(reader(1), n), media_type, limits)


class CopyTarget(Protocol):
    """Where a streamed clean copy goes in the importing process (e.g.
    :class:`app.vault.blobs.BlobWriter`): bytes in order, rewrites of bytes already given, and
    reads of what it holds (the worker proves the copy by reading it back)."""

    def append(self, data: bytes) -> None: ...

    def patch(self, offset: int, data: bytes) -> None: ...

    def read_at(self, offset: int, size: int) -> bytes: ...


#: The largest read a worker may ask for in one message (it asks for 1 MiB blocks).
MAX_READ = 4 * 1024 * 1024


class _Worker:
    """One child process and the two one-way pipes to it (``os.pipe``; no sockets)."""

    def __init__(self, ctx: Any, limits: Limits) -> None:
        req_r, self.requests = ctx.Pipe(duplex=False)
        self.results, res_w = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_worker_main, args=(req_r, res_w, limits), daemon=True,
                                   name="bayyina-media-worker")
        self.process.start()
        req_r.close()
        res_w.close()
        if not self.results.poll(_SPAWN_TIMEOUT_S):
            self.kill()
            raise RuntimeError("media worker did not start")
        self.results.recv()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(10)
        for conn in (self.requests, self.results):
            with contextlib.suppress(OSError):
                conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.requests.close()  # EOF: the child returns
        self.process.join(5)
        self.kill()


class MediaWorkerPool:
    """Process files in ``workers`` child processes; use as a context manager.

    Args:
        limits: Applied in every worker (``decode_timeout_s`` and ``decode_memory_bytes`` too).
        workers: Number of child processes (2 by default: the machine has 2 cores).
    """

    def __init__(self, limits: Limits = DEFAULT_LIMITS, workers: int = 2) -> None:
        self._limits = limits
        self._ctx = multiprocessing.get_context("spawn")
        self._queue: queue.Queue[tuple[bytes, Future[Processed]] | None] = queue.Queue()
        self._busy: dict[int, int | None] = {}
        self._closed = False
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._slot, args=(i,), name=f"media-slot-{i}", daemon=True)
            for i in range(max(1, workers))
        ]
        for t in self._threads:
            t.start()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, data: bytes) -> Future[Processed]:
        """Queue one file; the future gives a :class:`ProcessedMedia` (or a
        :class:`ProcessedRecording`, :class:`ProcessedDocument`) or raises
        ``InputRejected``."""
        if not data:  # an empty message means a control message follows (see _worker_main)
            empty: Future[Processed] = Future()
            empty.set_exception(InputRejected("import.empty", name=""))
            return empty
        with self._lock:
            if self._closed:
                raise RuntimeError("MediaWorkerPool is closed")
            fut: Future[Processed] = Future()
            self._queue.put((data, fut))
        return fut

    def stream(self, read_at: Callable[[int, int], bytes], size: int, target: CopyTarget,
               media_type: str | None = None, cancel: CancelToken | None = None) -> Processed:
        """Clean one recording too large to send whole, in a worker of its own, in the calling
        thread: the worker reads the original through ``read_at`` and writes the copy into
        ``target`` (:func:`app.media.avstream.process_av_stream`).

        The worker is killed when it is silent for ``decode_timeout_s`` or runs longer than that
        for every ``Limits.av.max_file_bytes`` of the file, and when ``cancel`` is set (polled at
        every message: a few times per MiB).

        Raises:
            InputRejected: as :meth:`submit`'s future, and for a worker that misbehaves.
            Cancelled: ``cancel`` was set.
        """
        with self._lock:
            if self._closed:
                raise RuntimeError("MediaWorkerPool is closed")
        limits = self._limits
        budget = limits.decode_timeout_s * max(1.0, size / max(1, limits.av.max_file_bytes))
        deadline = time.monotonic() + budget
        worker = _Worker(self._ctx, limits)
        done = False
        try:
            worker.requests.send_bytes(b"")
            worker.requests.send(("stream", int(size), media_type))
            while True:
                if cancel is not None and cancel.cancelled:
                    raise Cancelled()
                left = deadline - time.monotonic()
                if left <= 0 or not worker.results.poll(min(left, limits.decode_timeout_s)):
                    raise InputRejected("import.decoder_timeout", seconds=round(budget))
                try:
                    message = worker.results.recv()
                except (EOFError, OSError):
                    worker.process.join(5)
                    raise InputRejected("import.decoder_crashed",
                                        reason=f"exit code {worker.process.exitcode}") from None
                kind = message[0]
                if kind == "read":
                    _kind, which, offset, n = message
                    n = max(0, min(int(n), MAX_READ))
                    data = read_at(int(offset), n) if which == 0 else \
                        target.read_at(int(offset), n)
                    worker.requests.send_bytes(data)
                elif kind == "append":
                    target.append(bytes(message[1]))
                elif kind == "patch":
                    target.patch(int(message[1]), bytes(message[2]))
                elif kind == "ok":
                    result: Processed = message[1]
                    done = True
                    return result
                elif kind == "rejected":
                    raise InputRejected(message[1], **message[2])
                else:
                    raise InputRejected("import.decoder_crashed", reason="bad message")
        finally:
            if done:
                worker.stop()  # its work is done: end of input, it returns (kill if it does not)
            else:
                worker.kill()

    def close(self) -> None:
        """Finish queued files, then stop the workers."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for _ in self._threads:
                self._queue.put(None)
        for t in self._threads:
            t.join()

    def _busy_pids(self) -> list[int]:
        """Pids of workers processing a file right now (for tests)."""
        return [pid for pid in self._busy.values() if pid is not None]

    def _slot(self, index: int) -> None:
        worker: _Worker | None = None
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    return
                data, fut = item
                if not fut.set_running_or_notify_cancel():
                    continue
                try:
                    worker, outcome = self._run(worker, index, data)
                except Exception as exc:
                    fut.set_exception(exc)
                    continue
                if isinstance(outcome, BaseException):
                    fut.set_exception(outcome)
                else:
                    fut.set_result(outcome)
        finally:
            if worker is not None:
                worker.stop()

    def _run(self, worker: _Worker | None, index: int,
             data: bytes) -> tuple[_Worker | None, Processed | BaseException]:
        # a worker that died while idle is replaced and the file re-sent once
        for _attempt in range(2):
            if worker is None or not worker.alive():
                if worker is not None:
                    worker.kill()
                worker = _Worker(self._ctx, self._limits)
            try:
                worker.requests.send_bytes(data)
                break
            except (BrokenPipeError, OSError):
                worker.kill()
                worker = None
        else:
            return None, InputRejected("import.decoder_crashed", reason="worker would not start")
        self._busy[index] = worker.pid
        try:
            if not worker.results.poll(self._limits.decode_timeout_s):
                worker.kill()
                return None, InputRejected("import.decoder_timeout",
                                           seconds=self._limits.decode_timeout_s)
            try:
                reply = worker.results.recv()
            except (EOFError, OSError):
                worker.process.join(5)
                code = worker.process.exitcode
                worker.kill()
                return None, InputRejected("import.decoder_crashed", reason=f"exit code {code}")
        finally:
            self._busy[index] = None
        if reply[0] == "ok":
            return worker, reply[1]
        return worker, InputRejected(reply[1], **reply[2])
