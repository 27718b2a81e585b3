"""Rate limits on the forms an attacker would hammer, and the pages shown when one is hit.

Sign-in counts failed attempts twice: per account (guessing one person's password from many
addresses) and per address (trying many accounts from one machine). Limits are Flask-Limiter
strings, overridable in the configuration.
"""

from __future__ import annotations

import math
import time

from flask import Flask, current_app, g, make_response, render_template, request
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from portal.extensions import limiter

DEFAULT_LIMITS = {
    "RATELIMIT_SIGN_IN_PER_ACCOUNT": "5 per 15 minutes",
    "RATELIMIT_SIGN_IN_PER_ADDRESS": "20 per 15 minutes",
    # Forms that send mail: keep them from being used to flood someone's inbox.
    "RATELIMIT_MAIL_PER_ACCOUNT": "3 per hour",
    "RATELIMIT_MAIL_PER_ADDRESS": "10 per hour",
    "RATELIMIT_REGISTER_PER_ADDRESS": "10 per hour",
    # Signed-in forms that send mail (confirmation again, change of address).
    "RATELIMIT_MAIL_PER_USER": "6 per hour",
}


def configured(name: str):
    return lambda: current_app.config[name]


def form_email_key() -> str:
    # The address as typed, trimmed and lowercased; bounded so a huge field cannot make a huge
    # key. It only names a counter, so it needs no validation.
    return "email:" + request.form.get("email", "").strip().lower()[:254]


def signed_in_user_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"address:{get_remote_address()}"


def mark_failed_sign_in() -> None:
    g.sign_in_failed = True


def _sign_in_failed(_response) -> bool:
    return bool(g.get("sign_in_failed"))


def limit_sign_in(view):
    """Count only failed sign-ins: a person who gets in is not slowed down."""
    per_account = limiter.limit(
        configured("RATELIMIT_SIGN_IN_PER_ACCOUNT"),
        key_func=form_email_key,
        methods=["POST"],
        deduct_when=_sign_in_failed,
        scope="sign-in-account",
    )
    per_address = limiter.limit(
        configured("RATELIMIT_SIGN_IN_PER_ADDRESS"),
        methods=["POST"],
        deduct_when=_sign_in_failed,
        scope="sign-in-address",
    )
    return per_address(per_account(view))


def limit_mail_form(view):
    """A public form that sends mail to the address typed into it."""
    per_account = limiter.limit(
        configured("RATELIMIT_MAIL_PER_ACCOUNT"),
        key_func=form_email_key,
        methods=["POST"],
        scope="mail-account",
    )
    per_address = limiter.limit(
        configured("RATELIMIT_MAIL_PER_ADDRESS"), methods=["POST"], scope="mail-address"
    )
    return per_address(per_account(view))


def limit_registration(view):
    return limiter.limit(
        configured("RATELIMIT_REGISTER_PER_ADDRESS"), methods=["POST"], scope="register"
    )(view)


def limit_signed_in_mail(view):
    return limiter.limit(
        configured("RATELIMIT_MAIL_PER_USER"),
        key_func=signed_in_user_key,
        methods=["POST"],
        scope="mail-user",
    )(view)


def too_many_attempts(_error: RateLimitExceeded):
    current = limiter.current_limit
    # Flask-Limiter rounds the reset time up by a second; take it back off.
    seconds = max(1, math.ceil(current.reset_at - 1 - time.time())) if current else 60
    minutes = max(1, math.ceil(seconds / 60))
    response = make_response(
        render_template("accounts/too_many_attempts.html", minutes=minutes), 429
    )
    response.headers["Retry-After"] = str(seconds)
    return response


def expired_form(_error: CSRFError):
    page = render_template("accounts/expired_form.html")
    return page, 400


def init_app(app: Flask) -> None:
    for name, value in DEFAULT_LIMITS.items():
        app.config.setdefault(name, value)
    app.register_error_handler(RateLimitExceeded, too_many_attempts)
    app.register_error_handler(CSRFError, expired_form)
