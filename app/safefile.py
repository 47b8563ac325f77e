# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The one way the app writes a file where the user points (bundle, report, extract, key files).

``with new_file(out) as fh: fh.write(...)``:

- the data goes to a temporary beside ``out`` under a random name (``<name>.<16 hex>.partial``),
  created with ``O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC``, mode 0600, relative to a descriptor
  of the target folder: a link planted at any name cannot be followed, and the name cannot be
  guessed in advance;
- flushed and fsynced, then the kernel is asked to drop the file's cached pages
  (``posix_fadvise(DONTNEED)``), so a read-back (``before_publish``) comes from the drive;
- published with ``link()`` — which fails if ``out`` exists, as a file, a link or a dangling link,
  and never follows one — then the temporary is unlinked; where the file system has no hard links
  (FAT, exFAT sticks) with ``renameat2(RENAME_NOREPLACE)`` (Linux), ``renameatx_np(RENAME_EXCL)``
  (macOS) or ``rename`` (Windows, which never replaces); with none of these the write is refused;
- the folder is fsynced; on any error the temporary is removed and ``out`` is not touched.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import mmap
import os
import queue
import secrets
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.errors import AppError

READ_CHUNK = 1 << 20  # read-back block; a multiple of every O_DIRECT alignment
_WRITE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_BINARY", 0))
_USE_DIR_FD = os.open in os.supports_dir_fd and os.link in os.supports_dir_fd


def temp_name(final_name: str) -> str:
    """``<final>.<random>.partial``, the final name cut to keep the whole within 255 bytes."""
    stem = final_name.encode("utf-8", "surrogateescape")[:200].decode("utf-8", "ignore")
    return f"{stem}.{secrets.token_hex(8)}.partial"


@dataclass
class Written:
    """The temporary, complete and fsynced, before it is given its name (for ``before_publish``)."""

    folder: Path
    name: str  # the temporary's name in ``folder``
    dir_fd: int | None
    dropped: bool  # posix_fadvise(DONTNEED) was accepted after the fsync

    def read_back(self) -> tuple[Iterator[bytes], str]:
        """The file's bytes as read again, and how: ``"direct"`` (O_DIRECT: from the drive),
        ``"dropped"`` (after the cached pages were dropped: from the drive) or ``"cached"`` (this
        system may have answered from memory)."""
        return read_uncached(self.folder / self.name, dir_fd=self.dir_fd, name=self.name)


def drop_cache(fd: int) -> bool:
    """Ask the kernel to forget the (clean, fsynced) cached pages of ``fd``."""
    fadvise = getattr(os, "posix_fadvise", None)
    if fadvise is None:
        return False
    try:
        fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    except OSError:
        return False
    return True


def read_uncached(path: Path, *, dir_fd: int | None = None,
                  name: str | None = None) -> tuple[Iterator[bytes], str]:
    """Open ``path`` for a read that bypasses the cache where possible (see :meth:`read_back`)."""
    target: str | Path = name if dir_fd is not None and name is not None else path
    kw = {"dir_fd": dir_fd} if dir_fd is not None and name is not None else {}
    direct = getattr(os, "O_DIRECT", 0)
    if direct:
        try:
            fd = os.open(target, _READ_FLAGS | direct, **kw)
        except OSError:  # tmpfs (older kernels), some FUSE file systems: no O_DIRECT
            pass
        else:
            buf = mmap.mmap(-1, READ_CHUNK)  # page-aligned, as O_DIRECT requires
            try:
                first = os.preadv(fd, [buf], 0)  # some file systems refuse only the read
            except OSError:
                buf.close()
                os.close(fd)
            else:
                return _direct_chunks(fd, buf, first), "direct"
    fd = os.open(target, _READ_FLAGS, **kw)
    method = "dropped" if drop_cache(fd) else "cached"
    return _plain_chunks(fd), method


