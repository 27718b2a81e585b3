"""gunicorn settings for one portal server behind nginx: `gunicorn -c deploy/gunicorn.conf.py
wsgi:app` (deploy/systemd/portal-web@.service runs it). Read from the environment:

- GUNICORN_BIND: where to listen (default 127.0.0.1:8000; comma-separated for several);
- WEB_CONCURRENCY: worker processes (default 2 per core plus one). The portal reads it too, to
  warn when rate limits are kept per process (no REDIS_URL);
- GUNICORN_TIMEOUT: seconds a request may take before its worker is killed and replaced (30);
- GUNICORN_ACCESS_LOG: where the access log goes ("-", the default, is standard output, which
  systemd hands to the journal; an empty value turns it off).

See https://docs.gunicorn.org/en/stable/settings.html for each setting.
"""

from __future__ import annotations

import multiprocessing
import os

bind = [
    address.strip()
    for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
    if address.strip()
]
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# Sync workers: every request is short (pages are rendered from stored parts, mail is sent in
# the background), and nginx buffers slow clients, so a worker is never held by one.
worker_class = "sync"
proc_name = "portal-web"
# gunicorn 25+ opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl), which
# two servers on one machine (portal-web@8001 and @8002) would fight over; nothing here uses it.
control_socket_disable = True

# A request stuck longer than this (a query past DATABASE_STATEMENT_TIMEOUT_MS, which ends at
# 15 s by default) gets its worker killed and replaced rather than held for ever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
# On SIGTERM (systemctl stop, a rolling restart) workers finish the request in hand for up to
# this long; nginx sends new requests to the other servers meanwhile (proxy_next_upstream).
graceful_timeout = 30

# The app is built once in the master and the workers are forked from it: they start in
# milliseconds, share the master's memory until they write to it, and an app that cannot start
# (a missing SECRET_KEY, a bad setting) stops gunicorn at once instead of looping on workers.
# What must not be shared is made again in each worker: see post_fork.
preload_app = True

# Heartbeat files on a memory file system: a worker blocked on a slow disk is not thought dead.
if os.path.isdir("/dev/shm"):  # noqa: S108 - gunicorn's own advice for containers
    worker_tmp_dir = "/dev/shm"  # noqa: S108

access_log_target = os.environ.get("GUNICORN_ACCESS_LOG", "-")
accesslog = access_log_target or None
errorlog = "-"
loglevel = "info"
# The visitor's address as nginx saw it, nginx's request id (to find one request in both
# logs), and the time taken in milliseconds.
access_log_format = (
    '%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
    "%(M)sms rid=%({x-request-id}i)s"
)


def post_fork(server, worker) -> None:
    """Each worker opens its own database connections: a connection the master opened while
    building the app (preload_app) must not be shared by two processes (SQLAlchemy's
    "Using Connection Pools with Multiprocessing")."""
    from portal.extensions import db

    app = getattr(server.app, "callable", None) or server.app.wsgi()
    with app.app_context():
        db.engine.dispose(close=False)
