"""No request waits on the mail server: mail from requests is sent in the background, through a
bounded queue, and pages still say when their mail could not be sent."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask, template_rendered
from flask_migrate import upgrade

from portal import background_mail, create_app
from portal.accounts.models import User
from portal.background_mail import wait_for_background_mail
from portal.extensions import db
from tests.accounts.helpers import submit, text
from tests.conftest import MIGRATIONS, app_settings
from tests.smtp import SilentSMTPServer

# A request that waits on the silent server takes this long; one that does not, a fraction of it.
MAIL_TIMEOUT = 3
QUICK = 1.0


@pytest.fixture
def silent_server() -> Iterator[SilentSMTPServer]:
    server = SilentSMTPServer()
    server.start()
    yield server
    server.stop()  # the background sends fail at once, and the queue empties
    wait_for_background_mail(timeout=MAIL_TIMEOUT * 4)


def app_on(tmp_path, server, **settings) -> Flask:
    """An app of its own (the requests run in threads, each with its own database session) on a
    fresh database, sending mail to `server`."""
    app = create_app(
        app_settings(
            f"sqlite:///{tmp_path / 'portal.sqlite3'}",
            MAIL_SERVER=server.host,
            MAIL_PORT=server.port,
            MAIL_TIMEOUT=MAIL_TIMEOUT,
            **settings,
        )
    )
    with app.app_context():
        upgrade(directory=MIGRATIONS)
    return app


def register(app: Flask, email: str) -> tuple[float, str]:
    """Register through the form; the seconds the POST took and the page it led to."""
    client = app.test_client()
    data = {"name": "Ada", "email": email, "password": "analytical engine 1843"}
    submit(client, "/register", {}, form_page="/register")  # a session and its token first
    started = time.monotonic()
    response = submit(client, "/register", data)
    took = time.monotonic() - started
    assert response.status_code == 303
    return took, text(client.get(response.headers["Location"]))


def static_file(app: Flask) -> float:
    """Fetch a static file; the moment it was served."""
    response = app.test_client().get("/static/css/site.css")
    response.close()
    assert response.status_code == 200
    return time.monotonic()


def test_a_mail_server_that_never_answers_holds_up_no_request(tmp_path, silent_server):
    app = app_on(tmp_path, silent_server)
    with app.app_context():
        # The second registration is for an address that has an account: it mails "you have
        # an account" and writes nothing (SQLite lets one writer at a time begin).
        db.session.add(User(email="taken@example.com", name="Taken", password_hash="x"))
        db.session.commit()
    try:
        # A web server with two worker threads: two registrations, then a static file.
        with ThreadPoolExecutor(max_workers=2) as workers:
            started = time.monotonic()
            registrations = [
                workers.submit(register, app, email)
                for email in ("new@example.com", "taken@example.com")
            ]
            static = workers.submit(static_file, app)
            pages = [future.result() for future in registrations]
            static_served = static.result() - started
        for took, page in pages:
            assert took < QUICK, f"a registration waited {took:.1f} s on the mail server"
            assert "We sent a message to" in page
        # It waited for a free worker thread: for both registrations, no longer.
        assert static_served < QUICK * 2, f"the static file took {static_served:.1f} s"
    finally:
        with app.app_context():
            db.engine.dispose()


def test_when_the_queue_is_full_the_page_says_the_mail_was_not_sent(tmp_path, silent_server):
    app = app_on(tmp_path, silent_server, MAIL_QUEUE_SIZE=2)
    try:
        first, second, third = (register(app, f"queued{n}@example.com") for n in range(3))
        assert "We sent a message to" in first[1] and "We sent a message to" in second[1]
        took, page = third
        assert "We could not send your confirmation email" in page
        assert took < QUICK
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def rendered_templates(app) -> Iterator[list[str]]:
    names: list[str] = []

    def record(_sender, template, context, **_extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


def test_a_reset_for_an_unknown_address_does_the_work_of_a_known_one(
    client, make_user, mailbox, rendered_templates
):
    make_user("known@example.com")
    work = {}
    for email in ("known@example.com", "unknown@example.com"):
        before = background_mail.handed_over
        rendered_templates.clear()
        response = submit(client, "/reset-password", {"email": email})
        assert response.status_code == 200
        work[email] = (
            background_mail.handed_over - before,
            sorted(name for name in rendered_templates if name.startswith("email/")),
        )
    # Both render the reset mail and hand one job to the background; only one mail goes out.
    assert work["known@example.com"] == work["unknown@example.com"]
    assert work["unknown@example.com"][0] == 1
    assert work["unknown@example.com"][1] == [
        "email/reset_password/body.html",
        "email/reset_password/body.txt",
        "email/reset_password/subject.txt",
    ]
    wait_for_background_mail()
    assert [mail.recipients for mail in mailbox.messages] == [["known@example.com"]]
