"""`/healthz`: is this server able to serve? For load balancers, monitors and `make fleet`.

It asks the database one trivial question and, when REDIS_URL is set (rate limits shared by every
worker), pings Redis. 200 when both answer, 503 naming what failed otherwise. It renders no
template and reads no session, is never rate-limited (a monitor polls it every few seconds from
one address) and never stored by a cache (an answer is true only now).
"""

from __future__ import annotations

import redis
import sqlalchemy as sa
from flask import current_app, jsonify

from portal.extensions import db, limiter
from portal.site.blueprint import bp

OK, FAILED, NOT_CONFIGURED = "ok", "failed", "not configured"
# A monitor waits a few seconds at most; a Redis that does not answer in this long is down for
# the portal too (every rate-limited form would wait on it).
REDIS_TIMEOUT_SECONDS = 1.0


def database_state() -> str:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        current_app.logger.warning("Health check: the database failed: %s", error)
        db.session.rollback()
        return FAILED
    return OK


def _redis_client(url: str) -> redis.Redis:
    # One client (and its connection pool) per process and URL: a check reuses the connection
    # the last one opened, so it costs one round trip.
    clients = current_app.extensions.setdefault("portal.health_redis", {})
    if url not in clients:
        clients[url] = redis.Redis.from_url(
            url,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
        )
    return clients[url]


def redis_state() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return NOT_CONFIGURED
    try:
        _redis_client(url).ping()
    except (redis.RedisError, OSError) as error:
        current_app.logger.warning("Health check: Redis failed: %s", error)
        return FAILED
    return OK


@bp.get("/healthz")
@limiter.exempt
def healthz():
    checks = {"database": database_state(), "redis": redis_state()}
    healthy = FAILED not in checks.values()
    response = jsonify(status=OK if healthy else FAILED, **checks)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
