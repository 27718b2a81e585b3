"""Alert tests: postings received at chosen moments, alerts created at chosen moments, and sends
run `--now` at chosen moments, all through the real search, mail connection and SMTP server."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal import clock
from portal.alerts import sending, services
from portal.billing.services import grant_complimentary, revoke_complimentary
from portal.extensions import db
from portal.jobs.models import JobPosting
from tests.jobs.factories import add_postings, record

SITE_URL = "https://jobs.example.org"


@pytest.fixture(autouse=True)
def _site_url(app, monkeypatch):
    """Digests are built outside any request: links come from SITE_URL."""
    monkeypatch.setitem(app.config, "SITE_URL", SITE_URL)
    return app


def at(text: str) -> dt.datetime:
    """'2026-03-08 12:00' as naive UTC."""
    return dt.datetime.fromisoformat(text)


def received(when: str, **fields) -> JobPosting:
    """A new posting that we stored at `when` (UTC)."""
    (posting,) = add_postings(record(**fields))
    db.session.execute(
        sa.update(JobPosting).where(JobPosting.id == posting.id).values(received_at=at(when))
    )
    db.session.commit()
    return posting


def make_alert(user, query=None, *, created: str, frequency=None, weekday=0, name="Nurse jobs"):
    return services.create_alert(
        user, name, query or {}, frequency=frequency, weekday=weekday, now=at(created)
    )


def send(when: str, **options) -> sending.Summary:
    return sending.send_due(at(when), **options)


def grant_plus(user) -> None:
    grant_complimentary(user.id, "plus", clock.today() + dt.timedelta(days=365))
    db.session.commit()


def end_plus(user) -> None:
    revoke_complimentary(user.id)
    db.session.commit()
