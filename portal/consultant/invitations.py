"""Calendar invitations (`.ics`, RFC 5545 via the `icalendar` package) for booked calls.

Times are written in UTC (a `Z` suffix), so every calendar places the call at the same instant
whatever its own time zone. The event's UID stays with the call and its SEQUENCE goes up with
every change, so a moved or cancelled call updates the event already in a calendar (RFC 5546:
METHOD REQUEST to add or change it, CANCEL to take it away).
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vText

from portal import clock
from portal.consultant.models import Call, CallStatus


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC)


def _address(email: str, name: str, role: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    address.params["role"] = vText(role)
    return address


def invitation(call: Call, member, consultant_user, link: str) -> bytes:
    """The call as an iCalendar file: a request, or a cancellation once it is cancelled."""
    site = current_app.config.get("SITE_NAME", "Career Portal")
    cancelled = call.status == CallStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", f"-//{site}//Career consultant//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", call.uid)
    event.add("sequence", call.sequence)
    event.add("dtstamp", clock.now_utc())
    event.add("dtstart", _utc(call.starts_at))
    event.add("dtend", _utc(call.ends_at))
    event.add("summary", f"Career consultant call: {member.name} with {consultant_user.name}")
    event.add("description", f"Your call on {site}. Manage it at {link}")
    event.add("url", link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event["organizer"] = _address(consultant_user.email, consultant_user.name, "CHAIR")
    event.add("attendee", _address(member.email, member.name, "REQ-PARTICIPANT"))
    calendar.add_component(event)
    return calendar.to_ical()
