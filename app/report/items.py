# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""One section per evidence item: image (or placeholder) beside its details, then fingerprints,
notes and the reports made to platforms."""

from __future__ import annotations

from concurrent.futures import Executor

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from app.i18n import N_
from app.report import layout as L
from app.report.bidi import first_strong
from app.report.fonts import REGULAR
from app.report.images import image_flowable
from app.report.model import SENSITIVE_KINDS, Account, Item, Transcript, TranscriptLine
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
    "excerpt": N_("No image: these are messages cut from a chat export; the transcript "
                  "follows."),
    "chat": N_("No image: this item is a sealed chat export. Cut an excerpt of the messages "
               "that matter to show them in a report."),
}
#: The text recognised inside a picture, as shown (the vault and the bundle hold all of it).
OCR_MAX = 2000
OCR_LINES = 40
MESSAGE_MAX = 1500  # characters of one message shown (a table row cannot run over a page)
MESSAGE_LINES = 30
OFFSET_SOURCE = {
    "export": N_("given by the export"),
    "given": N_("given by the person who imported it"),
    "assumed-local": N_("assumed: the importing computer's at the time"),
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
    same = a.display_name.strip().lstrip("@").casefold() == a.handle.strip().lstrip("@").casefold()
    if a.display_name and not same:  # a chat's author is often named by its number: once
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


def _message_cell(line: TranscriptLine, s: ReportStrings, width: float) -> list[Flowable]:
    """The message in its own direction (an Arabic message right-aligned in an English report),
    bold when selected, then what the export says about it and its hash."""
    shown = "\n".join(line.text.split("\n")[:MESSAGE_LINES])[:MESSAGE_MAX]
    text = s.untrusted(shown, MESSAGE_MAX)
    if shown != line.text:
        text += "… " + s.gettext("(shortened here; the full text is in the excerpt)")
    notes = []
    if line.forwarded_from:
        notes.append(s.gettext("Forwarded from {name}").format(
            name=s.fragment(line.forwarded_from, 200)))
    for name in line.attachments:
        notes.append(s.gettext("Attached: {name}").format(name=s.iso(name)) if name
                     else s.gettext("Attached: a file not included in the export"))
    if line.deleted:
        notes.append(s.gettext("Deleted message"))
    if line.edited:
        notes.append(s.gettext("Edited"))
    style = (L.CELL_BOLD if line.selected else L.CELL.derive(color=L.MUTED))
    own_rtl = first_strong(text) == "R" if text.strip() else s.rtl
    cell: list[Flowable] = []
    if text.strip():
        cell.append(L.para(text, style, own_rtl))
    cell += [L.para(n, L.MUTED_SMALL, s.rtl) for n in notes]
    cell.append(L.para(s.iso(line.sha256), L.MUTED_SMALL.derive(size=6.5, leading=9), s.rtl))
    del width
    return cell


def ocr_section(it: Item, s: ReportStrings) -> list[Flowable]:
    """The text recognised inside the picture: each line in its own direction (an Arabic line
    right-aligned in an English report, a Latin handle or URL left-aligned in an Arabic one),
    marked when corrected by hand, cut at :data:`OCR_LINES` lines and :data:`OCR_MAX` characters."""
    lines = [ln.strip() for ln in it.ocr_text.splitlines() if ln.strip()]
    shown: list[str] = []
    used = 0
    cut = len(lines) > OCR_LINES
    for ln in lines[:OCR_LINES]:
        if used + len(ln) > OCR_MAX:
            shown.append(ln[: max(0, OCR_MAX - used)].rstrip())
            cut = True
            break
        shown.append(ln)
        used += len(ln)
    if cut:
        shown[-1] += "…"
    rtl = s.rtl
    origin = (s.gettext("Read by the app inside the picture and corrected by hand; derived "
                        "text, not part of the evidence.") if it.ocr_corrected else
              s.gettext("Read by the app inside the picture (machine reading, may contain "
                        "mistakes); derived text, not part of the evidence."))
    out: list[Flowable] = [L.para(s.gettext("Text in the picture"), L.H3, rtl),
                           L.para(origin, L.MUTED_SMALL, rtl), Spacer(1, 3)]
    for ln in shown:
        text = s.untrusted(ln, OCR_MAX + 2)
        out.append(L.para(text, L.BODY, first_strong(text) == "R" if text.strip() else rtl))
    if cut:
        out.append(L.para(s.gettext("(shortened here; the full text is in the vault)"),
                          L.MUTED_SMALL, rtl))
    return [KeepTogether(out[:4]), *out[4:]]


def transcript_section(t: Transcript, s: ReportStrings) -> list[Flowable]:
    """The excerpt as a transcript: the sealed export it was cut from (SHA-256) and the time
    offset, then every message (selected ones in bold, context lines muted) with its hash."""
    rtl = s.rtl
    mono = L.CELL.derive(size=8, leading=12)
    platform = {"whatsapp": "WhatsApp", "telegram": "Telegram"}.get(t.platform, t.platform)
    source = OFFSET_SOURCE.get(t.offset_source)
    offset = s.iso(t.offset) if t.offset else "—"
    if source:
        offset = s.gettext("{offset} ({source})").format(offset=offset,
                                                         source=s.gettext(source))
    head = L.key_values([
        (s.gettext("Chat"), s.gettext("{title} ({platform})").format(
            title=s.fragment(t.chat_title or "—", 300), platform=s.iso(platform))),
        (s.gettext("Sealed export"), L.para(s.iso(t.export_sha256 or "—"), mono, rtl)),
        (s.gettext("Exporter's UTC offset"), offset),
    ], L.FRAME_W, rtl, key_width=100)
    widths = [30.0, 118.0, 92.0, L.FRAME_W - 240.0]
    rows: list[list[str | Flowable | list[Flowable]]] = [
        [s.gettext("No."), s.gettext("Time"), s.gettext("Author"), s.gettext("Message")]]
    for line in t.lines:
        author = s.untrusted(line.author, 200) if line.author else s.gettext("(system)")
        rows.append([s.number(line.index), s.moment(line.sent_at), author,
                     _message_cell(line, s, widths[3])])
    chosen = sum(1 for line in t.lines if line.selected)
    legend = s.ngettext(
        "{count} selected message in bold, with the lines around it for context; under each "
        "message its SHA-256, computed over its fields and the sealed export's SHA-256.",
        "{count} selected messages in bold, with the lines around them for context; under each "
        "message its SHA-256, computed over its fields and the sealed export's SHA-256.",
        chosen).format(count=s.number(chosen))
    return [KeepTogether([L.para(s.gettext("Transcript"), L.H3, rtl), head]), Spacer(1, 4),
            L.para(legend, L.MUTED_SMALL, rtl), Spacer(1, 4),
            L.table(rows, widths, rtl, numeric=(0,))]


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
    if it.transcript is not None:
        out += transcript_section(it.transcript, s)
    if it.ocr_text:
        out += ocr_section(it, s)
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
