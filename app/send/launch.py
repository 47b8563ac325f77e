# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Start the sender process for the outbox and record what it reports (issue 18).

The vault process opens no socket: it starts ``python -m app.send.sender`` as a child, writes the
job on its standard input (bundle paths, upload URLs, pinned certificates: nothing secret, no
key) and reads its JSON lines, recording each in the outbox (:func:`app.send.outbox.record_event`)
and passing it to ``progress``. Cancelling ends the child (the upload resumes from the server's
offset next time): at once, by a watcher thread, not when the sender next reports.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.errors import AppError, VerificationFailed
from app.send.outbox import (
    decode_receipt,
    job_entry,
    list_contacts,
    record_event,
    record_receipt,
    to_send,
)
from app.send.route import Route, parse_via
from app.tasks import CancelToken
from app.vault import Vault

log = logging.getLogger(__name__)

EventFn = Callable[[dict[str, Any]], None]


@dataclass
class SendReport:
    """What one run of the sender did, per outbox entry id."""

    routes: dict[int, dict[str, Any]] = field(default_factory=dict)
    sent: list[int] = field(default_factory=list)
    receipts: list[int] = field(default_factory=list)
    failed: dict[int, AppError] = field(default_factory=dict)
    attempted: int = 0
    finished: set[int] = field(default_factory=set)


CANCEL_POLL_S = 0.1
FROZEN_SENDER_SWITCH = "--bayyina-sender"  # packaging/pyinstaller/entry.py reads it


def sender_command() -> list[str]:
    """How to start the sender: this interpreter running :mod:`app.send.sender`; in the frozen
    build (where ``sys.executable`` is the app's launcher) the launcher with the sender switch."""
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_SENDER_SWITCH]
    return [sys.executable, "-m", "app.send.sender"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy")}  # the route is the job's, never the environment's
    if getattr(sys, "frozen", False):
        return env
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def send_outbox(vault: Vault, *, contact: str | None = None, via: str | None = None,
                only_auto: bool = False, on_event: EventFn | None = None,
                cancel: CancelToken | None = None, chunk: int | None = None,
                command: list[str] | None = None) -> SendReport:
    """Send what the outbox holds (for one destination, or all) and ask for missing receipts.

    ``via`` (``socks5://HOST:PORT``) overrides the route saved for the destination; without it
    the destination's saved route is used, else a direct connection. With ``only_auto``, only
    destinations where the defender allowed "send when connected".
    """
    override = parse_via(via) if via else None
    contacts = {c.name: c for c in list_contacts(vault)}
    if contact is not None and contact not in contacts:
        raise AppError("contact.not_found", name=contact)
    report = SendReport()
    for name, c in contacts.items():
        if (contact is not None and name != contact) or (only_auto and not c.auto_send):
            continue
        entries = to_send(vault, name)
        if not entries:
            continue
        route = override or Route(c.via)
        job: dict[str, Any] = {"proxy": route.proxy,
                               "entries": [job_entry(e, c) for e in entries]}
        if chunk:
            job["chunk"] = chunk
        report.attempted += len(entries)
        _run(vault, job, report, on_event, cancel, command or sender_command())
    return report


def _run(vault: Vault, job: dict[str, Any], report: SendReport, on_event: EventFn | None,
         cancel: CancelToken | None, command: list[str]) -> None:
    ids = {e["id"] for e in job["entries"]}
    # our own interpreter and module, no shell
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,  # noqa: S603
                            stderr=subprocess.DEVNULL, env=_env())
    stdin, stdout = proc.stdin, proc.stdout
    if stdin is None or stdout is None:  # cannot happen with PIPE; keeps the types honest
        raise AppError("send.sender_failed")
    done = threading.Event()
    watcher = None
    if cancel is not None:  # a cancel (Stop sending, a lock) ends the sender at once, not at
        # its next line: a stalled connection may not report for a minute
        watcher = threading.Thread(target=_kill_on_cancel, args=(proc, cancel, done),
                                   name="bayyina-sender-watch", daemon=True)
        watcher.start()
    try:
        stdin.write(json.dumps(job).encode("utf-8"))
        stdin.close()
        last_pct: dict[int, int] = {}
        for raw in stdout:
            if cancel is not None and cancel.cancelled:
                proc.kill()
                break
            try:
                event = json.loads(raw)
            except ValueError:
                continue
            if not isinstance(event, dict) or event.get("entry") not in ids:
                continue
            eid = int(event["entry"])
            _apply(vault, event, eid, report, last_pct)
            if on_event is not None:
                on_event(event)
    finally:
        done.set()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if watcher is not None:
            watcher.join()
    # an entry the sender never finished (it was killed, or crashed): said, kept in the outbox
    for eid in sorted(ids - report.finished):
        report.failed[eid] = AppError("send.sender_failed" if not (cancel and cancel.cancelled)
                                      else "task.cancelled")
        record_event(vault, {"event": "failed", "entry": eid, "code": report.failed[eid].code})


def _kill_on_cancel(proc: subprocess.Popen[bytes], cancel: CancelToken,
                    done: threading.Event) -> None:
    while not done.wait(CANCEL_POLL_S):
        if cancel.cancelled:
            if proc.poll() is None:
                proc.kill()
            return


def _apply(vault: Vault, event: dict[str, Any], eid: int, report: SendReport,
           last_pct: dict[int, int]) -> None:
    kind = event.get("event")
    if kind in ("sent", "failed", "receipt", "no_receipt"):
        report.finished.add(eid)
    if kind == "route":
        report.routes[eid] = event
    elif kind == "progress":
        size = max(1, int(event.get("size") or 1))
        pct = int(event.get("offset") or 0) * 100 // size
        if pct == last_pct.get(eid):
            return  # one write per percent, not per chunk
        last_pct[eid] = pct
    elif kind == "sent":
        report.sent.append(eid)
    elif kind == "failed":
        report.failed[eid] = AppError(str(event.get("code") or "send.sender_failed"),
                                      **dict(event.get("params") or {}))
    elif kind == "receipt":
        try:
            record_receipt(vault, eid, decode_receipt(event))
        except VerificationFailed as err:
            report.failed[eid] = err
            record_event(vault, {"event": "failed", "entry": eid, "code": err.code})
        else:
            report.receipts.append(eid)
        return
    record_event(vault, event)


__all__ = ["SendReport", "send_outbox", "sender_command"]
