"""Account lifecycle: register, confirm, sign-in checks, reset, change of email or password.

Plain functions over the session. Each is one transaction and commits before any mail goes out,
so a mail server that is down never leaves an account half-written. Problems a person can fix
are raised as `AccountError` with a message to show them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import clock
from portal.accounts import emails, passwords, tokens
from portal.accounts.models import Role, User
from portal.accounts.signals import email_changed
from portal.accounts.tokens import Purpose, TokenError
from portal.extensions import db

log = logging.getLogger(__name__)

MAX_EMAIL_LENGTH = 254


class AccountError(Exception):
    """Something the person can fix; `str(error)` is the message to show."""


class InvalidCredentials(AccountError):
    def __init__(self) -> None:
        # One message for an unknown email and a wrong password: no account enumeration.
        super().__init__("That email and password do not match an account.")


class WrongPassword(AccountError):
    def __init__(self) -> None:
        super().__init__("Your current password is not right.")


class AccountDeactivated(AccountError):
    def __init__(self) -> None:
        super().__init__(
            "This account has been deactivated. Contact us if you think that is wrong."
        )


class LinkError(AccountError):
    """A mailed link that is expired, already used, tampered with or for another purpose."""

    def __init__(self, expired: bool = False) -> None:
        message = "This link has expired." if expired else "This link is not valid any more."
        super().__init__(message)
        self.expired = expired


def normalize_email(raw: str) -> str:
    """The stored form of an address: validated, lowercase, ASCII domain. Raises AccountError."""
    raw = (raw or "").strip()
    if len(raw) > MAX_EMAIL_LENGTH:
        raise AccountError(f"An email address has at most {MAX_EMAIL_LENGTH} characters.")
    try:
        # No DNS look-up: it is slow, and the confirmation mail proves the address anyway.
        result = validate_email(raw, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise AccountError(f"Enter a valid email address ({error}).") from error
    return (result.ascii_email or result.normalized).lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.lower()))


def check_password_policy(password: str, *, email: str = "", name: str = "") -> None:
    problem = passwords.password_problem(password, email=email, name=name)
    if problem:
        raise AccountError(problem)


@dataclass(frozen=True)
class Registration:
    email: str
    mail_sent: bool


def register(raw_email: str, name: str, password: str, time_zone: str = "UTC") -> Registration:
    """Create an account and mail its confirmation link.

    An address that already has an account gets a mail saying so instead, and the caller shows
    the same page either way: the form does not tell strangers who has an account. Both paths
    hash a password, so they also take about as long.
    """
    email = normalize_email(raw_email)
    check_password_policy(password, email=email, name=name)
    password_hash = passwords.hash_password(password)
    if find_user_by_email(email) is not None:
        return Registration(email, emails.send_account_exists(email))
    user = User(email=email, name=name.strip(), password_hash=password_hash, time_zone=time_zone)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        # Someone registered the same address a moment earlier.
        db.session.rollback()
        return Registration(email, emails.send_account_exists(email))
    return Registration(email, emails.send_confirmation(user))


def resend_confirmation(raw_email: str) -> str:
    """Mail a new confirmation link (in the background, so the answer takes as long either
    way) if an unconfirmed, active account has this address, and return the address as stored.
    The caller shows the same answer whatever happened."""
    email = normalize_email(raw_email)
    user = find_user_by_email(email)
    if user is not None and user.is_active and not user.email_confirmed:
        emails.send_confirmation_in_background(user)
    return email


def _read_link(purpose: Purpose, token: str) -> tuple[dict, User | None]:
    """A mailed link's signed payload and the account it names (None if it is gone)."""
    try:
        payload = tokens.read(purpose, token)
    except TokenError as error:
        raise LinkError(error.expired) from error
    return payload, db.session.get(User, payload.get("id"))


def confirm_email(token: str) -> User:
    payload, user = _read_link(Purpose.CONFIRM_EMAIL, token)
    # A link for an address the account no longer has is dead.
    if user is None or not user.is_active or user.email != payload.get("email"):
        raise LinkError()
    if not user.email_confirmed:
        user.email_confirmed_at = clock.now()
        db.session.commit()
    return user


