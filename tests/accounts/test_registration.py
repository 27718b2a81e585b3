"""Registering, the confirmation mail and its link, and registering when the mail server is down."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from portal.accounts import emails
from portal.accounts.models import User
from portal.background_mail import wait_for_background_mail
from portal.extensions import db
from tests.accounts.helpers import field_error, flip_signature, path_of, submit, text
from tests.conftest import login
from tests.smtp import free_port

GOOD = {"name": "Ada Lovelace", "email": "Ada@Example.com", "password": "analytical engine 1843"}


def register(client, **overrides):
    return submit(client, "/register", {**GOOD, **overrides})


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_registering_mails_a_confirmation_link_that_confirms_the_address(client, mailbox):
    response = register(client)
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert "We sent a message to ada@example.com" in text(page)

    user = db.session.scalar(select(User).where(User.email == "ada@example.com"))
    assert user.name == "Ada Lovelace"
    assert not user.email_confirmed
    assert user.password_hash.startswith("$argon2id$")
    assert "analytical" not in user.password_hash

    (mail,) = mailbox.wait_for(1)
    assert mail.recipients == ["ada@example.com"]
    assert mail.message["To"] == "ada@example.com"
    assert mail.subject == "Confirm your email address for Career Portal"
    assert "Career Portal" in mail.message["From"]
    assert mail.message["Message-ID"]
    assert mail.message.get_content_type() == "multipart/alternative"
    link = mail.link("/confirm/")
    assert "Hello Ada Lovelace" in mail.text
    assert f'href="{link}"' in mail.html

    confirmed = client.get(path_of(link))
    assert confirmed.status_code == 302
    db.session.refresh(user)
    assert user.email_confirmed
    assert "ada@example.com is confirmed" in text(client.get(confirmed.headers["Location"]))

    # Following it again is harmless.
    assert client.get(path_of(link)).status_code == 302


def test_an_unconfirmed_account_can_sign_in_and_is_reminded(client, make_user, mailbox):
    user = make_user("pending@example.com", confirmed=False)
    response = login(client, user)
    page = client.get(response.headers["Location"])
    assert "Please confirm your email address" in text(page)

    resend = submit(client, "/account/confirm/resend", {}, form_page="/account")
    assert resend.status_code == 303
    assert "We sent a new confirmation link" in text(client.get("/account"))
    assert mailbox.wait_for(1)[0].recipients == ["pending@example.com"]


def test_registering_an_address_that_has_an_account_looks_the_same(client, make_user, mailbox):
    make_user("taken@example.com", name="First Owner")
    before = user_count()

    response = register(client, email="TAKEN@example.com", name="Someone Else")
    assert response.status_code == 303
    page = text(client.get(response.headers["Location"]))
    assert "We sent a message to taken@example.com" in page
    assert user_count() == before

    (mail,) = mailbox.wait_for(1)
    assert mail.subject == "You already have an account on Career Portal"
    assert "/login" in mail.text
    assert "/reset-password" in mail.text


def test_a_mail_server_that_is_down_still_registers_and_offers_the_link_again(
    app, client, mailbox, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there
    response = register(client)
    page = client.get(response.headers["Location"])
    assert "We could not send your confirmation email" in text(page)
    user = db.session.scalar(select(User).where(User.email == "ada@example.com"))
    assert user is not None and not user.email_confirmed

    monkeypatch.setitem(app.config, "MAIL_PORT", mailbox.port)
    again = submit(
        client, "/confirm/resend", {"email": "ada@example.com"}, form_page="/register/sent"
    )
    assert again.status_code == 303
    (mail,) = mailbox.wait_for(1)
    client.get(path_of(mail.link("/confirm/")))
    db.session.refresh(user)
    assert user.email_confirmed


def test_asking_for_a_new_link_answers_the_same_for_any_address(client, make_user, mailbox):
    make_user("done@example.com", confirmed=True)
    answers = []
    for email in ("done@example.com", "nobody@example.com"):
        response = submit(client, "/confirm/resend", {"email": email})
        answers.append(text(client.get(response.headers["Location"])).replace(email, "EMAIL"))
    assert answers[0] == answers[1]
    wait_for_background_mail()
    assert mailbox.messages == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Enter your name."),
        ({"email": ""}, "email", "Enter your email address."),
        ({"password": ""}, "password", "Choose a password."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address"),
        ({"email": "a@b@example.com"}, "email", "Enter a valid email address"),
        ({"email": "x" * 300 + "@example.com"}, "email", "at most 254 characters"),
        ({"email": "用户@例子.广告"}, "email", "Enter a valid email address"),
        ({"email": "nul\x00@example.com"}, "email", "Enter a valid email address"),
        ({"name": "N" * 101}, "name", "at most 100 characters"),
        ({"name": "Null\x00Byte"}, "name", "letters, numbers, spaces and punctuation"),
        ({"password": "short"}, "password", "at least 8 characters"),
        ({"password": "p" * 201}, "password", "at most 200 characters"),
        ({"password": "password123"}, "password", "most commonly used"),
        ({"password": "Qwertyuiop"}, "password", "most commonly used"),
        ({"password": "ada@example.com"}, "password", "must not be your email"),
        ({"password": "aaaaaaaaaaaa"}, "password", "too easy to guess"),
    ],
)
def test_bad_input_is_explained_next_to_its_field(client, overrides, field, message):
    before = user_count()
    response = register(client, **overrides)
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert f'id="{field}"' in response.get_data(as_text=True)
    assert user_count() == before


def test_unicode_names_and_passwords_are_welcome(client, mailbox):
    response = register(client, name="Zoë Ōkubo 李雷 🙂", password="пароль-длинный-ключ")
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.email == "ada@example.com"))
    assert user.name == "Zoë Ōkubo 李雷 🙂"
    assert "Hello Zoë Ōkubo 李雷 🙂" in mailbox.wait_for(1)[0].text


def test_an_international_domain_is_stored_in_its_ascii_form(client, mailbox):
    register(client, email="Ada@Bücher.de")
    user = db.session.scalar(select(User).where(User.name == "Ada Lovelace"))
    assert user.email == "ada@xn--bcher-kva.de"
    assert mailbox.wait_for(1)[0].recipients == ["ada@xn--bcher-kva.de"]


def test_a_form_without_fields_is_an_error_page_not_a_crash(client):
    response = submit(client, "/register", {})
    assert response.status_code == 200
    assert field_error(response, "email") == "Enter your email address."


@pytest.mark.parametrize(
    ("mangle", "heading"),
    [
        (flip_signature, "not valid"),
        (lambda token: "nonsense", "not valid"),
        (lambda token: token.replace(".", "", 1), "not valid"),
    ],
)
def test_a_tampered_confirmation_link_is_refused(app, client, make_user, mangle, heading):
    user = make_user(confirmed=False)
    with app.test_request_context():
        link = emails.confirmation_link(user)
    token = link.rsplit("/", 1)[1]
    response = client.get(f"/confirm/{mangle(token)}")
    assert response.status_code == 400
    assert heading in text(response)
    db.session.refresh(user)
    assert not user.email_confirmed


def test_an_expired_confirmation_link_offers_a_new_one(app, client, make_user):
    user = make_user(confirmed=False)
    with app.test_request_context():
        link = emails.confirmation_link(user, issued_at=time.time() - 8 * 24 * 3600)
    response = client.get(path_of(link))
    assert response.status_code == 400
    assert "This link has expired" in text(response)
    assert 'href="/confirm/resend"' in response.get_data(as_text=True)


def test_a_signed_in_person_is_sent_to_their_account_from_register(client, make_user):
    login(client, make_user())
    response = client.get("/register")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"


def test_the_form_asks_for_the_time_zone_and_the_account_keeps_it(client, mailbox):
    form = client.get("/register").get_data(as_text=True)
    assert '<label class="label" for="time_zone">Time zone</label>' in form
    assert '<option value="America/Denver">' in form
    assert "data-detect-time-zone" in form  # site.js starts it at the browser's zone

    response = register(client, time_zone="America/Denver")
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.email == "ada@example.com"))
    assert user.time_zone == "America/Denver"


def test_an_unknown_time_zone_is_explained_and_nobody_is_registered(client):
    before = user_count()
    response = register(client, time_zone="Mars/Olympus_Mons")
    assert response.status_code == 200
    assert field_error(response, "time_zone") == "Choose a time zone from the list."
    assert user_count() == before
    # After a submit the script leaves the person's choice alone.
    assert "data-detect-time-zone" not in response.get_data(as_text=True)
