# SPDX-License-Identifier: GPL-3.0-or-later
"""A case's start and end dates: kept as given, and a start after the end refused (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cases import add_case, list_cases, update_case
from app.errors import AppError
from app.i18n import translations
from app.messages import describe
from app.vault import KdfParams, create_vault
from tests.helpers import PASSPHRASE


def test_a_case_cannot_end_before_it_starts(tmp_path: Path) -> None:
    vault = create_vault(tmp_path / "v.bayyina", PASSPHRASE, KdfParams.testing())
    try:
        with pytest.raises(AppError) as info:
            add_case(vault, "reversed", starts_on="2026-03-10", ends_on="2026-03-01")
        assert info.value.code == "cases.ends_before_start"
        assert list_cases(vault) == []
        case = add_case(vault, "spring", starts_on="2026-03-01", ends_on="2026-03-10")
        assert (case.starts_on[:10], case.ends_on[:10]) == ("2026-03-01", "2026-03-10")
        # moving only the start past the kept end is refused too, and nothing changes
        with pytest.raises(AppError) as info:
            update_case(vault, case.id, starts_on="2026-04-01")
        assert info.value.code == "cases.ends_before_start"
        [kept] = list_cases(vault)
        assert kept.starts_on[:10] == "2026-03-01"
        # a one-day case is fine; clearing the end lifts the constraint
        update_case(vault, case.id, starts_on="2026-03-10")
        update_case(vault, case.id, ends_on="", starts_on="2026-05-01")
        [kept] = list_cases(vault)
        assert (kept.starts_on[:10], kept.ends_on) == ("2026-05-01", None)
        text = describe(info.value, translations("ar"))
        assert "2026-03-10" in text and "{" not in text
    finally:
        vault.lock()
