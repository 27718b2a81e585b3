"""One function per message accounts sends. Every message goes out in the background
(portal/background_mail.py), so no request waits on the mail server. Those a page reports on
return whether the mail was handed over (and did not fail at once), so the page can say when it
could not be sent; notices nobody waits for only log a failure."""

from __future__ import annotations

import logging

from flask import current_app

from portal.accounts import passwords, tokens
from portal.accounts.models import User
from portal.accounts.tokens import Purpose
from portal.background_mail import run_in_background, send_email_in_background
from portal.mail import build_message
from portal.urls import absolute_url

log = logging.getLogger(__name__)


def confirmation_link(user: User, issued_at: float | None = None) -> str:
    token = tokens.issue(Purpose.CONFIRM_EMAIL, {"id": user.id, "email": user.email}, issued_at)
    return absolute_url("accounts.confirm_email", token=token)


def reset_link(user: User, issued_at: float | None = None) -> str:
    # The fingerprint of the current hash makes the link single-use: once the password changes,
    # the link no longer matches.
    payload = {"id": user.id, "pw": tokens.fingerprint(user.password_hash)}
    token = tokens.issue(Purpose.RESET_PASSWORD, payload, issued_at)
    return absolute_url("accounts.reset_password", token=token)


def email_change_link(user: User, new_email: str, issued_at: float | None = None) -> str:
    payload = {"id": user.id, "from": user.email, "to": new_email}
    token = tokens.issue(Purpose.CHANGE_EMAIL, payload, issued_at)
    return absolute_url("accounts.confirm_email_change", token=token)


def _send(to: str, template: str, **context) -> bool:
    """For a page that says whether its mail went out: wait a moment for the mail server."""
    patience = current_app.config.get("MAIL_WAIT_SECONDS", 0)
    sent = send_email_in_background(to, template, patience=patience, **context)
    if not sent:
        log.error("Could not send %s mail", template)
    return sent


def _notify(to: str, template: str, **context) -> None:
    """For a notice nobody waits for: hand it over; a failure is logged in the background."""
    send_email_in_background(to, template, **context)


def send_confirmation(user: User) -> bool:
    return _send(user.email, "confirm_email", user=user, link=confirmation_link(user))


def send_confirmation_in_background(user: User) -> None:
    send_email_in_background(user.email, "confirm_email", user=user, link=confirmation_link(user))


def send_account_exists(email: str) -> bool:
    """Told to an address that already has an account when someone registers (or moves an
    account) with it: the page cannot say so without revealing who has an account."""
    return _send(
        email,
        "account_exists",
        sign_in_link=absolute_url("accounts.login"),
        reset_link=absolute_url("accounts.request_password_reset"),
    )


def send_password_reset_in_background(user: User) -> None:
    send_email_in_background(user.email, "reset_password", user=user, link=reset_link(user))


def pretend_password_reset(email: str) -> None:
    """For an address without an active account: the work of a reset mail (a link signed, the
    message rendered, a job handed to the background) and nothing sent, so the answer takes as
    long as for an account, and no one learns by timing which addresses have one."""
    stand_in = User(id=0, email=email, name="", password_hash=passwords.dummy_hash())
    build_message(email, "reset_password", user=stand_in, link=reset_link(stand_in))
    run_in_background(lambda: None, label="reset mail for an unknown address")


def send_email_change_confirmation(user: User, new_email: str) -> bool:
    link = email_change_link(user, new_email)
    return _send(new_email, "confirm_new_email", user=user, new_email=new_email, link=link)


def send_email_changed_notice(old_email: str, user: User) -> None:
    _notify(old_email, "email_changed", user=user, old_email=old_email)


def send_password_changed_notice(user: User) -> None:
    reset = absolute_url("accounts.request_password_reset")
    _notify(user.email, "password_changed", user=user, reset_link=reset)
