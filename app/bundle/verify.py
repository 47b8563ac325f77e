# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Verify a bundle without a vault: age pre-check, streaming decrypt, strict ZIP, signature, hashes,
file set, manifest, custody chain. Nothing is written to disk.

The archive order puts the signed metadata first, so the signature, the manifest and the custody
log are checked *before* the first item byte reaches ``on_item``. Items are then streamed, hashed
and compared with the signed ``SHA256SUMS``. Receiving into a vault uses :class:`ItemSink`: open a
transaction, write each item's chunks, and commit only if :func:`verify_bundle` returns (roll back
if it raises): the final hash of an item, the central directory and the file set are only known
at the end.
"""

from __future__ import annotations

import base64
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from app.bundle import agecrypt
from app.bundle.layout import (
    MINISIG,
    RAWSIG,
    SIGNER_PUB,
    SUMS,
    UNSUMMED,
    classify,
    parse_sums,
    verify_custody,
)
from app.bundle.manifest import CUSTODY_PATH, MANIFEST_PATH, parse_manifest, referenced_files
from app.bundle.signing import PinnedSigner, SignerPublicKey, parse_signer, verify_minisign
from app.bundle.zipreader import EntryInfo, Kind, StrictZipReader, ZipLimits
from app.errors import UsageError, VerificationFailed
from app.safefile import ChunkStream, ReadAhead
from app.tasks import CancelToken, ProgressFn, notify

log = logging.getLogger(__name__)

MAX_BUNDLE_FILE = 0xFFFFFFFF + 64 * 1024 * 1024  # a 4 GiB ZIP plus age overhead
_READ = 1 << 20


class ItemSink(Protocol):
    """Receives item files while they stream. Nothing is final until verify_bundle returns.

    A sink may also have ``metadata_checked(manifest)``: called with the signed manifest once the
    signature, the manifest and the custody log are checked, before the first item byte. An item
    reaches ``end_item`` only once its hash matched the signed ``SHA256SUMS``.
    """

    def begin_item(self, path: str, size: int, sha256: str) -> None: ...

    def item_data(self, path: str, chunk: bytes) -> None: ...

    def end_item(self, path: str, sha256: str) -> None: ...


@dataclass(frozen=True)
class VerifiedBundle:
    """What a successful verification established."""

    signer_fingerprint: str
    signer_trusted: bool  # False when no pinned signer was given: the caller decides
    bundle_id: str
    seq: int
    created_at: str  # claimed by the sending device
    trusted_comment: str
    item_count: int
    manifest: dict[str, Any]
    custody: list[dict[str, Any]]
    files: dict[str, str]  # SHA256SUMS: path -> sha256
    encrypted: bool
    container_sha256: str  # SHA-256 of the file as received (chains previous_bundle_sha256)
    container_size: int


def trusted_comment_for(bundle_id: str, seq: int, created_at: str) -> str:
    """The minisign trusted comment of a bundle."""
    return f"bayyina bundle_id={bundle_id} seq={seq} created={created_at}"


class _Checker:
    """Zip classifier + entry handler doing the bundle-level checks as entries stream by."""

    def __init__(self, pinned: PinnedSigner | None, sink: ItemSink | None) -> None:
        self.pinned = pinned
        self.sink = sink
        self.small: dict[str, bytes] = {}
        self.small_hash: dict[str, str] = {}
        self.checked = False
        self.sums: dict[str, str] = {}
        self.manifest: dict[str, Any] = {}
        self.custody: list[dict[str, Any]] = []
        self.signer: SignerPublicKey | None = None
        self.comment = ""
        self._sizes: dict[str, int | None] = {}
        self.reader: StrictZipReader | None = None

    # zip reader hooks
    def classify(self, name: str) -> Kind:
        kind = classify(name)
        if kind == "stream" and not self.checked:
            self.check_metadata()
        return kind

    def begin_entry(self, name: str, size: int) -> None:
        if name not in self.sums:
            raise VerificationFailed("bundle.unexpected_file", name=name)
        if self._sizes.get(name) not in (None, size):
            raise VerificationFailed("bundle.hash_mismatch", name=name)
        if self.sink is not None:
            self.sink.begin_item(name, size, self.sums[name])

    def entry_data(self, name: str, chunk: bytes) -> None:
        if self.sink is not None:
            self.sink.item_data(name, chunk)

    def end_entry(self, info: EntryInfo) -> None:
        if info.sha256 != self.sums[info.name]:
            raise VerificationFailed("bundle.hash_mismatch", name=info.name)
        if self.sink is not None:
            self.sink.end_item(info.name, info.sha256)

    def add_small(self, info: EntryInfo, data: bytes) -> None:
        self.small[info.name] = data
        self.small_hash[info.name] = info.sha256

    # the signed metadata
    def check_metadata(self) -> None:
        if self.reader is not None:
            for info in self.reader.listing.entries:
                if info.name in self.reader.listing.small_files:
                    self.add_small(info, self.reader.listing.small_files[info.name])
        self.checked = True
        for name in (SUMS, MINISIG, RAWSIG, SIGNER_PUB, MANIFEST_PATH, CUSTODY_PATH):
            if name not in self.small:
                raise VerificationFailed("bundle.missing_file", name=name)
        sums_bytes = self.small[SUMS]
        key = self._signing_key()
        self.comment = verify_minisign(key, sums_bytes, self.small[MINISIG])
        if not key.verify_raw(sums_bytes, self.small[RAWSIG]):
            raise VerificationFailed("bundle.bad_signature", file=RAWSIG)
        self.signer = key
        self.sums = parse_sums(sums_bytes)
        for name in (MANIFEST_PATH, CUSTODY_PATH):
            if self.sums.get(name) is None:
                raise VerificationFailed("bundle.missing_file", name=name)
        for name, digest in self.small_hash.items():
            if name not in UNSUMMED and self.sums.get(name) != digest:
                raise VerificationFailed("bundle.hash_mismatch" if name in self.sums
                                         else "bundle.unexpected_file", name=name)
        m = parse_manifest(self.small[MANIFEST_PATH])
        signer = m["signer"]
        if (signer["public_key"] != base64.b64encode(key.raw).decode()
                or signer["fingerprint"] != key.fingerprint or signer["key_id"] != key.key_id_hex):
            raise VerificationFailed("bundle.manifest_invalid", reason="signer")
        if self.comment != trusted_comment_for(m["bundle_id"], m["vault"]["bundle_seq"],
                                               m["created_at"]):
            raise VerificationFailed("bundle.comment_mismatch")
        refs = referenced_files(m)
        for name in sorted(set(refs) | (set(self.sums) - {MANIFEST_PATH})):
            if name not in refs or name not in self.sums or refs[name][0] != self.sums[name]:
                raise VerificationFailed("bundle.manifest_mismatch", name=name)
        self._sizes = {name: size for name, (_h, size) in refs.items()}
        log_info = m["custody_log"]
        self.custody = verify_custody(self.small[CUSTODY_PATH], log_info["first_seq"],
                                      log_info["last_seq"], m["vault"]["custody_head_sha256"])
        self.manifest = m
        hook = getattr(self.sink, "metadata_checked", None)
        if hook is not None:  # optional: the sink learns the signed manifest first
            hook(m)

    def _signing_key(self) -> SignerPublicKey:
        try:
            bundle_key = parse_signer(self.small[SIGNER_PUB]).public_key
        except UsageError:
            bundle_key = None
        if bundle_key is None:
            raise VerificationFailed("bundle.bad_signature", file=SIGNER_PUB)
        pin = self.pinned
        if pin is None:
            return bundle_key
        if pin.public_key is None:  # fingerprint pin: the bundle's key must hash to it
            if not pin.matches(bundle_key):
                raise VerificationFailed("bundle.untrusted_signer",
                                         fingerprint=bundle_key.fingerprint)
            return bundle_key
        if not pin.matches(bundle_key):
            # Checked after the signature would fail anyway: name the more useful reason.
            try:
                verify_minisign(pin.public_key, self.small[SUMS], self.small[MINISIG])
            except VerificationFailed:
                raise VerificationFailed("bundle.untrusted_signer",
                                         fingerprint=bundle_key.fingerprint) from None
        return pin.public_key


class _CountingReader:
    """``read(n)`` over the bundle file as :class:`~app.safefile.ReadAhead` reads and hashes it in
    a thread of its own: the read and the file's SHA-256 overlap the decryption and the checks in
    the calling thread, as ``age -d | sha256sum`` runs in two processes (bench bundle: verify
    70 % of that pipeline with one thread). A read error is raised here, where it happened."""

    def __init__(self, fh: BinaryIO, total: int, progress: ProgressFn | None,
                 cancel: CancelToken | None) -> None:
        self._total = total
        self._progress, self._cancel = progress, cancel
        self.count = 0
        self._ahead = ReadAhead(iter(lambda: fh.read(_READ), b""))
        self._stream = ChunkStream(iter(self._ahead))

    def read(self, n: int = -1) -> bytes:
        if self._cancel is not None:
            self._cancel.raise_if_cancelled()
        data = self._stream.read(n if n >= 0 else _READ)
        self.count += len(data)
        if len(data) > 1:
            notify(self._progress, self.count, self._total, "bundle.verify")
        return data

    def close(self) -> None:
        """Stop the reading thread (also when the checks stopped early) and wait for it."""
        self._ahead.close()

    def finish(self) -> str:
        """The file's SHA-256, once every byte was read."""
        return self._ahead.finish()[0]


