"""The consultant's workspace: the inbox by the next answer due with overdue ones marked,
private notes, the availability editor, calls for two weeks, and only their own members."""

from __future__ import annotations

import datetime as dt

from portal import clock
from portal.consultant import roster
from portal.consultant.models import Call
from portal.extensions import db
from tests.conftest import login, logout
from tests.consultant.helpers import post_form, start_conversation


def conversation_as(client, member, topic: str) -> int:
    logout(client)
    login(client, member)
    return start_conversation(client, topic, f"About {topic}")


def test_inbox_orders_by_next_answer_due_and_marks_the_overdue(
    client, make_consultant, make_member
):
    consultant = make_consultant()
    first, second, third = make_member(name="Ann"), make_member(name="Ben"), make_member(name="Cy")
    login(client, first)
    oldest = conversation_as(client, first, "Oldest question")  # Mon 30 Nov, due Mon 17:00 NY
    clock.set_now(dt.datetime(2026, 12, 1, 15, 0))  # Tue 10:00 New York
    answered = conversation_as(client, second, "Answered question")
    clock.set_now(dt.datetime(2026, 12, 1, 16, 0))
    newest = conversation_as(client, third, "Newest question")  # due Wed 11:00 NY
    logout(client)
    login(client, consultant)
    post_form(client, f"/consultant/inbox/{answered}", {"message": "Done"})

    page = client.get("/consultant/inbox").get_data(as_text=True)
    order = [page.index(topic) for topic in ("Oldest", "Newest", "Answered")]
    assert order == sorted(order)
    oldest_row = page[page.index("Oldest question") :].split("</tr>")[0]
    newest_row = page[page.index("Newest question") :].split("</tr>")[0]
    assert "Overdue" in oldest_row and "Overdue" not in newest_row
    assert f"/consultant/inbox/{oldest}" in page and f"/consultant/inbox/{newest}" in page


def test_a_consultant_sees_only_their_own_members(client, make_consultant, make_member):
    mine = make_consultant(name="Mine")
    theirs = make_consultant(name="Theirs")
    member, other_member = make_member(), make_member()
    roster.assign(member)  # to Mine (equal load: the first)
    roster.reassign(other_member, theirs.id)
    db.session.commit()
    login(client, member)
    my_conversation = start_conversation(client, "For Mine")
    logout(client)
    login(client, other_member)
    their_conversation = start_conversation(client, "For Theirs")
    logout(client)

    login(client, mine)
    inbox = client.get("/consultant/inbox").get_data(as_text=True)
    assert "For Mine" in inbox and "For Theirs" not in inbox
    assert client.get(f"/consultant/inbox/{my_conversation}").status_code == 200
    # Every id-bearing route of the workspace answers 404 for another consultant's member.
    other = f"/consultant/inbox/{their_conversation}"
    assert client.get(other).status_code == 404
    assert post_form(client, "/consultant/inbox", {"message": "x"}, action=other).status_code == 404
    notes = f"{other}/notes"
    assert post_form(client, "/consultant/inbox", {"note": "x"}, action=notes).status_code == 404
    # A member is not a consultant: the workspace refuses them.
    logout(client)
    login(client, member)
    assert client.get(f"/consultant/inbox/{my_conversation}").status_code == 403


def test_private_notes_stay_with_the_consultant(client, make_consultant, make_member):
    consultant = make_consultant()
    member = make_member()
    login(client, member)
    conversation_id = start_conversation(client)
    logout(client)
    login(client, consultant)
    page = f"/consultant/inbox/{conversation_id}"
    response = post_form(
        client, page, {"note": "Wants nights; <i>nervous</i> about exams"}, action=f"{page}/notes"
    )
    assert response.status_code == 303
    text = client.get(page).get_data(as_text=True)
    assert "Wants nights; &lt;i&gt;nervous&lt;/i&gt; about exams" in text
    logout(client)
    login(client, member)
    for url in ("/consultant", f"/consultant/conversations/{conversation_id}"):
        assert "Wants nights" not in client.get(url).get_data(as_text=True)
    assert "Wants nights" not in client.get("/account/export").get_data(as_text=True)


def test_availability_editor_saves_the_week_and_days_off(client, make_consultant):
    consultant = make_consultant()
    login(client, consultant)
    response = post_form(
        client,
        "/consultant/availability",
        {"week": "mon 09:00-12:00\nThu 13:00-17:30", "days_off": "2026-12-24, 2026-12-31"},
    )
    assert response.status_code == 303
    page = client.get("/consultant/availability").get_data(as_text=True)
    assert "mon 09:00-12:00\nthu 13:00-17:30" in page
    assert "2026-12-24 2026-12-31" in page

    bad = post_form(client, "/consultant/availability", {"week": "mon 9 to 5", "days_off": ""})
    assert bad.status_code == 422
    assert "Line 1: write a day and hours" in bad.get_data(as_text=True)
    odd = post_form(client, "/consultant/availability", {"week": "tue 09:15-10:00"})
    assert "half hour" in odd.get_data(as_text=True)
    bad_day = post_form(client, "/consultant/availability", {"days_off": "christmas"})
    assert "not a date" in bad_day.get_data(as_text=True)
    # Nothing half-written: the saved week is still there.
    assert "thu 13:00-17:30" in client.get("/consultant/availability").get_data(as_text=True)


def test_the_inbox_lists_calls_for_the_next_two_weeks_on_the_consultants_clock(
    client, make_consultant, make_member
):
    consultant = make_consultant(time_zone="America/New_York")
    member = make_member(name="Denver Dana", time_zone="America/Denver")
    roster.assign(member)
    soon = dt.datetime(2026, 12, 3, 15, 0)  # Thursday 10:00 in New York
    later = dt.datetime(2026, 12, 20, 15, 0)  # beyond two weeks
    for start in (soon, later):
        db.session.add(
            Call(
                member_id=member.id,
                consultant_id=consultant.id,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=30),
            )
        )
    db.session.commit()
    login(client, consultant)
    page = client.get("/consultant/inbox").get_data(as_text=True)
    assert "Thu 3 Dec 2026, 10:00 EST with Denver Dana" in page
    assert "20 Dec" not in page
