# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The GUI's few preferences, in a small JSON file under the platform config folder.

Invariant: this file holds only language, auto-lock minutes, blur and neutral-title flags, and
the display of numbers and dates (digits, Hijri). Never a
vault path, a case, a file name or anything else about the evidence (``docs/design.md`` §Desktop
leak channels): a shared or seized laptop must not reveal where the vault is or what it holds.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from app.i18n import LANGUAGES
from app.paths import safe_mkdir, user_config_dir
from app.textsafety import DIGIT_STYLES

log = logging.getLogger(__name__)

FILE_NAME = "gui.json"
MIN_AUTO_LOCK, MAX_AUTO_LOCK = 1, 120


@dataclass
class UiSettings:
    language: str | None = None  # None until chosen at first start
    auto_lock_minutes: int = 5
    blur_sensitive: bool = True
    neutral_title: bool = False
    digits: str = "auto"  # the language's own, "western" or "arabic-indic": GUI and PDF alike
    hijri: bool = False  # the Hijri (Islamic civil) date beside each Gregorian one

    def normalized(self) -> UiSettings:
        lang = self.language if self.language in LANGUAGES else None
        minutes = max(MIN_AUTO_LOCK, min(MAX_AUTO_LOCK, int(self.auto_lock_minutes)))
        return UiSettings(lang, minutes, bool(self.blur_sensitive), bool(self.neutral_title),
                          self.digits if self.digits in DIGIT_STYLES else "auto",
                          bool(self.hijri))


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
