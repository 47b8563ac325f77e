# SPDX-License-Identifier: GPL-3.0-or-later
"""The lens queue survives a lock: a lock interrupts the vault's statements under a worker (the
GUI's queue runs in one); the task in hand is then left queued, never recorded as the picture's
failure (which would keep it from ever being read)."""

from __future__ import annotations

import io
import threading

from app.cases import lens
from app.ingest import import_bytes
from app.vault import Vault
from bench import _lens_synth as synth


def _png(seed: int) -> bytes:
    buf = io.BytesIO()
    synth.photo(seed, (1600, 1200)).save(buf, "PNG")
    return buf.getvalue()


def test_interrupting_the_vault_under_the_queue_fails_no_picture(vault: Vault) -> None:
    for n in range(4):
        import_bytes(vault, _png(n), name=f"{n}.png")
    assert lens.state(vault).counts["pdq"]["queued"] == 4
    for _round in range(20):
        finished = threading.Event()
        def work(finished: threading.Event = finished) -> None:
            try:
                lens.run_pending(vault, tasks=("pdq",))
            except Exception:  # noqa: S110  the interrupt: as at a lock, the worker returns
                pass
            finally:
                finished.set()

        worker = threading.Thread(target=work)
        worker.start()
        while not finished.wait(0.0005):
            vault.interrupt()
        worker.join()
        st = lens.state(vault).counts["pdq"]
        assert st.get("failed", 0) == 0, vault.read("SELECT error FROM lens_work")
        if st.get("queued", 0) == 0:
            break
    lens.run_pending(vault, tasks=("pdq",))  # the next session: what was left is done
    assert lens.state(vault).counts["pdq"] == {"queued": 0, "done": 4, "failed": 0}
