"""The migrations build the schema from empty and take it back down, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db, include_object
from tests.conftest import MIGRATIONS, app_settings, reset_database
from tests.services import scratch_postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    url = scratch_postgres_url()
    reset_database(url)
    return url


def table_names(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_to_head_then_downgrade_to_empty(empty_database_url):
    app = create_app(app_settings(empty_database_url))
    with app.app_context():
        try:
            upgrade(directory=MIGRATIONS)
            assert {"career_guides", "career_guide_revisions"} <= table_names(db.engine)

            # The models and the migrations describe the same schema.
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"include_object": include_object}
                )
                assert compare_metadata(context, db.metadata) == []

            downgrade(directory=MIGRATIONS, revision="base")
            assert table_names(db.engine) == set()
        finally:
            db.engine.dispose()
