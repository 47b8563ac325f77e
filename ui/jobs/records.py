# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The core calls behind the case, perpetrator, address-book and saved-filter editors.

Run for :class:`ui.flows.records_flow.RecordsFlow` inside worker tasks (never on the GUI thread).
Only the operations listed in ``READS`` and ``WRITES`` can be asked for; every write is an
``app.*`` function that appends its custody entry in the same transaction. The timeline and the
by-id lookups are the case model's (:mod:`app.cases.timeline`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.cases import (
    Account,
    CaseId,
    Perpetrator,
    PerpetratorId,
    add_account,
    add_case,
    add_perpetrator,
    compute_stats,
    delete_case,
    delete_perpetrator,
    filters,
    link_account,
    list_accounts,
    list_platforms,
    update_account,
    update_case,
    update_perpetrator,
)
from app.cases.model import Case
from app.cases.timeline import TimelineData, case_by_id, perpetrator_by_id, timeline
from app.handover import recipients
from app.vault import Vault


def platforms(vault: Vault) -> list[tuple[str, str, str]]:
    return [(p.key, p.name_en, p.name_ar) for p in list_platforms(vault)]


def _perpetrator_with_platforms(vault: Vault, perpetrator_id: int) -> tuple[Perpetrator, list]:
    return perpetrator_by_id(vault, perpetrator_id), platforms(vault)


def add_perpetrator_account(vault: Vault, perpetrator_id: int, platform: str, handle: str, *,
                            display_name: str = "", profile_url: str = "") -> Perpetrator:
    """Attach (platform, handle) to the perpetrator: a new account is created with its details; a
    known one is linked and gets the details given."""
    known = {(a.platform, a.handle.casefold()): a for a in list_accounts(vault, platform)}
    account: Account | None = known.get((platform, handle.strip().lstrip("@").casefold()))
    if account is None:
        add_account(vault, platform, handle, display_name=display_name or None,
                    profile_url=profile_url or None, perpetrator_id=PerpetratorId(perpetrator_id))
    else:
        link_account(vault, PerpetratorId(perpetrator_id), platform, handle)
        fields = {k: v for k, v in (("display_name", display_name), ("profile_url", profile_url))
                  if v}
        if fields:
            update_account(vault, account.id, **fields)
    return perpetrator_by_id(vault, perpetrator_id)


def unlink_perpetrator_account(vault: Vault, perpetrator_id: int, platform: str,
                               handle: str) -> Perpetrator:
    link_account(vault, None, platform, handle)
    return perpetrator_by_id(vault, perpetrator_id)


def _update_case(vault: Vault, case_id: int, **fields: Any) -> Case:
    return update_case(vault, CaseId(case_id), **fields)


def _update_perpetrator(vault: Vault, perpetrator_id: int, **fields: Any) -> Perpetrator:
    update_perpetrator(vault, PerpetratorId(perpetrator_id), **fields)
    return perpetrator_by_id(vault, perpetrator_id)


READS: dict[str, Callable[..., Any]] = {
    "case": case_by_id,
    "perpetrator": _perpetrator_with_platforms,
    "timeline": timeline,
    "platforms": platforms,
    "recipients": recipients.list_recipients,
    "filters": filters.list_filters,
}

WRITES: dict[str, Callable[..., Any]] = {
    "case.add": add_case,
    "case.update": _update_case,
    "case.delete": lambda vault, case_id: delete_case(vault, CaseId(case_id)),
    "perpetrator.add": add_perpetrator,
    "perpetrator.update": _update_perpetrator,
    "perpetrator.delete": lambda vault, pid: delete_perpetrator(vault, PerpetratorId(pid)),
    "account.add": add_perpetrator_account,
    "account.unlink": unlink_perpetrator_account,
    "recipient.add": recipients.add_recipient,
    "recipient.delete": recipients.delete_recipient,
    "filter.save": filters.save_filter,
    "filter.delete": filters.delete_filter,
}

__all__ = ["READS", "WRITES", "TimelineData", "compute_stats", "timeline"]
