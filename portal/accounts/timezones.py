"""The time zones a person can pick: IANA names from the system's zoneinfo database."""

from __future__ import annotations

import zoneinfo
from functools import cache

# Area/Location names only: the legacy aliases ("US/Eastern", "GB", "EST5EDT") name the same
# zones and make the list twice as long.
AREAS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@cache
def time_zone_names() -> tuple[str, ...]:
    names = {name for name in zoneinfo.available_timezones() if name.partition("/")[0] in AREAS}
    return ("UTC", *sorted(names))


def is_valid_time_zone(name: str) -> bool:
    if name not in time_zone_names():
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True
