"""The consultant role (Users screen button and `flask users grant-consultant`, both audited),
assignment to the least-loaded consultant with room, and admins' reassignment."""

from __future__ import annotations

from portal.accounts.models import Role
from portal.consultant import roster
from portal.extensions import db
from tests.admin.helpers import audit_entries
from tests.conftest import csrf_token, login
from tests.consultant.helpers import post_form, start_conversation


def test_admin_makes_and_unmakes_a_consultant_on_the_users_screen(client, make_user):
    admin = make_user(role=Role.ADMIN)
    staff = make_user("staff@example.com", name="Sam Staff")
    login(client, admin)
    page = f"/admin/users/{staff.id}"
    assert "Make consultant" in client.get(page).get_data(as_text=True)

    response = post_form(client, page, {}, action=f"{page}/consultant")
    assert response.status_code == 303
    assert roster.is_consultant(staff.id)
    assert "Remove consultant role" in client.get(page).get_data(as_text=True)
    (entry,) = audit_entries("user.consultant")
    assert (entry.actor_email, entry.target) == (admin.email, "user staff@example.com")
    assert entry.after == {"consultant": True}

    post_form(client, page, {}, action=f"{page}/consultant/remove")
    assert not roster.is_consultant(staff.id)
    assert [e.after for e in audit_entries("user.consultant")] == [
        {"consultant": True},
        {"consultant": False},
    ]


def test_the_consultant_buttons_need_the_csrf_token(client, make_user):
    admin = make_user(role=Role.ADMIN)
    staff = make_user()
    login(client, admin)
    assert client.post(f"/admin/users/{staff.id}/consultant").status_code == 400
    assert not roster.is_consultant(staff.id)


def test_cli_grants_the_role_and_writes_the_audit_log(runner, make_user):
    staff = make_user("coach@example.com")
    result = runner.invoke(args=["users", "grant-consultant", "Coach@Example.com"])
    assert result.exit_code == 0, result.output
    assert "Made coach@example.com a consultant." in result.output
    assert roster.is_consultant(staff.id)
    (entry,) = audit_entries("user.consultant")
    assert entry.actor_id is None and "command line" in entry.actor_email

    again = runner.invoke(args=["users", "grant-consultant", "coach@example.com"])
    assert "a consultant already" in again.output
    assert len(audit_entries("user.consultant")) == 1

    missing = runner.invoke(args=["users", "grant-consultant", "nobody@example.com"])
    assert missing.exit_code != 0 and "no account" in missing.output


def test_members_go_to_the_least_loaded_consultant_with_room_and_keep_them(
    app, make_consultant, make_member
):
    busy = make_consultant(name="Busy Bee", capacity=2)
    free = make_consultant(name="Free Fran", capacity=1)
    first, second, third, fourth = (make_member() for _ in range(4))

    assert roster.assign(first).consultant_id == busy.id  # equal load: the longest serving
    assert roster.assign(second).consultant_id == free.id  # the least loaded
    assert roster.assign(third).consultant_id == busy.id  # Fran is full (capacity 1)
    assert roster.assign(fourth) is None  # nobody has room
    db.session.commit()
    # Kept: asking again changes nothing, even when another consultant has more room now.
    make_consultant(name="New Nia")
    assert roster.assign(second).consultant_id == free.id
    assert roster.members_per_consultant() == [
        ("Busy Bee", 2, 2),
        ("Free Fran", 1, 1),
        ("New Nia", 0, 40),
    ]


def test_a_member_sees_their_consultant_by_name(client, make_consultant, make_member):
    make_consultant(name="Casey Consultant")
    member = make_member()
    login(client, member)
    start_conversation(client)
    assert "Casey Consultant" in client.get("/consultant").get_data(as_text=True)


def test_when_nobody_has_room_the_member_is_told_and_nothing_is_written(
    client, make_consultant, make_member
):
    make_consultant(capacity=1)
    roster.assign(make_member())  # takes the only place
    db.session.commit()
    member = make_member()
    login(client, member)
    response = post_form(client, "/consultant", {"topic": "Hello", "message": "Anyone?"})
    assert response.status_code == 303
    page = client.get("/consultant").get_data(as_text=True)
    assert "as many members as they can" in page
    assert "Hello" not in page


def test_admin_reassigns_a_member_audited_and_everyone_told(
    client, make_user, make_consultant, make_member, mailbox
):
    old = make_consultant(name="Olive Old", email="olive@example.com")
    new = make_consultant(name="Nick New", email="nick@example.com")
    member = make_member(email="member@example.com", name="Mo Member")
    roster.assign(member)
    db.session.commit()
    assert roster.assignment_of(member.id).consultant_id == old.id

    admin = make_user(role=Role.ADMIN)
    login(client, admin)
    page = f"/admin/users/{member.id}"
    assert "Looked after by Olive Old" in client.get(page).get_data(as_text=True)
    response = client.post(
        f"{page}/consultant/reassign",
        data={"csrf_token": csrf_token(client, page), "consultant_id": new.id},
    )
    assert response.status_code == 303
    assert roster.assignment_of(member.id).consultant_id == new.id
    (entry,) = audit_entries("consultant.reassign")
    assert entry.before == {"consultant": "olive@example.com"}
    assert entry.after == {"consultant": "nick@example.com"}

    mailbox.wait_for(3)
    assert "Nick New" in mailbox.last_to("member@example.com").subject
    assert "Mo Member is now one of your members" in mailbox.last_to("nick@example.com").subject
    assert "moved to Nick New" in mailbox.last_to("olive@example.com").subject


def test_reassigning_to_someone_who_is_not_a_consultant_is_refused(client, make_user, make_member):
    admin = make_user(role=Role.ADMIN)
    member = make_member()
    stranger = make_user()
    login(client, admin)
    page = f"/admin/users/{member.id}"
    response = client.post(
        f"{page}/consultant/reassign",
        data={"csrf_token": csrf_token(client, page), "consultant_id": stranger.id},
    )
    assert response.status_code == 303
    assert "Choose an active consultant." in client.get(page).get_data(as_text=True)
    assert roster.assignment_of(member.id) is None
    assert audit_entries("consultant.reassign") == []