def authenticate(raw_email: str, password: str) -> User:
    """The account for these credentials; raises InvalidCredentials or AccountDeactivated."""
    try:
        email = normalize_email(raw_email)
    except AccountError:
        email = None
    user = find_user_by_email(email) if email else None
    if user is None:
        passwords.spend_verification_time(password)
        raise InvalidCredentials()
    if not passwords.verify_password(user.password_hash, password):
        raise InvalidCredentials()
    # Only someone who knows the password learns that the account is deactivated.
    if not user.is_active:
        raise AccountDeactivated()
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_signed_in_at = clock.now()
    db.session.commit()
    return user


def request_password_reset(raw_email: str) -> str:
    """Mail a reset link to an active account with this address, in the background; return the
    address as stored. Without such an account the same work is done and nothing is sent: the
    answer is the same, and as quick, either way."""
    email = normalize_email(raw_email)
    user = find_user_by_email(email)
    if user is not None and user.is_active:
        emails.send_password_reset_in_background(user)
    else:
        emails.pretend_password_reset(email)
    return email


def user_for_reset_token(token: str) -> User:
    payload, user = _read_link(Purpose.RESET_PASSWORD, token)
    if (
        user is None
        or not user.is_active
        or not tokens.same(str(payload.get("pw", "")), tokens.fingerprint(user.password_hash))
    ):
        raise LinkError()
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link; every session of the account ends."""
    user = user_for_reset_token(token)
    check_password_policy(new_password, email=user.email, name=user.name)
    _set_password(user, new_password)
    # Following the link proved the address is theirs.
    if not user.email_confirmed:
        user.email_confirmed_at = clock.now()
    db.session.commit()
    emails.send_password_changed_notice(user)
    return user


def _set_password(user: User, new_password: str) -> None:
    user.password_hash = passwords.hash_password(new_password)
    user.rotate_session_token()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Ends every session of the account; the caller signs the current one in again."""
    if not passwords.verify_password(user.password_hash, current_password):
        raise WrongPassword()
    check_password_policy(new_password, email=user.email, name=user.name)
    _set_password(user, new_password)
    db.session.commit()
    emails.send_password_changed_notice(user)


def update_profile(user: User, name: str, time_zone: str) -> None:
    user.name = name.strip()
    user.time_zone = time_zone
    db.session.commit()


def request_email_change(user: User, raw_email: str, password: str) -> Registration:
    """Mail a confirmation link to the new address; the change happens when it is followed."""
    if not passwords.verify_password(user.password_hash, password):
        raise WrongPassword()
    new_email = normalize_email(raw_email)
    if new_email == user.email:
        raise AccountError("That is already your email address.")
    if find_user_by_email(new_email) is not None:
        return Registration(new_email, emails.send_account_exists(new_email))
    return Registration(new_email, emails.send_email_change_confirmation(user, new_email))


def confirm_email_change(token: str) -> User:
    payload, user = _read_link(Purpose.CHANGE_EMAIL, token)
    old_email, new_email = payload.get("from"), str(payload.get("to", ""))
    if user is None or not user.is_active or user.email != old_email:
        raise LinkError()
    if find_user_by_email(new_email) is not None:
        raise AccountError("Another account uses that address now, so we could not move yours.")
    user.email = new_email
    user.email_confirmed_at = clock.now()
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise AccountError("Another account uses that address now.") from error
    emails.send_email_changed_notice(old_email, user)
    email_changed.send(current_app._get_current_object(), user=user, old_email=old_email)
    return user


def end_all_sessions(user: User) -> None:
    """Every session and remember-me cookie of the account stops working."""
    user.rotate_session_token()
    db.session.commit()


def set_active(user: User, active: bool) -> None:
    """Deactivating ends the account's sessions at once (their next request is anonymous)."""
    user.is_active = active
    if not active:
        user.rotate_session_token()
    db.session.commit()


def create_or_promote_admin(raw_email: str, password: str | None, name: str | None) -> bool:
    """Make the account with this address an admin, creating it if needed (then `password` is
    required). Returns True when an account was created."""
    email = normalize_email(raw_email)
    user = find_user_by_email(email)
    created = user is None
    display_name = (name or (user.name if user else email.partition("@")[0])).strip()
    if created and not password:
        raise AccountError("A new account needs a password.")
    if password:
        check_password_policy(password, email=email, name=display_name)
    if user is None:
        user = User(email=email, password_hash="")
        db.session.add(user)
    user.name = display_name
    if password:
        _set_password(user, password)
    user.role = Role.ADMIN
    user.is_active = True
    # Whoever runs the command vouches for the address.
    user.email_confirmed_at = user.email_confirmed_at or clock.now()
    db.session.commit()
    return created
