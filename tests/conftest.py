"""Shared fixtures: one app and one migrated, seeded database per run; each test in a transaction
that is rolled back afterwards."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import threading
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy.orm import scoped_session, sessionmaker

from portal import clock, create_app
from portal.accounts import passwords
from portal.accounts.models import Role, User
from portal.background_mail import wait_for_background_mail
from portal.config import database_uri
from portal.extensions import db, limiter
from portal.seeding import run_seeders
from tests.smtp import SMTPTestServer

if "faketime" in os.environ.get("LD_PRELOAD", ""):
    # CI runs the date-sensitive tests under libfaketime, whose clock_nanosleep answers EINVAL
    # to the absolute monotonic deadline Python's time.sleep asks for; any sleep, the
    # subprocess module's own wait loop included, then fails. A timed wait on an event sleeps
    # just as long without clock_nanosleep.
    _never_set = threading.Event()

    def _sleep(seconds: float) -> None:
        _never_set.wait(seconds)

    time.sleep = _sleep

pytest_plugins = ["tests.browser", "tests.consultant.helpers"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Every test starts with the portal's clock here, whatever the machine's date: the seeded sample
# postings are received at this moment, a day after the newest of them was posted and before the
# windows the alert tests send in. The clock ticks on from it, so waits and timeouts still work.
TEST_NOW = dt.datetime(2026, 11, 30, 12, 0)
MIGRATIONS = str(PROJECT_ROOT / "migrations")


def reset_database(url: str) -> None:
    """Leave the database empty (PostgreSQL) before migrating it from scratch."""
    engine = sa.create_engine(database_uri(url, ""))
    try:
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE"))
                connection.execute(sa.text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def app_settings(database_url: str, **overrides) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_uri(database_url, ""),
        "SEEDS_DIR": str(PROJECT_ROOT / "seeds"),
        # Tests look again right after a change; tests/careers/test_visitor_page.py covers the
        # second during which a stored page is served without asking the database.
        "PAGE_RECHECK_SECONDS": 0,
        # As production must: links come from here, and the test client's host is this one.
        "SITE_URL": "http://localhost",
        **overrides,
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    # DATABASE_URL names a database this run owns: it is emptied first.
    if url := os.environ.get("DATABASE_URL"):
        reset_database(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.sqlite3'}"


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SMTPTestServer]:
    """A real SMTP server on 127.0.0.1 that keeps what it receives; the `app` sends through it."""
    server = SMTPTestServer()
    server.start()
    yield server
    server.stop()


def mail_settings(server: SMTPTestServer) -> dict:
    return {"MAIL_SERVER": server.host, "MAIL_PORT": server.port, "MAIL_USE_TLS": False}


class FreshGlobalsClient(FlaskClient):
    """A test client whose every request gets an empty `g`, as it does in production.

    The rolled-back session keeps one app context pushed for the whole test, and Flask reuses a
    pushed app context for requests, so `g` (Flask-Login's current user, Flask-WTF's CSRF token)
    would otherwise carry over from one request to the next, even from one client to another.
    """

    def open(self, *args, **kwargs):
        if not has_app_context():
            return super().open(*args, **kwargs)
        outer = dict(vars(g))
        vars(g).clear()
        try:
            return super().open(*args, **kwargs)
        finally:
            vars(g).clear()
            vars(g).update(outer)


@pytest.fixture(autouse=True)
def _clock_at_test_start() -> Iterator[None]:
    """Each test starts at TEST_NOW; a test may move the clock (`clock.set_now`, `clock.frozen`)."""
    clock.set_now(TEST_NOW)
    yield
    clock.set_now(TEST_NOW)


@pytest.fixture(scope="session")
def app(database_url: str, smtp_server: SMTPTestServer) -> Iterator[Flask]:
    app = create_app(app_settings(database_url, **mail_settings(smtp_server)))
    app.test_client_class = FreshGlobalsClient
    with app.app_context(), clock.frozen(TEST_NOW):
        upgrade(directory=MIGRATIONS)
        run_seeders(Path(app.config["SEEDS_DIR"]))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _rolled_back_session(request) -> Iterator[None]:
    """Bind the session to an outer transaction; commits inside a test become savepoints."""
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original_session = db.session
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        )
        app.extensions.pop("portal.page_cache", None)
        try:
            yield
        finally:
            db.session.remove()
            db.session = original_session
            transaction.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request) -> None:
    """Rate-limit counters are kept per process; each test starts with none."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app")
        limiter.reset()


@pytest.fixture
def mailbox(smtp_server: SMTPTestServer) -> Iterator[SMTPTestServer]:
    """The test SMTP server, emptied: the messages this test sends."""
    wait_for_background_mail(timeout=10)
    smtp_server.clear()
    yield smtp_server
    wait_for_background_mail(timeout=10)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class QueryCounter:
    """Counts the SQL statements the app sends, leaving out savepoint bookkeeping."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app) -> Iterator[QueryCounter]:
    counter = QueryCounter()
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)


# Accounts: a user factory and sign-in helpers that go through the real forms.

DEFAULT_PASSWORD = "correct horse battery staple"
CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@cache
def _password_hash(password: str) -> str:
    # Hashing is deliberately slow; most tests share a handful of passwords.
    return passwords.hash_password(password)


@pytest.fixture
def make_user(app):
    """make_user(email=..., password=..., role=Role.ADMIN, confirmed=False, active=False, ...)
    creates an account and returns it, with its password as `user.test_password`."""
    numbers = itertools.count(1)

    def make(
        email: str | None = None,
        *,
        password: str = DEFAULT_PASSWORD,
        name: str = "Test User",
        role: Role = Role.USER,
        confirmed: bool = True,
        active: bool = True,
        time_zone: str = "UTC",
    ) -> User:
        user = User(
            email=(email or f"user{next(numbers)}@example.com").lower(),
            name=name,
            password_hash=_password_hash(password),
            role=role,
            email_confirmed_at=clock.now() if confirmed else None,
            is_active=active,
            time_zone=time_zone,
        )
        db.session.add(user)
        db.session.commit()
        # Loaded now, so the attributes stay readable even if a request of another app ends
        # the session (Flask-SQLAlchemy removes it when an app context ends).
        db.session.refresh(user)
        user.test_password = password
        return user

    return make


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on the page at `url` (one per session); empty when a test
    turned CSRF protection off."""
    if not client.application.config.get("WTF_CSRF_ENABLED", True):
        return ""
    page = client.get(url)
    match = CSRF_TOKEN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1)


def login(client, user: User, password: str | None = None, remember: bool = False):
    """Sign in through the sign-in form; fails the test if that does not work."""
    data = {
        "csrf_token": csrf_token(client, "/login"),
        "email": user.email,
        "password": password or user.test_password,
    }
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 303, f"sign-in failed: {response.status_code}"
    return response


def logout(client):
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 303
    return response
