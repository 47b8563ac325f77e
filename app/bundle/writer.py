# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Write a signed (and by default age-encrypted) evidence bundle, atomically and in a stream.

The ZIP is generated chunk by chunk, verified in-process by the same code as
:func:`app.bundle.verify.verify_bundle` while it streams, encrypted on the fly (no plaintext ever
touches the disk), written with :func:`app.safefile.new_file` (a random exclusive temporary, no
link followed, published without replacing anything), fsynced, its cached pages dropped, read back
and verified whole (:func:`read_back`), and only then given its name. On any failure the
temporary is removed.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import logging
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from app.bundle import agecrypt
from app.bundle.layout import (
    MINISIG,
    RAWSIG,
    README,
    SIGNER_PEM,
    SIGNER_PUB,
    SUMS,
    build_sums,
    verify_custody,
)
from app.bundle.manifest import (
    CUSTODY_PATH,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_PATH,
    canonical_json,
    referenced_files,
    validate_manifest,
)
from app.bundle.options import check_protection
from app.bundle.readme import readme_text
from app.bundle.signing import PinnedSigner, SigningKey
from app.bundle.verify import BundleStreamVerifier, VerifiedBundle, trusted_comment_for
from app.bundle.zipwriter import ZipEntry, iter_zip
from app.errors import AppError, UsageError, VerificationFailed
from app.safefile import ChunkStream, ReadAhead, Written, new_file
from app.tasks import CancelToken, ProgressFn, notify

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BundleFile:
    """An item file: its zip path, a *re-iterable* chunk source, its size and SHA-256 hex."""

    path: str
    source: Iterable[bytes]
    size: int
    sha256: str
    crc32: int | None = None  # when known (e.g. stored at import), saves a read pass


@dataclass(frozen=True)
class ExportResult:
    """A finished bundle on disk."""

    path: Path
    bundle_id: str
    seq: int
    created_at: str
    sha256: str  # of the file as written: the next bundle's previous_bundle_sha256
    size: int
    encrypted: bool
    signer_fingerprint: str
    file_count: int
    manifest: dict[str, Any]
    verified: VerifiedBundle | None = None  # the read-back: the whole file verified again
    readback: str = "cached"  # how it was re-read: direct / dropped (from the drive) / cached

    @property
    def read_from_drive(self) -> bool:
        """The read-back bypassed the system's memory cache (O_DIRECT, or its pages dropped)."""
        return self.readback in ("direct", "dropped")


def utc_now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_manifest(*, items: Sequence[Mapping[str, Any]], bundle_seq: int,
                   custody_head_sha256: str, previous_bundle_sha256: str | None = None,
                   case: Mapping[str, Any] | None = None, app_version: str,
                   libs: Mapping[str, str] | None = None, bundle_id: str | None = None,
                   created_at: str | None = None, bundle_epoch: int = 0) -> dict[str, Any]:
    """The manifest skeleton; :func:`write_bundle` fills ``signer``, ``vault.vault_id``,
    ``custody_log`` and ``report``. ``vault.bundle_epoch`` is there only for a restored vault
    (epoch > 0, :mod:`app.handover.backup`): bundles of other vaults are as before."""
    gen: dict[str, Any] = {"app": "bayyina", "version": app_version}
    if libs:
        gen["libs"] = dict(libs)
    vault: dict[str, Any] = {"bundle_seq": bundle_seq,
                             "previous_bundle_sha256": previous_bundle_sha256,
                             "custody_head_sha256": custody_head_sha256}
    if bundle_epoch:
        vault["bundle_epoch"] = bundle_epoch
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "bundle_id": bundle_id or str(uuid.uuid4()), "created_at": created_at or utc_now_iso(),
        "generator": gen,
        "vault": vault,
        "case": dict(case) if case else {"incident_id": None, "title": None},
        "items": [copy.deepcopy(dict(i)) for i in items],
    }


