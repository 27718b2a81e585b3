"""Rate limits on the forms an attacker would hammer, and the pages shown when one is hit.

Every limit that names an account keys on the address as sign-in reads it
(`services.normalize_email`), so no spelling of one person's address gets a counter of its own.

Sign-in follows OWASP's Authentication Cheat Sheet ("Account lockout"): wrong guesses are slowed
down per pair of account and client address, and an account is locked only after far more
failures than its owner would make, so a stranger cannot lock someone out with a few guesses. A
third counter per client address slows one machine trying many accounts. Each attempt is counted
(an atomic increment in the limiter's storage) before its password is checked, and given back if
it succeeds, so concurrent guesses cannot slip past a limit. Limits are Flask-Limiter strings,
overridable in the configuration.
"""

from __future__ import annotations

import logging
import math
import os
import shlex
import sys
import threading
import time
import unicodedata
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from flask import Flask, current_app, make_response, render_template, request
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from portal.accounts.services import MAX_EMAIL_LENGTH, AccountError, normalize_email
from portal.extensions import limiter

log = logging.getLogger(__name__)

DEFAULT_LIMITS = {
    # Wrong passwords for one account from one address: slowed down, never a lock.
    "RATELIMIT_SIGN_IN_PER_PAIR": "5 per 15 minutes",
    # Wrong passwords for one account from everywhere: a lock, but only at a count that takes
    # many addresses to reach (a botnet guessing one person's password).
    "RATELIMIT_SIGN_IN_PER_ACCOUNT": "100 per hour",
    "RATELIMIT_SIGN_IN_PER_ADDRESS": "20 per 15 minutes",
    # Forms that send mail: keep them from being used to flood someone's inbox. The per-account
    # limit is shared by every public form that mails the address typed into it.
    "RATELIMIT_MAIL_PER_ACCOUNT": "3 per hour",
    "RATELIMIT_MAIL_PER_ADDRESS": "10 per hour",
    "RATELIMIT_REGISTER_PER_ADDRESS": "10 per hour",
    # Signed-in forms that send mail (confirmation again, change of address).
    "RATELIMIT_MAIL_PER_USER": "6 per hour",
}


def configured(name: str):
    return lambda: current_app.config[name]


def account_key(raw_email: str) -> str:
    """The account a typed address names, as sign-in finds it: `CAROL@Example.com`, and
    carol@example.com typed with a fullwidth e (U+FF45), are both carol. What does not
    validate names no account; it is counted under its NFKC, casefolded form, which is what
    look-alikes such as a fullwidth letter in the local part become. Bounded, so a huge field
    makes no huge key."""
    raw = (raw_email or "")[: 4 * MAX_EMAIL_LENGTH]
    try:
        return normalize_email(raw)
    except AccountError:
        return unicodedata.normalize("NFKC", raw).strip().casefold()[:MAX_EMAIL_LENGTH]


def form_email_key() -> str:
    return "email:" + account_key(request.form.get("email", ""))


def signed_in_user_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"address:{get_remote_address()}"


class TooManyAttempts(TooManyRequests):
    """A sign-in refused before its password was checked; `seconds` until it may be tried."""

    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.seconds = seconds


# The `limits` in-memory storage is not atomic across threads: MemoryStorage.incr (limits 5.8)
# sets a new key's expiry and reads the count back outside its lock, so concurrent attempts
# could be checked one too many or too few (both seen in CI). In one process a lock makes the
# counting exact; Redis's INCRBY needs none.
_MEMORY_COUNTING = threading.Lock()


def _counting() -> AbstractContextManager:
    return _MEMORY_COUNTING if isinstance(limiter.storage, MemoryStorage) else nullcontext()


@dataclass(frozen=True)
class SignInAttempt:
    """The counters one sign-in attempt was counted on."""

    counted: tuple[tuple[RateLimitItem, tuple[str, ...]], ...] = ()

    def succeeded(self) -> None:
        """A person who gets in is not slowed down: give the attempt back to each counter."""
        storage = limiter.storage
        with _counting():
            for item, identifiers in self.counted:
                # A fixed window's count is one key; taking one off keeps its expiry.
                storage.incr(item.key_for(*identifiers), item.get_expiry(), amount=-1)


