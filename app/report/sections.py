# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Cover, summary, perpetrators and appendix of a report, as lists of flowables."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table, TableStyle

from app.i18n import N_
from app.report import layout as L
from app.report.chart import PEAK, PLATFORM_COLOURS, timeline
from app.report.fonts import REGULAR
from app.report.items import shown_url
from app.report.model import Count, Escalation, ReportData
from app.report.strings import ReportStrings

ACTIONS = {  # custody-log actions (the codes stored in the chain), as nouns
    "vault.create": N_("Vault created"),
    "vault.passphrase_changed": N_("Passphrase changed"),
    "vault.rekey": N_("Vault re-encrypted"),
    "import": N_("Import"),
    "sanitize": N_("Clean copy made"),
    "item.tag": N_("Tagging"),
    "tag.delete": N_("Tag removed"),
    "item.deleted": N_("Item deleted"),
    "item.quarantined": N_("Copy quarantined"),
    "item.original_received": N_("Original received"),
    "item.ocr_correct": N_("Recognised text corrected"),
    "report.create": N_("Platform report"),
    "moment.add": N_("Moment marked"),
    "moment.delete": N_("Marked moment removed"),
    "report.update": N_("Platform report updated"),
    "report": N_("Report"),
    "export": N_("Export"),
    "export.reserve": N_("Bundle number reserved"),
    "export.failed": N_("Export failed"),
    "export.interrupted": N_("Export interrupted"),
    "receive": N_("Receipt"),
    "trust_signer": N_("Sender trusted"),
    "extract": N_("Extraction"),
    "chat.offset": N_("Chat time offset set"),
    "chat.excerpt": N_("Chat excerpt made"),
    "takedown": N_("Takedown packet"),
    "hash-export": N_("Hash list exported"),
    "case.create": N_("Case created"),
    "case.update": N_("Case change"),
    "case.delete": N_("Case deleted"),
    "category.create": N_("Category created"),
    "category.rename": N_("Category renamed"),
    "category.delete": N_("Category deleted"),
    "perpetrator.create": N_("Perpetrator added"),
    "perpetrator.update": N_("Perpetrator changed"),
    "perpetrator.delete": N_("Perpetrator deleted"),
    "account.create": N_("Account added"),
    "account.update": N_("Account changed"),
    "account.delete": N_("Account deleted"),
    "account.link_perpetrator": N_("Account linked to a perpetrator"),
    "recipient.add": N_("Recipient key saved"),
    "recipient.delete": N_("Recipient key removed"),
    "filter.save": N_("Filter saved"),
    "filter.delete": N_("Filter deleted"),
    "case.erase": N_("Case erased"),
    "item.received_by": N_("Received by the organisation"),
    "key.rotated": N_("Signing key rotated"),
    "receipt.make": N_("Receipt made"),
    "recipient.retire": N_("Recipient key retired"),
    "signer.replaced": N_("Sender's key replaced"),
    "vault.backup": N_("Backup"),
    "vault.restored": N_("Vault restored"),
    "vault.safety": N_("Safety setting changed"),
    "contact.add": N_("Destination added"),
    "contact.send_when_connected": N_("Sending when connected changed"),
    "contact.remove": N_("Destination removed"),
    "outbox.queue": N_("Bundle put in the outbox"),
    "outbox.sent": N_("Bundle sent"),
    "outbox.receipt": N_("Receipt received for a sent bundle"),
}


def cover(data: ReportData, s: ReportStrings, redacted: bool) -> list[Flowable]:
    rtl = s.rtl
    out: list[Flowable] = [Spacer(1, 40)]
    out.append(L.para(s.gettext("Evidence report"), L.H3.derive(color=L.MUTED), rtl))
    out.append(L.para(s.untrusted(data.title, 300), L.H1.derive(size=24, leading=36), rtl))
    out.append(Spacer(1, 18))
    pairs: list[tuple[str, str]] = []
    if data.case:
        pairs.append((s.gettext("Case"), s.untrusted(data.case.title, 300)))
        if data.case.description:
            pairs.append((s.gettext("Description"), s.untrusted(data.case.description, 2000)))
    period = s.gettext("{start} to {end}").format(start=s.day(data.period_start),
                                                  end=s.day(data.period_end))
    pairs += [
        (s.gettext("Period covered"), period),
        (s.gettext("Items"), s.ngettext("{count} item", "{count} items", len(data.items)).format(
            count=s.number(len(data.items)))),
        (s.gettext("Generated at"), s.moment(data.generated_at)),
        (s.gettext("Vault key fingerprint"), s.iso(data.vault_fingerprint)),
    ]
    if data.bundle_id:
        pairs.append((s.gettext("Bundle"), s.iso(data.bundle_id)))
    out.append(L.key_values(pairs, L.FRAME_W, rtl, key_width=150))
    out.append(Spacer(1, 28))
    notes = [
        s.gettext("The images in this report are sanitised copies, scaled for printing. The "
                  "SHA-256 fingerprints identify the files kept in the vault: the original, the "
                  "sanitised copy and its pixels."),
        s.gettext("Times are shown with their UTC offset, as recorded."),
    ]
    if redacted:
        notes.append(s.gettext("Images flagged as graphic or intimate are withheld from this "
                               "edition of the report."))
    for text in notes:
        out.append(L.para(text, L.SMALL.derive(color=L.MUTED, space_after=4), rtl))
    out.append(Spacer(1, 30))
    out.append(L.para(s.gettext("Prepared with Bayyina {version}").format(
        version=s.iso(data.app_version)), L.H3.derive(color=L.ACCENT), rtl))
    out.append(PageBreak())
    return out


