"""Employers: asking to act for a company, confirming the work email, an admin's decision, and
what an employer may do.

What an account may do here is a set of employer entitlements (`employer_entitlements`), the
way billing answers for job seekers: today an approved membership with a confirmed work email
gives them all, and admins may search. A later employer plan changes this one function; views
only ever ask `can_search` and `can_contact`.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import g

from portal import clock
from portal.accounts import tokens
from portal.accounts.models import User
from portal.extensions import db
from portal.talent.models import Company, EmployerMembership, MembershipStatus, name_key
from portal.urls import absolute_url

SEARCH_RESUMES = "search_resumes"
CONTACT_CANDIDATES = "contact_candidates"
EMPLOYER_ENTITLEMENTS = frozenset({SEARCH_RESUMES, CONTACT_CANDIDATES})


class EmployerError(ValueError):
    """A request we refuse, said in words the person can act on."""


def membership_of(user_id: int) -> EmployerMembership | None:
    return db.session.scalar(
        sa.select(EmployerMembership).where(EmployerMembership.user_id == user_id)
    )


def _current_membership(user: User) -> EmployerMembership | None:
    """Once per request for the signed-in person: pages ask several times."""
    cache = g.setdefault("talent_memberships", {})
    if user.id not in cache:
        cache[user.id] = membership_of(user.id)
    return cache[user.id]


def employer_entitlements(user: Any) -> frozenset[str]:
    """What `user` (a User, an anonymous visitor or None) may do as an employer right now."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    membership = _current_membership(user)
    if membership is not None and membership.approved:
        return EMPLOYER_ENTITLEMENTS
    if user.is_admin:
        return frozenset({SEARCH_RESUMES})
    return frozenset()


def can_search(user: Any) -> bool:
    return SEARCH_RESUMES in employer_entitlements(user)


def can_contact(user: Any) -> bool:
    return CONTACT_CANDIDATES in employer_entitlements(user)


def company_of(user: Any) -> Company | None:
    """The company an approved employer acts for; None for everyone else (admins too)."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = _current_membership(user)
    return membership.company if membership is not None and membership.approved else None


def company_named(name: str, website: str = "") -> Company:
    """The company of that name (case and spacing aside), made if it is new."""
    key = name_key(name)
    company = db.session.scalar(sa.select(Company).where(Company.name_key == key))
    if company is None:
        company = Company(name=" ".join(name.split()), name_key=key, website=website)
        db.session.add(company)
        db.session.flush()
    elif website and not company.website:
        company.website = website
    return company


def ask_to_join(user: User, company_name: str, work_email: str, website: str) -> EmployerMembership:
    """Record the request (or replace a pending or refused one); the work email must be
    confirmed and an admin must approve before it gives anything."""
    membership = membership_of(user.id)
    if membership is not None and membership.status == MembershipStatus.APPROVED:
        raise EmployerError("Your employer account is already approved.")
    company = company_named(company_name, website)
    if membership is None:
        membership = EmployerMembership(user_id=user.id, company_id=company.id, work_email="")
        db.session.add(membership)
    membership.company_id = company.id
    membership.company = company
    if membership.work_email != work_email:
        membership.work_email_confirmed_at = None
    membership.work_email = work_email
    membership.status = MembershipStatus.PENDING
    membership.requested_at = clock.now()
    membership.decided_at = None
    db.session.flush()
    return membership


def confirmation_link(membership: EmployerMembership, issued_at: float | None = None) -> str:
    payload = {"id": membership.id, "email": membership.work_email}
    token = tokens.issue(tokens.Purpose.EMPLOYER_EMAIL, payload, issued_at)
    return absolute_url("talent.confirm_work_email", token=token)


def confirm_work_email(token: str) -> EmployerMembership:
    """Mark the work email confirmed; raises tokens.TokenError for a bad or expired link and
    EmployerError when the request changed since the link was sent."""
    payload = tokens.read(tokens.Purpose.EMPLOYER_EMAIL, token)
    membership = db.session.get(EmployerMembership, payload.get("id"))
    if membership is None or membership.work_email != payload.get("email"):
        raise EmployerError("This link is for an earlier request. Use the newest one we sent.")
    if membership.work_email_confirmed_at is None:
        membership.work_email_confirmed_at = clock.now()
    return membership


def decide(membership: EmployerMembership, approve: bool) -> None:
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.REJECTED
    membership.decided_at = clock.now()


def grant(user: User, company_name: str) -> EmployerMembership:
    """Make `user` an approved employer of the company at once (the command line's way): their
    account address stands as the confirmed work email."""
    company = company_named(company_name)
    membership = membership_of(user.id)
    if membership is None:
        membership = EmployerMembership(user_id=user.id, company_id=company.id, work_email="")
        db.session.add(membership)
    membership.company_id = company.id
    membership.company = company
    membership.work_email = membership.work_email or user.email
    membership.work_email_confirmed_at = membership.work_email_confirmed_at or clock.now()
    decide(membership, approve=True)
    db.session.flush()
    return membership


def waiting_for_approval() -> list[EmployerMembership]:
    """Requests an admin may decide: the work email confirmed, oldest first."""
    return list(
        db.session.scalars(
            sa.select(EmployerMembership)
            .where(
                EmployerMembership.status == MembershipStatus.PENDING,
                EmployerMembership.work_email_confirmed_at.is_not(None),
            )
            .order_by(EmployerMembership.requested_at)
        )
    )


def recent_memberships(limit: int = 100) -> list[EmployerMembership]:
    return list(
        db.session.scalars(
            sa.select(EmployerMembership).order_by(EmployerMembership.id.desc()).limit(limit)
        )
    )


def describe(membership: EmployerMembership) -> dict[str, Any]:
    """The membership as the audit log keeps it."""
    return {
        "user_id": membership.user_id,
        "company": membership.company.name,
        "work_email": membership.work_email,
        "status": membership.status.value,
    }