class ReadAhead:
    """``chunks`` (from :func:`read_uncached`) iterated by a thread of its own, which also hashes
    them: the drive's reads (synchronous with ``O_DIRECT``) and the hash overlap what the caller
    does with the bytes (hashlib and file reads release the GIL). Iterate it for the chunks, in
    order; a read error is raised there. :meth:`finish` gives the SHA-256 and size of everything
    read once the iteration ended; :meth:`close` (always) stops the thread and closes ``chunks``.
    """

    _AHEAD = 8  # chunks held at most

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.hash = hashlib.sha256()
        self.size = 0
        self._queue: queue.Queue[bytes | BaseException | None] = queue.Queue(self._AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(chunks,), name="read-ahead",
                                        daemon=True)
        self._thread.start()

    def _run(self, chunks: Iterator[bytes]) -> None:
        try:
            for chunk in chunks:
                self.hash.update(chunk)
                self.size += len(chunk)
                if not self._put(chunk):
                    return
            self._put(None)
        except BaseException as exc:  # handed to the reader, raised there
            self._put(exc)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()

    def _put(self, item: bytes | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> Iterator[bytes]:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        self._stop.set()
        self._thread.join()

    def finish(self) -> tuple[str, int]:
        """(SHA-256, size) of every byte read; call once the iteration has ended."""
        self.close()
        return self.hash.hexdigest(), self.size


class ChunkStream:
    """``read(n)`` over an iterator of chunks (what the age reader wants). The buffer is a
    ``bytearray``: taking bytes off its front moves its start, copying nothing."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buf = bytearray()

    def _fill(self, n: int) -> None:
        while n < 0 or len(self._buf) < n:
            chunk = next(self._chunks, None)
            if chunk is None:
                return
            self._buf += chunk

    def read(self, n: int = -1) -> bytes:
        self._fill(n)
        if n < 0 or n >= len(self._buf):
            out = bytes(self._buf)
            self._buf.clear()
        else:
            out = bytes(self._buf[:n])
            del self._buf[:n]
        return out


def _direct_chunks(fd: int, buf: mmap.mmap, n: int) -> Iterator[bytes]:
    try:
        offset = 0
        while n > 0:
            yield bytes(buf[:n])
            offset += n
            if n < READ_CHUNK:
                return
            n = os.preadv(fd, [buf], offset)
    finally:
        buf.close()
        os.close(fd)


def _plain_chunks(fd: int) -> Iterator[bytes]:
    with os.fdopen(fd, "rb", buffering=0) as fh:
        while chunk := fh.read(READ_CHUNK):
            yield chunk


# Keyword-only options: what to call the errors, and the hook before publishing.
@contextlib.contextmanager
def new_file(out: str | os.PathLike[str], *, exists_code: str = "file.exists",
             io_code: str = "generic.io", error: type[AppError] = AppError,
             before_publish: Callable[[Written], None] | None = None) -> Iterator[BinaryIO]:
    """Write a NEW file at ``out`` (see the module docstring).

    ``before_publish`` runs after the fsync, before the file gets its name; an exception there
    removes the temporary. Raises ``error(exists_code, path=…)`` when ``out`` exists (or appears
    meanwhile), ``error(io_code, path=…, reason=…)`` when the folder cannot be written.
    """
    out = Path(out)
    if os.path.lexists(out):
        raise error(exists_code, path=str(out))
    folder = out.parent
    dir_fd = _open_dir(folder, io_code, error, out) if _USE_DIR_FD else None
    try:
        name = temp_name(out.name)
        try:
            fd = (os.open(name, _WRITE_FLAGS, 0o600, dir_fd=dir_fd) if dir_fd is not None
                  else os.open(folder / name, _WRITE_FLAGS, 0o600))
        except OSError as exc:
            raise error(io_code, path=str(out), reason=exc.strerror or str(exc)) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
                dropped = drop_cache(fh.fileno())
            if before_publish is not None:
                before_publish(Written(folder, name, dir_fd, dropped))
            _publish(folder, name, out, dir_fd, exists_code, error)
        except BaseException:
            with contextlib.suppress(OSError):
                _unlink(folder, name, dir_fd)
            raise
        with contextlib.suppress(OSError):
            _unlink(folder, name, dir_fd)  # the link's second name, when published by link()
        fsync_dir(folder, dir_fd)
    finally:
        if dir_fd is not None:
            os.close(dir_fd)


def _open_dir(folder: Path, io_code: str, error: type[AppError], out: Path) -> int:
    try:
        return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
                       | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise error(io_code, path=str(out), reason=exc.strerror or str(exc)) from None


def _unlink(folder: Path, name: str, dir_fd: int | None) -> None:
    if dir_fd is not None:
        os.unlink(name, dir_fd=dir_fd)
    else:
        os.unlink(folder / name)


def _publish(folder: Path, name: str, out: Path, dir_fd: int | None, exists_code: str,
             error: type[AppError]) -> None:
    """Give the temporary its final name without ever replacing what is there."""
    try:
        if dir_fd is not None:
            os.link(name, out.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        else:
            os.link(folder / name, out)
        return
    except FileExistsError:
        raise error(exists_code, path=str(out)) from None
    except (OSError, NotImplementedError):
        pass  # no hard links here (FAT, exFAT): a rename that refuses to replace
    try:
        renamed = rename_noreplace(folder, name, out.name, dir_fd)
    except FileExistsError:
        raise error(exists_code, path=str(out)) from None
    if not renamed:
        raise error("file.cannot_publish", path=str(out))


def rename_noreplace(folder: Path, src: str, dst: str, dir_fd: int | None) -> bool:
    """Rename ``src`` to ``dst`` in ``folder`` unless ``dst`` exists; False when this system has no
    such rename. Raises FileExistsError when ``dst`` exists."""
    if os.name == "nt":
        os.rename(folder / src, folder / dst)  # never replaces on Windows (FileExistsError)
        return True
    fn, flag = _noreplace_call()
    if fn is None:
        return False
    fd = dir_fd if dir_fd is not None else -100  # AT_FDCWD
    a = os.fsencode(src if dir_fd is not None else str(folder / src))
    b = os.fsencode(dst if dir_fd is not None else str(folder / dst))
    if fn(fd, a, fd, b, flag) == 0:
        return True
    err = ctypes.get_errno()
    if err == 17:  # EEXIST
        raise FileExistsError(err, os.strerror(err), dst)
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: no such rename on this file system
        return False
    raise OSError(err, os.strerror(err))


def _noreplace_call() -> tuple[Callable[..., int] | None, int]:
    libc_name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
    except OSError:
        return None, 0
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        fn = libc.renameat2
        flag = 1  # RENAME_NOREPLACE
    elif sys.platform == "darwin" and hasattr(libc, "renameatx_np"):
        fn = libc.renameatx_np
        flag = 4  # RENAME_EXCL
    else:
        return None, 0
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn, flag


def fsync_dir(folder: Path, dir_fd: int | None = None) -> None:
    """Make a new name in ``folder`` durable (POSIX; elsewhere a no-op)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        if dir_fd is not None:
            os.fsync(dir_fd)
            return
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