def _counts(title: str, rows: tuple[Count, ...], s: ReportStrings, width: float) -> Table:
    head = [title, s.gettext("Items")]
    body = [[s.untrusted(r.label, 200), s.number(r.count)] for r in rows]
    body = body or [[s.gettext("None"), ""]]
    return L.table([head, *body], [width - 60, 60], s.rtl, numeric=(1,))


def summary(data: ReportData, s: ReportStrings) -> list[Flowable]:
    rtl, st, esc = s.rtl, data.stats, data.escalation
    out: list[Flowable] = [L.para(s.gettext("Summary"), L.H1, rtl)]
    half = (L.FRAME_W - 16) / 2
    pair = [_counts(s.gettext("Platform"), st.by_platform, s, half),
            _counts(s.gettext("Category"), st.by_category, s, half)]
    grid = Table([pair[::-1] if rtl else pair], colWidths=[half + 8, half + 8])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    out += [grid, Spacer(1, 10),
            _counts(s.gettext("Perpetrator"), st.by_perpetrator, s, half), Spacer(1, 14)]
    if st.per_day:
        out += [L.para(s.gettext("Items over time (by date posted)"),
                       L.BODY.derive(space_after=2), rtl),
                timeline(st.per_day, L.FRAME_W, 150, rtl=rtl, digits=s.digits,
                         peaks=[p.day for p in esc.peaks] if esc else (),
                         split=[d for _name, d in esc.platforms] if esc else ()),
                L.para(s.gettext("Items per day, or per week for long periods"), L.MUTED_SMALL,
                       rtl)]
        out += _legend(esc, s) if esc else []
    if esc and esc.peaks:
        out += _peaks(esc, s)
    if data.reposts:
        out += _reposts(data, s)
    pr = st.platform_response
    out.append(L.para(s.gettext("Reports to platforms"), L.H2, rtl))

    def days(value: float | None) -> str:
        if value is None:
            return "—"
        return s.ngettext("{days} day", "{days} days", round(value)).format(days=s.number(value))

    out.append(L.key_values([
        (s.gettext("Items reported"), s.number(pr.reported)),
        (s.gettext("Items removed"), s.number(pr.removed)),
        (s.gettext("Median time to answer"),
         days(pr.median_days)),
        (s.gettext("Longest time to answer"),
         days(pr.max_days)),
    ], L.FRAME_W, rtl, key_width=170))
    out.append(PageBreak())
    return out


def _key(entries: list[tuple[object, str]], s: ReportStrings, most: float = L.FRAME_W) -> Table:
    """One line of colour swatches, each followed by its label (at most ``most`` points wide),
    from the reading side (mirrored in Arabic)."""
    width = min(most, L.FRAME_W / len(entries))
    cells: list[object] = []
    widths: list[float] = []
    for _colour, text in entries:
        cells += ["", L.para(text, L.MUTED_SMALL, s.rtl)]
        widths += [10, width - 10]
    if sum(widths) < L.FRAME_W - 1:
        cells.append("")
        widths.append(L.FRAME_W - sum(widths))
    if s.rtl:
        cells, widths = cells[::-1], widths[::-1]
    key = Table([cells], colWidths=widths, rowHeights=[12])
    style = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), REGULAR),
             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
             ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
    for n, (colour, _text) in enumerate(entries):
        col = len(cells) - 1 - 2 * n if s.rtl else 2 * n
        style.append(("BACKGROUND", (col, 0), (col, 0), colour))
    key.setStyle(TableStyle(style))
    return key


def _legend(esc: Escalation, s: ReportStrings) -> list[Flowable]:
    """Under the chart: the platforms' colours (when split), the peaks' colour (when any)."""
    out: list[Flowable] = []
    if len(esc.platforms) > 1:
        names = [name for name, _days in esc.platforms]
        shown = names[:len(PLATFORM_COLOURS) - 1]
        if len(names) > len(PLATFORM_COLOURS):
            shown.append(s.gettext("Other platforms"))
        else:
            shown = names
        out += [Spacer(1, 3), _key([(PLATFORM_COLOURS[n], s.untrusted(name, 60))
                                     for n, name in enumerate(shown)], s, most=110)]
    if esc.peaks:
        out += [Spacer(1, 3), _key([(PEAK, s.gettext(
            "Peak day (or a week holding one): more than three times the median day ({median})"
        ).format(median=s.number(esc.median)))], s)]
    return out


