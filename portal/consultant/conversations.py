"""Conversations between a member and their consultant, with the promised answer times, and the
consultant's private notes.

Messages are plain text: control characters are removed here and pages and mail escape the
rest when they show it (never `|safe`), so a message can contain `<script>` and show it as
text. Whether a member may write (their plan) is the views' question; these functions do what
they are asked.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from portal import clock, plain_text
from portal.accounts.models import User
from portal.consultant import notify, roster
from portal.consultant.business_hours import BusinessHours
from portal.consultant.models import (
    MESSAGE_MAX,
    NOTE_MAX,
    TOPIC_MAX,
    Assignment,
    Conversation,
    Message,
    Note,
)
from portal.extensions import db


class ConversationError(Exception):
    """Something the member or consultant can fix, as a sentence."""


def clean_text(text: str, limit: int = MESSAGE_MAX) -> str:
    """A message as we keep it (portal.plain_text), at most `limit` characters."""
    return plain_text.clean_text(text, limit)


def business_hours() -> BusinessHours:
    return BusinessHours.from_config(current_app.config)


def answer_due(after: dt.datetime) -> dt.datetime:
    """When an answer to a message sent at `after` is due (CONSULTANT_ANSWER_HOURS)."""
    return business_hours().add_hours(after, current_app.config["CONSULTANT_ANSWER_HOURS"])


def start(member: User, topic: str, text: str) -> Conversation:
    """A new conversation, assigning the member a consultant the first time; committed."""
    topic, text = clean_text(topic, TOPIC_MAX), clean_text(text)
    if not topic or not text:
        raise ConversationError("Give a topic and a message.")
    assignment = roster.assign(member)
    if assignment is None:
        db.session.rollback()
        raise ConversationError(
            "Every consultant is looking after as many members as they can right now. "
            "Please try again in a day or two; we have been told."
        )
    now = clock.now()
    due = answer_due(now)
    conversation = Conversation(
        member_id=member.id,
        topic=topic,
        created_at=now,
        updated_at=now,
        first_answer_due=due,
        next_answer_due=due,
    )
    conversation.messages.append(
        Message(
            author_id=member.id,
            author_name=member.name,
            from_consultant=False,
            body=text,
            created_at=now,
        )
    )
    db.session.add(conversation)
    db.session.commit()
    notify.message_to_consultant(conversation, member, assignment.consultant.user)
    return conversation


def member_writes(conversation: Conversation, member: User, text: str) -> Message:
    """The member writes again: an answer is due again, unless one is already owed."""
    text = clean_text(text)
    if not text:
        raise ConversationError("Write a message.")
    now = clock.now()
    message = Message(
        conversation_id=conversation.id,
        author_id=member.id,
        author_name=member.name,
        from_consultant=False,
        body=text,
        created_at=now,
    )
    db.session.add(message)
    if conversation.next_answer_due is None:
        conversation.next_answer_due = answer_due(now)
    conversation.updated_at = now
    db.session.commit()
    assignment = roster.assignment_of(member.id)
    if assignment is not None:
        notify.message_to_consultant(conversation, member, assignment.consultant.user)
    return message


def consultant_answers(conversation: Conversation, consultant_user: User, text: str) -> Message:
    """The consultant answers: nothing is owed until the member writes again; the member is
    mailed the answer."""
    text = clean_text(text)
    if not text:
        raise ConversationError("Write an answer.")
    now = clock.now()
    message = Message(
        conversation_id=conversation.id,
        author_id=consultant_user.id,
        author_name=consultant_user.name,
        from_consultant=True,
        body=text,
        created_at=now,
    )
    db.session.add(message)
    if conversation.first_answered_at is None:
        conversation.first_answered_at = now
    conversation.next_answer_due = None
    conversation.updated_at = now
    db.session.commit()
    member = db.session.get(User, conversation.member_id)
    notify.answer_to_member(conversation, member, consultant_user, text)
    return message


def of_member(member_id: int) -> list[Conversation]:
    """The member's conversations, newest activity first, with their messages: two queries."""
    return list(
        db.session.scalars(
            sa.select(Conversation)
            .options(selectinload(Conversation.messages))
            .where(Conversation.member_id == member_id)
            .order_by(Conversation.updated_at.desc(), Conversation.id.desc())
        )
    )


def for_member(member_id: int, conversation_id: int) -> Conversation | None:
    """The conversation if it is this member's; None for anyone else's."""
    return db.session.scalars(
        sa.select(Conversation)
        .options(selectinload(Conversation.messages))
        .where(Conversation.id == conversation_id, Conversation.member_id == member_id)
    ).first()


def for_consultant(consultant_id: int, conversation_id: int) -> Conversation | None:
    """The conversation if its member is assigned to this consultant now; None otherwise."""
    return db.session.scalars(
        sa.select(Conversation)
        .options(selectinload(Conversation.messages))
        .join(Assignment, Assignment.member_id == Conversation.member_id)
        .where(Conversation.id == conversation_id, Assignment.consultant_id == consultant_id)
    ).first()


def inbox(consultant_id: int) -> list[sa.Row]:
    """The consultant's members' conversations: those owed an answer first, soonest due first
    (so the overdue lead), then the answered ones by latest activity. One query."""
    return list(
        db.session.execute(
            sa.select(Conversation, User.name.label("member_name"))
            .join(Assignment, Assignment.member_id == Conversation.member_id)
            .join(User, User.id == Conversation.member_id)
            .where(Assignment.consultant_id == consultant_id)
            .order_by(
                Conversation.next_answer_due.is_(None),
                Conversation.next_answer_due,
                Conversation.updated_at.desc(),
            )
        )
    )


def add_note(consultant_user: User, member_id: int, text: str) -> Note:
    text = clean_text(text, NOTE_MAX)
    if not text:
        raise ConversationError("Write a note.")
    note = Note(
        member_id=member_id,
        author_id=consultant_user.id,
        author_name=consultant_user.name,
        body=text,
    )
    db.session.add(note)
    db.session.commit()
    return note


def notes_about(member_id: int) -> list[Note]:
    return list(
        db.session.scalars(
            sa.select(Note).where(Note.member_id == member_id).order_by(Note.id.desc())
        )
    )


def set_sharing(assignment: Assignment, resume: bool, bookmarks: bool) -> None:
    assignment.share_resume = resume
    assignment.share_bookmarks = bookmarks
    db.session.commit()
