"""Bad input in a URL is a 4xx, never a server error."""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from portal.accounts.models import Role
from tests.conftest import login

# Past PostgreSQL's INTEGER, and past SQLite's 64-bit integer (the driver raises OverflowError).
TOO_LARGE = ["2147483648", "99999999999999999999"]


def rules_with_an_id(app):
    for rule in app.url_map.iter_rules():
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values()):
            yield rule


def _fill(rule, number: str) -> str:
    parts = []
    for is_dynamic, data in rule._trace:
        if not is_dynamic:
            parts.append(data)
        else:
            converter = rule._converters[data]
            parts.append(number if isinstance(converter, IntegerConverter) else "x")
    # The trace starts with the host part ("|" separates it from the path).
    return "".join(parts).partition("|")[2]


def test_the_map_has_routes_with_ids(app):
    assert len(list(rules_with_an_id(app))) > 20


@pytest.mark.parametrize("number", TOO_LARGE)
def test_an_id_past_the_database_range_is_not_found_on_every_route(
    app, make_user, monkeypatch, number
):
    # Routing is what is tested here; CSRF has its own tests (and would answer 400 first).
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    client = app.test_client()
    login(client, make_user(role=Role.ADMIN))
    answers = {}
    for rule in rules_with_an_id(app):
        url = _fill(rule, number)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={})
            answers[f"{method} {url}"] = response.status_code
    assert answers and set(answers.values()) == {404}, {
        where: status for where, status in answers.items() if status != 404
    }
