"""Fixtures shared by the accounts tests."""

from __future__ import annotations

import os

import pytest

from tests.services import missing_service


@pytest.fixture
def redis_url() -> str:
    """A Redis database the rate-limit tests may empty (TEST_REDIS_URL)."""
    url = os.environ.get("TEST_REDIS_URL", "")
    if not url.startswith("redis://"):
        missing_service("TEST_REDIS_URL does not name a Redis database")
    return url
