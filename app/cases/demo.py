# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``demo``: fill a vault with clearly fictional sample evidence in Arabic and English.

Screenshots of invented posts are drawn with Pillow (Arabic shaped with ``arabic_reshaper`` and
reordered with ``python-bidi``, in the Amiri font from ``fontpkg``), imported through the normal
ingest pipeline (method ``demo``), then tagged, grouped into one campaign, attributed to accounts
and perpetrators, and reported to platforms. Every change is in the custody log like real work.
Every image carries a "FICTIONAL SAMPLE · عيّنة خيالية" banner.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.cases import demo_content as content
from app.cases.model import AccountRef, CaseId, ItemId, TagChanges
from app.cases.people import add_perpetrator, get_account, update_account
from app.cases.platform_reports import add_report
from app.cases.store import add_case, list_cases
from app.cases.tagging import tag_item
from app.errors import AppError
from app.tasks import CancelToken, Progress, ProgressFn
from app.vault import Vault

WIDTH, HEIGHT = 720, 380
BRAND = {"x": "#111111", "facebook": "#1877f2", "telegram": "#229ed9", "instagram": "#c13584",
         "tiktok": "#000000", "youtube": "#ff0000", "whatsapp": "#25d366", "other": "#555555"}
TZ = "+03:00"


@dataclass(frozen=True)
class DemoSummary:
    case_id: CaseId
    case_title: str
    items: tuple[ItemId, ...]
    accounts: int
    perpetrators: int
    reports: int


def _shape(text: str) -> str:
    import arabic_reshaper
    from bidi.algorithm import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


def _wrap(text: str, font: object, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if font.getlength(_shape(trial)) <= width or not current:  # type: ignore[attr-defined]
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def render_post(post: content.DemoPost, account: content.DemoAccount, when: datetime,
                serial: int) -> bytes:
    """A PNG "screenshot" of an invented post."""
    import fontpkg
    from PIL import Image, ImageDraw, ImageFont

    regular = fontpkg.path("Amiri", weight=400)
    # BASIC layout: the text is already shaped and reordered; Raqm (when Pillow has it) would
    # apply bidi a second time and reverse it.
    basic = ImageFont.Layout.BASIC
    big = ImageFont.truetype(str(regular), 30, layout_engine=basic)
    small = ImageFont.truetype(str(regular), 22, layout_engine=basic)
    img = Image.new("RGB", (WIDTH, HEIGHT), "#f4f5f7")
    draw = ImageDraw.Draw(img)
    colour = BRAND.get(account.platform, BRAND["other"])
    draw.rectangle((0, 0, WIDTH, 44), fill=colour)
    draw.text((16, 4), account.platform.upper(), fill="white", font=small)
    banner = _shape("FICTIONAL SAMPLE · عيّنة خيالية")
    draw.text((WIDTH - 16 - small.getlength(banner), 4), banner, fill="#ffd54f", font=small)
    draw.rounded_rectangle((16, 60, WIDTH - 16, HEIGHT - 16), radius=14, fill="white",
                           outline="#d0d4da")
    rtl = post.language == "ar"
    avatar_x = WIDTH - 92 if rtl else 32
    draw.ellipse((avatar_x, 76, avatar_x + 56, 132), fill=colour)
    name = _shape(f"{account.display_name}  {account.handle}")
    name_x = avatar_x - 14 - small.getlength(name) if rtl else avatar_x + 70
    draw.text((name_x, 88), name, fill="#222222", font=small)
    y = 150
    for line in _wrap(post.text, big, WIDTH - 96)[:4]:
        shaped = _shape(line)
        x = WIDTH - 48 - big.getlength(shaped) if rtl else 48
        draw.text((x, y), shaped, fill="#111111", font=big)
        y += 46
    stamp = f"{when.strftime('%Y-%m-%d %H:%M')} (UTC{TZ})  #{serial:03d}"
    draw.text((48, HEIGHT - 52), stamp, fill="#667085", font=small)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def fill_demo(vault: Vault, *, progress: ProgressFn | None = None,
              cancel: CancelToken | None = None) -> DemoSummary:
    """Add the fictional campaign. Raises ``cases.demo_exists`` if it is already there."""
    from app.ingest import import_bytes
    from app.media.pool import MediaWorkerPool

    if any(c.title == content.CASE_TITLE for c in list_cases(vault)):
        raise AppError("cases.demo_exists", case=content.CASE_TITLE)
    case = add_case(vault, content.CASE_TITLE, description=content.CASE_DESCRIPTION,
                    starts_on=content.CASE_START)
    for label, notes in content.PERPETRATORS:
        refs = tuple((a.platform, a.handle) for a in content.ACCOUNTS if a.perpetrator == label)
        add_perpetrator(vault, label, notes=notes, anonymous=label.startswith("Anonymous"),
                        accounts=refs)
    start = datetime.fromisoformat(content.CASE_START + f"T00:00:00{TZ}")
    items: list[ItemId] = []
    total = len(content.POSTS)
    with MediaWorkerPool(workers=1) as pool:
        for serial, post in enumerate(content.POSTS, start=1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            account = content.ACCOUNTS[post.account]
            when = start + timedelta(days=post.day, hours=post.hour, minutes=7 * serial % 60)
            data = render_post(post, account, when, serial)
            outcome = import_bytes(vault, data, name=f"demo-post-{serial:03d}.png",
                                   method="demo", pool=pool)
            if outcome.item_id is None:
                raise AppError("cases.demo_failed", reason=outcome.error_code or outcome.status)
            item_id = ItemId(outcome.item_id)
            seen = when + timedelta(hours=2)
            tag_item(vault, item_id, TagChanges(
                platform=account.platform, posted_at=when.isoformat(),
                seen_at=seen.isoformat(), language=post.language, description=post.text,
                notes=post.note, url=f"https://{account.platform}.example/{serial}",
                add_categories=post.categories, add_tags=post.tags,
                add_cases=(content.CASE_TITLE,),
                add_accounts=(AccountRef(account.platform, account.handle),),
                add_sensitive=post.sensitive, deleted_by_source=serial == total))
            items.append(item_id)
            if progress is not None:
                progress(Progress(serial, total, "demo", f"demo-post-{serial:03d}.png"))
    for account in content.ACCOUNTS:
        found = get_account(vault, account.platform, account.handle)
        update_account(vault, found.id, display_name=account.display_name,
                       profile_url=f"https://{account.platform}.example/"
                                   f"{account.handle.lstrip('@')}",
                       first_seen=content.CASE_START)
    for index, platform, after, status, answer, channel, reference in content.REPORTS:
        post = content.POSTS[index]
        reported = start + timedelta(days=post.day + after, hours=post.hour + 1)
        answered = reported + timedelta(days=answer) if answer is not None else None
        add_report(vault, items[index], platform, reported.isoformat(), channel=channel,
                   reference=reference, status=status,
                   answered_at=answered.isoformat() if answered else None)
    return DemoSummary(case.id, case.title, tuple(items), len(content.ACCOUNTS),
                       len(content.PERPETRATORS), len(content.REPORTS))
