"""Both plugins' Alembic branches in a database that already has the host's own history, in the
host's own version table; and the schema they make is the one the models describe."""

from __future__ import annotations

import flask_migrate
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.plugin.conftest import host_settings

HOST_TABLES = {"members", "job_ads"}
CAREERS_TABLES = {"career_guides", "career_guide_revisions"}
BILLING_TABLES = {
    "billing_plans",
    "billing_house_ads",
    "billing_customers",
    "billing_subscriptions",
    "billing_webhook_events",
    "billing_webhook_failures",
}


def tables(db) -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def versions(db) -> set[str]:
    with db.engine.connect() as connection:
        return set(connection.scalars(sa.text("SELECT version_num FROM acme_schema_version")))


def test_plugin_branches_upgrade_and_downgrade_beside_the_hosts_history(tmp_path):
    from host_app import create_app, db

    app = create_app(host_settings(tmp_path / "history.db"))
    with app.app_context():
        flask_migrate.upgrade(revision="acme@head")  # the host, before it mounts anything
        assert tables(db) == HOST_TABLES | {"acme_schema_version"}

        flask_migrate.upgrade(revision="careers@head")
        flask_migrate.upgrade(revision="billing@head")
        assert tables(db) == HOST_TABLES | CAREERS_TABLES | BILLING_TABLES | {"acme_schema_version"}
        assert versions(db) == {"b1e2c3d4b001", "c4a7e3e01001"}
        billing_fk = sa.inspect(db.engine).get_foreign_keys("billing_customers")
        assert billing_fk[0]["referred_table"] == "members"
        assert billing_fk[0]["referred_columns"] == ["member_id"]

        flask_migrate.downgrade(revision="billing@base")
        flask_migrate.downgrade(revision="careers@base")
        assert tables(db) == HOST_TABLES | {"acme_schema_version"}
        assert versions(db) == {"a0000000001a"}
        db.engine.dispose()


def test_the_branches_make_the_schema_the_models_describe(host_app):
    from host_app import db

    with host_app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
        db.engine.dispose()

    ignored = {"acme_schema_version"}
    assert [d for d in differences if not (d[0] == "remove_table" and d[1].name in ignored)] == []
