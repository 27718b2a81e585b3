"""A resume as an employer opens it, who opened it, and the companies a candidate hides from."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from portal import clock
from portal.extensions import db
from portal.resumes import listing, rendering
from portal.resumes.models import Resume
from portal.talent.models import Company, HiddenCompany, ProfileView, name_key

VIEWS_WINDOW_DAYS = 7
MAX_HIDDEN = 50


class HidingError(ValueError):
    """A company name we cannot hide from, said in words the person can act on."""


def is_hidden_from(user_id: int, company: Company | None) -> bool:
    if company is None:
        return False
    return (
        db.session.scalar(
            sa.select(HiddenCompany.id).where(
                HiddenCompany.user_id == user_id, HiddenCompany.name_key == company.name_key
            )
        )
        is not None
    )


def resume_for(resume_id: int, company: Company | None) -> tuple[Resume, dict[str, Any]] | None:
    """A public resume and its document as employers see it (anonymised where it should be);
    None when it is not public or its owner hides it from `company`."""
    resume = listing.public_resume(resume_id)
    if resume is None or is_hidden_from(resume.user_id, company):
        return None
    return resume, rendering.shown_document(resume)


def record_view(resume_id: int, company: Company | None) -> None:
    """Count that this company opened the resume today (once a day per company)."""
    if company is None:
        return
    table = ProfileView.__table__
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    db.session.execute(
        dialect.insert(table)
        .values(resume_id=resume_id, company_id=company.id, day=clock.today())
        .on_conflict_do_nothing(index_elements=[table.c.resume_id, table.c.company_id, table.c.day])
    )


def companies_viewed_this_week(resume_id: int) -> int:
    since = clock.today() - dt.timedelta(days=VIEWS_WINDOW_DAYS - 1)
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(ProfileView.company_id))).where(
            ProfileView.resume_id == resume_id, ProfileView.day >= since
        )
    )


def hidden_companies(user_id: int) -> list[HiddenCompany]:
    return list(
        db.session.scalars(
            sa.select(HiddenCompany)
            .where(HiddenCompany.user_id == user_id)
            .order_by(HiddenCompany.name_key)
        )
    )


def hide_from(user_id: int, company_name: str) -> HiddenCompany:
    name = " ".join(company_name.split())
    key = name_key(name)
    if not key:
        raise HidingError("Enter the company's name.")
    existing = db.session.scalar(
        sa.select(HiddenCompany).where(
            HiddenCompany.user_id == user_id, HiddenCompany.name_key == key
        )
    )
    if existing is not None:
        return existing
    count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(HiddenCompany)
        .where(HiddenCompany.user_id == user_id)
    )
    if count >= MAX_HIDDEN:
        raise HidingError(f"You can hide your resume from at most {MAX_HIDDEN} companies.")
    row = HiddenCompany(user_id=user_id, name=name[:200], name_key=key[:200])
    db.session.add(row)
    db.session.flush()
    return row


def unhide(user_id: int, hidden_id: int) -> bool:
    result = db.session.execute(
        sa.delete(HiddenCompany).where(
            HiddenCompany.id == hidden_id, HiddenCompany.user_id == user_id
        )
    )
    return bool(result.rowcount)
