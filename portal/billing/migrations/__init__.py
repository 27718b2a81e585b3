"""The billing plugin's Alembic branch (label "billing"), for a host's own migration environment:
add `VERSIONS` to its version_locations (see examples/host_app/README.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app, has_app_context

VERSIONS = str(Path(__file__).parent / "versions")


@dataclass(frozen=True)
class HostUsers:
    table: str
    key: str  # "table.column" of its primary key


def host_users() -> HostUsers:
    """The host's user table, from the Billing mounted on the app being migrated."""
    key = current_app.extensions["billing"].models.BillingCustomer.user_key
    return HostUsers(table=key.partition(".")[0], key=key)


def users_revision() -> str | None:
    """The host's revision that creates its user table (setting BILLING_USERS_REVISION), so
    `flask db upgrade billing@head` runs it first."""
    return current_app.config.get("BILLING_USERS_REVISION") if has_app_context() else None
