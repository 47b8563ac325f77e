# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``build_report``: a :class:`ReportData` → PDF bytes, in Arabic or English, built in memory.

Nothing is written to disk: the PDF is assembled in a ``BytesIO`` and returned. Document metadata
is set field by field (title, "Bayyina <version>" as creator and producer, no author, creation date
= the report's ``generated_at``, ``/Lang``); streams are not ASCII85-encoded (``useA85 = 0``).
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

from reportlab import rl_config
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from app.errors import AppError
from app.report import layout as L
from app.report.fonts import register_fonts
from app.report.items import item_section
from app.report.model import ReportData
from app.report.sections import appendix, cover, perpetrators, summary
from app.report.strings import ReportStrings
from app.report.text import clear_caches
from app.tasks import CancelToken, ProgressFn, notify
from app.textsafety import one_line

rl_config.useA85 = 0
IMAGE_WORKERS = 2


def build_report(data: ReportData, *, lang: str, redact_sensitive: bool = False,
                 progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                 digits: str = "western", hijri: bool = False) -> bytes:
    """Build the report for ``data`` in ``lang`` (``ar`` or ``en``) and return the PDF bytes.

    ``digits`` ("western" or "arabic-indic") and ``hijri`` (the civil Hijri date beside each
    Gregorian one) are the GUI's display settings (:class:`app.report.strings.ReportStrings`).

    Progress stages: ``report.layout`` (one step per item) then ``report.write``. Raises
    :class:`app.errors.Cancelled` when ``cancel`` is set; nothing is kept in that case.
    """
    register_fonts()
    rl_config.useA85 = 0
    try:
        return _build(data, ReportStrings(lang, digits=digits, hijri=hijri), redact_sensitive,
                      progress, cancel)
    finally:
        clear_caches()  # cached layouts hold notes and names from the vault


def _build(data: ReportData, s: ReportStrings, redact_sensitive: bool,
           progress: ProgressFn | None, cancel: CancelToken | None) -> bytes:
    # Images are decoded, reduced and re-encoded on worker threads while the main thread lays out
    # and draws text (Pillow releases the GIL); they are consumed in page order.
    with ThreadPoolExecutor(max_workers=IMAGE_WORKERS, thread_name_prefix="report-img") as pool:
        try:
            return _assemble(data, s, redact_sensitive, progress, cancel, pool)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _assemble(data: ReportData, s: ReportStrings, redact_sensitive: bool,
              progress: ProgressFn | None, cancel: CancelToken | None,
              pool: ThreadPoolExecutor) -> bytes:
    total = len(data.items)
    story: list[Flowable] = []
    story += cover(data, s, redact_sensitive)
    story += summary(data, s)
    story += perpetrators(data, s)
    for i, item in enumerate(data.items):
        if cancel is not None:
            cancel.raise_if_cancelled()
        story += item_section(item, total, s, redact_sensitive, pool)
        notify(progress, i + 1, total, "report.layout")
    story += appendix(data, s)

    header = s.untrusted(data.case.title if data.case else data.title, 200)
    version = s.iso(data.app_version)
    creator = f"Bayyina {data.app_version}"
    page_tpl = s.gettext("Page {page} of {total}")

    def page_label(page: int, pages: int) -> str:
        return page_tpl.format(page=s.number(page), total=s.number(pages))

    canvasmaker = L.numbered_canvas(
        page_label, header, s.gettext("Prepared with Bayyina {version}").format(version=version),
        s.rtl, {"title": one_line(data.title, 300), "creator": creator, "producer": creator,
                "subject": s.gettext("Evidence report")}, data.generated_at)
    buf = io.BytesIO()
    doc = L.page_document(buf, s.lang)

    def _before_page(_canvas: object, _doc: object) -> None:
        if cancel is not None:
            cancel.raise_if_cancelled()

    doc.pageTemplates[0].beforeDrawPage = _before_page
    notify(progress, 0, None, "report.write")
    try:
        doc.build(story, canvasmaker=canvasmaker)
    except LayoutError as exc:  # a cell or image taller than a page: a bug, reported as data
        raise AppError("report.layout_failed", detail=str(exc)[:200]) from exc
    notify(progress, 1, 1, "report.write")
    return buf.getvalue()