def _peaks(esc: Escalation, s: ReportStrings) -> list[Flowable]:
    """The table of the peak days (date, items, platforms)."""
    rtl = s.rtl
    rows = [[s.gettext("Date"), s.gettext("Items"), s.gettext("Platforms")]]
    for p in esc.peaks:
        rows.append([s.day(p.day), s.number(p.count), s.gettext(", ").join(
            f"{s.untrusted(c.label, 100)} ({s.number(c.count)})" for c in p.platforms)])
    return [Spacer(1, 6), CondPageBreak(60), L.para(s.gettext("Peak days"), L.H2, rtl),
            L.table(rows, [90, 50, L.FRAME_W - 140], rtl, numeric=(1,)), Spacer(1, 6)]


def _reposts(data: ReportData, s: ReportStrings) -> list[Flowable]:
    """Reposts of the same picture: the clusters of near-duplicates among the report's items."""
    rtl = s.rtl
    rows = [[s.gettext("Items"), s.gettext("Posted")]]
    for r in data.reposts:
        accounts = s.ngettext("by {count} account", "by {count} accounts", r.accounts).format(
            count=s.number(r.accounts))
        platforms = s.ngettext("on {count} platform", "on {count} platforms", r.platforms).format(
            count=s.number(r.platforms))
        if r.first == r.last:
            posted = s.gettext("posted {by_accounts} {on_platforms} on {day}").format(
                by_accounts=accounts, on_platforms=platforms, day=s.day(r.first))
        else:
            posted = s.gettext("posted {by_accounts} {on_platforms} between {start} and {end}"
                               ).format(by_accounts=accounts, on_platforms=platforms,
                                        start=s.day(r.first), end=s.day(r.last))
        rows.append([s.gettext(", ").join(s.number(n) for n in r.numbers), posted])
    return [CondPageBreak(80), L.para(s.gettext("Reposts of the same picture"), L.H2, rtl),
            L.para(s.gettext("Items whose pictures are near-duplicates (numbers as in this "
                             "report), largest groups first"), L.MUTED_SMALL, rtl),
            L.table(rows, [110, L.FRAME_W - 110], rtl), Spacer(1, 6)]


def perpetrators(data: ReportData, s: ReportStrings) -> list[Flowable]:
    rtl = s.rtl
    out: list[Flowable] = [L.para(s.gettext("Perpetrators and their accounts"), L.H1, rtl)]
    if not data.perpetrators:
        out.append(L.para(s.gettext("No perpetrator recorded."), L.BODY, rtl))
    for p in data.perpetrators:
        out.append(CondPageBreak(120))
        label = s.untrusted(p.label, 300)
        if p.anonymous:
            label = s.gettext("{label} (anonymous)").format(label=label)
        out.append(L.para(label, L.H2, rtl))
        if p.notes:
            out.append(L.para(s.untrusted(p.notes), L.BODY.derive(space_after=4), rtl))
        rows = [[s.gettext("Platform"), s.gettext("Account"), s.gettext("Name shown"),
                 s.gettext("Profile")]]
        for a in p.accounts:
            rows.append([s.untrusted(a.platform_name, 100), s.iso(a.handle),
                         s.untrusted(a.display_name, 200),
                         shown_url(a.profile_url, s, 300) if a.profile_url else ""])
        if p.accounts:
            out.append(L.table(rows, [70, 110, 110, L.FRAME_W - 290], rtl))
    out.append(PageBreak())
    return out


def appendix(data: ReportData, s: ReportStrings) -> list[Flowable]:
    rtl = s.rtl
    out: list[Flowable] = [L.para(s.gettext("Appendix A: fingerprints (SHA-256)"), L.H1, rtl)]
    out.append(L.para(s.gettext("O: original file · S: sanitised copy · P: pixels"),
                      L.MUTED_SMALL.derive(space_after=6), rtl))
    mono = L.CELL.derive(size=7.5, leading=11)
    rows: list[list[str]] = [[s.gettext("No."), s.gettext("Item"), s.gettext("SHA-256")]]
    for it in data.items:
        hashes = "\n".join(s.iso(f"{k}: {v or '—'}") for k, v in (
            ("O", it.sha256_original), ("S", it.sha256_sanitized), ("P", it.sha256_pixels)))
        rows.append([s.number(it.number), s.iso(it.item_id), hashes])
    out.append(L.table(rows, [34, 100, L.FRAME_W - 134], rtl, style=mono))
    out.append(PageBreak())
    out.append(L.para(s.gettext("Appendix B: custody log extract"), L.H1, rtl))
    if not data.custody:
        out.append(L.para(s.gettext("No custody entries."), L.BODY, rtl))
        return out
    rows = [[s.gettext("No."), s.gettext("Time"), s.gettext("Action"), s.gettext("Subject"),
             s.gettext("Entry SHA-256")]]
    for e in data.custody:
        action = s.gettext(ACTIONS[e.action]) if e.action in ACTIONS else s.iso(e.action)
        rows.append([s.number(e.seq), s.moment(e.ts), action, s.iso(e.subject),
                     s.iso(e.entry_sha256)])
    out.append(L.table(rows, [26, 88, 62, 72, L.FRAME_W - 248], rtl, style=mono.derive(size=7)))
    return out
