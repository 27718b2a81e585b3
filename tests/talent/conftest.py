"""Talent tests: employers, candidates with public resumes, and Plus members, all made through
the real services (resumes saved through `resumes.services`, so the search index follows)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from portal import clock
from portal.billing.services import grant_complimentary, revoke_complimentary
from portal.extensions import db
from portal.resumes import services as resumes
from portal.resumes.models import Visibility
from portal.talent import employers
from tests.conftest import csrf_token


def resume_document(
    name: str = "Dana Reyes",
    label: str = "Mental Health Technician",
    *,
    region: str = "CO",
    country: str = "US",
    city: str = "Denver",
    summary: str = "Calm on acute psychiatric units.",
    skills: tuple[str, ...] = ("Crisis intervention", "Patient safety checks"),
    certificates: tuple[str, ...] = (),
    work: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "basics": {
            "name": name,
            "label": label,
            "email": f"{name.split()[0].lower()}@example.com",
            "summary": summary,
            "location": {"city": city, "region": region, "countryCode": country},
        },
        "skills": [{"name": skill} for skill in skills],
    }
    if certificates:
        document["certificates"] = [{"name": cert} for cert in certificates]
    if work is not None:
        document["work"] = work
    return document


@pytest.fixture
def make_candidate(make_user):
    """make_candidate(document, anonymous=False, visibility="public") -> (user, resume)."""

    def make(document=None, *, anonymous=False, visibility=Visibility.PUBLIC, email=None):
        document = document or resume_document()
        user = make_user(email, name=document["basics"].get("name") or "Someone")
        resume = resumes.start_resume(user)
        resumes.save(resume, document)
        resumes.update_settings(
            resume,
            visibility=Visibility(visibility),
            indexable=False,
            anonymous=anonymous,
            paper_size=None,
        )
        db.session.commit()
        return user, resume

    return make


@pytest.fixture
def make_employer(make_user):
    def make(company: str = "Cedar Ridge Behavioral Hospital", email: str | None = None):
        user = make_user(email, name="Erin Employer")
        employers.grant(user, company)
        db.session.commit()
        return user

    return make


def grant_plus(user) -> None:
    grant_complimentary(user.id, "plus", clock.today() + dt.timedelta(days=365))
    db.session.commit()


def end_plus(user) -> None:
    revoke_complimentary(user.id)
    db.session.commit()


def post_form(client, url: str, data: dict | None = None, **kwargs):
    """POST with the session's CSRF token, as the page's own form would."""
    return client.post(url, data={"csrf_token": csrf_token(client, "/"), **(data or {})}, **kwargs)
