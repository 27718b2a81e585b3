"""Reading the audit log in tests."""

from __future__ import annotations

import sqlalchemy as sa

from portal.admin.models import AuditEntry
from portal.extensions import db


def audit_entries(action: str | None = None) -> list[AuditEntry]:
    query = sa.select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))
