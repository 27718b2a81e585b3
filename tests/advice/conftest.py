"""Job advice tests: members with resumes, real postings imported through the jobs importer,
the real seeded career guide."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from portal import clock
from portal.billing.services import grant_complimentary
from portal.extensions import db
from portal.resumes import services as resumes
from tests.conftest import login

DATA = Path(__file__).parent / "data"
RESUMES_DATA = Path(__file__).parent.parent / "resumes" / "data"


@pytest.fixture(autouse=True)
def _app_context(app):
    """Inside the rolled-back test transaction."""
    return app


def mht_document() -> dict:
    """A mental health technician's resume (the resumes tests' own fixture)."""
    return json.loads((RESUMES_DATA / "mht.resume.json").read_text("utf-8"))


def give_resume(user, document: dict) -> None:
    resume = resumes.start_resume(user)
    resumes.save(resume, document)
    db.session.commit()


def grant_plus(user) -> None:
    grant_complimentary(user.id, "plus", clock.today() + dt.timedelta(days=365))
    db.session.commit()


@pytest.fixture
def member(client, make_user):
    person = make_user("jordan@example.com", name="Jordan Rivera")
    login(client, person)
    return person
