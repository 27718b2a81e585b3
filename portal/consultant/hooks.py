"""What the consultant domain does when something happens elsewhere: a plan ends (billing's
`membership_changed`), an account is exported."""

from __future__ import annotations

from typing import Any

from flask import Flask

from portal.accounts.models import User
from portal.billing.entitlements import entitlements_by_user_id
from portal.consultant import ENTITLEMENT, calls
from portal.extensions import db

LAPSED = "the member's plan no longer includes calls"


def plan_changed(_app, user_id: int, **_extra: Any) -> None:
    """When a member's plan stops including the consultant, their calls still to come are
    cancelled (both sides told); conversations stay, read-only, until they upgrade again.
    Written in billing's transaction."""
    user = db.session.get(User, user_id)
    if user is not None and not user.can(ENTITLEMENT):
        calls.cancel_future_calls(user_id, LAPSED)


def cancel_calls_of_lapsed_members() -> int:
    """Complimentary access ends at midnight without anyone writing anything: the reminder run
    finds those members' future calls and cancels them. Committed."""
    # Billing's batch answer keeps nothing in `g`: a worker that runs this every 15 minutes in
    # one app context must not read a plan as it was at the previous run.
    members = calls.members_with_future_calls()
    granted = entitlements_by_user_id(member.id for member in members)
    cancelled = 0
    for member in members:
        if ENTITLEMENT not in granted.get(member.id, frozenset()):
            cancelled += calls.cancel_future_calls(member.id, LAPSED)
    db.session.commit()
    return cancelled


def export_conversations(user) -> list[dict[str, Any]]:
    """The member's conversations for their data export (never the consultant's notes)."""
    from portal.consultant.conversations import of_member

    return [
        {
            "topic": conversation.topic,
            "started_at": conversation.created_at,
            "messages": [
                {
                    "from": "consultant" if message.from_consultant else "you",
                    "author": message.author_name,
                    "text": message.body,
                    "sent_at": message.created_at,
                }
                for message in conversation.messages
            ],
        }
        for conversation in of_member(user.id)
    ]


def register(app: Flask) -> None:
    from portal.accounts.signals import register_data_exporter

    register_data_exporter(app, "consultant_conversations", export_conversations)
