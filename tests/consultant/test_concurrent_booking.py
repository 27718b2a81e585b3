"""Two members posting the same slot at the same instant: one call is booked, the other member
is told to choose another time. Run on its own database (committed data, real concurrent
transactions): a SQLite file, and PostgreSQL when TEST_POSTGRES_URL names one."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from portal import clock, create_app
from portal.accounts.models import User
from portal.billing.services import grant_complimentary
from portal.consultant import calls, roster
from portal.consultant.models import Call, CallStatus
from portal.extensions import db
from portal.seeding import run_seeders
from tests.conftest import (
    DEFAULT_PASSWORD,
    MIGRATIONS,
    TEST_NOW,
    _password_hash,
    app_settings,
    csrf_token,
    login,
    mail_settings,
    reset_database,
)
from tests.services import scratch_postgres_url

SLOT = dt.datetime(2026, 12, 1, 14, 0)  # Tuesday 09:00 in New York


@pytest.fixture(params=["sqlite", "postgresql"])
def own_app(request, tmp_path, smtp_server):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'booking.sqlite3'}"
    else:
        url = scratch_postgres_url()
        reset_database(url)
    app = create_app(app_settings(url, **mail_settings(smtp_server)))
    with app.app_context(), clock.frozen(TEST_NOW):
        upgrade(directory=MIGRATIONS)
        run_seeders(Path(app.config["SEEDS_DIR"]))  # the plans
    yield app
    with app.app_context():
        db.engine.dispose()


def _account(email: str, name: str, time_zone: str = "UTC") -> User:
    user = User(
        email=email,
        name=name,
        password_hash=_password_hash(DEFAULT_PASSWORD),
        email_confirmed_at=clock.now(),
        time_zone=time_zone,
    )
    db.session.add(user)
    db.session.flush()
    return user


def test_two_members_booking_one_slot_at_once_get_one_call(own_app, mailbox):
    with own_app.app_context():
        consultant = _account("coach@example.com", "Coach", "America/New_York")
        roster.grant(consultant)
        members = [_account(f"m{i}@example.com", f"Member {i}") for i in range(2)]
        for member in members:
            grant_complimentary(member.id, "plus", dt.date(2027, 12, 31))
            roster.assign(member)
        db.session.commit()
        calls.set_availability(consultant.id, [(1, dt.time(9), dt.time(10))], [])
        people = [SimpleNamespace(email=m.email, test_password=DEFAULT_PASSWORD) for m in members]
        db.session.remove()

    clients = []
    for member in people:
        client = own_app.test_client()
        login(client, member)
        clients.append((client, csrf_token(client, "/consultant/book")))

    start_together = threading.Barrier(2)
    answers: list[int] = []

    def book(client, token):
        start_together.wait()
        response = client.post(
            "/consultant/book", data={"csrf_token": token, "start": SLOT.isoformat()}
        )
        answers.append(response.status_code)

    threads = [threading.Thread(target=book, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(answers) == [303, 409]
    with own_app.app_context():
        booked = db.session.scalars(sa.select(Call).where(Call.status == CallStatus.BOOKED)).all()
        assert [call.starts_at for call in booked] == [SLOT]
        db.session.remove()
