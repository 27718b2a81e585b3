"""The Admin link in the site header: admins see it, nobody else does (decided on the server)."""

from __future__ import annotations

from portal.accounts.models import Role
from tests.conftest import login

ADMIN_LINK = '<a href="/admin/">Admin</a>'


def test_admins_get_a_link_to_the_admin(admin):
    page = admin.get("/careers/").get_data(as_text=True)
    assert ADMIN_LINK in page
    assert admin.get("/admin/").status_code == 200


def test_other_accounts_get_no_admin_link(client, make_user):
    login(client, make_user("someone@example.com", role=Role.USER))
    assert ADMIN_LINK not in client.get("/careers/").get_data(as_text=True)
    assert client.get("/admin/").status_code == 403


def test_visitors_get_no_admin_link(client):
    assert ADMIN_LINK not in client.get("/careers/").get_data(as_text=True)
    assert client.get("/admin/").status_code == 302
