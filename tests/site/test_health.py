"""/healthz tells a load balancer or a monitor whether this server can serve: the database
answers, and Redis when the portal uses one."""

from __future__ import annotations

import os

import pytest
import redis

from portal import create_app
from portal.extensions import limiter
from tests.conftest import app_settings
from tests.services import missing_service
from tests.smtp import free_port


@pytest.fixture
def redis_url_setting(app):
    """Point the app's REDIS_URL elsewhere for one test, and back afterwards."""
    saved = app.config["REDIS_URL"]

    def point(url):
        app.config["REDIS_URL"] = url

    yield point
    app.config["REDIS_URL"] = saved


def test_healthy_without_redis_says_redis_is_not_configured(client, redis_url_setting):
    redis_url_setting(None)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "not configured"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_a_redis_that_does_not_answer_makes_the_server_unhealthy(client, redis_url_setting):
    redis_url_setting(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "failed", "database": "ok", "redis": "failed"}
    assert response.headers["Cache-Control"] == "no-store"


def test_a_redis_that_answers_is_ok(client, redis_url_setting):
    url = os.environ.get("TEST_REDIS_URL", "")
    if not url:
        missing_service("TEST_REDIS_URL is not set")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        missing_service(f"Redis at TEST_REDIS_URL does not answer: {error}")
    redis_url_setting(url)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["redis"] == "ok"


def test_a_database_that_does_not_answer_makes_the_server_unhealthy():
    # A PostgreSQL address where nothing listens: the check fails at once (connection refused).
    url = f"postgresql+psycopg://portal@127.0.0.1:{free_port()}/portal"
    saved = limiter._storage, limiter._limiter
    try:
        broken = create_app(app_settings(url, DATABASE_CONNECT_TIMEOUT=2))
        response = broken.test_client().get("/healthz")
    finally:
        limiter._storage, limiter._limiter = saved
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "failed",
        "database": "failed",
        "redis": "not configured",
    }


def test_monitors_polling_often_are_never_rate_limited(client, redis_url_setting):
    redis_url_setting(None)
    assert all(client.get("/healthz").status_code == 200 for _ in range(60))
