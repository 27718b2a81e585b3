"""Tests that need an outside service (PostgreSQL, Redis, Chromium) skip when it is missing,
unless PORTAL_TEST_SERVICES=required (as in CI), where a missing service fails the test."""

from __future__ import annotations

import os

import pytest


def services_required() -> bool:
    return os.environ.get("PORTAL_TEST_SERVICES", "").strip().lower() == "required"


def missing_service(reason: str) -> None:
    if services_required():
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


def scratch_postgres_url() -> str:
    """A PostgreSQL database that tests may empty at will (TEST_POSTGRES_URL), apart from the one
    the suite runs on (DATABASE_URL)."""
    url = os.environ.get("TEST_POSTGRES_URL", "")
    if not url.startswith(("postgres://", "postgresql")):
        missing_service("TEST_POSTGRES_URL does not name a PostgreSQL database")
    return url
