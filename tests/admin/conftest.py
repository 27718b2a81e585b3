"""Admin fixtures: a signed-in admin, and billing's fixtures (fake Stripe, fresh catalog)."""

from __future__ import annotations

import pytest

from portal.accounts.models import Role
from tests.billing.conftest import (  # noqa: F401
    _fresh_catalog,
    _fresh_demo_provider,
    simulator,
    stripe_billing,
    stripe_fake,
)
from tests.conftest import csrf_token, login


class AdminClient:
    """A test client signed in as an admin, posting forms with the session's CSRF token."""

    def __init__(self, client, user) -> None:
        self.client = client
        self.user = user
        self.token = csrf_token(client, "/admin/users")

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, **kwargs):
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)


@pytest.fixture
def admin_user(make_user):
    return make_user("boss@example.com", name="Grace Admin", role=Role.ADMIN)


@pytest.fixture
def admin(client, admin_user) -> AdminClient:
    login(client, admin_user)
    return AdminClient(client, admin_user)
