"""The consultant service's mail: one function per kind of message.

From a request, mail is rendered there and handed to the background (it never blocks the
request); from a command (reminders, a plan that ended overnight) it is sent at once over one
connection. Call messages carry the `.ics` invitation as an attachment.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from typing import Any

from flask import has_request_context

from portal.background_mail import hand_over
from portal.consultant.invitations import invitation
from portal.consultant.models import Call, Conversation
from portal.mail import MailError, build_message, mail_connection
from portal.urls import absolute_url

log = logging.getLogger(__name__)


def _send(to: str, template: str, *, ics: bytes | None = None, **context: Any) -> None:
    message = build_message(to, template, **context)
    if ics is not None:
        # method= lets mail clients offer "accept" on the invitation itself (RFC 6047).
        message.add_attachment(
            ics,
            maintype="text",
            subtype="calendar",
            filename="call.ics",
            params={"method": "CANCEL" if b"METHOD:CANCEL" in ics else "REQUEST"},
        )
    if has_request_context():
        hand_over(message, template)
        return
    try:
        with mail_connection() as connection:
            connection.send(message)
    except MailError:
        log.exception("consultant mail %s to %s failed", template, to)


def local_time(moment, zone_name: str) -> str:
    """A naive UTC moment on a person's wall clock, with the zone, for mail and pages."""
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = moment.replace(tzinfo=dt.UTC).astimezone(zone)
    return f"{local:%A %d %B %Y, %H:%M} ({local.tzname()}, {zone_name})"


def answer_to_member(conversation: Conversation, member, consultant_user, text: str) -> None:
    _send(
        member.email,
        "consultant_answer",
        member=member,
        consultant_name=consultant_user.name,
        topic=conversation.topic,
        text=text,
        link=absolute_url("consultant.conversation", conversation_id=conversation.id),
    )


def message_to_consultant(conversation: Conversation, member, consultant_user) -> None:
    _send(
        consultant_user.email,
        "consultant_new_message",
        consultant=consultant_user,
        member_name=member.name,
        topic=conversation.topic,
        due=local_time(conversation.next_answer_due, consultant_user.time_zone),
        link=absolute_url("consultant.inbox_conversation", conversation_id=conversation.id),
    )


def reassigned(member, previous_user, new_user) -> None:
    _send(
        member.email,
        "consultant_reassigned",
        person=member,
        is_member=True,
        consultant_name=new_user.name,
        member_name=member.name,
        link=absolute_url("consultant.home"),
    )
    for user, gained in ((new_user, True), (previous_user, False)):
        if user is None:
            continue
        _send(
            user.email,
            "consultant_reassigned",
            person=user,
            is_member=False,
            gained=gained,
            consultant_name=new_user.name,
            member_name=member.name,
            link=absolute_url("consultant.inbox"),
        )


def call_changed(call: Call, member, consultant_user, change: str, reason: str = "") -> None:
    """`change`: "booked", "moved" or "cancelled"; both sides get the invitation."""
    member_link = absolute_url("consultant.home")
    for person, zone, link in (
        (member, member.time_zone, member_link),
        (consultant_user, consultant_user.time_zone, absolute_url("consultant.inbox")),
    ):
        _send(
            person.email,
            "consultant_call",
            ics=invitation(call, member, consultant_user, link),
            person=person,
            change=change,
            reason=reason,
            other_name=consultant_user.name if person is member else member.name,
            when=local_time(call.starts_at, zone),
            link=link,
        )


def call_reminder(call: Call, member, consultant_user) -> None:
    for person, zone, other in (
        (member, member.time_zone, consultant_user.name),
        (consultant_user, consultant_user.time_zone, member.name),
    ):
        _send(
            person.email,
            "consultant_call_reminder",
            person=person,
            other_name=other,
            when=local_time(call.starts_at, zone),
            link=absolute_url("consultant.home" if person is member else "consultant.inbox"),
        )
