# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Destinations and the outbox (issue 18), run in a worker for :mod:`ui.flows.send_flow`: each
is one core function of :mod:`app.send`.

:func:`send_now` starts the separate sender process (:func:`app.send.launch.send_outbox`): this
process, which holds the vault key, opens no socket. What the sender reports is recorded in the
outbox by the core; the job passes on one ``Progress`` per acknowledged percent (``stage``
``"send"``, ``detail`` the outbox entry id) so that the flow reads the outbox again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UsageError
from app.tasks import notify

if TYPE_CHECKING:
    from app.handover import ExportRequest, ExportResult
    from app.send.launch import SendReport
    from app.send.outbox import Contact, OutboxEntry
    from app.tasks import CancelToken, ProgressFn
    from app.vault import Vault

MAX_CARD_FILE = 64 << 20  # a card is a few kilobytes; a picture of its QR code up to 64 MiB


@dataclass(frozen=True)
class OutboxState:
    """What the outbox window shows: every destination and every entry."""

    contacts: list[Contact]
    entries: list[OutboxEntry]


def state(vault: Vault) -> OutboxState:
    from app.send.outbox import list_contacts, list_outbox

    return OutboxState(list_contacts(vault), list_outbox(vault))


def add_card(vault: Vault, path: Path) -> Contact:
    """Add the destination of the signed contact card in the file ``path``.

    Raises:
        UsageError: ``send.no_such_file``; the card's own refusals (``contact.*``).
    """
    from app.send.outbox import add_contact

    try:
        with Path(path).open("rb") as fh:
            untrusted = fh.read(MAX_CARD_FILE + 1)
    except OSError:
        raise UsageError("send.no_such_file", path=str(path)) from None
    return add_contact(vault, untrusted)


def remove(vault: Vault, contact_id: int) -> str:
    from app.send.outbox import remove_contact

    return remove_contact(vault, contact_id)


def set_route(vault: Vault, contact_id: int, send_when_connected: bool,
              via: str | None) -> Contact:
    """The destination's saved route (``via``: ``socks5://HOST:PORT`` or None for direct) and
    whether it is sent to whenever the app is open."""
    from app.send.outbox import set_send_when_connected

    return set_send_when_connected(vault, contact_id, send_when_connected, via)


def queue_export(vault: Vault, request: ExportRequest, contact: str,
                 progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None) -> tuple[ExportResult, OutboxEntry]:
    """Export a bundle for the destination ``contact`` and put it in its outbox."""
    from app.send.outbox import export_to_outbox

    return export_to_outbox(vault, request, contact, progress=progress, cancel=cancel)


def send_now(vault: Vault, contact: str | None, only_auto: bool = False,
             progress: ProgressFn | None = None,
             cancel: CancelToken | None = None) -> SendReport:
    """Send what the outbox holds for ``contact`` (or every destination; with ``only_auto``,
    only those allowed to send when connected), each on its saved route."""
    from app.send.launch import send_outbox

    last: dict[int, int] = {}

    def on_event(event: dict[str, Any]) -> None:
        eid = event.get("entry")
        if not isinstance(eid, int):
            return
        kind = str(event.get("event"))
        if kind == "progress":
            size = max(1, int(event.get("size") or 1))
            pct = int(event.get("offset") or 0) * 100 // size
            if last.get(eid) == pct:
                return
            last[eid] = pct
            notify(progress, int(event.get("offset") or 0), size, "send", str(eid))
        else:
            notify(progress, 0, None, f"send.{kind}", str(eid))

    return send_outbox(vault, contact=contact, only_auto=only_auto, on_event=on_event,
                       cancel=cancel)


def pending_auto(vault: Vault) -> bool:
    """Whether a destination allowed to send when connected has something to send."""
    from app.send.outbox import list_contacts, to_send

    return any(to_send(vault, c.name) for c in list_contacts(vault) if c.auto_send)


__all__ = ["OutboxState", "add_card", "pending_auto", "queue_export", "remove", "send_now",
           "set_route", "state"]