def _complete_manifest(manifest: Mapping[str, Any], key: SigningKey, custody_jsonl: bytes,
                       report_pdf: bytes | None, report_lang: str) -> dict[str, Any]:
    m = copy.deepcopy(dict(manifest))
    pub = key.public
    m["signer"] = {"alg": "ed25519", "key_id": pub.key_id_hex,
                   "public_key": base64.b64encode(pub.raw).decode(), "fingerprint": pub.fingerprint}
    m.setdefault("vault", {})["vault_id"] = pub.fingerprint
    entries = verify_custody(custody_jsonl, head=m["vault"].get("custody_head_sha256"))
    m["custody_log"] = {"path": CUSTODY_PATH, "sha256": hashlib.sha256(custody_jsonl).hexdigest(),
                        "first_seq": entries[0]["seq"], "last_seq": entries[-1]["seq"]}
    m["report"] = None if report_pdf is None else {
        "path": f"report/report-{report_lang}.pdf",
        "sha256": hashlib.sha256(report_pdf).hexdigest()}
    return validate_manifest(m)


class _HashingWriter:
    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._fh.write(data)
        self.hash.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        self._fh.flush()


# Keyword-only options, each a distinct part of the bundle (manifest, files, log, key...).
def write_bundle(out_path: str | os.PathLike[str], *, manifest: Mapping[str, Any],  # noqa: PLR0913
                 files: Sequence[BundleFile], custody_jsonl: bytes, signing_key: SigningKey,
                 recipients: Iterable[str] = (), passphrase: str | None = None,
                 encrypt: bool = True, report_pdf: bytes | None = None, report_lang: str = "ar",
                 progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                 on_written: Callable[[str, int], None] | None = None) -> ExportResult:
    """Write a bundle to ``out_path`` (see the module docstring for the guarantees).

    Args:
        out_path: the final file (conventionally ``bayyina-<id>.zip[.age]``); must not exist.
        manifest: from :func:`build_manifest` (completed and validated here).
        files: item files; their paths, sizes and hashes must match the manifest.
        custody_jsonl: the custody-log segment (see :func:`app.bundle.layout.verify_custody`).
        signing_key: the vault's Ed25519 key.
        recipients: age X25519 recipients (``age1...``); or
        passphrase: scrypt passphrase, only when there is no recipient.
        encrypt: False writes a plain ZIP (then neither recipients nor passphrase).
        report_pdf: optional report, stored as ``report/report-<report_lang>.pdf``.
        on_written: called with the file's SHA-256 and size once it is written, fsynced and
            verified on read-back, before it gets its name (the vault records it there, so that
            a crash after publishing never leaves a bundle the vault does not know).

    Raises:
        UsageError: bad encryption options, existing output.
        AppError: ``bundle.manifest_mismatch``, ``bundle.source_changed``, ``bundle.too_large``,
            ``task.cancelled``, or any verification failure of the produced bundle.
    """
    recips = list(recipients)
    check_protection(recips, passphrase_given=passphrase is not None, encrypt=encrypt)
    out = Path(out_path)
    if os.path.lexists(out):  # a file, or a link (even dangling): never written through
        raise UsageError("bundle.exists", path=out.name)
    m = _complete_manifest(manifest, signing_key, custody_jsonl, report_pdf, report_lang)
    entries = _entries(m, files, custody_jsonl, signing_key, report_pdf, report_lang)
    total = sum(e.size or 0 for e in entries) + sum(f.size for f in files if f.crc32 is None)
    pinned = PinnedSigner(signing_key.public.fingerprint, signing_key.public)
    state: dict[str, Any] = {}

    def before_publish(written: Written) -> None:
        sha = state["sink"].hash.hexdigest()
        state["verified"], state["readback"] = read_back(written, sha, pinned, state["key"])
        if on_written is not None:
            on_written(sha, state["sink"].size)

    with new_file(out, exists_code="bundle.exists", io_code="handover.unwritable_file",
                  error=UsageError, before_publish=before_publish) as fh:
        sink = state["sink"] = _HashingWriter(fh)
        verifier = BundleStreamVerifier(pinned)
        done = [0]

        def on_bytes(n: int) -> None:
            done[0] += n
            notify(progress, done[0], total, "bundle.export")

        def chunks() -> Iterator[bytes]:
            # The verifier lags one chunk behind so that the writer's own source check
            # (bundle.source_changed) is reported before the verifier's hash mismatch.
            prev = b""
            for chunk in iter_zip(entries, cancel=cancel, on_bytes=on_bytes):
                verifier.feed(prev)
                prev = chunk
                yield chunk
            verifier.feed(prev)

        state["key"] = None
        if encrypt:
            state["key"] = agecrypt.encrypt_stream(
                chunks(), sink, recipients=recips, passphrase=passphrase)  # type: ignore[arg-type]
        else:
            for chunk in chunks():
                sink.write(chunk)
        verifier.close()
    return ExportResult(out, m["bundle_id"], m["vault"]["bundle_seq"], m["created_at"],
                        sink.hash.hexdigest(), sink.size, encrypt, signing_key.public.fingerprint,
                        len(entries), m, state["verified"], state["readback"])


