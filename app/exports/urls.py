# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The post id a platform's URL carries, per platform, for the packet's ``post_id`` column.

Only the URL forms each platform has long used are recognised (listed in :data:`PATTERNS`);
anything else gives None and the packet names the post by its URL alone. The URL is untrusted
text: it is parsed, never fetched.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

_ID = r"[A-Za-z0-9_-]+"
_PAGE = r"[A-Za-z0-9_.-]+"
# host (without www./m./mobile./web.) → [(path regex, group holding the id)]; query ids below.
PATTERNS: dict[str, tuple[str, ...]] = {
    "facebook.com": (rf"/{_PAGE}/posts/(?P<id>{_ID})", rf"/{_PAGE}/videos/(?P<id>\d+)",
                     rf"/groups/{_PAGE}/(?:posts|permalink)/(?P<id>\d+)",
                     r"/reel/(?P<id>\d+)", rf"/share/[pvr]/(?P<id>{_ID})",
                     rf"/{_PAGE}/photos/[^/]+/(?P<id>\d+)"),
    "fb.watch": (rf"/(?P<id>{_ID})",),
    "instagram.com": (rf"/(?:p|reel|reels|tv)/(?P<id>{_ID})", r"/stories/[^/]+/(?P<id>\d+)"),
    "whatsapp.com": (rf"/channel/{_ID}/(?P<id>\d+)",),
    "x.com": (rf"/{_ID}/status/(?P<id>\d+)", r"/i/(?:web/)?status/(?P<id>\d+)"),
    "twitter.com": (rf"/{_ID}/status/(?P<id>\d+)", r"/i/(?:web/)?status/(?P<id>\d+)"),
    "t.me": (r"/(?:s/)?(?P<id>[A-Za-z][A-Za-z0-9_]{3,}/\d+)", r"/(?P<id>c/\d+/\d+)"),
    "telegram.me": (r"/(?:s/)?(?P<id>[A-Za-z][A-Za-z0-9_]{3,}/\d+)", r"/(?P<id>c/\d+/\d+)"),
    "tiktok.com": (r"/@[A-Za-z0-9_.]+/(?:video|photo)/(?P<id>\d+)", rf"/t/(?P<id>{_ID})",
                   r"/v/(?P<id>\d+)"),
    "vm.tiktok.com": (rf"/(?P<id>{_ID})",),
    "vt.tiktok.com": (rf"/(?P<id>{_ID})",),
    "youtube.com": (rf"/(?:shorts|live|embed)/(?P<id>{_ID})", rf"/post/(?P<id>{_ID})"),
    "youtu.be": (rf"/(?P<id>{_ID})",),
}
# host → query parameters naming the post (first present wins)
QUERY_IDS: dict[str, tuple[str, ...]] = {
    "facebook.com": ("story_fbid", "fbid", "v"),
    "youtube.com": ("v", "lb"),
}
_PREFIXES = ("www.", "m.", "mobile.", "web.", "mbasic.", "business.")


def _host(netloc: str) -> str:
    host = netloc.rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
    for prefix in _PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix):]
            break
    return "x.com" if host == "twitter.com" else host


def post_id(url: str | None) -> str | None:
    """The post id in ``url`` (``1790…`` on X, ``Cx1AbC`` on Instagram, ``channel/123`` on
    Telegram, the video id on YouTube and TikTok…), or None for a form not recognised."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    host = _host(parts.netloc)
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    query = parse_qs(parts.query)
    for name in QUERY_IDS.get(host, ()):
        value = (query.get(name) or [""])[0]
        if re.fullmatch(_ID, value):
            return value
    for pattern in PATTERNS.get(host, ()):
        m = re.match(pattern + r"(?:/.*)?$", path)
        if m:
            return m.group("id")
    return None
