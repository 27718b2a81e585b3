"""Shared fixtures: one app and one migrated, seeded database per run; each test in a transaction
that is rolled back afterwards."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy.orm import scoped_session, sessionmaker

from portal import create_app
from portal.config import database_uri
from portal.extensions import db
from portal.seeding import run_seeders

pytest_plugins = ["tests.browser"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
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
def app(database_url: str) -> Iterator[Flask]:
    app = create_app(app_settings(database_url))
    with app.app_context():
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
