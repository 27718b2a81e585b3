"""The portal's one clock: tests and replays set it, and every domain reads the same time."""

from __future__ import annotations

import datetime as dt
import threading

from portal import clock

LEAP_DAY = dt.datetime(2028, 2, 29, 23, 59, 30)


def test_a_set_clock_reads_the_moment_and_ticks_on_from_it():
    clock.set_now(LEAP_DAY)
    first = clock.now()
    assert dt.timedelta(0) <= first - LEAP_DAY < dt.timedelta(seconds=5)
    threading.Event().wait(0.05)
    assert clock.now() > first
    assert clock.today() == dt.date(2028, 2, 29)


def test_an_aware_moment_is_read_as_utc():
    denver = dt.timezone(dt.timedelta(hours=-7))
    with clock.frozen(dt.datetime(2026, 12, 7, 1, 0, tzinfo=denver)):
        assert clock.now() == dt.datetime(2026, 12, 7, 8, 0)
        assert clock.now_utc() == dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)
        assert clock.timestamp() == 1796630400


def test_frozen_stands_still_and_puts_the_clock_back_afterwards():
    clock.set_now(LEAP_DAY)
    with clock.frozen(dt.datetime(2026, 3, 8, 7, 0)):
        threading.Event().wait(0.02)
        assert clock.now() == dt.datetime(2026, 3, 8, 7, 0)
    assert clock.today() == dt.date(2028, 2, 29)


def test_worker_threads_read_the_same_clock():
    seen = []
    with clock.frozen(LEAP_DAY):
        thread = threading.Thread(target=lambda: seen.append(clock.now()))
        thread.start()
        thread.join()
    assert seen == [LEAP_DAY]


def test_set_now_none_is_the_machines_clock_again():
    clock.set_now(LEAP_DAY)
    clock.set_now(None)
    machine = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert abs(clock.now() - machine) < dt.timedelta(seconds=5)
