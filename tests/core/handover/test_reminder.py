# SPDX-License-Identifier: GPL-3.0-or-later
"""The opt-in reminder to back up and the safety state the settings show (issue 16)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.errors import AppError
from app.handover.backup import backup_vault
from app.handover.reminder import backup_due, safety_state, set_backup_reminder
from app.vault import KdfParams, create_vault, open_vault
from app.vault.duress import set_wipe_after
from tests.helpers import PASSPHRASE


def test_reminder_due_only_when_on_and_the_interval_passed(tmp_path: Path) -> None:
    path = tmp_path / "v.bayyina"
    with create_vault(path, PASSPHRASE, KdfParams.testing()) as v:
        assert backup_due(v) is None  # off by default
        assert safety_state(v).reminder_days is None and safety_state(v).last_backup_at is None
        set_backup_reminder(v, 7)
        assert backup_due(v) == -1  # never backed up
        result = backup_vault(v, tmp_path / "b.age", passphrase="backup pw")
        state = safety_state(v)
        assert state.last_backup_at == result.created_at and state.reminder_days == 7
        made = datetime.fromisoformat(result.created_at.replace("Z", "+00:00"))
        assert backup_due(v, made + timedelta(days=6)) is None
        assert backup_due(v, made + timedelta(days=8)) == 8
        with pytest.raises(AppError) as bad:
            set_backup_reminder(v, 3)
        assert bad.value.code == "safety.reminder_choice"
        set_wipe_after(v, 10, show_remaining=True)
    with open_vault(path, PASSPHRASE) as v:  # kept in the vault, with a custody entry each
        state = safety_state(v)
        assert (state.reminder_days, state.wipe_after, state.show_remaining) == (7, 10, True)
        actions = [r[0] for r in v.read("SELECT action FROM custody ORDER BY seq")]
        assert actions.count("vault.safety") == 2
        set_backup_reminder(v, None)
        assert backup_due(v, datetime.now(UTC) + timedelta(days=400)) is None
