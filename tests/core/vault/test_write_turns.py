# SPDX-License-Identifier: GPL-3.0-or-later
"""Writing threads of one process take their turns in the order they asked (issue 19: a receipt
staging batch after batch must not keep another writer waiting)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from app.errors import AppError
from app.vault import core


def test_turns_are_served_in_the_order_asked() -> None:
    turns = core.WriteTurns()
    order: list[int] = []
    holding = threading.Event()
    release = threading.Event()

    def first() -> None:
        with turns.turn():
            holding.set()
            release.wait(10)
            order.append(0)

    def later(n: int) -> None:
        with turns.turn():
            order.append(n)

    threads = [threading.Thread(target=first)]
    threads[0].start()
    assert holding.wait(10)
    for n in range(1, 6):  # each asks after the previous one is queued
        t = threading.Thread(target=later, args=(n,))
        t.start()
        threads.append(t)
        deadline = time.monotonic() + 10
        while turns._next != n + 1:
            assert time.monotonic() < deadline
            time.sleep(0.001)
    release.set()
    for t in threads:
        t.join(10)
    assert order == [0, 1, 2, 3, 4, 5]


def test_a_writer_that_waits_too_long_gets_vault_busy_and_its_turn_is_skipped(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "WRITE_WAIT_S", 0.2)
    turns = core.WriteTurns()
    holding, release = threading.Event(), threading.Event()
    errors: list[str] = []

    def holder() -> None:
        with turns.turn():
            holding.set()
            release.wait(10)

    def impatient() -> None:
        try:
            with turns.turn():
                errors.append("got a turn")
        except AppError as err:
            errors.append(err.code)

    h = threading.Thread(target=holder)
    h.start()
    assert holding.wait(10)
    t = threading.Thread(target=impatient)
    t.start()
    t.join(10)
    assert errors == ["vault.busy"]
    release.set()
    h.join(10)
    with turns.turn():  # the abandoned ticket does not block the next writer
        pass
    assert turns._serving == turns._next


def test_a_nested_turn_of_the_same_thread_does_not_wait_for_itself() -> None:
    turns = core.WriteTurns()
    with turns.turn(), turns.turn():
        pass
    with turns.turn():
        pass


def test_a_writer_thread_gets_in_between_the_batches_of_a_busy_one(vault: Any) -> None:
    """One thread commits transaction after transaction; another asks once, meanwhile: it waits
    for one transaction, not for the whole run."""
    with vault.write() as tx:
        tx.execute("CREATE TABLE IF NOT EXISTS t (x BLOB)")
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            with vault.write() as tx:
                tx.execute("INSERT INTO t (x) VALUES (?)", (b"\0" * 200_000,))
                time.sleep(0.02)  # a long transaction

    t = threading.Thread(target=busy)
    t.start()
    time.sleep(0.1)
    waits = []
    for _ in range(5):
        t0 = time.monotonic()
        with vault.write() as tx:
            tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('x', '1')")
        waits.append(time.monotonic() - t0)
    stop.set()
    t.join(10)
    assert max(waits) < 2.0, waits  # about one transaction each (0.02 s), never the whole run
