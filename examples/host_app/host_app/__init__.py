"""A small jobs site of its own that mounts the portal's careers and billing plugins."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from portal.billing import Billing, UserFields
from portal.billing.migrations import VERSIONS as BILLING_VERSIONS
from portal.careers import Careers
from portal.careers.migrations import VERSIONS as CAREERS_VERSIONS

HERE = Path(__file__).resolve().parent
MIGRATIONS = HERE.parent / "migrations"


class Base(DeclarativeBase):
    # Named constraints, so Alembic can drop what it made (the plugins' tables use them too).
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
login_manager = LoginManager()
migrate = Migrate()


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ.get("SECRET_KEY", "dev only"),
        SQLALCHEMY_DATABASE_URI=os.environ.get("DATABASE_URL", "sqlite:///host.db"),
        SITE_NAME="Acme Jobs",
        # The revision of ours that creates the members table: billing's branch follows it.
        BILLING_USERS_REVISION="a0000000001a",
    )
    app.config.update(config or {})

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "site.login"
    # Our own migrations, with the plugins' branches beside them, in our own version table.
    migrate.init_app(app, db, directory=str(MIGRATIONS), version_table="acme_schema_version")

    from host_app import models, views
    from host_app.jobs import HostOpenJobs

    login_manager.user_loader(lambda member_id: db.session.get(models.Member, int(member_id)))
    app.register_blueprint(views.bp)

    Careers(
        app,
        db=db,
        layout="layout.html",
        content_block="page_body",
        head_block="extra_head",
        title_block="page_title",
        url_prefix="/guides",
        open_jobs=HostOpenJobs(),
    )
    Billing(
        app,
        db=db,
        user_model=models.Member,
        user_fields=UserFields(
            id="member_id", email="email_address", name="full_name", created_at="joined_at"
        ),
        endpoints={
            "register": "site.join",
            "login": "site.login",
            "account": "site.me",
            "home": "site.home",
        },
        layout="layout.html",
        content_block="page_body",
        head_block="extra_head",
        title_block="page_title",
        csrf=csrf,
        url_prefix="/premium",
    )
    return app


@migrate.configure
def _plugin_branches(config):
    # Alembic finds revisions in every version location: ours, then each plugin's branch.
    config.set_main_option("path_separator", "os")
    config.set_main_option(
        "version_locations",
        os.pathsep.join([str(MIGRATIONS / "versions"), CAREERS_VERSIONS, BILLING_VERSIONS]),
    )
    return config
