"""The time zones a person can pick: IANA names from the system's zoneinfo database, the common
ones first under readable names ("Mountain Time - Denver")."""

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


# Where most of our readers are, first in the list and named as people say them. Every name is
# a zone of the list below (checked by tests).
COMMON_ZONES: tuple[tuple[str, str], ...] = (
    ("America/New_York", "Eastern Time - New York"),
    ("America/Chicago", "Central Time - Chicago"),
    ("America/Denver", "Mountain Time - Denver"),
    ("America/Phoenix", "Mountain Time - Phoenix (no daylight saving)"),
    ("America/Los_Angeles", "Pacific Time - Los Angeles"),
    ("America/Anchorage", "Alaska Time - Anchorage"),
    ("Pacific/Honolulu", "Hawaii Time - Honolulu"),
    ("America/Puerto_Rico", "Atlantic Time - Puerto Rico"),
    ("America/Toronto", "Eastern Time - Toronto"),
    ("America/Vancouver", "Pacific Time - Vancouver"),
    ("Europe/London", "UK Time - London"),
    ("Europe/Dublin", "Irish Time - Dublin"),
    ("Europe/Berlin", "Central European Time - Berlin"),
    ("Asia/Kolkata", "India Time - Kolkata"),
    ("Asia/Manila", "Philippine Time - Manila"),
    ("Australia/Sydney", "Australian Eastern Time - Sydney"),
    ("UTC", "UTC (Coordinated Universal Time)"),
)


def readable_name(name: str) -> str:
    """'America/Argentina/Buenos_Aires' as 'America - Argentina - Buenos Aires'."""
    return name.replace("_", " ").replace("/", " - ")


def grouped_time_zones() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The picker's two groups: the common zones, then every other zone by its readable name."""
    common = {name for name, _ in COMMON_ZONES}
    rest = tuple((name, readable_name(name)) for name in time_zone_names() if name not in common)
    return (("Common time zones", COMMON_ZONES), ("All time zones", rest))
