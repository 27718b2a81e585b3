"""Becoming an employer: the request, the work email's link, an admin's approval (audit-logged)
and the command line; what an employer may do is the employer entitlements' answer."""

from __future__ import annotations

import time

import sqlalchemy as sa

from portal.accounts.models import Role
from portal.admin.models import AuditEntry
from portal.extensions import db
from portal.talent import employers
from portal.talent.models import EmployerMembership, MembershipStatus
from tests.conftest import login, logout
from tests.talent.conftest import post_form

JOIN = {
    "company": "Cedar Ridge Behavioral Hospital",
    "work_email": "hiring@cedarridge.example",
    "website": "https://cedarridge.example",
}


def ask(client):
    response = post_form(client, "/employers/join", JOIN)
    assert response.status_code == 303
    return response


def test_an_employer_applies_confirms_the_work_email_and_is_approved(
    app, client, make_user, mailbox
):
    person = make_user("erin@example.com", name="Erin")
    login(client, person)
    assert client.get("/talent").status_code == 403

    ask(client)
    mail = mailbox.wait_for(1)[0]
    assert mail.recipients == ["hiring@cedarridge.example"]
    link = mail.link("/employers/confirm/")
    page = client.get("/employers/join").text
    assert "waits for you to confirm hiring@cedarridge.example" in page

    confirmed = client.get(link.removeprefix("http://localhost"))
    assert confirmed.status_code == 303
    assert "waits for an admin" in client.get("/employers/join").text
    assert client.get("/talent").status_code == 403  # confirmed, not yet approved

    admin = make_user("admin@example.com", role=Role.ADMIN)
    admin_client = app.test_client()
    login(admin_client, admin)
    screen = admin_client.get("/admin/employers").text
    assert "hiring@cedarridge.example" in screen
    membership = employers.membership_of(person.id)
    approved = post_form(admin_client, f"/admin/employers/{membership.id}/approve")
    assert approved.status_code == 303
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "employer.approve"))
    assert entry.before["status"] == "pending" and entry.after["status"] == "approved"

    assert client.get("/talent").status_code == 200
    # Still a job seeker with the same account.
    assert client.get("/resume").status_code == 200


def test_an_unconfirmed_request_cannot_be_approved(app, client, make_user):
    person = make_user()
    login(client, person)
    ask(client)
    membership = employers.membership_of(person.id)
    logout(client)
    login(client, make_user(role=Role.ADMIN))
    assert "Nobody is waiting" in client.get("/admin/employers").text
    post_form(client, f"/admin/employers/{membership.id}/approve")
    db.session.refresh(membership)
    assert membership.status == MembershipStatus.PENDING


def test_a_rejected_employer_is_refused(app, client, make_user):
    person = make_user()
    login(client, person)
    ask(client)
    membership = employers.membership_of(person.id)
    employers.confirm_work_email(_token_of(membership))
    db.session.commit()
    admin_client = app.test_client()
    login(admin_client, make_user(role=Role.ADMIN))
    post_form(admin_client, f"/admin/employers/{membership.id}/reject")
    assert client.get("/talent").status_code == 403
    assert "was not approved" in client.get("/employers/join").text


def _token_of(membership: EmployerMembership, issued_at: float | None = None) -> str:
    link = employers.confirmation_link(membership, issued_at)
    return link.rsplit("/", 1)[1]


def test_an_expired_or_forged_link_confirms_nothing(client, make_user):
    person = make_user()
    login(client, person)
    ask(client)
    membership = employers.membership_of(person.id)
    old = _token_of(membership, issued_at=time.time() - 8 * 24 * 3600)
    expired = client.get(f"/employers/confirm/{old}")
    assert expired.status_code == 400 and "expired" in expired.text
    forged = client.get(f"/employers/confirm/{_token_of(membership)}x")
    assert forged.status_code == 400
    db.session.refresh(membership)
    assert membership.work_email_confirmed_at is None


def test_a_link_for_an_earlier_address_confirms_nothing(client, make_user):
    person = make_user()
    login(client, person)
    ask(client)
    membership = employers.membership_of(person.id)
    first = _token_of(membership)
    post_form(client, "/employers/join", {**JOIN, "work_email": "other@cedarridge.example"})
    assert client.get(f"/employers/confirm/{first}").status_code == 400


def test_the_join_form_says_what_is_missing(client, make_user):
    login(client, make_user())
    response = post_form(
        client, "/employers/join", {"company": "", "work_email": "x", "website": "no"}
    )
    assert response.status_code == 422
    assert "Enter your company" in response.text
    assert "Enter an email address" in response.text


def test_grant_employer_from_the_command_line(runner, make_user, client):
    person = make_user("boss@example.com")
    result = runner.invoke(
        args=["users", "grant-employer", "BOSS@example.com", "--company", "Acme Care"]
    )
    assert result.exit_code == 0, result.output
    assert "boss@example.com is now an employer at Acme Care" in result.output
    assert employers.can_search(person) and employers.can_contact(person)
    login(client, person)
    assert client.get("/talent").status_code == 200
    missing = runner.invoke(
        args=["users", "grant-employer", "nobody@example.com", "--company", "X"]
    )
    assert missing.exit_code != 0


def test_admins_may_search_but_not_contact(make_user):
    admin = make_user(role=Role.ADMIN)
    assert employers.can_search(admin)
    assert not employers.can_contact(admin)
    seeker = make_user()
    assert employers.employer_entitlements(seeker) == frozenset()
