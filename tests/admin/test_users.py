"""Users: search, what an admin sees of an account, and each change, with its audit entry."""

from __future__ import annotations

import datetime as dt

from portal import clock
from portal.accounts.models import Role
from portal.admin import USER_FACTS_KEY, register_user_fact
from portal.billing.entitlements import membership
from portal.billing.services import forget_memberships
from portal.extensions import db
from tests.admin.helpers import audit_entries
from tests.conftest import login


def test_search_by_email_or_name(admin, make_user):
    make_user("ada@example.com", name="Ada Lovelace")
    make_user("alan@example.com", name="Alan Turing")

    by_name = admin.get("/admin/users?q=lovelace").get_data(as_text=True)
    assert "ada@example.com" in by_name and "alan@example.com" not in by_name
    by_email = admin.get("/admin/users?q=alan@").get_data(as_text=True)
    assert "alan@example.com" in by_email and "ada@example.com" not in by_email
    assert "No account matches" in admin.get("/admin/users?q=%25_nobody").get_data(as_text=True)


def test_grant_and_remove_complimentary_plus(admin, make_user):
    user = make_user("ada@example.com")
    until = clock.today() + dt.timedelta(days=30)

    response = admin.post(
        f"/admin/users/{user.id}/complimentary", data={"until": until.isoformat()}
    )

    assert response.status_code == 303
    forget_memberships()
    assert membership(user).plan.key == "plus"
    assert membership(user).complimentary_until == until
    page = admin.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "Plus (complimentary until" in page
    (entry,) = audit_entries("user.grant_complimentary")
    assert entry.after == {"plan": "plus", "until": until.isoformat()}

    assert admin.post(f"/admin/users/{user.id}/complimentary/remove").status_code == 303
    forget_memberships()
    assert membership(user).plan.key == "free"
    assert audit_entries("user.revoke_complimentary")[0].before["until"] == until.isoformat()


def test_a_grant_without_a_date_says_so(admin, make_user):
    user = make_user("ada@example.com")
    response = admin.post(f"/admin/users/{user.id}/complimentary", data={"until": "soon"})
    assert response.status_code == 422
    assert "Give the last day, as YYYY-MM-DD." in response.get_data(as_text=True)
    assert audit_entries() == []


def test_deactivate_and_reactivate(admin, make_user, app):
    user = make_user("ada@example.com")
    other = app.test_client()
    login(other, user)
    assert other.get("/account").status_code == 200

    assert admin.post(f"/admin/users/{user.id}/deactivate").status_code == 303
    db.session.refresh(user)
    assert not user.is_active
    assert other.get("/account").status_code == 302  # their session has ended
    assert admin.post(f"/admin/users/{user.id}/activate").status_code == 303
    db.session.refresh(user)
    assert user.is_active
    assert [e.action for e in audit_entries()] == ["user.deactivate", "user.activate"]


def test_make_and_remove_admin(admin, make_user, app):
    user = make_user("ada@example.com")
    assert admin.post(f"/admin/users/{user.id}/admin").status_code == 303
    db.session.refresh(user)
    assert user.role == Role.ADMIN
    assert admin.post(f"/admin/users/{user.id}/admin/remove").status_code == 303
    db.session.refresh(user)
    assert user.role == Role.USER
    assert [(e.before, e.after) for e in audit_entries("user.role")] == [
        ({"role": "user"}, {"role": "admin"}),
        ({"role": "admin"}, {"role": "user"}),
    ]


def test_an_admin_cannot_remove_their_own_admin_role_or_deactivate_themselves(admin):
    me = admin.user
    response = admin.post(f"/admin/users/{me.id}/admin/remove", follow_redirects=True)
    assert "You cannot remove your own admin role" in response.get_data(as_text=True)
    response = admin.post(f"/admin/users/{me.id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate your own account" in response.get_data(as_text=True)
    db.session.refresh(me)
    assert me.role == Role.ADMIN and me.is_active
    assert audit_entries() == []


def test_actions_without_the_csrf_token_are_refused(admin, make_user):
    user = make_user("ada@example.com")
    response = admin.client.post(f"/admin/users/{user.id}/admin", data={})
    assert response.status_code == 400
    db.session.refresh(user)
    assert user.role == Role.USER


def test_the_user_page_counts_their_bookmarks_and_applications(admin, make_user):
    from sqlalchemy import select

    from portal.jobs.models import JobPosting
    from portal.tracker.applications import record_apply
    from portal.tracker.bookmarks import set_job_bookmark

    user = make_user("ada@example.com")
    postings = db.session.scalars(select(JobPosting).limit(3)).all()
    for posting in postings:
        set_job_bookmark(user.id, posting.id, True)
    record_apply(user.id, postings[0])
    db.session.commit()
    page = admin.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "<dt>Bookmarks</dt><dd>3</dd>" in page
    assert "<dt>Applications</dt><dd>1</dd>" in page


def test_other_domains_add_facts_to_the_user_page(admin, app, make_user, monkeypatch):
    user = make_user("ada@example.com")
    monkeypatch.setitem(app.extensions, USER_FACTS_KEY, {})
    assert "not available yet" in admin.get(f"/admin/users/{user.id}").get_data(as_text=True)
    register_user_fact(app, "Alerts", lambda user_id: 3 if user_id == user.id else 0)
    page = admin.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "<dt>Alerts</dt><dd>3</dd>" in page
