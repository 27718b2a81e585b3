"""Unbound Flask extensions; the app factory binds them, blueprints import them from here."""

from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from portal.request_shortcuts import (
    ReadOnlySafeCSRFProtect,
    RouteLimiter,
    VisitorAwareLoginManager,
)

# Named constraints let Alembic create, alter and drop them the same way on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def include_object(obj, name, type_, _reflected, _compare_to) -> bool:
    """Alembic hook: skip what migrations create by hand and no model describes.

    Domains list such objects (full-text search tables, columns and indexes) by name in
    `db.metadata.info["unmanaged"]`; columns as "table.column".
    """
    if type_ == "column":
        name = f"{obj.table.name}.{name}"
    return name not in db.metadata.info.get("unmanaged", ())


migrate = Migrate()

csrf = ReadOnlySafeCSRFProtect()

login_manager = VisitorAwareLoginManager()

# Storage comes from RATELIMIT_STORAGE_URI: memory:// by default, Redis when REDIS_URL is set (so
# every worker process shares one count). Behind a proxy, remote_addr needs ProxyFix to be right.
limiter = RouteLimiter(key_func=get_remote_address)
