# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The case model's abuse categories in each platform's own policy names.

The table is ``resources/platform_policies.json`` (English and Arabic names, the date it was
compiled and the date it was last checked against the platforms' pages). A packet platform key is
``meta`` (Facebook, Instagram, WhatsApp, Messenger), ``x``, ``telegram``, ``tiktok`` or
``youtube``; a product key (``instagram``) selects Meta with only that product's posts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.errors import UsageError
from app.paths import resource_path


@dataclass(frozen=True)
class Policy:
    en: str
    ar: str

    def name(self, lang: str) -> str:
        return self.ar if lang == "ar" else self.en


@dataclass(frozen=True)
class PlatformPolicies:
    key: str  # meta, x, telegram, tiktok, youtube
    name: Policy
    document: Policy
    products: tuple[str, ...]  # case-model platform keys this packet covers
    policies: dict[str, Policy]  # category key → policy
    intimate: Policy | None
    compiled_on: str
    checked_on: str | None

    def policies_for(self, categories: tuple[str, ...], sensitive: tuple[str, ...]
                     ) -> tuple[Policy, ...]:
        """The platform's policies an item breaks, in the categories' order, without repeats."""
        out: list[Policy] = []
        if "intimate" in sensitive and self.intimate is not None:
            out.append(self.intimate)
        for key in categories or ("other",):
            policy = self.policies.get(key) or self.policies["other"]
            if policy not in out:
                out.append(policy)
        return tuple(out)


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource_path("platform_policies.json")
                                      .read_text(encoding="utf-8"))
    return data


def urgent_categories() -> frozenset[str]:
    return frozenset(_table()["urgent_categories"])


def packet_platforms() -> tuple[str, ...]:
    return tuple(_table()["platforms"])


def platform_policies(key: str) -> tuple[PlatformPolicies, tuple[str, ...]]:
    """The policies of packet platform ``key`` and the product keys it selects.

    Raises:
        UsageError: ``takedown.unknown_platform`` for a key that is neither a packet platform nor
            one of its products.
    """
    table = _table()
    key = key.strip().lower()
    for pkey, p in table["platforms"].items():
        if key == pkey or key in p["products"]:
            pol = PlatformPolicies(
                key=pkey, name=Policy(**p["name"]), document=Policy(**p["document"]),
                products=tuple(p["products"]),
                policies={k: Policy(**v) for k, v in p["policies"].items()},
                intimate=Policy(**p["intimate"]) if p.get("intimate") else None,
                compiled_on=table["compiled_on"], checked_on=table.get("checked_on"))
            return pol, (pol.products if key == pkey else (key,))
    raise UsageError("takedown.unknown_platform", platform=key,
                     known=", ".join(packet_platforms()))
