# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The campaign lens in workers, for :mod:`ui.flows.lens_flow`: the background queue (OCR and PDQ
of every picture, :func:`app.cases.lens.run_pending`), one item's recognised text and state, its
correction (a custody entry, in the core), near-duplicates with thumbnails, clusters, accounts
and escalation (``app.cases.similar``, ``app.cases.accounts_stats``). Nothing here writes but
:func:`correct_text` (through the core); the pictures are decoded in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.tasks import CancelToken, ProgressFn, notify
from ui.jobs.evidence import load_thumbnails

if TYPE_CHECKING:
    from PySide6 import QtGui

    from app.cases.accounts_stats import AccountSummary, Escalation
    from app.cases.lens import LensState
    from app.cases.similar import Cluster
    from app.vault import Vault

THUMB = 96  # px: the similar dialog's and the clusters list's pictures
CLUSTER_THUMBS = 4  # pictures drawn per cluster in the list


@dataclass(frozen=True)
class LensView:
    """What the detail panel shows of one item: ``ocr_state`` is ``queued``, ``done``,
    ``failed`` or ``""`` (not a picture the lens reads); ``error`` the failure's code or text."""

    item_id: int
    kind: str
    text: str = ""
    engine: str = ""
    corrected: bool = False
    ocr_state: str = ""
    pdq_state: str = ""
    error: str = ""
    similar: int = 0


@dataclass(frozen=True)
class SimilarRow:
    item_id: int
    distance: int
    kind: str  # which stored hash met: "whole", "inner", "page:N"…
    query_kind: str
    untrusted_name: str
    thumbnail: QtGui.QImage | None = None


@dataclass(frozen=True)
class SimilarView:
    """Near-duplicates of ``item_id``, nearest first, and the cluster it belongs to."""

    item_id: int
    untrusted_name: str
    rows: tuple[SimilarRow, ...]
    cluster: Cluster | None
    thumbnail: QtGui.QImage | None = None
    threshold: int = 31


@dataclass(frozen=True)
class ClusterRow:
    cluster: Cluster
    thumbnails: tuple[QtGui.QImage, ...] = ()


@dataclass(frozen=True)
class CampaignView:
    """The three views of the campaign dialog, read in one job."""

    clusters: tuple[ClusterRow, ...]
    accounts: tuple[AccountSummary, ...]
    escalation: Escalation
    platform_names: dict[str, tuple[str, str]] = field(default_factory=dict)


def run_queue(vault: Vault, *, progress: ProgressFn | None = None,
              cancel: CancelToken | None = None) -> LensState:
    """Queue pictures not yet queued, then work through the queue until it is empty or
    ``cancel`` is set (pause, lock: checked between items, the rest stays queued). Progress:
    ``done`` of ``done + still queued``, stage ``lens``."""
    from app.cases import lens

    lens.backfill(vault)
    start = lens.state(vault)
    notify(progress, 0, start.queued, "lens")

    def on_progress(done: int, st: LensState) -> None:
        notify(progress, done, done + st.queued, "lens")

    lens.run_pending(vault, on_progress=on_progress,
                     should_stop=(lambda: cancel.cancelled) if cancel is not None else None)
    return lens.state(vault)


def queue_state(vault: Vault) -> LensState:
    from app.cases import lens

    return lens.state(vault)


def retry_failed(vault: Vault) -> int:
    """:func:`app.cases.lens.retry_failed`: every failed task queued again; how many."""
    from app.cases import lens

    return lens.retry_failed(vault)


def item_lens(vault: Vault, item_id: int) -> LensView:
    from app.cases import lens, similar

    kind_rows = vault.read("SELECT kind FROM items WHERE id = ?", (item_id,))
    kind = str(kind_rows[0][0]) if kind_rows else ""
    states = lens.item_state(vault, item_id)
    text = lens.ocr_text(vault, item_id)
    errors = vault.read("SELECT error FROM lens_work WHERE item_id = ? AND task = 'ocr'",
                        (item_id,))
    near = len(similar.similar_items(vault, item_id))  # pages and frames have hashes too
    return LensView(item_id, kind, text.text if text else "", text.engine if text else "",
                    bool(text and text.corrected_by_hand), states.get("ocr", ""),
                    states.get("pdq", ""), str(errors[0][0] or "") if errors else "", near)


def correct_text(vault: Vault, item_id: int, text: str) -> LensView:
    """:func:`app.cases.lens.correct_ocr` (custody ``item.ocr_correct``), then the item again."""
    from app.cases import lens

    lens.correct_ocr(vault, item_id, text)
    return item_lens(vault, item_id)


def _name(vault: Vault, item_id: int) -> str:
    rows = vault.read("SELECT coalesce(original_name, '') FROM items WHERE id = ?", (item_id,))
    return str(rows[0][0]) if rows else ""


def find_similar(vault: Vault, item_id: int, threshold: int | None = None) -> SimilarView:
    from app.cases import similar
    from app.media.pdq import DEFAULT_THRESHOLD

    limit = DEFAULT_THRESHOLD if threshold is None else threshold
    similar.require_threshold(limit)
    found = similar.similar_items(vault, item_id, limit)
    thumbs = load_thumbnails(vault, [item_id, *(s.item_id for s in found)], THUMB)
    rows = tuple(SimilarRow(s.item_id, s.distance, s.kind, s.query_kind,
                            _name(vault, s.item_id), thumbs.get(s.item_id)) for s in found)
    return SimilarView(item_id, _name(vault, item_id), rows,
                       similar.cluster_of(vault, item_id, limit), thumbs.get(item_id), limit)


def load_campaign(vault: Vault, start: str | None = None, end: str | None = None) -> CampaignView:
    """Clusters (with a few pictures each), accounts, and escalation between ``start`` and
    ``end`` (ISO days, inclusive; None: unbounded)."""
    from app.cases import accounts_stats, similar

    rows = []
    for c in similar.clusters(vault):
        thumbs = load_thumbnails(vault, list(c.members[:CLUSTER_THUMBS]), THUMB)
        rows.append(ClusterRow(c, tuple(thumbs[m] for m in c.members if m in thumbs)))
    esc = accounts_stats.escalation(vault, start=start, end=end)
    return CampaignView(tuple(rows), tuple(accounts_stats.account_summaries(vault)), esc,
                        dict(esc.names))


def load_escalation(vault: Vault, start: str | None = None, end: str | None = None) -> Escalation:
    from app.cases import accounts_stats

    return accounts_stats.escalation(vault, start=start, end=end)


def as_timeline(esc: Escalation) -> Any:
    """The escalation's days as the timeline widget's data (``app.cases.timeline.TimelineData``,
    case 0): the same chart as the case timeline, over any span."""
    from app.cases.timeline import TimelineData

    return TimelineData(0, "", esc.days, esc.per_day, esc.names, esc.total)