def count_sign_in_attempt(raw_email: str) -> SignInAttempt:
    """Count an attempt to sign in as `raw_email` from this request's address before its
    password is checked; raise TooManyAttempts, checking nothing, when a counter is full."""
    config = current_app.config
    if not config.get("RATELIMIT_ENABLED", True):
        return SignInAttempt()
    account, address = account_key(raw_email), get_remote_address()
    prefix = config.get("RATELIMIT_KEY_PREFIX") or "portal"
    counters = (
        (config["RATELIMIT_SIGN_IN_PER_ADDRESS"], (prefix, "sign-in-address", address)),
        (config["RATELIMIT_SIGN_IN_PER_PAIR"], (prefix, "sign-in-pair", account, address)),
        (config["RATELIMIT_SIGN_IN_PER_ACCOUNT"], (prefix, "sign-in-account", account)),
    )
    # Fixed windows whatever Flask-Limiter's strategy: one counter per key that an increment
    # updates atomically (INCRBY in Redis, a lock in memory), and that can be given back.
    strategy = FixedWindowRateLimiter(limiter.storage)
    counted = []
    with _counting():
        for limit, identifiers in counters:
            item = parse(limit)
            if not strategy.hit(item, *identifiers):
                refused = SignInAttempt(tuple(counted))
                break
            counted.append((item, identifiers))
        else:
            return SignInAttempt(tuple(counted))
    refused.succeeded()  # this one is not checked at all: give back what it counted
    reset_at = strategy.get_window_stats(item, *identifiers).reset_time
    raise TooManyAttempts(max(1, math.ceil(reset_at - time.time())))


def _mail_to_account():
    # One shared counter per address for every public form that mails it: otherwise each form
    # would add its own 3 an hour.
    return limiter.shared_limit(
        configured("RATELIMIT_MAIL_PER_ACCOUNT"),
        scope="mail-account",
        key_func=form_email_key,
        methods=["POST"],
    )


def limit_mail_form(view):
    """A public form that sends mail to the address typed into it."""
    per_address = limiter.limit(
        configured("RATELIMIT_MAIL_PER_ADDRESS"), methods=["POST"], scope="mail-address"
    )
    return per_address(_mail_to_account()(view))


def limit_registration(view):
    """Registering an address that has an account mails that account, so the address's mail
    limit counts here too."""
    per_address = limiter.limit(
        configured("RATELIMIT_REGISTER_PER_ADDRESS"), methods=["POST"], scope="register"
    )
    return per_address(_mail_to_account()(view))


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
    return _too_many_attempts_page(seconds)


def sign_in_refused(error: TooManyAttempts):
    return _too_many_attempts_page(error.seconds)


def _too_many_attempts_page(seconds: int):
    minutes = max(1, math.ceil(seconds / 60))
    response = make_response(
        render_template("accounts/too_many_attempts.html", minutes=minutes), 429
    )
    response.headers["Retry-After"] = str(seconds)
    return response


def expired_form(_error: CSRFError):
    page = render_template("accounts/expired_form.html")
    return page, 400


def likely_workers(environ: Mapping[str, str], argv: list[str]) -> int:
    """How many worker processes will serve the app, as far as can be told from here:
    WEB_CONCURRENCY (which gunicorn and most platforms read), or gunicorn's -w/--workers in
    GUNICORN_CMD_ARGS or on its command line."""
    options = shlex.split(environ.get("GUNICORN_CMD_ARGS", ""))
    if argv and os.path.basename(argv[0]).startswith("gunicorn"):
        options += argv[1:]
    counts = [environ.get("WEB_CONCURRENCY", "")]
    for index, option in enumerate(options):
        if option in {"-w", "--workers"} and index + 1 < len(options):
            counts.append(options[index + 1])
        elif option.startswith("--workers="):
            counts.append(option.partition("=")[2])
        elif option.startswith("-w") and option[2:].isdigit():
            counts.append(option[2:])
    return max([int(count) for count in counts if count.strip().isdigit()] or [1])


def warn_if_counts_are_per_worker(app: Flask) -> None:
    """In memory, each worker process keeps its own counts, so N workers let N times as many
    guesses through: production wants REDIS_URL."""
    if app.debug or app.testing or not app.config.get("RATELIMIT_ENABLED", True):
        return
    if not str(app.config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        return
    workers = likely_workers(os.environ, sys.argv)
    if workers > 1:
        log.warning(
            "Rate limits are kept in memory, so each of the %d worker processes counts sign-in "
            "attempts and mail on its own and lets %d times as many through. Set REDIS_URL.",
            workers,
            workers,
        )


def init_app(app: Flask) -> None:
    for name, value in DEFAULT_LIMITS.items():
        app.config.setdefault(name, value)
    app.register_error_handler(RateLimitExceeded, too_many_attempts)
    app.register_error_handler(TooManyAttempts, sign_in_refused)
    app.register_error_handler(CSRFError, expired_form)
    warn_if_counts_are_per_worker(app)
