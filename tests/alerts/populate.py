"""A database of its own for tests that run the sender outside the test transaction (another
process, a Celery worker): migrated, seeded, with `people` alerts due at 2026-12-07 08:00 UTC."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from portal.accounts.models import User
from portal.alerts.services import create_alert
from portal.extensions import db
from portal.jobs.importing import import_records
from portal.jobs.models import JobPosting
from portal.seeding import run_seeders
from tests.conftest import MIGRATIONS
from tests.jobs.factories import record


def populate(app: Flask, people: int) -> None:
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        run_seeders(Path(app.config["SEEDS_DIR"]))
        import_records(
            [record(title="Night Nurse Crash", external_id="crash-1")], source_file="tests"
        )
        db.session.execute(
            sa.update(JobPosting)
            .where(JobPosting.external_id == "crash-1")
            .values(received_at=dt.datetime(2026, 12, 2, 10))
        )
        for number in range(people):
            user = User(
                email=f"person{number}@example.com",
                name="Person",
                password_hash="unused",
                email_confirmed_at=dt.datetime(2026, 1, 1),
            )
            db.session.add(user)
            db.session.flush()
            create_alert(user, "Nurses", {"q": "nurse"}, now=dt.datetime(2026, 12, 1, 9))
        db.session.commit()
        db.session.remove()
