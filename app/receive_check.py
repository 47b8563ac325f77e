# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Check a received "clean copy" the way a local one is proven (issue 12, point 3).

A signed bundle from a trusted signer is still only a claim about its sanitised copies: the
sender's device may be compromised, or older, or simply wrong. Before :mod:`app.handover` stores a
received copy as the item's clean copy, :func:`check_copy` runs the very checks an import runs,
in the same isolated worker pool (:class:`app.media.MediaWorkerPool`, every limit of
:class:`app.media.Limits`):

1. type by content: the bytes sniff as the image type the manifest names;
2. decodes within the limits (size, pixels, frames, metadata, time, memory) in a worker;
3. already clean: this app's own sanitiser, run on the copy, proves its output (re-scan, and
   whatever else the local proof checks) and that output is the copy itself, byte for byte —
   nothing was removed or rebuilt;
4. the decoded pixels hash to the manifest's ``sanitized.pixels``.

A copy that fails is *quarantined* by the caller: kept (nothing of the evidence is lost) but never
as a clean copy. The verdict is an error code with its parameters (``app/messages``), so every
interface says why in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.errors import AppError
from app.media import Limits, MediaWorkerPool, sniff
from app.staging import staged
from app.vault.core import Vault

SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class Quarantined:
    """A received item whose clean copy failed :func:`check_copy` (local id, sender's uuid)."""

    item: int
    item_uuid: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


def check_copy(data: bytes, sanitized: dict[str, Any], pool: MediaWorkerPool,
               limits: Limits) -> tuple[str, dict[str, Any]] | None:
    """None when ``data`` is a clean copy as the manifest entry ``sanitized`` describes it, else
    the reason: ``(code, params)``. Never raises for what the bytes contain."""
    claimed = str(sanitized.get("media_type") or "")
    if len(data) > limits.max_file_bytes:
        return "import.too_large", {"size": len(data), "limit": limits.max_file_bytes}
    found, kind = sniff(data[:SNIFF_BYTES])
    if kind != "image" or found != claimed:
        return "handover.copy_wrong_type", {"found": found, "claimed": claimed}
    try:
        media = pool.submit(data).result()
    except AppError as err:  # InputRejected: refused by the decoder or its limits
        return err.code, dict(err.params)
    if media.sanitized is None:
        return "handover.copy_not_clean", {"findings": str(media.sanitize_error or "-")[:300]}
    if media.sanitized != data:
        found_parts = ", ".join(media.removed) or "rebuilt"
        return "handover.copy_not_clean", {"findings": found_parts[:300]}
    px = sanitized.get("pixels")
    digest = media.original_pixels
    if not isinstance(px, dict):
        return "handover.copy_no_pixels", {}
    if digest is None or (digest.sha256, digest.mode, digest.width, digest.height) != (
            px.get("sha256"), px.get("mode"), px.get("width"), px.get("height")):
        return "handover.copy_pixels_differ", {}
    return None


class CopyChecker:
    """Runs :func:`app.receive_check.check_copy` on a staged clean copy, starting the worker pool
    on first use (a bundle of duplicates starts none)."""

    def __init__(self, vault: Vault, receipt: str, pool: MediaWorkerPool | None,
                 limits: Limits) -> None:
        self.vault, self.receipt, self.limits = vault, receipt, limits
        self.pool, self.own = pool, pool is None

    def needed(self, item: dict[str, Any]) -> bool:
        """False when the item will be a duplicate or completes an earlier one (checked then)."""
        orig, san = item["original"], item["sanitized"]
        key = orig["sha256"] if orig["included"] else san["sha256"]
        return not self.vault.read("SELECT 1 FROM items WHERE uuid = ? OR sha256 = ? OR "
                                   "sanitized_sha256 = ?", (item["item_id"], key, key))

    def check(self, item: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        san = item["sanitized"]
        if int(san["size"]) > self.limits.max_file_bytes:
            return "import.too_large", {"size": int(san["size"]),
                                        "limit": self.limits.max_file_bytes}
        rows = self.vault.read("SELECT data FROM bundle_staging WHERE path = ? ORDER BY seq",
                               (staged(self.receipt, san["path"]),))
        if not rows:  # not staged: the vault already holds these bytes (under another item)
            rows = self.vault.read(
                "SELECT c.data FROM blob_chunks c JOIN blobs b ON b.id = c.blob_id WHERE b.id = "
                "(SELECT id FROM blobs WHERE sha256 = ? LIMIT 1) ORDER BY c.seq", (san["sha256"],))
        if self.pool is None:
            self.pool = MediaWorkerPool(self.limits, workers=1)
        return check_copy(b"".join(bytes(r[0]) for r in rows), san, self.pool, self.limits)

    def close(self) -> None:
        if self.own and self.pool is not None:
            self.pool.close()


__all__ = ["CopyChecker", "Quarantined", "check_copy"]
