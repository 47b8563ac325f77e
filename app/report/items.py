# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""One section per evidence item: image (or placeholder) beside its details, then fingerprints,
notes and the reports made to platforms."""

from __future__ import annotations

from concurrent.futures import Executor

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from app.i18n import N_
from app.report import layout as L
from app.report.fonts import REGULAR
from app.report.images import image_flowable
from app.report.model import SENSITIVE_KINDS, Account, Item
from app.report.strings import ReportStrings
from app.textsafety import is_web_link

IMAGE_W, IMAGE_H = 190.0, 400.0
GAP = 14.0
URL_MAX = 600  # characters shown; a table row cannot run over a page (the vault has the rest)
STATUS = {
    "pending": N_("Pending"), "removed": N_("Removed"), "restricted": N_("Restricted"),
    "rejected": N_("Rejected"), "no-answer": N_("No answer"),
}
SENSITIVITY = {"graphic": N_("graphic"), "intimate": N_("intimate")}
NO_IMAGE = {
    "attachment": N_("No image: this item is an attachment."),
    "recording": N_("No image: this item is a sound recording (no poster frame)."),
    "no clean copy": N_("No image: there is no sanitised copy of this item."),
    "quarantined": N_("No image: the clean copy received for this item failed this vault's "
                      "checks and is quarantined."),
}


def _picture(it: Item, s: ReportStrings, redact: bool, pool: Executor | None) -> Flowable:
    kinds = sorted(k for k in it.sensitivity if k in SENSITIVE_KINDS)
    if redact and kinds:
        names = s.gettext(", ").join(s.gettext(SENSITIVITY[k]) for k in kinds)
        return L.Box(IMAGE_W, 150, [s.gettext("Image withheld"),
                                    s.gettext("Flagged as: {kinds}").format(kinds=names),
                                    s.gettext("See the vault copy (SHA-256 below).")], s.rtl)
    if it.image is None:
        reason = NO_IMAGE.get(it.no_image_reason)
        text = s.gettext(reason) if reason else s.gettext("No image.")
        return L.Box(IMAGE_W, 90, [text, s.iso(it.media_type)] if it.media_type else [text], s.rtl)
    broken = L.Box(IMAGE_W, 90, [s.gettext("The image could not be shown.")], s.rtl)
    try:
        return image_flowable(it.image, IMAGE_W, IMAGE_H, pool, fallback=broken)
    except ValueError:
        return broken


def _cap(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


NOT_WEB = N_("Not a web address: shown as text only.")


def shown_url(url: str, s: ReportStrings, limit: int = URL_MAX) -> str:
    """A URL field as plain text, as given; one that is not a web address is flagged. The report
    makes no link of any URL (:func:`app.textsafety.is_web_link` decides if one ever does)."""
    if not url:
        return "—"
    text = s.iso(_cap(url, limit))
    return text if is_web_link(url) else text + "\n" + s.gettext(NOT_WEB)


def _account(a: Account, s: ReportStrings) -> str:
    if a.display_name:
        return s.gettext("{handle} — {name} ({platform})").format(
            handle=s.iso(a.handle), name=s.fragment(a.display_name),
            platform=s.fragment(a.platform_name))
    return s.gettext("{handle} ({platform})").format(handle=s.iso(a.handle),
                                                     platform=s.fragment(a.platform_name))


def _details(it: Item, s: ReportStrings, width: float) -> Table:
    accounts = "\n".join(_account(a, s) for a in it.accounts) or "—"
    cats = s.gettext(", ").join(s.untrusted(c.name, 100) for c in it.categories) or "—"
    pairs: list[tuple[str, str]] = [
        (s.gettext("Platform"), s.untrusted(it.platform.name, 100) if it.platform else "—"),
        (s.gettext("Accounts"), accounts),
        (s.gettext("Categories"), cats),
        (s.gettext("Address (URL)"), shown_url(it.url, s)),
        (s.gettext("Posted at"), s.moment(it.posted_at)),
        (s.gettext("Seen at"), s.moment(it.seen_at)),
        (s.gettext("Imported at"), s.moment(it.imported_at)),
        (s.gettext("Item ID"), s.iso(it.item_id)),
        (s.gettext("File type"), s.iso(it.media_type) if it.media_type else "—"),
    ]
    if it.duration_s is not None:
        pairs.append((s.gettext("Duration"), s.gettext("{seconds} s").format(
            seconds=s.iso(f"{it.duration_s:.1f}"))))
    if it.codecs:
        pairs.append((s.gettext("Codecs"), s.iso(it.codecs)))
    kinds = sorted(it.sensitivity)
    if kinds:
        pairs.append((s.gettext("Sensitive"), s.gettext(", ").join(
            s.gettext(SENSITIVITY[k]) if k in SENSITIVITY else s.iso(k) for k in kinds)))
    return L.key_values(pairs, width, s.rtl, key_width=88)


def item_section(it: Item, total: int, s: ReportStrings, redact: bool,
                 pool: Executor | None = None) -> list[Flowable]:
    rtl = s.rtl
    out: list[Flowable] = []
    heading = s.gettext("Item {number} of {total}").format(number=s.number(it.number),
                                                           total=s.number(total))
    if it.platform:
        heading = s.gettext("{heading}: {platform}").format(
            heading=heading, platform=s.untrusted(it.platform.name, 100))
    out.append(L.para(heading, L.H1.derive(size=16, leading=24), rtl))
    details_w = L.FRAME_W - IMAGE_W - GAP
    cells = [_picture(it, s, redact, pool), _details(it, s, details_w)]
    widths = [IMAGE_W + GAP, details_w]
    row = Table([cells[::-1] if rtl else cells], colWidths=widths[::-1] if rtl else widths)
    row.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("ALIGN", (0, 0), (-1, -1), "RIGHT" if rtl else "LEFT"),
    ]))
    out += [row, Spacer(1, 8)]
    mono = L.CELL.derive(size=8, leading=12)
    proof = [(s.gettext("Pixels"), L.para(s.iso(it.sha256_pixels or "—"), mono, rtl))]
    if it.proof_hashes:  # a recording's streams or a document's pages, equal in both copies
        proof = [(s.iso(what), L.para(s.iso(sha), mono, rtl)) for what, sha in it.proof_hashes]
    hashes = L.key_values([
        (s.gettext("Original"), L.para(s.iso(it.sha256_original or "—"), mono, rtl)),
        (s.gettext("Sanitised copy"), L.para(s.iso(it.sha256_sanitized or "—"), mono, rtl)),
        *proof,
    ], L.FRAME_W, rtl, key_width=100)
    out.append(KeepTogether([L.para(s.gettext("Fingerprints (SHA-256)"), L.H3, rtl), hashes]))
    if it.notes:
        out.append(L.para(s.gettext("Notes"), L.H3, rtl))
        out.append(L.para(s.notes(it.notes), L.BODY, rtl))
    if it.moments:
        rows = [[s.gettext("Time"), s.gettext("Note")]]
        rows += [[s.iso(code), s.notes(label)] for code, label in it.moments]
        out.append(KeepTogether([L.para(s.gettext("Marked moments"), L.H3, rtl),
                                 L.table(rows, [60, L.FRAME_W - 60], rtl)]))
    if it.platform_reports:
        rows = [[s.gettext("Platform"), s.gettext("Reported at"), s.gettext("Reference"),
                 s.gettext("Status"), s.gettext("Answered at"), s.gettext("Days")]]
        for r in it.platform_reports:
            status = s.gettext(STATUS[r.status]) if r.status in STATUS else s.iso(r.status)
            rows.append([s.untrusted(r.platform.name, 100), s.moment(r.reported_at),
                         s.iso(r.reference) if r.reference else "—", status,
                         s.moment(r.answered_at), s.number(r.days)])
        out.append(KeepTogether([L.para(s.gettext("Reports to platforms"), L.H3, rtl),
                                 L.table(rows, [60, 118, 66, 58, 118, L.FRAME_W - 420], rtl,
                                         numeric=(5,))]))
    out.append(PageBreak())
    return out
