"""An alert that is due, as sending reads it once; the digest writer takes it too (so the two
modules share it without importing each other)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.alerts.models import Frequency


@dataclass(frozen=True)
class DueAlert:
    """What sending needs of an alert and its owner, read once: commits then expire nothing."""

    id: int
    name: str
    query: dict
    weekday: int
    stored_frequency: Frequency
    frequency: Frequency  # as the plan allows today
    window_start: dt.datetime
    user_id: int
    email: str
    user_name: str
    time_zone: str
