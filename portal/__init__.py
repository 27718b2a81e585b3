"""The career portal: an app factory that binds extensions and registers each domain."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, has_request_context, request
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import converters, urls, visitor_lane
from portal.config import (
    engine_options,
    ensure_secret_key,
    ensure_site_url,
    settings_from_environment,
)
from portal.extensions import csrf, db, include_object, limiter, login_manager, migrate
from portal.request_shortcuts import CookieSessionInterface, Portal


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the portal: defaults, then the environment, then `config` (tests pass a mapping)."""
    app = Portal(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)

    app.config.from_mapping(settings_from_environment(os.environ, app.instance_path))
    if config:
        app.config.from_mapping(config)
    # From the database the app ends up with (a test or a benchmark may pass another one).
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS",
        engine_options(app.config["SQLALCHEMY_DATABASE_URI"], app.config),
    )
    ensure_secret_key(app.config, app.debug, app.testing, app.instance_path)
    ensure_site_url(app.config, app.debug, app.testing)
    visitor_lane.install(app)  # inside ProxyFix: it keys on the scheme the visitor used
    trust_proxies(app)
    app.session_interface = CookieSessionInterface()

    register_extensions(app)
    converters.register(app)
    register_domains(app)
    register_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the visitor's address and scheme from the
    X-Forwarded-For/-Proto headers they add (the rate limits key on that address). With none,
    the headers are ignored: anyone can send them. The host is never taken from a header: links
    come from SITE_URL (portal/urls.py)."""
    count = app.config["TRUSTED_PROXIES"]
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def register_extensions(app: Flask) -> None:
    urls.init_app(app)
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(app.root_path, os.pardir, "migrations"),
        include_object=include_object,
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _configure_sqlite_connection)
            event.listen(db.engine, "begin", _begin_sqlite_transaction)


def _configure_sqlite_connection(dbapi_connection, _record) -> None:
    # Python's sqlite3 module opens transactions on its own schedule, which breaks savepoints;
    # hand transaction control to SQLAlchemy instead (see the SQLAlchemy SQLite dialect docs,
    # "Serializable isolation / Savepoints / Transactional DDL").
    dbapi_connection.isolation_level = None
    # SQLite leaves foreign keys off by default; WAL lets readers and one writer work together.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode, NORMAL syncs the log at checkpoints rather than at every commit: a commit
    # costs a write() instead of an fsync (6 ms here), and a process that dies loses nothing;
    # only a power cut or an OS crash may undo the last commits, never corrupt the file
    # (https://sqlite.org/pragma.html#pragma_synchronous). Batch jobs commit often.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Read through memory-mapped I/O rather than a read() call per page: full-text search visits
    # many rows per query (https://sqlite.org/mmap.html).
    cursor.execute("PRAGMA mmap_size=1073741824")
    cursor.close()


def _begin_sqlite_transaction(connection) -> None:
    # A request that may change something takes SQLite's write lock as its transaction begins.
    # A deferred transaction that reads first and writes later cannot wait for the lock: SQLite
    # answers "database is locked" at once rather than risk a deadlock, so two forms posted
    # together failed. BEGIN IMMEDIATE waits for the lock (busy_timeout) instead. Reads (GET)
    # stay deferred, so readers never queue behind writers (WAL).
    writes = has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def register_domains(app: Flask) -> None:
    from portal import (
        accounts,
        admin,
        advice,
        alerts,
        api,
        consultant,
        jobs,
        plugins,
        resumes,
        site,
        talent,
        tracker,
        webapp,
    )

    site.init_app(app)
    # Careers and billing are plugins: mounted as any Flask app would (portal/plugins.py).
    plugins.mount_careers(app)
    accounts.init_app(app)
    plugins.mount_billing(app)
    jobs.init_app(app)
    tracker.init_app(app)
    alerts.init_app(app)
    resumes.init_app(app)
    consultant.init_app(app)
    advice.init_app(app)
    talent.init_app(app)
    webapp.init_app(app)
    # On top of the domains whose services it offers, and after the site's error pages.
    api.init_app(app)
    # Last: admin sits on top of every domain.
    admin.init_app(app)


def register_commands(app: Flask) -> None:
    from portal.seeding import seed_command

    app.cli.add_command(seed_command)
    if app.config.get("CELERY_BROKER_URL"):
        # With a broker, `flask alerts send` hands its batches to Celery workers; alerts ask for
        # this hook rather than import the task module, which imports them.
        from portal.tasks import enqueue_batches

        app.extensions["portal.alerts.enqueue_batches"] = enqueue_batches
