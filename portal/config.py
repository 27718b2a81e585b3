"""Configuration read from the environment, with safe defaults for a developer's machine."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """The app was asked to start with settings that are unsafe or incomplete."""


def env_bool(environ: Mapping[str, str], name: str, default: bool = False) -> bool:
    value = environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(environ: Mapping[str, str], name: str, default: int) -> int:
    value = environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from error


def env_list(environ: Mapping[str, str], name: str) -> list[str] | None:
    """A comma-separated list; None when the variable is unset or empty."""
    items = [item.strip() for item in (environ.get(name) or "").split(",")]
    return [item for item in items if item] or None


def database_uri(url: str | None, instance_path: str) -> str:
    """SQLite under instance/ by default; PostgreSQL URLs are routed to psycopg 3."""
    if not url:
        return f"sqlite:///{Path(instance_path) / 'portal.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def env_seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    value = environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also refuses nan
        raise ConfigurationError(f"{name} must be a number of seconds, not {value!r}")
    return seconds


def engine_options(url: str | None, config: Mapping[str, object] | None = None) -> dict:
    """A database server can drop idle connections (a restart, a failover), so a pooled one is
    pinged before use. An SQLite file has no server to lose, and a ping is one more statement
    on every request."""
    if not url or url.startswith("sqlite"):
        return {}
    config = config or {}
    connect_args: dict = {
        # psycopg turns a statement run five times into a prepared one, and PostgreSQL then
        # plans it once for any parameters. A search's plan depends on how common its words
        # are and how wide its filters; a repeated search on a generic plan ran ten times
        # slower. So every statement is planned for its own parameters.
        "prepare_threshold": None,
        # A server that is down or unreachable fails a request in seconds rather than holding
        # a worker for the operating system's TCP timeout (minutes).
        "connect_timeout": int(config.get("DATABASE_CONNECT_TIMEOUT", 5)),
    }
    statement_ms = int(config.get("DATABASE_STATEMENT_TIMEOUT_MS", 15_000))
    if statement_ms > 0:
        # The server cancels a statement that runs (or waits for a lock) longer than this, so
        # one stuck query cannot hold every worker; batch commands may set 0 (no limit).
        connect_args["options"] = f"-c statement_timeout={statement_ms}"
    return {
        "pool_pre_ping": True,
        # With every pooled connection busy, a request waits this long for one, then fails.
        "pool_timeout": float(config.get("DATABASE_POOL_TIMEOUT", 10)),
        "connect_args": connect_args,
    }


def settings_from_environment(environ: Mapping[str, str], instance_path: str) -> dict:
    """Every setting the portal reads, in one place."""
    return {
        "SECRET_KEY": environ.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": database_uri(environ.get("DATABASE_URL"), instance_path),
        # PostgreSQL only (see engine_options): seconds to connect, milliseconds a statement
        # may run (0: no limit), seconds a request waits for a pooled connection.
        "DATABASE_CONNECT_TIMEOUT": env_int(environ, "DATABASE_CONNECT_TIMEOUT", 5),
        "DATABASE_STATEMENT_TIMEOUT_MS": env_int(environ, "DATABASE_STATEMENT_TIMEOUT_MS", 15_000),
        "DATABASE_POOL_TIMEOUT": env_seconds(environ, "DATABASE_POOL_TIMEOUT", 10),
        "SEEDS_DIR": environ.get("SEEDS_DIR") or str(PROJECT_ROOT / "seeds"),
        "SITE_NAME": environ.get("SITE_NAME") or "Career Portal",
        # The base of every absolute URL (mail, canonical links, sitemap); portal/urls.py.
        "SITE_URL": (environ.get("SITE_URL") or "").rstrip("/") or None,
        # Host names a request may name; derived from SITE_URL unless set (ensure_site_url).
        "TRUSTED_HOSTS": env_list(environ, "TRUSTED_HOSTS"),
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are believed.
        "TRUSTED_PROXIES": env_int(environ, "TRUSTED_PROXIES", 0),
        "PAGE_CACHE_SIZE": env_int(environ, "PAGE_CACHE_SIZE", 256),
        # How long a page stored for every visitor is served before the database is asked
        # again whether it is still current (0: ask on every request).
        "PAGE_RECHECK_SECONDS": env_seconds(environ, "PAGE_RECHECK_SECONDS", 1.0),
        "SEND_FILE_MAX_AGE_DEFAULT": env_int(environ, "STATIC_MAX_AGE", 3600),
        # Static files named by their content's hash (portal/site/static_files.py); unset: on
        # unless in debug mode or tests.
        "STATIC_HASHED_NAMES": environ.get("STATIC_HASHED_NAMES") or None,
        # The largest upload is a resume of up to 5 MB (its reader refuses more, with a message);
        # form fields stay bounded by Werkzeug's MAX_FORM_MEMORY_SIZE (500 kB).
        "MAX_CONTENT_LENGTH": env_int(environ, "MAX_CONTENT_LENGTH", 6 * 1024 * 1024),
        "RESUME_VIEWS_FLUSH_SECONDS": env_int(environ, "RESUME_VIEWS_FLUSH_SECONDS", 10),
        **session_settings(environ),
        **mail_settings(environ),
        **billing_settings(environ),
        **alerts_settings(environ),
    }


def session_settings(environ: Mapping[str, str]) -> dict:
    """Cookies, sign-in sessions and rate limits (see portal/accounts)."""
    # Secure cookies everywhere but a developer's plain-HTTP machine.
    secure = env_bool(environ, "SESSION_COOKIE_SECURE", not env_bool(environ, "FLASK_DEBUG"))
    return {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_DURATION": dt.timedelta(days=env_int(environ, "REMEMBER_DAYS", 30)),
        # A signed-in session without "remember me" ends after this long without a request.
        "SESSION_IDLE_MINUTES": env_int(environ, "SESSION_IDLE_MINUTES", 60),
        "REDIS_URL": environ.get("REDIS_URL") or None,
        "RATELIMIT_ENABLED": env_bool(environ, "RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": environ.get("REDIS_URL") or "memory://",
        "RATELIMIT_KEY_PREFIX": "portal",
        "RATELIMIT_HEADERS_ENABLED": True,
        # The JSON API's request budget (Flask-Limiter notation): per token, and per address
        # for calls without one.
        "API_TOKEN_RATE_LIMIT": environ.get("API_TOKEN_RATE_LIMIT", "300 per minute"),
        "API_ADDRESS_RATE_LIMIT": environ.get("API_ADDRESS_RATE_LIMIT", "120 per minute"),
    }


def mail_settings(environ: Mapping[str, str]) -> dict:
    """SMTP settings for portal.mail; without MAIL_SERVER, mail is written to MAIL_OUTBOX_DIR."""
    return {
        "MAIL_SERVER": environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": env_int(environ, "MAIL_PORT", 25),
        "MAIL_USERNAME": environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": env_bool(environ, "MAIL_USE_TLS", False),
        "MAIL_TIMEOUT": env_int(environ, "MAIL_TIMEOUT", 10),
        "MAIL_DEFAULT_SENDER": environ.get("MAIL_DEFAULT_SENDER") or "no-reply@localhost",
        "MAIL_OUTBOX_DIR": environ.get("MAIL_OUTBOX_DIR") or None,
        # Mail from requests is sent in the background (portal/background_mail.py): at most
        # this many messages wait in each process; past it a page says the mail was not sent.
        "MAIL_QUEUE_SIZE": env_int(environ, "MAIL_QUEUE_SIZE", 100),
        # How long a page that says whether its mail went out waits for the mail server, so a
        # server that refuses at once is reported; a slow one costs no more than this.
        "MAIL_WAIT_SECONDS": env_seconds(environ, "MAIL_WAIT_SECONDS", 0.3),
    }


def billing_settings(environ: Mapping[str, str]) -> dict:
    """Stripe keys and billing rules (see portal/billing). Without STRIPE_SECRET_KEY the local
    demo provider is used, which only starts in debug mode or under tests."""
    return {
        "STRIPE_SECRET_KEY": environ.get("STRIPE_SECRET_KEY") or None,
        "STRIPE_WEBHOOK_SECRET": environ.get("STRIPE_WEBHOOK_SECRET") or None,
        "STRIPE_PUBLISHABLE_KEY": environ.get("STRIPE_PUBLISHABLE_KEY") or None,
        # Only for pointing the SDK at a local Stripe API test server.
        "STRIPE_API_BASE": (environ.get("STRIPE_API_BASE") or "").rstrip("/") or None,
        # How old (or how far in the future) a webhook signature's timestamp may be, in seconds.
        "STRIPE_WEBHOOK_TOLERANCE": env_int(environ, "STRIPE_WEBHOOK_TOLERANCE", 300),
        "BILLING_GRACE_DAYS": env_int(environ, "BILLING_GRACE_DAYS", 7),
        # How long each process keeps plans and house ads before reading them again.
        "BILLING_CATALOG_SECONDS": env_int(environ, "BILLING_CATALOG_SECONDS", 30),
    }


def ensure_secret_key(config: dict, debug: bool, testing: bool, instance_path: str) -> None:
    """Production must bring its own key; a developer gets a stable one kept in instance/."""
    if config.get("SECRET_KEY"):
        return
    if not (debug or testing):
        raise ConfigurationError(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (for example: python -c 'import secrets; print(secrets.token_hex(32))'), "
            "or set FLASK_DEBUG=1 for local development."
        )
    key_file = Path(instance_path) / "dev-secret-key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    config["SECRET_KEY"] = key_file.read_text().strip()


# What a developer's browser names under `make run`: allowed beside SITE_URL's host in debug
# and tests.
LOOPBACK_HOSTS = ["localhost", "127.0.0.1"]


def ensure_site_url(config: dict, debug: bool, testing: bool) -> None:
    """Production must say where it lives: links in mail and on pages are built from SITE_URL,
    never from the Host header a visitor sends. Requests naming another host are refused (400)
    through Flask's TRUSTED_HOSTS, which defaults to SITE_URL's host."""
    site_url = config.get("SITE_URL")
    if not site_url:
        if not (debug or testing):
            raise ConfigurationError(
                "SITE_URL is not set. Set it to the address people use for the portal, for "
                "example https://jobs.example.org: links in mail and on pages are built from it. "
                "Or set FLASK_DEBUG=1 for local development."
            )
        return
    parts = urlsplit(site_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigurationError(
            f"SITE_URL must be an http(s) address such as https://jobs.example.org, not "
            f"{site_url!r}"
        )
    if config.get("TRUSTED_HOSTS") is None:
        hosts = [parts.hostname]
        if debug or testing:
            hosts += [host for host in LOOPBACK_HOSTS if host != parts.hostname]
        config["TRUSTED_HOSTS"] = hosts


def alerts_settings(environ: Mapping[str, str]) -> dict:
    """Job alert sending (see portal/alerts): in-process, or Celery workers with a broker."""
    return {
        "CELERY_BROKER_URL": environ.get("CELERY_BROKER_URL") or None,
        "CELERY_RESULT_BACKEND": environ.get("CELERY_RESULT_BACKEND") or None,
        # A claimed digest not marked sent after this long belongs to a run that died.
        "ALERTS_CLAIM_SECONDS": env_int(environ, "ALERTS_CLAIM_SECONDS", 300),
        # Digests on their way at once, each over its own SMTP connection (portal/mail_lanes.py).
        # Four kept the local benchmark's server busy (about 30% more digests a second than two).
        "ALERTS_MAIL_CONNECTIONS": env_int(environ, "ALERTS_MAIL_CONNECTIONS", 4),
    }
