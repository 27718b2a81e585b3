"""What talent keeps about a person, for the account's data export: their employer request,
the companies they hide from, and their conversations with the messages in them."""

from __future__ import annotations

from typing import Any

from portal.talent import employers, messaging, profiles


def export_talent(user) -> dict[str, Any] | None:
    membership = employers.membership_of(user.id)
    conversations = messaging.conversations_of(user.id)
    hidden = profiles.hidden_companies(user.id)
    if membership is None and not conversations and not hidden:
        return None
    return {
        "employer": None
        if membership is None
        else {
            "company": membership.company.name,
            "work_email": membership.work_email,
            "status": membership.status.value,
        },
        "hidden_from_companies": [row.name for row in hidden],
        "conversations": [
            {
                "as": conversation.side_of(user.id),
                "company": conversation.company.name,
                "subject": conversation.subject,
                "job": conversation.job_title,
                "messages": [
                    {
                        "mine": message.sender_id == user.id,
                        "text": message.body,
                        "at": message.created_at,
                    }
                    for message in messaging.messages_of(conversation)
                ],
            }
            for conversation in conversations
        ],
    }
