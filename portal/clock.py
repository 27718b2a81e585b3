"""The one place the portal asks what time it is.

Every domain asks `now()` (naive UTC, the way the database stores moments) or `today()` rather
than the system clock, so a test, a benchmark or a replayed run can set the time for all of them
at once. Elapsed-time checks that never become dates (cache freshness, sign-in idle limits, rate
limit windows) keep using `time.monotonic()` / `time.time()`, which are not moments in the domain.

`set_now(moment)` moves the clock to `moment` and lets it tick on from there with the machine's
clock, so code that waits or measures durations still sees time pass; `frozen(moment)` stops it
at `moment` for code that must see one exact instant. Both are process-wide (not per thread or
per context) so that worker threads, such as the mail lanes, read the same time as their caller.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
# How far the portal's clock is from the machine's, and whether it stands still.
_offset = dt.timedelta(0)
_frozen_at: dt.datetime | None = None


def _system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def now() -> dt.datetime:
    """The current moment as a naive UTC datetime."""
    frozen_at = _frozen_at
    if frozen_at is not None:
        return frozen_at
    return _system_now() + _offset


def now_utc() -> dt.datetime:
    """The current moment as an aware UTC datetime (for mail headers, ISO stamps)."""
    return now().replace(tzinfo=dt.UTC)


def today() -> dt.date:
    """Today's date in UTC."""
    return now().date()


def timestamp() -> int:
    """The current moment as whole seconds since the epoch."""
    return int(now_utc().timestamp())


def _as_naive_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def set_now(moment: dt.datetime | None) -> None:
    """Move the clock so it reads `moment` now and ticks on from there; `None` puts it back."""
    global _offset, _frozen_at
    with _lock:
        _frozen_at = None
        _offset = dt.timedelta(0) if moment is None else _as_naive_utc(moment) - _system_now()


def freeze(moment: dt.datetime) -> None:
    """Stop the clock at `moment` until `set_now` or another `freeze`."""
    global _frozen_at
    with _lock:
        _frozen_at = _as_naive_utc(moment)


@contextmanager
def frozen(moment: dt.datetime) -> Iterator[None]:
    """Within the block the clock reads `moment`; afterwards it is as it was."""
    global _offset, _frozen_at
    with _lock:
        saved = (_offset, _frozen_at)
    freeze(moment)
    try:
        yield
    finally:
        with _lock:
            _offset, _frozen_at = saved
