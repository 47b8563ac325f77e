# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``inbox receive DIR``: every complete upload of the inbox into the organisation's vault.

For each upload whose bytes are all there (tuspyserver's ``.info``: offset == size), in the order
they were made: the file's SHA-256 must be the one its name announced (``<sha256>.age``); the
bundle is received through :func:`app.handover.receive.receive_bundle` (verify, ledger, one
transaction per item); then a signed receipt (:func:`app.handover.receipts.make_receipt`) is left
in ``DIR/receipts/<upload id>.json`` for the sender to fetch, and the file moves to
``DIR/done/<sha256>.age``. A refused bundle moves to ``DIR/refused/<sha256>.age`` with
``<sha256>.reason.json`` (the error code, its parameters and the sentence). Uploads still in
progress are left alone. Runs in the vault process: no socket.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import AppError
from app.handover.receipts import make_receipt
from app.handover.receive import ReceiveResult, receive_into_vault
from app.i18n import translations
from app.inbox import DONE, RECEIPTS, REFUSED, UPLOADS, layout
from app.messages import describe
from app.vault import Vault

log = logging.getLogger(__name__)
_MAX_INFO = 64 << 10


@dataclass
class InboxOutcome:
    upload: str
    sha256: str
    status: str  # "received" | "already_received" | "refused"
    code: str | None = None
    result: ReceiveResult | None = None


@dataclass
class InboxReport:
    outcomes: list[InboxOutcome] = field(default_factory=list)
    pending: int = 0  # uploads not complete yet


def _info(path: Path) -> dict[str, Any] | None:
    try:
        if path.stat().st_size > _MAX_INFO:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def complete_uploads(root: Path) -> tuple[list[tuple[Path, dict[str, Any]]], int]:
    """(upload file, its info) for every complete upload, oldest first; and the pending count."""
    folder = root / UPLOADS
    done, pending = [], 0
    for path in sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime) if folder.is_dir() \
            else []:
        if len(path.name) != 32 or not path.is_file():
            continue
        info = _info(folder / f"{path.name}.info")
        if info is None or info.get("size") is None:
            continue
        if int(info.get("offset") or 0) == int(info["size"]) == path.stat().st_size:
            done.append((path, info))
        else:
            pending += 1
    return done, pending


def receive_inbox(vault: Vault, root: Path, *, identity: str, lang: str = "en",
                  trust_signer: str | None = None) -> InboxReport:
    """Receive every complete upload in ``root`` (see the module docstring)."""
    dirs = layout(root)
    report = InboxReport()
    uploads, report.pending = complete_uploads(root)
    for path, info in uploads:
        meta = info.get("metadata") or {}
        sha = _sha256(path)
        outcome = InboxOutcome(path.name, sha, "refused")
        try:
            if str(meta.get("filename", "")) != f"{sha}.age":
                raise AppError("inbox.hash_mismatch")
            res = receive_into_vault(vault, path, identity=identity, trust_signer=trust_signer)
            outcome.status, outcome.result = res.status, res
            receipt = make_receipt(vault, path, identity=identity)
            _write_new(dirs[RECEIPTS] / f"{path.name}.json", receipt)
            _move(path, dirs[DONE] / f"{sha}.age")
        except AppError as err:
            outcome.code = err.code
            reason = {"code": err.code, "params": {k: str(v) for k, v in err.params.items()},
                      "message": describe(err, translations(lang), isolate=False),
                      "upload": path.name}
            _move(path, dirs[REFUSED] / f"{sha}.age")
            _write_new(dirs[REFUSED] / f"{sha}.reason.json",
                       json.dumps(reason, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
        (dirs[UPLOADS] / f"{path.name}.info").unlink(missing_ok=True)
        report.outcomes.append(outcome)
    return report


def _move(src: Path, dst: Path) -> None:
    if dst.exists():  # the same bytes arrived twice: keep the first copy
        src.unlink()
        return
    os.replace(src, dst)


def _write_new(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


__all__ = ["InboxOutcome", "InboxReport", "complete_uploads", "receive_inbox"]
