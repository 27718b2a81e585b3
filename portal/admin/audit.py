"""Writing and reading the audit log."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_login import current_user

from portal.admin.models import AuditEntry
from portal.extensions import db

PAGE_SIZE = 100


def record(
    action: str, target: str, before: Any = None, after: Any = None, *, actor: str | None = None
) -> AuditEntry:
    """Add an entry for the signed-in admin (or, from a command, `actor`, which says who ran
    it) to the session; it commits with the change itself."""
    entry = AuditEntry(
        actor_id=None if actor else current_user.id,
        actor_email=actor or current_user.email,
        action=action,
        target=target,
        before=_as_dict(before),
        after=_as_dict(after),
    )
    db.session.add(entry)
    return entry


def _as_dict(value: Any) -> dict[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    return {"value": value}


def entries(action: str = "", limit: int = PAGE_SIZE) -> list[AuditEntry]:
    query = sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))
