"""Business-hours arithmetic: when an answer promised "within N business hours" is due, and how
many business hours passed between two moments.

Pure: no app, no database, no clock. Moments go in and come out as naive UTC datetimes (the way
the portal stores them); the working day is described in the consultants' own time zone, so a
9-to-5 day stays 9-to-5 on the wall clock across daylight-saving changes. Time counts as it
passes: an hour of the working day is an hour of real time, also on the night the clocks change
(a working day of 00:00-08:00 that loses its 2 a.m. hour holds seven hours of work that day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A promise longer than this many calendar days is a configuration mistake, not a due time.
MAX_DAYS = 400


class BusinessHoursError(ValueError):
    """The working hours or days are not understood, or the week has no working time."""


def parse_days(text: str) -> frozenset[int]:
    """ "mon-fri", "mon,wed,fri" or "sun-thu" as weekday numbers (Monday is 0)."""
    days: set[int] = set()
    for part in text.lower().replace(" ", "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        try:
            start = DAY_NAMES.index(first[:3])
            end = DAY_NAMES.index(last[:3]) if last else start
        except ValueError as error:
            raise BusinessHoursError(f"not a day of the week: {part!r}") from error
        day = start
        days.add(day)
        while day != end:
            day = (day + 1) % 7
            days.add(day)
    if not days:
        raise BusinessHoursError("no working days")
    return frozenset(days)


def parse_hours(text: str) -> tuple[dt.time, dt.time]:
    """ "09:00-17:00" as (opens, closes)."""
    try:
        opens, closes = (dt.time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError as error:
        raise BusinessHoursError(
            f"working hours must look like 09:00-17:00, not {text!r}"
        ) from error
    if closes <= opens:
        raise BusinessHoursError("working hours must close after they open, on the same day")
    return opens, closes


@dataclass(frozen=True)
class BusinessHours:
    """A working week: the hours of each working day, in one time zone, with days off."""

    zone: ZoneInfo
    opens: dt.time
    closes: dt.time
    days: frozenset[int]
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> BusinessHours:
        opens, closes = parse_hours(config["CONSULTANT_WORKING_HOURS"])
        holidays = frozenset(
            dt.date.fromisoformat(day.strip())
            for day in (config.get("CONSULTANT_HOLIDAYS") or "").split(",")
            if day.strip()
        )
        return cls(
            zone=ZoneInfo(config["CONSULTANT_TIME_ZONE"]),
            opens=opens,
            closes=closes,
            days=parse_days(config["CONSULTANT_WORKING_DAYS"]),
            holidays=holidays,
        )

    def _windows_from(self, moment: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """The working periods (naive UTC) that end after `moment`, in order."""
        day = _to_local(moment, self.zone).date() - dt.timedelta(days=1)
        for _ in range(MAX_DAYS):
            if day.weekday() in self.days and day not in self.holidays:
                start = _to_utc(dt.datetime.combine(day, self.opens), self.zone)
                end = _to_utc(dt.datetime.combine(day, self.closes), self.zone)
                if end > moment:
                    yield max(start, moment), end
            day += dt.timedelta(days=1)
        raise BusinessHoursError(f"no working time within {MAX_DAYS} days")

    def add(self, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """The moment `duration` of working time after `start` (both naive UTC)."""
        if duration <= dt.timedelta(0):
            return start
        left = duration
        for window_start, window_end in self._windows_from(start):
            available = window_end - window_start
            if left <= available:
                return window_start + left
            left -= available
        raise AssertionError("unreachable")  # _windows_from raises first

    def add_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        return self.add(start, dt.timedelta(hours=hours))

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """The working time from `start` to `end` (zero when `end` is not after `start`)."""
        total = dt.timedelta(0)
        if end <= start:
            return total
        for window_start, window_end in self._windows_from(start):
            if window_start >= end:
                break
            total += min(window_end, end) - window_start
        return total

    def hours_between(self, start: dt.datetime, end: dt.datetime) -> float:
        return self.between(start, end).total_seconds() / 3600


def _to_local(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC).astimezone(zone)


def _to_utc(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A wall-clock time in `zone` as naive UTC. A time the clocks skip (2:30 on the spring
    night) is read as the offset before the change, as zoneinfo does (fold=0)."""
    return local.replace(tzinfo=zone).astimezone(dt.UTC).replace(tzinfo=None)