def verify_bundle(path: str | os.PathLike[str], *, identity: str | None = None,
                  passphrase: str | None = None, signer: PinnedSigner | str | bytes | None = None,
                  on_item: ItemSink | None = None, progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None,
                  limits: ZipLimits | None = None) -> VerifiedBundle:
    """Verify the bundle at ``path`` completely, streaming, in memory.

    Args:
        path: a ``.zip`` or ``.zip.age`` bundle.
        identity: age identity file *text* (X25519) for an encrypted bundle.
        passphrase: for a passphrase-encrypted bundle.
        signer: the pinned signer (a :class:`PinnedSigner`, or text for
            :func:`app.bundle.signing.parse_signer`). Without it the bundle's own key is used and
            ``signer_trusted`` is False.
        on_item: receives item files as they stream (after the signed metadata was checked).
        progress: bytes read from ``path``.
        cancel: polled between reads.

    Raises:
        VerificationFailed: the first failure, with a ``bundle.*`` code.
        UsageError: missing identity/passphrase, unparsable signer or identity.
    """
    pinned = signer if isinstance(signer, PinnedSigner) or signer is None else parse_signer(signer)
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError:
        raise UsageError("handover.unreadable_file", path=str(p)) from None
    if size > MAX_BUNDLE_FILE:
        raise VerificationFailed("bundle.too_large", what="bundle", name=p.name)
    verifier = BundleStreamVerifier(pinned, on_item, limits)
    try:
        opened = p.open("rb")
    except OSError:
        raise UsageError("handover.unreadable_file", path=str(p)) from None
    with opened as raw:
        src = _CountingReader(raw, size, progress, cancel)
        try:
            prefix = src.read(len(agecrypt.AGE_MAGIC))
            encrypted = agecrypt.is_age(prefix) or prefix.startswith(agecrypt.ARMOR_MAGIC[:22])
            if encrypted:
                agecrypt.decrypt_stream(_Rewound(prefix, src),  # type: ignore[arg-type]
                                        verifier.feed, identity=identity, passphrase=passphrase)
            else:
                verifier.feed(prefix)
                while chunk := src.read(_READ):
                    verifier.feed(chunk)
            while src.read(_READ):  # anything after the end of the payload is hashed as well
                pass
        finally:
            src.close()
    return verifier.close(encrypted=encrypted, container_sha256=src.finish(),
                          container_size=src.count)


