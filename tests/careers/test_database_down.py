"""While the database is down, what can be served without it still is: static files, and the
guide page as last stored for visitors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event

from portal import clock, create_app
from portal.extensions import db
from portal.seeding import run_seeders
from tests.conftest import MIGRATIONS, TEST_NOW, app_settings, login

GUIDE_URL = "/careers/mental-health-technician"


@pytest.fixture
def own_app(tmp_path) -> Iterator[Flask]:
    """An app on a database of its own, which the test can take down."""
    app = create_app(app_settings(f"sqlite:///{tmp_path / 'portal.sqlite3'}"))
    with app.app_context(), clock.frozen(TEST_NOW):
        upgrade(directory=MIGRATIONS)
        run_seeders(Path(app.config["SEEDS_DIR"]))
    yield app
    with app.app_context():
        db.engine.dispose()


def take_down(app: Flask) -> list[int]:
    """From now on every connection to the database fails, as to a server that is down. Returns
    a list that grows by one per attempt."""
    attempts: list[int] = []

    def refuse(*_args):
        attempts.append(1)
        raise sqlite3.OperationalError("unable to open database file")

    with app.app_context():
        db.engine.dispose()  # no pooled connection is left to reuse
        event.listen(db.engine, "do_connect", refuse)
    return attempts


def test_visitors_get_the_stored_guide_page_and_static_files_while_the_database_is_down(
    own_app,
):
    visitor = own_app.test_client()
    stored = visitor.get(GUIDE_URL)
    assert stored.status_code == 200

    attempts = take_down(own_app)
    static = visitor.get("/static/css/site.css")
    static.close()
    assert static.status_code == 200
    assert attempts == []  # a static file never asks the database

    again = own_app.test_client().get(GUIDE_URL)
    assert again.status_code == 200
    assert again.data == stored.data
    assert attempts  # it did ask (PAGE_RECHECK_SECONDS=0), and served the stored copy


def test_pages_that_need_the_database_still_fail_while_it_is_down(own_app):
    visitor = own_app.test_client()
    assert visitor.get(GUIDE_URL).status_code == 200
    take_down(own_app)
    # A page never stored, and the stored page asked for with a query string, are not made up.
    with pytest.raises(Exception, match="unable to open database"):
        visitor.get("/careers/another-guide")
    with pytest.raises(Exception, match="unable to open database"):
        visitor.get(GUIDE_URL + "?utm_source=x")


def test_a_signed_in_reader_is_not_served_the_visitors_copy(own_app):
    from portal.accounts.models import User
    from tests.conftest import DEFAULT_PASSWORD, _password_hash

    with own_app.app_context():
        user = User(
            email="reader@example.com",
            name="Reader",
            password_hash=_password_hash(DEFAULT_PASSWORD),
            email_confirmed_at=clock.now(),
        )
        db.session.add(user)
        db.session.commit()
        db.session.refresh(user)
        user.test_password = DEFAULT_PASSWORD
    reader = own_app.test_client()
    own_app.test_client().get(GUIDE_URL)  # stored for visitors
    login(reader, user)
    take_down(own_app)
    with pytest.raises(Exception, match="unable to open database"):
        reader.get(GUIDE_URL)
