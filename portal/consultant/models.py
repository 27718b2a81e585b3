"""The consultant service as stored: who is a consultant, which member each one looks after,
conversations and their messages, private notes, weekly availability and booked calls.

Times are naive UTC. A consultant's weekly availability is in their own time zone (the account's
`time_zone`), so "Tuesdays 9 to 12" stays 9 to 12 on their wall clock all year.
"""

from __future__ import annotations

import datetime as dt
import secrets
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text, Time, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import clock
from portal.accounts.models import User
from portal.db_types import string_enum
from portal.extensions import db

MESSAGE_MAX = 5000
TOPIC_MAX = 120
NOTE_MAX = 2000


class Consultant(db.Model):
    """A member of the portal's team who answers members: the consultant role."""

    __tablename__ = "consultants"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # How many members they look after at most; new members go to someone else beyond it.
    capacity: Mapped[int] = mapped_column(default=40)
    # An admin may take the role away; their members keep them until reassigned.
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class Assignment(db.Model):
    """The one consultant a member has, kept until an admin reassigns them, and what the
    member chose to share with them (nothing until they choose)."""

    __tablename__ = "consultant_assignments"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    consultant_id: Mapped[int] = mapped_column(
        ForeignKey("consultants.user_id", ondelete="RESTRICT"), index=True
    )
    assigned_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    share_resume: Mapped[bool] = mapped_column(default=False)
    share_bookmarks: Mapped[bool] = mapped_column(default=False)

    consultant: Mapped[Consultant] = relationship(lazy="joined", innerjoin=True)
    member: Mapped[User] = relationship(foreign_keys=[member_id], lazy="joined", innerjoin=True)


class Conversation(db.Model):
    """A topic a member raised, with the moments the next answer is due."""

    __tablename__ = "consultant_conversations"
    __table_args__ = (
        # The inbox: a consultant's members' conversations by the next answer due.
        Index("ix_consultant_conversations_due", "next_answer_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(TOPIC_MAX))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    # The promise made when the conversation started (first message + N business hours).
    first_answer_due: Mapped[dt.datetime]
    first_answered_at: Mapped[dt.datetime | None]
    # None while the consultant has the last word; set again by each message of the member.
    next_answer_due: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    member: Mapped[User] = relationship(lazy="raise")
    messages: Mapped[list[Message]] = relationship(
        lazy="raise", order_by="Message.id", cascade="all, delete-orphan"
    )


class Message(db.Model):
    __tablename__ = "consultant_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("consultant_conversations.id", ondelete="CASCADE"), index=True
    )
    # Kept when the consultant's account goes, so the member still reads the answer.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(100))
    from_consultant: Mapped[bool]
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class Note(db.Model):
    """A consultant's private note about a member; the member never sees it."""

    __tablename__ = "consultant_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class AvailabilityWindow(db.Model):
    """Part of a consultant's week when calls may be booked, on their wall clock."""

    __tablename__ = "consultant_availability"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultant_id: Mapped[int] = mapped_column(
        ForeignKey("consultants.user_id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]  # Monday is 0
    starts: Mapped[dt.time] = mapped_column(Time)
    ends: Mapped[dt.time] = mapped_column(Time)


class DayOff(db.Model):
    __tablename__ = "consultant_days_off"
    __table_args__ = (UniqueConstraint("consultant_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultant_id: Mapped[int] = mapped_column(
        ForeignKey("consultants.user_id", ondelete="CASCADE")
    )
    day: Mapped[dt.date] = mapped_column(Date)


class CallStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"


def new_call_uid() -> str:
    return f"{secrets.token_hex(12)}@career-portal"


class Call(db.Model):
    """A 30-minute call booked by a member with their consultant.

    The partial unique index is what makes double booking impossible: two members posting the
    same slot at the same instant both pass the service's check, and the database lets one
    insert through. A cancelled call leaves the index, so its slot is free again."""

    __tablename__ = "consultant_calls"
    __table_args__ = (
        Index(
            "uq_consultant_calls_booked_slot",
            "consultant_id",
            "starts_at",
            unique=True,
            sqlite_where=text("status = 'booked'"),
            postgresql_where=text("status = 'booked'"),
        ),
        Index("ix_consultant_calls_member_starts", "member_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    consultant_id: Mapped[int] = mapped_column(
        ForeignKey("consultants.user_id", ondelete="CASCADE")
    )
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime]
    status: Mapped[CallStatus] = mapped_column(string_enum(CallStatus), default=CallStatus.BOOKED)
    # The invitation's identity and revision (RFC 5545 UID and SEQUENCE): a moved or cancelled
    # call updates the event already in both calendars instead of adding another.
    uid: Mapped[str] = mapped_column(String(64), default=new_call_uid, unique=True)
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    cancelled_at: Mapped[dt.datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(40))
    reminded_at: Mapped[dt.datetime | None]

    member: Mapped[User] = relationship(foreign_keys=[member_id], lazy="raise")
    consultant: Mapped[Consultant] = relationship(lazy="raise")
