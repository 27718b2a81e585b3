"""Forms posted at the same moment on SQLite: each waits its turn for the write lock instead of
failing with "database is locked" (a 500)."""

from __future__ import annotations

import threading

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from portal import create_app
from portal.accounts.models import User
from portal.background_mail import wait_for_background_mail
from portal.extensions import db, limiter
from tests.conftest import MIGRATIONS, app_settings, mail_settings

PEOPLE = 8


@pytest.fixture
def file_app(tmp_path, smtp_server):
    """An app on its own committed SQLite file: the suite's rolled-back session is one
    connection, which threads cannot share. The limiter is one extension for every app, so
    its storage is put back afterwards."""
    saved = limiter._storage, limiter._limiter
    app = create_app(
        app_settings(
            f"sqlite:///{tmp_path / 'concurrent.sqlite3'}",
            WTF_CSRF_ENABLED=False,
            **mail_settings(smtp_server),
        )
    )
    with app.app_context():
        upgrade(directory=MIGRATIONS)
    yield app
    wait_for_background_mail(timeout=10)
    limiter._storage, limiter._limiter = saved
    with app.app_context():
        db.engine.dispose()


# The limiter's in-memory storage races on its cleanup Timer (see test_limits_that_hold.py);
# only that thread is affected, and it is not what this test is about.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_registrations_posted_together_all_succeed(file_app):
    answers: list[int] = []
    start = threading.Barrier(PEOPLE)

    def register(number: int) -> None:
        client = file_app.test_client()
        start.wait()
        response = client.post(
            "/register",
            data={
                "name": f"Person {number}",
                "email": f"person{number}@example.com",
                "password": "plenty of unrelated words here",
                "time_zone": "America/Denver",
            },
        )
        answers.append(response.status_code)

    threads = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [303] * PEOPLE
    with file_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == PEOPLE
