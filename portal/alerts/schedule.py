"""When digests are due: 08:00 in the user's time zone, daily or on one weekday.

Pure functions over naive UTC datetimes (as the database stores them). 08:00 local exists on
every day in every zone (daylight-saving changes happen at night), and zoneinfo gives the
right UTC offset on each side of a change.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.alerts.models import Frequency

SEND_AT = dt.time(8, 0)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def slot_on(day: dt.date, time_zone: str) -> dt.datetime:
    """08:00 on `day` in `time_zone`, as naive UTC."""
    local = dt.datetime.combine(day, SEND_AT, tzinfo=zone(time_zone))
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _is_send_day(day: dt.date, frequency: Frequency, weekday: int) -> bool:
    return frequency == Frequency.DAILY or day.weekday() == weekday


def _local_date(moment: dt.datetime, time_zone: str) -> dt.date:
    return moment.replace(tzinfo=dt.UTC).astimezone(zone(time_zone)).date()


def latest_slot(
    now: dt.datetime, time_zone: str, frequency: Frequency, weekday: int
) -> dt.datetime:
    """The most recent send time at or before `now`."""
    day = _local_date(now, time_zone)
    for back in range(9):
        candidate = day - dt.timedelta(days=back)
        if _is_send_day(candidate, frequency, weekday) and slot_on(candidate, time_zone) <= now:
            return slot_on(candidate, time_zone)
    raise AssertionError("a send day falls within any eight days")


def next_slot(
    after: dt.datetime, time_zone: str, frequency: Frequency, weekday: int
) -> dt.datetime:
    """The first send time strictly after `after`."""
    day = _local_date(after, time_zone)
    for ahead in range(9):
        candidate = day + dt.timedelta(days=ahead)
        if _is_send_day(candidate, frequency, weekday) and slot_on(candidate, time_zone) > after:
            return slot_on(candidate, time_zone)
    raise AssertionError("a send day falls within any eight days")


def local_label(moment: dt.datetime, time_zone: str) -> str:
    """'Monday 7 December 2026, 08:00' in the user's zone."""
    local = moment.replace(tzinfo=dt.UTC).astimezone(zone(time_zone))
    return f"{WEEKDAYS[local.weekday()]} {local.day} {local:%B %Y, %H:%M}"
