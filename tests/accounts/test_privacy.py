"""A person's data: download it as JSON; delete the account (and what other domains hook in)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.signals import account_deleting, register_data_exporter
from portal.extensions import db
from tests.accounts.helpers import field_error, submit, text
from tests.conftest import login


@pytest.fixture
def user(client, make_user):
    user = make_user("rosalind@example.com", name="Rosalind Franklin", time_zone="Europe/London")
    login(client, user)
    return user


@pytest.fixture
def exporters(app, monkeypatch):
    """Data exporters registered by this test only."""
    monkeypatch.setitem(app.extensions, "portal.data_exporters", {})
    return app


def test_the_data_download_is_json_with_the_account_and_every_domains_part(client, user, exporters):
    register_data_exporter(exporters, "bookmarks", lambda person: [{"job": 7, "by": person.id}])
    response = client.get("/account/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response.headers["Cache-Control"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "rosalind@example.com"
    assert data["account"]["name"] == "Rosalind Franklin"
    assert data["account"]["time_zone"] == "Europe/London"
    assert data["account"]["created_at"].endswith("Z")
    assert data["bookmarks"] == [{"job": 7, "by": user.id}]
    assert "password_hash" not in json.dumps(data)
    assert user.session_token not in json.dumps(data)


def test_an_exporter_name_can_only_be_registered_once(exporters):
    register_data_exporter(exporters, "alerts", lambda person: [])
    with pytest.raises(ValueError, match="already registered"):
        register_data_exporter(exporters, "alerts", lambda person: [])
    with pytest.raises(ValueError):
        register_data_exporter(exporters, "account", lambda person: [])


def test_deleting_the_account_removes_it_and_signs_out(app, client, user):
    other_device = app.test_client()
    login(other_device, user)
    seen = []

    def cancel_subscription(sender, user):
        # Receivers get the account while its data is still there.
        seen.append((sender, user.email))

    user_id = user.id
    with account_deleting.connected_to(cancel_subscription, app):
        response = submit(client, "/account/delete", {"password": user.test_password})
    assert response.status_code == 303
    assert seen == [(app, "rosalind@example.com")]
    assert "Your account and its personal data are deleted" in text(client.get("/"))
    assert db.session.scalar(select(User).where(User.id == user_id)) is None
    assert client.get("/account").status_code == 302
    assert other_device.get("/account").status_code == 302


def test_deleting_needs_the_password(client, user):
    response = submit(client, "/account/delete", {"password": "not my password"})
    assert response.status_code == 200
    assert "not deleted" in field_error(response, "password")
    assert db.session.get(User, user.id) is not None


def test_a_failing_hook_leaves_the_account_as_it_was(app, client, user):
    def stripe_is_down(sender, user):
        user.name = "half-deleted"
        raise RuntimeError("Stripe did not answer")

    with account_deleting.connected_to(stripe_is_down, app):
        response = submit(client, "/account/delete", {"password": user.test_password})
    assert response.status_code == 200
    assert "We could not delete your account just now" in field_error(response, "password")
    db.session.expire_all()
    kept = db.session.get(User, user.id)
    assert kept is not None and kept.name == "Rosalind Franklin"
    assert client.get("/account").status_code == 200
