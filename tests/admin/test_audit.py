"""The audit log: admins read it; nobody can change or remove an entry."""

from __future__ import annotations

import pytest

from portal.admin.models import AuditEntry, AuditLogIsAppendOnly
from portal.extensions import db
from tests.admin.helpers import audit_entries


def test_admins_read_the_log(admin, make_user):
    user = make_user("ada@example.com")
    admin.post(f"/admin/users/{user.id}/admin")
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "user.role" in page and "user ada@example.com" in page and "boss@example.com" in page
    assert "user.role" in admin.get("/admin/audit?action=user.role").get_data(as_text=True)
    assert "user.role" not in admin.get("/admin/audit?action=guide.edit").get_data(as_text=True)


def test_no_route_changes_the_log(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/admin/audit"):
            assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}, rule


def test_entries_cannot_be_updated_or_deleted(admin, make_user):
    user = make_user("ada@example.com")
    admin.post(f"/admin/users/{user.id}/admin")
    (entry,) = audit_entries()
    entry.action = "nothing happened"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    (entry,) = audit_entries()
    db.session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id).action == "user.role"
