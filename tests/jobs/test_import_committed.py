"""`flask jobs import` committing for real on PostgreSQL, where batches are written on several
connections at once (portal.jobs.batches.write_in_parallel).

The rest of the suite runs each test inside one rolled-back transaction, where an import keeps
every write on that transaction's connection. These tests instead import into the scratch
PostgreSQL database (TEST_POSTGRES_URL), migrated from empty, and read back what was committed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

from portal import create_app
from portal.extensions import db
from portal.jobs.importing import POSTGRESQL_WRITERS
from portal.jobs.models import ImportStatus, JobImportRun, JobPosting
from tests.conftest import MIGRATIONS, app_settings, reset_database
from tests.jobs.factories import day, record
from tests.jobs.test_import import summary
from tests.services import scratch_postgres_url

BATCH_SIZE = 4


@pytest.fixture(autouse=True)
def _app_context():
    """Replaces tests/jobs' fixture: no rolled-back session here, the imports commit."""


@pytest.fixture
def committed_app() -> Iterator[Flask]:
    """An app on the scratch PostgreSQL database, migrated from empty. Not named `app`: the
    suite's rolled-back session binds itself to any test that uses a fixture of that name."""
    url = scratch_postgres_url()
    reset_database(url)
    app = create_app(app_settings(url))
    with app.app_context():
        upgrade(directory=MIGRATIONS)
    yield app
    with app.app_context():
        db.engine.dispose()


def write_feed(tmp_path: Path, postings: list) -> Path:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"source": "committed-feed", "postings": postings}))
    return path


def import_feed(app: Flask, path: Path):
    return app.test_cli_runner().invoke(
        args=["jobs", "import", str(path), "--batch-size", str(BATCH_SIZE)]
    )


def stored_ids(app: Flask) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(JobPosting.external_id)))


def rows(app: Flask) -> list[tuple]:
    with app.app_context():
        table = JobPosting.__table__
        return [tuple(row) for row in db.session.execute(select(table).order_by(table.c.id))]


def last_run(app: Flask) -> JobImportRun:
    with app.app_context():
        run = db.session.scalar(select(JobImportRun).order_by(JobImportRun.id.desc()))
        db.session.expunge(run)
        return run


class WriterThreads:
    """Names the threads that insert postings, to show the batches went through the writers."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        if statement.startswith("INSERT INTO job_postings "):
            self.names.add(threading.current_thread().name)


def test_batches_are_written_by_parallel_writers_and_a_second_run_changes_nothing(
    committed_app, tmp_path
):
    postings = [record(external_id=f"p-{n}") for n in range(30)]
    postings.append(record(external_id="p-old", posted_at=day(-60), valid_through=day(-30)))
    postings.append({"external_id": "broken"})
    path = write_feed(tmp_path, postings)
    writers = WriterThreads()
    with committed_app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", writers)
    try:
        first = import_feed(committed_app, path)
    finally:
        sa.event.remove(engine, "before_cursor_execute", writers)

    assert first.exit_code == 0, first.output
    assert summary(first.output) == (31, 0, 0, 1, 1)
    assert "rejected index 31" in first.output
    assert stored_ids(committed_app) == {f"p-{n}" for n in range(30)} | {"p-old"}
    assert len(writers.names) == POSTGRESQL_WRITERS
    assert all(name.startswith("jobs-write") for name in writers.names)
    run = last_run(committed_app)
    assert run.status is ImportStatus.FINISHED
    assert (run.created, run.updated, run.unchanged, run.expired, run.rejected) == (31, 0, 0, 1, 1)
    before = rows(committed_app)

    again = import_feed(committed_app, path)

    assert again.exit_code == 0, again.output
    assert summary(again.output) == (0, 0, 31, 0, 1)
    assert rows(committed_app) == before

    postings[3] = {**postings[3], "title": "Night Charge Nurse"}
    changed = import_feed(committed_app, write_feed(tmp_path, postings))

    assert summary(changed.output) == (0, 1, 30, 0, 1)
    with committed_app.app_context():
        title = db.session.scalar(select(JobPosting.title).where(JobPosting.external_id == "p-3"))
    assert title == "Night Charge Nurse"


def test_a_failed_batch_leaves_the_other_batches_whole_and_none_of_itself(committed_app, tmp_path):
    """The database refuses one posting in the middle of batch 5, after the rows before it in
    that batch went in. Batches commit in the order they finish, so batches after 5 that were
    written beside it may be stored too, but only whole; a second run stores the rest."""
    postings = [record(external_id=f"crash-{n}") for n in range(40)]
    batches = [
        {f"crash-{n}" for n in range(first, first + BATCH_SIZE)}
        for first in range(0, 40, BATCH_SIZE)
    ]
    failing = 5
    with committed_app.app_context(), db.engine.begin() as connection:
        connection.exec_driver_sql(
            """
            CREATE FUNCTION refuse_crash() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.external_id = 'crash-22' THEN
                    RAISE EXCEPTION 'disk full';
                END IF;
                RETURN NEW;
            END $$
            """
        )
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse_crash BEFORE INSERT ON job_postings "
            "FOR EACH ROW EXECUTE FUNCTION refuse_crash()"
        )
    path = write_feed(tmp_path, postings)

    crashed = import_feed(committed_app, path)

    assert crashed.exit_code == 1
    assert "disk full" in str(crashed.exception)
    stored = stored_ids(committed_app)
    for number, batch in enumerate(batches):
        if number < failing:
            assert batch <= stored, f"batch {number} is missing"
        elif number == failing:
            assert not batch & stored, "the failed batch is half-written"
        else:
            assert batch <= stored or not batch & stored, f"batch {number} is half-written"
    run = last_run(committed_app)
    assert run.status is ImportStatus.FAILED
    assert run.created == len(stored)
    assert "disk full" in run.error

    with committed_app.app_context(), db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER refuse_crash ON job_postings")
    again = import_feed(committed_app, path)

    assert again.exit_code == 0, again.output
    assert summary(again.output) == (40 - len(stored), 0, len(stored), 0, 0)
    with committed_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(JobPosting)) == 40
