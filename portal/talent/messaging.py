"""Conversations between an employer and a candidate: the first contact, replies, declining,
sharing an address, blocking a company and reporting a message.

Neither side's address is shown to the other, in the portal or in mail, until that side shares
it; every mail says who wrote and links back to `/messages`, where the answer is written. Message
text is kept as cleaned plain text (`clean_text`) and always shown escaped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from portal import clock, plain_text
from portal.accounts.models import User
from portal.background_mail import send_email_in_background
from portal.extensions import db
from portal.jobs.models import JobPosting
from portal.talent.models import (
    Company,
    CompanyBlock,
    ContactMessage,
    Conversation,
    ConversationStatus,
    MessageReport,
)
from portal.urls import absolute_url

MAX_BODY = 5_000


class MessagingError(ValueError):
    """Something we refuse, said in words the person can act on."""


def clean_text(text: str) -> str:
    """A message as we keep it (portal.plain_text)."""
    return plain_text.clean_text(text)


def contacts_today(employer_id: int) -> int:
    start = dt.datetime.combine(clock.today(), dt.time())
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Conversation)
        .where(Conversation.employer_id == employer_id, Conversation.created_at >= start)
    )


def is_blocked(candidate_id: int, company_id: int) -> bool:
    return (
        db.session.scalar(
            sa.select(CompanyBlock.id).where(
                CompanyBlock.user_id == candidate_id, CompanyBlock.company_id == company_id
            )
        )
        is not None
    )


def open_posting(posting_id: int | None) -> JobPosting | None:
    return db.session.get(JobPosting, posting_id) if posting_id else None


def start_conversation(
    employer: User,
    company: Company,
    candidate_id: int,
    candidate_label: str,
    *,
    subject: str,
    body: str,
    job_title: str,
    posting_id: int | None,
) -> Conversation:
    """The employer's first message to a candidate; MessagingError when it may not be sent."""
    limit = current_app.config["TALENT_CONTACTS_PER_DAY"]
    if contacts_today(employer.id) >= limit:
        raise MessagingError(
            f"You have contacted {limit} candidates today, the most a day. Try again tomorrow."
        )
    if candidate_id == employer.id:
        raise MessagingError("That is your own resume.")
    if is_blocked(candidate_id, company.id):
        # Said plainly: the employer may know they were blocked, not who else was.
        raise MessagingError("This candidate does not accept messages from your company.")
    if posting_id is not None and open_posting(posting_id) is None:
        raise MessagingError("There is no job with that number on the portal.")
    now = clock.now()
    conversation = Conversation(
        candidate_id=candidate_id,
        employer_id=employer.id,
        company_id=company.id,
        candidate_label=candidate_label[:300],
        subject=clean_text(subject)[:200],
        job_title=clean_text(job_title)[:200],
        posting_id=posting_id,
        created_at=now,
        last_message_at=now,
    )
    conversation.company = company
    db.session.add(conversation)
    db.session.flush()
    db.session.add(
        ContactMessage(conversation_id=conversation.id, sender_id=employer.id, body=_body(body))
    )
    db.session.flush()
    return conversation


def _body(text: str) -> str:
    body = clean_text(text)
    if not body:
        raise MessagingError("Write a message.")
    return body[:MAX_BODY]


def reply(conversation: Conversation, sender: User, text: str) -> ContactMessage:
    if conversation.status != ConversationStatus.OPEN:
        raise MessagingError("This conversation is closed; nothing more can be sent.")
    message = ContactMessage(conversation_id=conversation.id, sender_id=sender.id, body=_body(text))
    conversation.last_message_at = clock.now()
    db.session.add(message)
    db.session.flush()
    return message


def decline(conversation: Conversation) -> None:
    conversation.status = ConversationStatus.DECLINED


def share_address(conversation: Conversation, side: str) -> None:
    if side == "candidate":
        conversation.candidate_shared_at = conversation.candidate_shared_at or clock.now()
    else:
        conversation.employer_shared_at = conversation.employer_shared_at or clock.now()


