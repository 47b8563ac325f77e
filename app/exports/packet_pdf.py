# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``packet.pdf``: the cover letter (who asks, on whose behalf, what is requested, how urgent)
and a page per post with the platform's policy names, built with the report engine.

The posts' pages are the report's item pages (:func:`app.report.items.item_section`: the
sanitised copy, accounts, times with their offsets, the three SHA-256s), each headed by the
policies the post breaks in the platform's own words.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from reportlab import rl_config
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.bundle.signing import display_fingerprint
from app.exports.policies import PlatformPolicies
from app.exports.rows import Post
from app.i18n import N_
from app.report import layout as L
from app.report.collect import collect_report_data
from app.report.fonts import BOLD, register_fonts
from app.report.items import item_section
from app.report.strings import ReportStrings
from app.report.text import clear_caches
from app.vault import Vault

TITLE = N_("Request to remove content: {platform}")
INTRO = N_("We write on behalf of {behalf}, who is targeted by the {count} posts listed in this "
           "packet. We ask you to review them against your policies ({document}), to remove "
           "them (or restrict them where removal is not possible), and to preserve the data of "
           "the accounts that posted them in case an investigation asks for it.")
URGENT = N_("Urgent: these posts include threats of death or of violence against the person or "
            "their family, or publish their personal information. They put a person's safety "
            "at risk now; we ask for a review within 24 hours.")
CONTENTS = N_("Each post has a page below: its address, the account, when it was posted and "
              "when it was seen, the policy it breaks in your own terms, a sanitised copy of "
              "what we saw (its metadata removed) and its SHA-256 fingerprint. The file "
              "packet.csv lists the same posts for a bulk form. SHA256SUMS, signed with the key "
              "below, lets you check that no file of the packet was changed.")
REPLY = N_("Please reply with a reference for this request, and tell us what you decide for "
           "each post.")
SENDER_UNSET = N_("(the requesting organisation)")
BEHALF_UNSET = N_("the person concerned")
POLICY_HEAD = N_("Policy broken: {policies}")
POLICIES_NOTE = N_("Policy names as compiled on {date}; the platform may have renamed them since.")


@dataclass(frozen=True)
class LetterInfo:
    packet_id: str
    policies: PlatformPolicies
    urgent: bool
    sender: str
    on_behalf_of: str
    created: datetime
    fingerprint: str


def _letter(info: LetterInfo, count: int, s: ReportStrings) -> list[Flowable]:
    rtl, lang = s.rtl, s.lang
    pol = info.policies
    out: list[Flowable] = [Spacer(1, 24)]
    out.append(L.para(s.gettext(TITLE).format(platform=pol.name.name(lang)),
                      L.H1.derive(size=20, leading=30), rtl))
    sender = s.untrusted(info.sender, 300) if info.sender else s.gettext(SENDER_UNSET)
    behalf = s.fragment(info.on_behalf_of) if info.on_behalf_of else s.gettext(BEHALF_UNSET)
    out.append(L.key_values([
        (s.gettext("To"), s.gettext("{platform}: trust and safety").format(
            platform=pol.name.name(lang))),
        (s.gettext("From"), sender),
        (s.gettext("Packet"), s.iso(info.packet_id)),
        (s.gettext("Date"), s.moment(info.created)),
        (s.gettext("Posts"), s.number(count)),
    ], L.FRAME_W, rtl, key_width=110))
    out.append(Spacer(1, 14))
    if info.urgent:
        out.append(L.para(s.gettext(URGENT), L.BODY.derive(font=BOLD, color=L.ACCENT), rtl))
        out.append(Spacer(1, 8))
    for text in (s.gettext(INTRO).format(behalf=behalf, count=s.number(count),
                                         document=pol.document.name(lang)),
                 s.gettext(CONTENTS), s.gettext(REPLY)):
        out.append(L.para(text, L.BODY.derive(space_after=8), rtl))
    mono = L.CELL.derive(size=8, leading=12)
    out.append(L.key_values([(s.gettext("Signing key"), L.para(
        s.iso(display_fingerprint(info.fingerprint)), mono, rtl))], L.FRAME_W, rtl, key_width=110))
    out.append(Spacer(1, 10))
    out.append(L.para(s.gettext(POLICIES_NOTE).format(date=s.iso(pol.compiled_on)),
                      L.SMALL.derive(color=L.MUTED), rtl))
    out.append(PageBreak())
    return out


def build_packet_pdf(vault: Vault, posts: Sequence[Post], info: LetterInfo, lang: str) -> bytes:
    """The packet's PDF (bytes, built in memory) in ``lang``."""
    register_fonts()
    rl_config.useA85 = 0
    s = ReportStrings(lang)
    data = collect_report_data(vault, item_ids=[p.item_id for p in posts], lang=lang)
    by_id = {p.item_id: p for p in posts}
    story = _letter(info, len(posts), s)
    try:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="packet-img") as pool:
            for item in data.items:
                post = by_id[int(item.item_id)]
                names = [x.name(s.lang) for x in info.policies.policies_for(
                    post.tags.categories, post.tags.sensitive)]
                story.append(L.para(s.gettext(POLICY_HEAD).format(
                    policies=s.gettext(", ").join(names)), L.H3.derive(color=L.ACCENT), s.rtl))
                story += item_section(item, len(data.items), s, False, pool)
            return _render(story, s, info)
    finally:
        clear_caches()


def _render(story: list[Flowable], s: ReportStrings, info: LetterInfo) -> bytes:
    title = s.gettext(TITLE).format(platform=info.policies.name.name(s.lang))
    page_tpl = s.gettext("Page {page} of {total}")
    creator = "Bayyina"
    canvasmaker = L.numbered_canvas(
        lambda page, pages: page_tpl.format(page=s.number(page), total=s.number(pages)),
        title, s.iso(info.packet_id), s.rtl,
        {"title": title, "creator": creator, "producer": creator,
         "subject": s.gettext("Takedown packet")}, info.created)
    buf = io.BytesIO()
    doc = L.page_document(buf, s.lang)
    doc.build(story, canvasmaker=canvasmaker)
    return buf.getvalue()
