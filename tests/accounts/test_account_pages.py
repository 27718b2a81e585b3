"""The account pages: details and plan, email change, password change."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from portal.accounts import emails
from portal.accounts.models import User
from portal.extensions import db
from tests.accounts.helpers import field_error, path_of, submit, text
from tests.conftest import login

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def user(client, make_user):
    user = make_user("mary@example.com", name="Mary Seacole", time_zone="Europe/London")
    login(client, user)
    return user


def test_the_account_page_shows_the_details_and_the_free_plan(client, user):
    response = client.get("/account")
    assert response.status_code == 200
    page = text(response)
    assert "mary@example.com confirmed" in page
    assert "Plan Free" in page
    assert 'value="Mary Seacole"' in response.get_data(as_text=True)
    assert '<option selected value="Europe/London">' in response.get_data(as_text=True)
    # Personal: neither a shared cache nor the browser keeps it (tests/accounts/test_caching.py).
    assert response.headers["Cache-Control"] == "private, no-store"


def test_the_plan_line_comes_from_whoever_provides_plan_labels(app, client, user, monkeypatch):
    monkeypatch.setitem(app.extensions, "portal.plan_label", lambda person: f"Plus ({person.name})")
    assert "Plan Plus (Mary Seacole)" in text(client.get("/account"))


def test_details_can_be_changed(client, user):
    response = submit(
        client, "/account", {"name": "Mary J. Seacole", "time_zone": "America/Jamaica"}
    )
    assert response.status_code == 303
    assert "Your details are saved" in text(client.get("/account"))
    db.session.refresh(user)
    assert (user.name, user.time_zone) == ("Mary J. Seacole", "America/Jamaica")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "Mary", "time_zone": "Mars/Olympus_Mons"}, "time_zone", "Choose a time zone"),
        ({"name": "Mary", "time_zone": "../../etc/passwd"}, "time_zone", "Choose a time zone"),
        ({"name": "Mary", "time_zone": "localtime"}, "time_zone", "Choose a time zone"),
        ({"name": "", "time_zone": "UTC"}, "name", "Enter your name."),
        ({"name": "M" * 5000, "time_zone": "UTC"}, "name", "at most 100 characters"),
    ],
)
def test_bad_details_are_explained(client, user, data, field, message):
    response = submit(client, "/account", data)
    assert response.status_code == 200
    assert message in field_error(response, field)
    db.session.refresh(user)
    assert (user.name, user.time_zone) == ("Mary Seacole", "Europe/London")


def test_changing_email_is_confirmed_through_the_new_address(client, user, mailbox):
    response = submit(
        client, "/account/email", {"email": "M.Seacole@Example.org", "password": user.test_password}
    )
    assert response.status_code == 303
    assert "We sent a link to m.seacole@example.org" in text(client.get("/account"))
    db.session.refresh(user)
    assert user.email == "mary@example.com"  # nothing changes until the link is followed

    (mail,) = mailbox.wait_for(1)
    assert mail.recipients == ["m.seacole@example.org"]
    link = path_of(mail.link("/account/email/confirm/"))
    assert client.get(link).status_code == 303
    assert "Your email address is now m.seacole@example.org" in text(client.get("/account"))
    db.session.refresh(user)
    assert user.email == "m.seacole@example.org"

    notice = mailbox.wait_for(2)[1]
    assert notice.recipients == ["mary@example.com"]
    assert "changed from mary@example.com to m.seacole@example.org" in notice.text
    # The link is spent: the account no longer has the address it was made for.
    assert client.get(link).status_code == 400


def test_changing_email_needs_the_current_password(client, user, mailbox):
    response = submit(
        client, "/account/email", {"email": "new@example.org", "password": "not my password"}
    )
    assert response.status_code == 200
    assert "Your current password is not right" in field_error(response, "password")
    assert mailbox.messages == []


def test_changing_to_an_address_with_an_account_reveals_nothing(client, user, make_user, mailbox):
    make_user("taken@example.org")
    response = submit(
        client, "/account/email", {"email": "taken@example.org", "password": user.test_password}
    )
    assert "We sent a link to taken@example.org" in text(client.get(response.headers["Location"]))
    (mail,) = mailbox.wait_for(1)
    assert mail.subject == "You already have an account on Career Portal"


def test_an_address_taken_before_the_link_is_followed_is_not_stolen(app, client, user, make_user):
    with app.test_request_context():
        link = emails.email_change_link(user, "contested@example.org")
    make_user("contested@example.org")
    response = client.get(path_of(link))
    assert "Another account uses that address now" in text(client.get(response.headers["Location"]))
    db.session.refresh(user)
    assert user.email == "mary@example.com"


def test_an_expired_email_change_link_is_refused(app, client, user):
    with app.test_request_context():
        link = emails.email_change_link(user, "late@example.org", issued_at=time.time() - 90000)
    response = client.get(path_of(link))
    assert response.status_code == 400
    assert "This link has expired" in text(response)


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, client, user, mailbox):
    elsewhere = app.test_client()
    login(elsewhere, user, remember=True)
    response = submit(
        client,
        "/account/password",
        {"current_password": user.test_password, "password": NEW_PASSWORD},
    )
    assert response.status_code == 303
    assert "Your password is changed" in text(client.get("/account"))
    assert client.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302

    assert mailbox.wait_for(1)[0].subject == "Your Career Portal password was changed"
    user.test_password = NEW_PASSWORD
    login(app.test_client(), user)


def test_changing_the_password_keeps_remember_me_working_here(app, client, make_user):
    person = make_user()
    browser = app.test_client()
    login(browser, person, remember=True)
    submit(
        browser,
        "/account/password",
        {"current_password": person.test_password, "password": NEW_PASSWORD},
    )
    browser.delete_cookie("session")
    assert browser.get("/account").status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"current_password": "wrong one", "password": NEW_PASSWORD},
            "current_password",
            "not right",
        ),
        (
            {"current_password": "", "password": NEW_PASSWORD},
            "current_password",
            "Enter your password",
        ),
        ({"password": "letmein"}, "password", "at least 8 characters"),
        ({"password": "iloveyou2"}, "password", "most commonly used"),
    ],
)
def test_bad_password_changes_are_explained(client, user, data, field, message):
    data.setdefault("current_password", user.test_password)
    before = db.session.scalar(select(User.password_hash).where(User.id == user.id))
    response = submit(client, "/account/password", data)
    assert response.status_code == 200
    assert message in field_error(response, field)
    db.session.expire_all()
    assert db.session.scalar(select(User.password_hash).where(User.id == user.id)) == before
