"""`flask alerts send` with CELERY_BROKER_URL: batches go through a real Redis to a real Celery
worker, which sends each digest once; the summary comes back to the command."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from portal import create_app
from portal.alerts.sending import send_due
from portal.extensions import db
from tests.alerts.populate import populate
from tests.conftest import app_settings, mail_settings
from tests.services import missing_service
from tests.smtp import SMTPTestServer

PEOPLE = 7


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "")
    if not url:
        missing_service("TEST_REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError as error:
        missing_service(f"Redis at TEST_REDIS_URL does not answer: {error}")
    return url


def test_alerts_are_sent_by_a_celery_worker(tmp_path, redis_url):
    from celery.contrib.testing.worker import start_worker

    from portal import tasks

    smtp = SMTPTestServer()
    smtp.start()
    settings = app_settings(
        f"sqlite:///{tmp_path / 'celery.sqlite3'}",
        **mail_settings(smtp),
        SITE_URL="https://jobs.example.org",
        CELERY_BROKER_URL=redis_url,
    )
    app = create_app(settings)
    populate(app, PEOPLE)
    tasks.configure(app)
    now = dt.datetime(2026, 12, 7, 8)
    try:
        worker = start_worker(
            tasks.celery, pool="solo", perform_ping_check=False, shutdown_timeout=30
        )
        with worker, app.app_context():
            first = send_due(now, batch_size=3)
            again = send_due(now, batch_size=3)
            db.session.remove()
    finally:
        smtp.stop()
        with app.app_context():
            db.engine.dispose()
    assert first.line() == f"due {PEOPLE}, sent {PEOPLE}, empty 0, failed 0"
    assert again.line() == "due 0, sent 0, empty 0, failed 0"
    recipients = sorted(r for mail in smtp.messages for r in mail.recipients)
    assert recipients == sorted(f"person{n}@example.com" for n in range(PEOPLE))


def test_mail_from_a_request_is_sent_by_a_celery_worker(tmp_path, redis_url):
    from celery.contrib.testing.worker import start_worker
    from flask_migrate import upgrade

    from portal import background_mail, tasks
    from tests.accounts.helpers import submit, text
    from tests.conftest import MIGRATIONS

    smtp = SMTPTestServer()
    smtp.start()
    settings = app_settings(
        f"sqlite:///{tmp_path / 'celery-mail.sqlite3'}",
        **mail_settings(smtp),
        CELERY_BROKER_URL=redis_url,
    )
    app = create_app(settings)
    with app.app_context():
        upgrade(directory=MIGRATIONS)
    tasks.configure(app)
    client = app.test_client()
    try:
        response = submit(
            client,
            "/register",
            {"name": "Ada", "email": "ada@example.com", "password": "analytical engine 1843"},
        )
        # Neither the request nor this process's own queue sent it: it waits for a worker.
        background_mail.wait_for_background_mail(timeout=10)
        assert smtp.messages == []
        worker = start_worker(
            tasks.celery, pool="solo", perform_ping_check=False, shutdown_timeout=30
        )
        with worker:
            (mail,) = smtp.wait_for(1, timeout=20)
    finally:
        smtp.stop()
        with app.app_context():
            db.engine.dispose()
    assert "We sent a message to ada@example.com" in text(client.get(response.headers["Location"]))
    assert mail.recipients == ["ada@example.com"]
    assert mail.subject.startswith("Confirm your email address")
