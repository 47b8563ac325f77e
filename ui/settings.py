# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The GUI's few preferences, in a small JSON file under the platform config folder.

Invariant: this file holds language, auto-lock minutes, blur and neutral-title flags, the display
of numbers and dates (digits, Hijri), the main window's size and view (grid or table), whether the
first-run guide was seen and the opt-in break reminder —
nothing about the evidence: never a case, a file name or an item (``docs/design.md`` §Desktop
leak channels).

One deliberate, opt-in exception: ``recent_vaults``, the folders of the vaults opened on this
computer, so that the start window can offer "open my vault" after a restart. It is kept only
while ``remember_vaults`` is on (off by default), emptied in the file the moment it is turned off,
and never kept in neutral mode (:meth:`UiSettings.normalized` enforces all three on every load and
save). It tells whoever reads this file where a vault is, not what it holds
(``docs/threat-model.md``, "the list of recent vaults").
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from app.i18n import LANGUAGES
from app.paths import safe_mkdir, user_config_dir
from app.textsafety import DIGIT_STYLES

log = logging.getLogger(__name__)

FILE_NAME = "gui.json"
MIN_AUTO_LOCK, MAX_AUTO_LOCK = 1, 120
MAX_RECENT_VAULTS = 5
VIEWS = ("grid", "table")


@dataclass
class UiSettings:
    language: str | None = None  # None until chosen at first start
    auto_lock_minutes: int = 5
    blur_sensitive: bool = True
    neutral_title: bool = False
    remember_vaults: bool = False  # opt-in: keep recent_vaults (never in neutral mode)
    recent_vaults: list[str] = field(default_factory=list)  # newest first
    main_geometry: str = ""  # QWidget.saveGeometry(), base64
    evidence_view: str = "grid"
    digits: str = "auto"  # the language's own, "western" or "arabic-indic": GUI and PDF alike
    hijri: bool = False  # the Hijri (Islamic civil) date beside each Gregorian one
    guide_seen: bool = False  # the first-run guide was shown (it is offered once, after create)
    break_reminder: bool = False  # opt-in: suggest a break after long viewing of sensitive items

    def normalized(self) -> UiSettings:
        lang = self.language if self.language in LANGUAGES else None
        minutes = max(MIN_AUTO_LOCK, min(MAX_AUTO_LOCK, int(self.auto_lock_minutes)))
        neutral = bool(self.neutral_title)
        remember = bool(self.remember_vaults) and not neutral
        recent: list[str] = []
        if remember and isinstance(self.recent_vaults, list):
            for path in self.recent_vaults:
                if isinstance(path, str) and path and path not in recent:
                    recent.append(path)
        geometry = self.main_geometry if isinstance(self.main_geometry, str) else ""
        view = self.evidence_view if self.evidence_view in VIEWS else "grid"
        return UiSettings(lang, minutes, bool(self.blur_sensitive), neutral, remember,
                          recent[:MAX_RECENT_VAULTS], geometry[:4096], view,
                          self.digits if self.digits in DIGIT_STYLES else "auto",
                          bool(self.hijri), bool(self.guide_seen), bool(self.break_reminder))

    def with_vault_opened(self, path: str) -> UiSettings:
        """These settings with ``path`` first in the recent list (unchanged unless opted in)."""
        if not self.remember_vaults or self.neutral_title:
            return self
        return replace(self, recent_vaults=[path, *(p for p in self.recent_vaults if p != path)]
                       ).normalized()


def settings_path() -> Path:
    return user_config_dir() / FILE_NAME


def load_settings(path: Path | None = None) -> UiSettings:
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return UiSettings()
    if not isinstance(raw, dict):
        return UiSettings()
    known = {f.name for f in fields(UiSettings)}
    try:
        return UiSettings(**{k: v for k, v in raw.items() if k in known}).normalized()
    except (TypeError, ValueError):
        return UiSettings()


def save_settings(settings: UiSettings, path: Path | None = None) -> None:
    path = path or settings_path()
    safe_mkdir(path.parent)
    tmp = path.with_suffix(".tmp")
    data = json.dumps(asdict(settings.normalized()), indent=1)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(data)
    os.replace(tmp, path)
