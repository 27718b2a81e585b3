"""Forgotten passwords: the same answer for every address, and a link that works once, for an
hour, for the account it was made for."""

from __future__ import annotations

import time

import pytest

from portal.accounts import emails
from portal.background_mail import wait_for_background_mail
from portal.extensions import db
from tests.accounts.helpers import field_error, flip_signature, path_of, submit, text
from tests.conftest import login

NEW_PASSWORD = "a brand new passphrase"


def ask_for_reset(client, email):
    return submit(client, "/reset-password", {"email": email})


def reset_link_for(mailbox, email) -> str:
    mailbox.wait_for(1)
    return path_of(mailbox.last_to(email).link("/reset-password/"))


def test_the_reset_mail_link_sets_a_new_password(client, make_user, mailbox):
    user = make_user("ida@example.com", name="Ida")
    response = ask_for_reset(client, "IDA@example.com")
    assert response.status_code == 200
    assert "If ida@example.com belongs to an account" in text(response)

    mail = mailbox.wait_for(1)[0]
    assert mail.subject == "Reset your Career Portal password"
    assert "works once, within one hour" in mail.text
    link = mail.link("/reset-password/")
    assert f'href="{link}"' in mail.html

    form = client.get(path_of(link))
    assert form.status_code == 200
    assert "Choose a new password" in text(form)
    done = submit(client, path_of(link), {"password": NEW_PASSWORD})
    assert done.status_code == 303
    assert "Your password is changed" in text(client.get(done.headers["Location"]))

    user.test_password = NEW_PASSWORD
    login(client, user)
    # A notice goes to the account's address.
    notices = mailbox.wait_for(2)
    assert notices[-1].subject == "Your Career Portal password was changed"


def test_the_answer_is_the_same_for_unknown_addresses(client, make_user, mailbox):
    make_user("known@example.com")
    known = text(ask_for_reset(client, "known@example.com")).replace("known@", "X@")
    unknown = text(ask_for_reset(client, "stranger@example.com")).replace("stranger@", "X@")
    assert known == unknown
    wait_for_background_mail()
    assert [mail.recipients for mail in mailbox.messages] == [["known@example.com"]]


def test_deactivated_accounts_get_no_reset_mail(client, make_user, mailbox):
    make_user("gone@example.com", active=False)
    ask_for_reset(client, "gone@example.com")
    wait_for_background_mail()
    assert mailbox.messages == []


def test_a_reset_link_works_once(client, make_user, mailbox):
    user = make_user()
    ask_for_reset(client, user.email)
    link = reset_link_for(mailbox, user.email)
    assert submit(client, link, {"password": NEW_PASSWORD}).status_code == 303

    reused = client.get(link)
    assert reused.status_code == 400
    assert "This link is not valid any more" in text(reused)
    assert "Get a new reset link" in text(reused)
    again = submit(client, link, {"password": "yet another passphrase"}, form_page="/login")
    assert again.status_code == 400


def test_a_newer_password_change_kills_older_links(client, make_user, mailbox):
    user = make_user()
    ask_for_reset(client, user.email)
    first = reset_link_for(mailbox, user.email)
    login(client, user)
    submit(
        client,
        "/account/password",
        {"current_password": user.test_password, "password": NEW_PASSWORD},
    )
    assert client.get(first).status_code == 400


def test_an_expired_reset_link_is_refused(app, client, make_user):
    user = make_user()
    with app.test_request_context():
        link = emails.reset_link(user, issued_at=time.time() - 3601)
    response = client.get(path_of(link))
    assert response.status_code == 400
    assert "This link has expired" in text(response)


def test_a_reset_link_just_inside_the_hour_still_works(app, client, make_user):
    user = make_user()
    with app.test_request_context():
        link = emails.reset_link(user, issued_at=time.time() - 3540)
    assert client.get(path_of(link)).status_code == 200


@pytest.mark.parametrize(
    "mangle",
    [
        flip_signature,
        lambda token: token.split(".")[0] + ".AAAAAA." + token.split(".")[2],
        lambda token: "eyJpZCI6MX0" + token[token.index(".") :],  # someone else's id
        lambda token: token[:10],
    ],
)
def test_a_tampered_reset_link_is_refused(app, client, make_user, mangle):
    user = make_user()
    with app.test_request_context():
        token = emails.reset_link(user).rsplit("/", 1)[1]
    response = client.get(f"/reset-password/{mangle(token)}")
    assert response.status_code == 400
    assert "not valid" in text(response)


def test_a_token_made_for_another_purpose_is_refused(app, client, make_user):
    user = make_user(confirmed=False)
    with app.test_request_context():
        confirm_token = emails.confirmation_link(user).rsplit("/", 1)[1]
    assert client.get(f"/reset-password/{confirm_token}").status_code == 400


def test_resetting_ends_every_session(app, client, make_user, mailbox):
    user = make_user()
    elsewhere = app.test_client()
    login(elsewhere, user, remember=True)
    ask_for_reset(client, user.email)
    submit(client, reset_link_for(mailbox, user.email), {"password": NEW_PASSWORD})
    assert elsewhere.get("/account").status_code == 302


def test_resetting_confirms_the_address(client, make_user, mailbox):
    user = make_user(confirmed=False)
    ask_for_reset(client, user.email)
    submit(client, reset_link_for(mailbox, user.email), {"password": NEW_PASSWORD})
    db.session.refresh(user)
    assert user.email_confirmed


def test_the_new_password_must_follow_the_policy(client, make_user, mailbox):
    user = make_user()
    ask_for_reset(client, user.email)
    link = reset_link_for(mailbox, user.email)
    response = submit(client, link, {"password": "12345678"})
    assert response.status_code == 200
    assert "most commonly used" in field_error(response, "password")
    # The link still works after a rejected attempt.
    assert submit(client, link, {"password": NEW_PASSWORD}).status_code == 303