def _entries(m: dict[str, Any], files: Sequence[BundleFile], custody_jsonl: bytes,
             key: SigningKey, report_pdf: bytes | None, lang: str) -> list[ZipEntry]:
    refs = referenced_files(m)
    given = {f.path: f for f in files}
    if len(given) != len(files):
        raise AppError("bundle.manifest_mismatch", name="(duplicate path)")
    item_refs = {p for p in refs if p.startswith("items/")}
    for path in sorted(item_refs | set(given)):
        f = given.get(path)
        if f is None or path not in refs or refs[path] != (f.sha256, f.size):
            raise AppError("bundle.manifest_mismatch", name=path)
    manifest_bytes = canonical_json(m) + b"\n"
    hashes = {MANIFEST_PATH: hashlib.sha256(manifest_bytes).hexdigest(),
              CUSTODY_PATH: m["custody_log"]["sha256"]}
    small: list[tuple[str, bytes]] = [(MANIFEST_PATH, manifest_bytes),
                                      (CUSTODY_PATH, custody_jsonl)]
    if report_pdf is not None:
        small.append((f"report/report-{lang}.pdf", report_pdf))
        hashes[m["report"]["path"]] = m["report"]["sha256"]
    hashes.update({f.path: f.sha256 for f in files})
    sums = build_sums(hashes)
    comment = trusted_comment_for(m["bundle_id"], m["vault"]["bundle_seq"], m["created_at"])
    head = [
        (README, readme_text(m["bundle_id"], m["vault"]["bundle_seq"], key.public.fingerprint)),
        (SUMS, sums), (MINISIG, key.sign_minisign(sums, comment).encode()),
        (RAWSIG, key.sign_raw(sums)), (SIGNER_PUB, key.public.minisign_file().encode()),
        (SIGNER_PEM, key.public.pem().encode()),
    ]
    out = [ZipEntry(n, (d,), len(d), None) for n, d in head + small]
    # Item hashes are checked once, by the in-stream verifier against SHA256SUMS; a source that
    # changes between the CRC pass and the write pass fails the CRC check (source_changed).
    out += [ZipEntry(f.path, f.source, f.size if f.crc32 is not None else None, f.crc32)
            for f in sorted(files, key=lambda f: f.path)]
    return out


def read_back(written: Written, expected_sha256: str, pinned: PinnedSigner,
              file_key: bytes | None) -> tuple[VerifiedBundle, str]:
    """Read the written file again — from the drive where the system allows it (see
    :meth:`app.safefile.Written.read_back`) — and verify ALL of it: the container's SHA-256
    against what was written, then (decrypted with this bundle's own file key, so also for a
    recipient this vault cannot decrypt for: header MAC and every chunk authenticated) the
    signature, every hash and the file set, by the same verifier as ``verify``.

    Returns the verification and how the bytes were read (``direct``/``dropped``/``cached``).
    Raises ``bundle.readback_failed`` (naming the final file) on any difference.
    """
    chunks, method = written.read_back()
    # read (and hashed) by a thread of its own while this one decrypts and verifies
    ahead = ReadAhead(chunks)
    stream = ChunkStream(iter(ahead))
    verifier = BundleStreamVerifier(pinned)
    try:
        if file_key is not None:
            agecrypt.decrypt_with_file_key(stream, verifier.feed,  # type: ignore[arg-type]
                                           file_key)
        else:
            while chunk := stream.read(1 << 20):
                verifier.feed(chunk)
        stream.read()  # anything after the end of the age payload is read and hashed too
        container_sha256, container_size = ahead.finish()
        verified = verifier.close(encrypted=file_key is not None,
                                  container_sha256=container_sha256,
                                  container_size=container_size)
    except (VerificationFailed, OSError) as exc:
        log.warning("read-back failed: %s", exc)
        raise AppError("bundle.readback_failed",
                       path=written.name.rsplit(".", 2)[0]) from None
    finally:
        ahead.close()
    if verified.container_sha256 != expected_sha256:
        raise AppError("bundle.readback_failed", path=written.name.rsplit(".", 2)[0])
    return verified, method
