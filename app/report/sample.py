# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A realistic, clearly FICTIONAL report for tests, the benchmark and screenshots.

Every account, phone number, URL and name below is invented (``example`` domains, ``user_123``
handles, the +964 770 123 4567 style numbers used in documentation). Screenshots are drawn with
Pillow, in memory.
"""

from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from hashlib import sha256

from PIL import Image, ImageDraw, ImageFont

from app.report.fonts import _font_file
from app.report.model import (
    Account,
    Case,
    Count,
    CustodyEntry,
    DayCount,
    Item,
    Labelled,
    Perpetrator,
    PlatformReport,
    PlatformResponse,
    ReportData,
    Stats,
)

BAGHDAD = timezone(timedelta(hours=3))

PLATFORMS = {
    "en": {"facebook": "Facebook", "instagram": "Instagram", "whatsapp": "WhatsApp", "x": "X",
           "telegram": "Telegram", "tiktok": "TikTok"},
    "ar": {"facebook": "فيسبوك", "instagram": "إنستغرام", "whatsapp": "واتساب", "x": "إكس",
           "telegram": "تيليغرام", "tiktok": "تيك توك"},
}
CATEGORIES = {
    "en": {"death-threat": "Death threat", "sexual-harassment": "Sexual harassment",
           "doxing": "Doxing", "defamation": "Defamation", "deepfake": "Deepfake",
           "threats-to-family": "Threats to family"},
    "ar": {"death-threat": "تهديد بالقتل", "sexual-harassment": "تحرش جنسي",
           "doxing": "نشر معلومات شخصية", "defamation": "تشهير", "deepfake": "تزييف عميق",
           "threats-to-family": "تهديد العائلة"},
}
NOTES_AR = [
    "وصلتني رسالة من الحساب @user_123 يهدد فيها بنشر صوري (تم حفظ لقطة الشاشة فوراً). "
    "اتصل بي أيضاً من الرقم +964 770 123 4567 بتاريخ 2026-10-14 الساعة 22:15.",
    "نشر الحساب @fake_news_77 منشوراً فيه عنوان منزلي ورقم هاتفي +964 781 555 0199 [حُذف لاحقاً]. "
    "الرابط: https://x.example/fake_news_77/status/1850000000000000001",
    "تعليق على صورتي يقول «سنعرف أين تسكنين» من @anon.account_9 — ثالث مرة هذا الأسبوع.",
    "رسالة صوتية ثم نص: \"أنتِ التالية\". الحساب نفسه كتب سابقاً على "
    "https://facebook.example/p/4412 (الأرشيف محفوظ).",
]
NOTES_EN = [
    "Message from @user_123 threatening to publish my photos (screenshot saved at once). "
    "He also called from +964 770 123 4567 on 2026-10-14 at 22:15.",
    "Post with my home address by @fake_news_77 [later deleted]. Link: "
    "https://x.example/fake_news_77/status/1850000000000000001",
]


@lru_cache(maxsize=4)
def _fonts(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_font_file("Amiri-Regular.ttf", 400)), size)


def screenshot(number: int, size: tuple[int, int] = (540, 1200), fmt: str = "PNG",
               handle: str = "@user_123") -> bytes:
    """A fake chat screenshot (header bar, bubbles, Arabic and Latin text) as PNG or JPEG bytes."""
    rnd = random.Random(number)  # noqa: S311 - made-up demo pictures, not secrets
    w, h = size
    img = Image.new("RGB", size, (236, 229, 221))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, h // 12), fill=(7, 94, 84))
    big, small = _fonts(max(12, w // 22)), _fonts(max(10, w // 30))
    d.text((w // 20, h // 40), f"{handle}  · #{number}", fill="white", font=big)
    y = h // 10
    while y < h - h // 8:
        bh = rnd.randint(max(4, h // 24), max(4, h // 9))
        left = rnd.random() < 0.5
        x0, x1 = (w // 24, w * 2 // 3) if left else (w // 3, w - w // 24)
        d.rounded_rectangle((x0, y, x1, y + bh), radius=12,
                            fill=(255, 255, 255) if left else (220, 248, 198))
        d.text((x1 - 12, y + 8), "رسالة تهديد تجريبية", fill=(40, 40, 40), font=small,
               anchor="ra", direction="rtl")
        stamp = f"2026-10-{rnd.randint(1, 28):02d} 22:{rnd.randint(10, 59)}"
        d.text((x0 + 12, y + bh - small.size - 10), stamp,
               fill=(90, 90, 90), font=small)
        y += bh + max(2, h // 60)
    if number % 3 == 0:  # a shared "photo": noisy, so the file is as big as a real screenshot
        pw, ph = w * 2 // 3, h // 4
        noise = Image.effect_noise((pw, ph), 40).convert("RGB")
        tint = Image.linear_gradient("L").resize((pw, ph)).convert("RGB")
        img.paste(Image.blend(noise, tint, 0.5), (w // 6, h // 3))
    d.text((w // 20, h - h // 16), "FICTIONAL SAMPLE — Bayyina", fill=(150, 0, 0), font=small)
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.save(buf, "JPEG", quality=82)
    else:
        img.save(buf, "PNG")
    return buf.getvalue()


def _fake_hash(*parts: object) -> str:
    return sha256("|".join(map(str, parts)).encode()).hexdigest()


def sample_report(lang: str = "ar", items: int = 12, *, image_size: tuple[int, int] = (540, 1200),
                  seed: int = 7, bundle_id: str | None = "bndl-2026-11-28-7f3a") -> ReportData:
    """A generated case: ``items`` items; every 4th a JPEG, every 3rd with a photo, every 5th
    flagged intimate and every 7th graphic; item 3 is an attachment with no image."""
    rnd = random.Random(seed)  # noqa: S311 - made-up demo data, not secrets
    names_p, names_c = PLATFORMS[lang], CATEGORIES[lang]
    notes = NOTES_AR if lang == "ar" else NOTES_EN
    acc = [
        Account("x", names_p["x"], "@user_123", "Abu Fulan", "https://x.example/user_123"),
        Account("instagram", names_p["instagram"], "@fake_news_77", "أخبار عاجلة",
                "https://instagram.example/fake_news_77"),
        Account("whatsapp", names_p["whatsapp"], "+964 770 123 4567"),
        Account("facebook", names_p["facebook"], "anon.account_9", "حساب مجهول",
                "https://facebook.example/anon.account_9"),
    ]
    perps = (
        Perpetrator("المتصل المجهول" if lang == "ar" else "The anonymous caller",
                    "يستخدم عدة حسابات (على الأقل 3) منذ 2026-09-01." if lang == "ar"
                    else "Uses several accounts (at least 3) since 2026-09-01.",
                    True, (acc[0], acc[2])),
        Perpetrator("صفحة الأخبار المزيفة" if lang == "ar" else "Fake news page", "", False,
                    (acc[1], acc[3])),
    )
    start = date(2026, 9, 20)
    out: list[Item] = []
    for n in range(1, items + 1):
        key = rnd.choice(list(names_p))
        posted = (datetime(2026, 9, 20, 8, 0, tzinfo=BAGHDAD)
                  + timedelta(hours=rnd.randint(0, 24 * 60)))
        cats = tuple(Labelled(k, names_c[k]) for k in rnd.sample(list(names_c), rnd.randint(1, 2)))
        sens = frozenset({"intimate"} if n % 5 == 0 else ({"graphic"} if n % 7 == 0 else ()))
        reports: tuple[PlatformReport, ...] = ()
        if n % 2:
            rep_at = posted + timedelta(days=1)
            answered = rep_at + timedelta(days=rnd.randint(1, 20)) if n % 3 else None
            reports = (PlatformReport(Labelled(key, names_p[key]), rep_at, f"CASE-{4400 + n}",
                                      "removed" if answered else "no-answer", answered,
                                      (answered - rep_at).days if answered else None),)
        attachment = n == 3
        fmt = "JPEG" if n % 4 == 0 else "PNG"
        image = None if attachment else screenshot(n, image_size, fmt, acc[n % 4].handle)
        out.append(Item(
            number=n, item_id=f"itm_{_fake_hash(seed, n)[:12]}",
            platform=Labelled(key, names_p[key]),
            image=image, media_type="application/pdf" if attachment else f"image/{fmt.lower()}",
            no_image_reason="attachment" if attachment else "",
            accounts=(acc[n % 4],), categories=cats,
            url=f"https://{key}.example/post/{1850000000 + n * 7919}?ref=share&lang={lang}",
            posted_at=posted, seen_at=posted + timedelta(minutes=rnd.randint(5, 600)),
            imported_at=(posted + timedelta(days=2)).astimezone(UTC),
            sha256_original=_fake_hash("o", seed, n), sha256_sanitized=_fake_hash("s", seed, n),
            sha256_pixels=_fake_hash("p", seed, n), notes=notes[n % len(notes)],
            sensitivity=sens, platform_reports=reports))
    per_day: dict[date, int] = {}
    for it in out:
        if isinstance(it.posted_at, datetime):
            d = it.posted_at.date()
            per_day[d] = per_day.get(d, 0) + 1
    by_p: dict[str, int] = {}
    by_c: dict[str, int] = {}
    for it in out:
        if it.platform:
            by_p[it.platform.name] = by_p.get(it.platform.name, 0) + 1
        for c in it.categories:
            by_c[c.name] = by_c.get(c.name, 0) + 1
    answered_days = sorted(r.days for it in out for r in it.platform_reports if r.days is not None)
    reported = sum(len(it.platform_reports) for it in out)
    stats = Stats(
        by_platform=tuple(Count(k, v) for k, v in sorted(by_p.items(), key=lambda kv: -kv[1])),
        by_category=tuple(Count(k, v) for k, v in sorted(by_c.items(), key=lambda kv: -kv[1])),
        by_perpetrator=tuple(Count(p.label, items // (i + 2)) for i, p in enumerate(perps)),
        per_day=tuple(DayCount(d, c) for d, c in sorted(per_day.items())),
        platform_response=PlatformResponse(
            reported=reported, removed=len(answered_days),
            median_days=(answered_days[len(answered_days) // 2] if answered_days else None),
            max_days=max(answered_days) if answered_days else None))
    custody = tuple(
        CustodyEntry(i + 1, datetime(2026, 11, 1, 9, 0, tzinfo=UTC) + timedelta(minutes=7 * i),
                     ("import", "item.tag", "report.create", "export")[i % 4],
                     out[i % len(out)].item_id,
                     _fake_hash("c", seed, i))
        for i in range(min(len(out) * 2, 400)))
    title = ("تقرير أدلة: حملة التهديد ضد ن. م." if lang == "ar"
             else "Evidence report: threat campaign against N. M.")
    case = Case("حملة تهديد (خريف 2026)" if lang == "ar" else "Threat campaign (autumn 2026)",
                "حالة تجريبية خيالية لأغراض الاختبار فقط." if lang == "ar"
                else "A fictional case, for testing only.", start, date(2026, 11, 20))
    return ReportData(
        title=title, case=case, period_start=start, period_end=date(2026, 11, 20),
        generated_at=datetime(2026, 11, 28, 18, 30, tzinfo=BAGHDAD),
        vault_fingerprint="RWQf 6LRC GA8x 2c4k Zp1t 9dVb 0mNe 3sQa", app_version="0.1.0",
        bundle_id=bundle_id, stats=stats, perpetrators=perps, items=tuple(out), custody=custody)
