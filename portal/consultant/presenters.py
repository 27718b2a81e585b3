"""How the consultant pages show moments: on the viewer's own clock, with its zone, and
whether an answer is late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import Flask
from flask_login import current_user

from portal import clock


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def on_clock(moment: dt.datetime | None, zone_name: str | None = None) -> str:
    """A naive UTC moment as "Tue 1 Dec 2026, 14:00 MST" on the viewer's clock."""
    if moment is None:
        return ""
    zone = _zone(zone_name or getattr(current_user, "time_zone", None) or "UTC")
    local = moment.replace(tzinfo=dt.UTC).astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local.tzname()}"


def is_overdue(moment: dt.datetime | None) -> bool:
    return moment is not None and moment < clock.now()


@dataclass(frozen=True)
class Slot:
    value: str  # the UTC start the form sends back
    label: str  # the time on the member's clock


def day_groups(slots: list[dt.datetime], zone_name: str) -> list[tuple[str, list[Slot]]]:
    """Slots grouped by the member's local day, in order."""
    zone = _zone(zone_name)
    groups: dict[dt.date, list[Slot]] = {}
    for start in slots:
        local = start.replace(tzinfo=dt.UTC).astimezone(zone)
        groups.setdefault(local.date(), []).append(
            Slot(start.isoformat(), f"{local:%H:%M} {local.tzname()}")
        )
    return [(f"{day:%A} {day.day} {day:%B}", items) for day, items in groups.items()]


def register(app: Flask) -> None:
    app.add_template_filter(on_clock, "on_clock")
    app.add_template_global(is_overdue, "consultant_overdue")
