"""Employers and their companies, the search index of public resumes, and the conversations
between employers and candidates.

Everything a person owns goes with their account (ON DELETE CASCADE). A resume's index row
goes with the resume. The full-text index over `talent_profiles` is not described here: the
migration creates it per database (FTS5 on SQLite, a generated tsvector on PostgreSQL), like
the job postings' one, and `UNMANAGED_SCHEMA_OBJECTS` tells Alembic to leave it alone.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import clock
from portal.db_types import JsonDocument, string_enum
from portal.extensions import db

SEARCH_TABLE = "talent_profiles_fts"
SEARCH_VECTOR_COLUMN = "search_vector"
SEARCH_VECTOR_INDEX = "ix_talent_profiles_search_vector"
UNMANAGED_SCHEMA_OBJECTS = {
    SEARCH_TABLE,
    *(f"{SEARCH_TABLE}_{shadow}" for shadow in ("data", "idx", "docsize", "config", "content")),
    f"talent_profiles.{SEARCH_VECTOR_COLUMN}",
    SEARCH_VECTOR_INDEX,
}
db.metadata.info.setdefault("unmanaged", set()).update(UNMANAGED_SCHEMA_OBJECTS)


def name_key(name: str) -> str:
    """A company name as compared: case and spacing do not make another company."""
    return " ".join(name.casefold().split())


class Company(db.Model):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    website: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class MembershipStatus(StrEnum):
    PENDING = "pending"  # asked for; waiting for the work email and an admin
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class EmployerMembership(db.Model):
    """A person acting for a company. The same account stays a job seeker as well."""

    __tablename__ = "employer_memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    work_email: Mapped[str] = mapped_column(String(254))
    work_email_confirmed_at: Mapped[dt.datetime | None]
    status: Mapped[MembershipStatus] = mapped_column(
        string_enum(MembershipStatus), default=MembershipStatus.PENDING, index=True
    )
    requested_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    decided_at: Mapped[dt.datetime | None]

    company: Mapped[Company] = relationship(lazy="joined")

    @property
    def approved(self) -> bool:
        return self.status == MembershipStatus.APPROVED and self.work_email_confirmed_at is not None


class TalentProfile(db.Model):
    """A public resume as employers search it: what its shown (anonymised where it should be)
    document says, one row per public resume, rewritten whenever the resume changes. Nothing
    here comes from the unanonymised document, so a hidden name can never be searched for."""

    __tablename__ = "talent_profiles"
    __table_args__ = (Index("ix_talent_profiles_user", "user_id"),)

    resume_id: Mapped[int] = mapped_column(
        ForeignKey("resumes.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    anonymous: Mapped[bool] = mapped_column(default=False)
    name: Mapped[str] = mapped_column(String(200), default="")  # empty when anonymous
    headline: Mapped[str] = mapped_column(String(300), default="")
    # Indexed text (see the migration): skills, summary and work as plain words.
    skills_text: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    work_text: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[list[str]] = mapped_column(JsonDocument, default=list)
    certifications: Mapped[str] = mapped_column(Text, default="")  # lowercase, one a line
    region: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(10), default="")
    # Lowercase, for the location filter; city is empty for anonymous resumes.
    region_key: Mapped[str] = mapped_column(String(100), default="", index=True)
    country_key: Mapped[str] = mapped_column(String(10), default="")
    city_key: Mapped[str] = mapped_column(String(100), default="")
    # Experience grows by a day a day while a job is current: the filter compares
    # `experience_origin` (the day experience would have begun, had it been continuous) with
    # today, so the row need not be rewritten as time passes.
    experience_days: Mapped[int] = mapped_column(default=0)
    experience_grows: Mapped[bool] = mapped_column(default=False)
    experience_origin: Mapped[dt.date] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(index=True)


class TalentProfileGuide(db.Model):
    """A public resume names this career guide's occupation or one of its skills."""

    __tablename__ = "talent_profile_guides"

    resume_id: Mapped[int] = mapped_column(
        ForeignKey("talent_profiles.resume_id", ondelete="CASCADE"), primary_key=True
    )
    guide_slug: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)


class ProfileView(db.Model):
    """A company's employers opened a resume on a day (for "viewed by N employers this week")."""

    __tablename__ = "talent_profile_views"
    __table_args__ = (UniqueConstraint("resume_id", "company_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resume_id: Mapped[int] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)


class HiddenCompany(db.Model):
    """A candidate's resume is not shown to this company's employers, public or not. Kept by
    name, so hiding works for a company that does not search here yet."""

    __tablename__ = "talent_hidden_companies"
    __table_args__ = (UniqueConstraint("user_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class ConversationStatus(StrEnum):
    OPEN = "open"
    DECLINED = "declined"  # the candidate said no; nothing more can be sent
    BLOCKED = "blocked"  # the candidate blocked the company


class Conversation(db.Model):
    """An employer's contact with a candidate about one job, and what followed."""

    __tablename__ = "talent_conversations"
    __table_args__ = (
        Index("ix_talent_conversations_employer_created", "employer_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    employer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    # How the employer knows the candidate: the resume's name, or "Anonymous candidate" and
    # its headline for an anonymous resume; their account's name is never shown to them.
    candidate_label: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200))
    posting_id: Mapped[int | None] = mapped_column(
        ForeignKey("job_postings.id", ondelete="SET NULL")
    )
    status: Mapped[ConversationStatus] = mapped_column(
        string_enum(ConversationStatus), default=ConversationStatus.OPEN
    )
    # Each side's address is shown to the other only once that side shares it.
    candidate_shared_at: Mapped[dt.datetime | None]
    employer_shared_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    last_message_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    company: Mapped[Company] = relationship(lazy="joined")

    def side_of(self, user_id: int) -> str | None:
        if user_id == self.candidate_id:
            return "candidate"
        if user_id == self.employer_id:
            return "employer"
        return None


class ContactMessage(db.Model):
    __tablename__ = "talent_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("talent_conversations.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)  # plain text, cleaned (see messaging.clean_text)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class CompanyBlock(db.Model):
    """A candidate will hear nothing more from this company."""

    __tablename__ = "talent_company_blocks"
    __table_args__ = (UniqueConstraint("user_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class MessageReport(db.Model):
    """Someone told the admins a message is abuse or spam."""

    __tablename__ = "talent_message_reports"
    __table_args__ = (UniqueConstraint("message_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("talent_messages.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    resolved_at: Mapped[dt.datetime | None]

    message: Mapped[ContactMessage] = relationship(lazy="joined")
