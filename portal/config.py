"""Configuration read from the environment, with safe defaults for a developer's machine."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

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


def database_uri(url: str | None, instance_path: str) -> str:
    """SQLite under instance/ by default; PostgreSQL URLs are routed to psycopg 3."""
    if not url:
        return f"sqlite:///{Path(instance_path) / 'portal.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def settings_from_environment(environ: Mapping[str, str], instance_path: str) -> dict:
    """Every setting the portal reads, in one place."""
    return {
        "SECRET_KEY": environ.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": database_uri(environ.get("DATABASE_URL"), instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SEEDS_DIR": environ.get("SEEDS_DIR") or str(PROJECT_ROOT / "seeds"),
        "SITE_NAME": environ.get("SITE_NAME") or "Career Portal",
        # Absolute URLs (canonical links, sitemap, mail) use the request's host unless this is set.
        "SITE_URL": (environ.get("SITE_URL") or "").rstrip("/") or None,
        "PAGE_CACHE_SIZE": env_int(environ, "PAGE_CACHE_SIZE", 256),
        "SEND_FILE_MAX_AGE_DEFAULT": env_int(environ, "STATIC_MAX_AGE", 3600),
        "MAX_CONTENT_LENGTH": env_int(environ, "MAX_CONTENT_LENGTH", 2 * 1024 * 1024),
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
