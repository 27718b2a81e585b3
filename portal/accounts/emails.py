"""One function per message accounts sends. Each returns whether the mail server took it, so a
page can say when a mail could not be sent; notices nobody waits for only log a failure."""

from __future__ import annotations

import logging

from portal.accounts import tokens
from portal.accounts.models import User
from portal.accounts.tokens import Purpose
from portal.mail import MailError, absolute_url, send_email, send_email_in_background

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
    try:
        send_email(to, template, **context)
    except MailError:
        log.exception("Could not send %s mail", template)
        return False
    return True


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


def send_email_change_confirmation(user: User, new_email: str) -> bool:
    link = email_change_link(user, new_email)
    return _send(new_email, "confirm_new_email", user=user, new_email=new_email, link=link)


def send_email_changed_notice(old_email: str, user: User) -> bool:
    return _send(old_email, "email_changed", user=user, old_email=old_email)


def send_password_changed_notice(user: User) -> bool:
    reset = absolute_url("accounts.request_password_reset")
    return _send(user.email, "password_changed", user=user, reset_link=reset)
