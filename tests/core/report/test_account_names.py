# SPDX-License-Identifier: GPL-3.0-or-later
"""How the report names an account."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_account_named_by_its_handle_is_printed_once(lang: str) -> None:
    """A chat's author is often known only by the number WhatsApp printed: the name shown is the
    handle, which the report then wrote twice ("+962 … — +962 …")."""
    from app.report.items import _account
    from app.report.model import Account
    from app.report.strings import ReportStrings

    s = ReportStrings(lang)
    same = _account(Account("whatsapp", "WhatsApp", "+962 79 123 4567", "+962 79 123 4567"), s)
    other = _account(Account("whatsapp", "WhatsApp", "+962 79 123 4567", "Abu Fulan"), s)
    assert same.count("4567") == 1 and other.count("4567") == 1 and "Abu Fulan" in other
