"""Rate limits: per token (with one) or per address (without), told in RateLimit-* headers,
and a 429 problem past the limit."""

from __future__ import annotations

from tests.api.conftest import bearer, make_token


def test_each_token_has_its_own_budget_and_headers_say_whats_left(
    app, client, make_user, monkeypatch
):
    monkeypatch.setitem(app.config, "API_TOKEN_RATE_LIMIT", "3 per minute")
    first, second = make_token(app, make_user()), make_token(app, make_user())
    seen = []
    for _ in range(3):
        response = client.get("/api/v1/me", headers=bearer(first))
        assert response.status_code == 200
        seen.append(int(response.headers["RateLimit-Remaining"]))
        assert response.headers["RateLimit-Limit"] == "3"
        assert 0 < int(response.headers["RateLimit-Reset"]) <= 60
    assert seen == [2, 1, 0]
    over = client.get("/api/v1/me", headers=bearer(first))
    assert over.status_code == 429
    assert over.mimetype == "application/problem+json"
    assert over.get_json()["type"] == "http://localhost/api/docs#problem-rate-limited"
    assert int(over.headers["Retry-After"]) > 0
    # Another token (the same address) still has its own.
    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 200


def test_calls_without_a_token_count_per_address(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "API_ADDRESS_RATE_LIMIT", "2 per minute")
    assert client.get("/api/v1/guides").headers["RateLimit-Remaining"] == "1"
    assert client.get("/api/v1/jobs").status_code == 200
    limited = client.get("/api/v1/jobs", headers={"Authorization": "Bearer cpt_guessing"})
    assert limited.status_code == 429
    other_address = app.test_client().get("/api/v1/jobs", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other_address.status_code == 200