class BundleStreamVerifier:
    """Push the plaintext ZIP bytes of a bundle through :meth:`feed`, then call :meth:`close`.

    Used by :func:`verify_bundle` and by the writer, which verifies what it produces as it streams.
    """

    def __init__(self, pinned: PinnedSigner | None, on_item: ItemSink | None = None,
                 limits: ZipLimits | None = None) -> None:
        self._pinned = pinned
        self._checker = _Checker(pinned, on_item)
        self._reader = StrictZipReader(self._checker.classify, self._checker, limits)
        self._checker.reader = self._reader

    def feed(self, data: bytes) -> None:
        self._reader.feed(data)

    def close(self, *, encrypted: bool = False, container_sha256: str = "",
              container_size: int = 0) -> VerifiedBundle:
        """Finish: central directory, remaining checks, file-set equality."""
        listing = self._reader.close()
        checker = self._checker
        if not checker.checked:
            checker.check_metadata()
        names = {e.name for e in listing.entries}
        for info in listing.entries:
            if info.name in checker.sums and checker.sums[info.name] != info.sha256:
                raise VerificationFailed("bundle.hash_mismatch", name=info.name)
        for name in sorted(set(checker.sums) | set(UNSUMMED)):
            if name not in names:
                raise VerificationFailed("bundle.missing_file", name=name)
        for name in sorted(names):
            if name not in checker.sums and name not in UNSUMMED:
                raise VerificationFailed("bundle.unexpected_file", name=name)
        if checker.signer is None:  # the signature step above sets it or raises
            raise VerificationFailed("bundle.bad_signature", file=RAWSIG)
        m = checker.manifest
        return VerifiedBundle(
            signer_fingerprint=checker.signer.fingerprint, signer_trusted=self._pinned is not None,
            bundle_id=m["bundle_id"], seq=m["vault"]["bundle_seq"], created_at=m["created_at"],
            trusted_comment=checker.comment, item_count=len(m["items"]), manifest=m,
            custody=checker.custody, files=dict(checker.sums), encrypted=encrypted,
            container_sha256=container_sha256, container_size=container_size)


class _Rewound:
    """``prefix`` then the rest of ``src``: lets us sniff the first bytes of a non-seekable read."""

    def __init__(self, prefix: bytes, src: _CountingReader) -> None:
        self._prefix, self._src = prefix, src

    def read(self, n: int = -1) -> bytes:
        if self._prefix:
            if n < 0 or n >= len(self._prefix):
                out, self._prefix = self._prefix, b""
                return out
            out, self._prefix = self._prefix[:n], self._prefix[n:]
            return out
        return self._src.read(n)
