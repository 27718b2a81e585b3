"""The example host app (examples/host_app/), built fresh for each test on its own database file,
with its own Alembic history and both plugins' branches upgraded."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import flask_migrate
import pytest

from tests.conftest import PROJECT_ROOT

HOST_ROOT = PROJECT_ROOT / "examples" / "host_app"
if str(HOST_ROOT) not in sys.path:
    sys.path.insert(0, str(HOST_ROOT))

GUIDE = "mental-health-technician"


def host_settings(database: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "host tests",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "SITE_URL": "http://localhost",
        "SEEDS_DIR": str(PROJECT_ROOT / "seeds"),
    }


@pytest.fixture
def host_app(tmp_path):
    from host_app import create_app

    app = create_app(host_settings(tmp_path / "host.db"))
    with app.app_context():
        flask_migrate.upgrade(revision="heads")
    return app


@pytest.fixture
def seeded_host(host_app) -> Iterator:
    """The host with the guides, plans and ads loaded, and one of its own job ads."""
    from host_app import db
    from host_app.models import JobAd

    from portal.billing import Billing
    from portal.careers import Careers

    with host_app.app_context():
        Careers.run_seeds()
        Billing.run_seeds()
        db.session.add(JobAd(title="Night shift technician", employer="Acme Care", career=GUIDE))
        db.session.commit()
    yield host_app
    with host_app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def host_client(seeded_host):
    return seeded_host.test_client()