def block_company(conversation: Conversation) -> None:
    """The candidate hears nothing more from this company, in this conversation or a new one."""
    if not is_blocked(conversation.candidate_id, conversation.company_id):
        db.session.add(
            CompanyBlock(user_id=conversation.candidate_id, company_id=conversation.company_id)
        )
    db.session.execute(
        sa.update(Conversation)
        .where(
            Conversation.candidate_id == conversation.candidate_id,
            Conversation.company_id == conversation.company_id,
        )
        .values(status=ConversationStatus.BLOCKED)
    )


def report(message: ContactMessage, reporter: User, reason: str) -> MessageReport:
    existing = db.session.scalar(
        sa.select(MessageReport).where(
            MessageReport.message_id == message.id, MessageReport.reporter_id == reporter.id
        )
    )
    if existing is not None:
        return existing
    row = MessageReport(
        message_id=message.id, reporter_id=reporter.id, reason=clean_text(reason)[:500]
    )
    db.session.add(row)
    db.session.flush()
    return row


# Reading.


def conversations_of(user_id: int) -> list[Conversation]:
    """Everyone's own conversations, as candidate or as employer, latest first."""
    return list(
        db.session.scalars(
            sa.select(Conversation)
            .where(
                sa.or_(Conversation.candidate_id == user_id, Conversation.employer_id == user_id)
            )
            .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
            .limit(200)
        )
    )


def conversation_for(conversation_id: int, user_id: int) -> Conversation | None:
    """The conversation if `user_id` is one of its two sides; None for anyone else."""
    return db.session.scalar(
        sa.select(Conversation).where(
            Conversation.id == conversation_id,
            sa.or_(Conversation.candidate_id == user_id, Conversation.employer_id == user_id),
        )
    )


def messages_of(conversation: Conversation) -> list[ContactMessage]:
    return list(
        db.session.scalars(
            sa.select(ContactMessage)
            .where(ContactMessage.conversation_id == conversation.id)
            .order_by(ContactMessage.created_at, ContactMessage.id)
        )
    )


@dataclass(frozen=True)
class Parties:
    """What each side is shown of the other: a name and, once shared, an address."""

    candidate_name: str
    candidate_email: str | None
    employer_name: str
    employer_email: str | None


def parties(conversation: Conversation, work_email: str | None) -> Parties:
    """`work_email`: the employer's work address, shown only once they share it."""
    candidate = db.session.get(User, conversation.candidate_id)
    employer = db.session.get(User, conversation.employer_id)
    shared = candidate is not None and conversation.candidate_shared_at is not None
    employer_name = employer.name if employer else "An employer"
    return Parties(
        candidate_name=conversation.candidate_label,
        candidate_email=candidate.email if shared else None,
        employer_name=f"{employer_name} at {conversation.company.name}",
        employer_email=work_email if conversation.employer_shared_at else None,
    )


def open_reports() -> list[MessageReport]:
    return list(
        db.session.scalars(
            sa.select(MessageReport)
            .where(MessageReport.resolved_at.is_(None))
            .order_by(MessageReport.created_at)
        )
    )


# Mail: the other side is named, never addressed; the answer is written on the portal.


def notify_new_contact(conversation: Conversation, candidate_email: str, body: str) -> None:
    send_email_in_background(
        candidate_email,
        "talent_contact",
        company=conversation.company.name,
        subject=conversation.subject,
        job_title=conversation.job_title,
        body=body,
        link=absolute_url("talent.conversation", conversation_id=conversation.id),
    )


def notify_reply(conversation: Conversation, to_email: str, from_name: str, body: str) -> None:
    send_email_in_background(
        to_email,
        "talent_reply",
        from_name=from_name,
        subject=conversation.subject,
        body=body,
        link=absolute_url("talent.conversation", conversation_id=conversation.id),
    )
