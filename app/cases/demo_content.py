# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Invented sample evidence for ``bayyina-cli demo``: every person, account and post here is
fictional. Handles end in ``_demo``/``.demo`` and the defender is the invented «ليلى حداد»
(Layla Haddad); the posts are deliberately mild so that screenshots can be shown anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

CASE_TITLE = "حملة تجريبية ضد ليلى حداد (Demo campaign)"
CASE_DESCRIPTION = ("Fictional sample campaign for trying Bayyina. "
                    "حملة خيالية لتجربة التطبيق — لا شيء هنا حقيقي.")
CASE_START = "2026-02-02"


@dataclass(frozen=True)
class DemoAccount:
    platform: str
    handle: str
    display_name: str
    perpetrator: str | None  # label, or None when unattributed


@dataclass(frozen=True)
class DemoPost:
    account: int  # index into ACCOUNTS
    day: int  # days after CASE_START
    hour: int
    text: str
    language: str
    categories: tuple[str, ...]
    note: str
    tags: tuple[str, ...] = ()
    sensitive: tuple[str, ...] = ()


PERPETRATORS = (
    ("شبكة الحسابات المنسّقة (demo)", "Coordinated accounts posting within minutes of each other. "
     "حسابات تنشر في الدقائق نفسها."),
    ("Anonymous account holder 1 (demo)", "Unknown person behind two accounts."),
)

ACCOUNTS = (
    DemoAccount("x", "@Haqiqa_Watch_demo", "عين الحقيقة", PERPETRATORS[0][0]),
    DemoAccount("x", "@patriot_voice_demo", "Patriot Voice", PERPETRATORS[0][0]),
    DemoAccount("facebook", "fake.news.page.demo", "صفحة أخبار البلد", PERPETRATORS[0][0]),
    DemoAccount("telegram", "@leaks_channel_demo", "قناة التسريبات", PERPETRATORS[1][0]),
    DemoAccount("instagram", "@anon_mirror_demo", "mirror", PERPETRATORS[1][0]),
    DemoAccount("tiktok", "@clip_maker_demo", "Clip Maker", None),
)

POSTS = (
    DemoPost(0, 0, 9, "ليلى حداد تنشر أكاذيب عن الحكومة. لا تصدّقوها!", "ar", ("defamation",),
             "أول منشور في الحملة، بعد مقالها عن السجون.", ("حملة_ضد_ليلى",)),
    DemoPost(1, 0, 9, "Layla Haddad is a foreign agent. Everyone knows it.", "en",
             ("defamation", "incitement"), "Posted two minutes after the first one."),
    DemoPost(2, 1, 20, "صورة مُفبرَكة تُظهر ليلى مع «إسراء» في مكان لم تزره أبداً.", "ar",
             ("deepfake", "defamation"), "صورة مفبركة؛ الأصل منشور في ٢٠١٩ بدون ليلى.",
             ("صورة_مفبركة",)),
    DemoPost(3, 2, 23, "Her home address is Example Street 12, Sample City. Go and ask her.",
             "en", ("doxing", "incitement"), "Address published (fictional). Reported at once.",
             (), ("personal-info",)),
    DemoPost(0, 3, 8, "يجب أن تصمت ليلى وإلا ستندم هي وعائلتها.", "ar",
             ("threats-to-family",), "تهديد للعائلة بعد مقابلتها التلفزيونية."),
    DemoPost(4, 3, 22, "We made a video of her. Wait and see.", "en",
             ("sexual-harassment", "deepfake"), "Threat of a manipulated video.",
             ("deepfake_threat",), ("intimate",)),
    DemoPost(5, 4, 18, "مقطع ساخر مُعدَّل من مقابلة ليلى، مع صوت مُركَّب.", "ar", ("deepfake",),
             "مقطع معدّل بالذكاء الاصطناعي، ٢٠٠ ألف مشاهدة."),
    DemoPost(1, 5, 10, "Share this before they delete it! #ExposeLayla", "en",
             ("incitement",), "Hashtag pushed by several accounts.", ("ExposeLayla",)),
    DemoPost(2, 6, 13, "تقول إنها مدافعة عن حقوق الإنسان، وهي تهين ديننا.", "ar",
             ("blasphemy-accusation", "hate-speech"), "اتهام بازدراء الأديان — خطر مرتفع."),
    DemoPost(3, 7, 1, "Her colleague Isra at the organisation is next.", "en",
             ("threats-to-family",), "Threat against a colleague (إسراء)."),
    DemoPost(0, 8, 9, "حسابات كثيرة تكرّر نفس النص: ليلى خائنة.", "ar", ("defamation",),
             "نص مكرّر حرفياً من ١٢ حساباً.", ("حملة_ضد_ليلى",)),
    DemoPost(4, 9, 21, "Fake profile using Layla's photo asks her followers for money.", "en",
             ("impersonation",), "Impersonation account; reported as fake."),
    DemoPost(5, 10, 17, "ليلى حداد تستحق ما سيحدث لها.", "ar", ("incitement", "hate-speech"),
             "تحريض عام بعد نشر العنوان."),
    DemoPost(1, 12, 11, "Screenshot of a fabricated chat between Layla and a journalist.", "en",
             ("deepfake", "defamation"), "Fabricated chat; names of the journalist altered.",
             ("صورة_مفبركة",)),
    DemoPost(0, 14, 8, "نعرف أين تعمل وأين يدرس ابنها.", "ar",
             ("doxing", "threats-to-family"), "ذكر مدرسة الابن (خيالية).", (), ("personal-info",)),
    DemoPost(2, 16, 19, "The campaign continues: Layla must apologise.", "en",
             ("defamation",), "Last post before the platform removed the page."),
)

# (post index, platform, days after the post, status, days to answer or None, channel, reference)
REPORTS = (
    (0, "x", 0, "rejected", 3, "in-app form", "X-DEMO-0001"),
    (1, "x", 0, "removed", 6, "in-app form", "X-DEMO-0002"),
    (2, "facebook", 1, "removed", 2, "trusted partner", "FB-DEMO-17"),
    (3, "telegram", 0, "no-answer", None, "abuse e-mail", None),
    (5, "instagram", 0, "restricted", 4, "in-app form", "IG-DEMO-5"),
    (6, "tiktok", 1, "pending", None, "in-app form", "TT-DEMO-44"),
    (8, "facebook", 0, "removed", 9, "trusted partner", "FB-DEMO-23"),
    (11, "instagram", 0, "removed", 1, "impersonation form", "IG-DEMO-9"),
    (14, "x", 0, "pending", None, "in-app form", None),
)
