"""The admin dashboard's consultant figures: first-answer time in business hours (median and
90th percentile over 30 days), conversations overdue now, calls held and cancelled, members
per consultant."""

from __future__ import annotations

import datetime as dt

from portal.accounts.models import Role
from portal.consultant import roster
from portal.consultant.metrics import percentile
from portal.consultant.models import Call, CallStatus, Conversation
from portal.extensions import db
from tests.conftest import login

# Tuesday 24 November 2026, 10:00 in New York.
TUESDAY_10 = dt.datetime(2026, 11, 24, 15, 0)


def conversation(member, started: dt.datetime, answered_after: dt.timedelta | None, due=None):
    row = Conversation(
        member_id=member.id,
        topic="Question",
        created_at=started,
        updated_at=started,
        first_answer_due=started + dt.timedelta(hours=8),
        first_answered_at=started + answered_after if answered_after else None,
        next_answer_due=due,
    )
    db.session.add(row)
    return row


def test_percentiles_are_values_that_occurred():
    assert percentile([], 0.5) is None
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([1.0, 2.0, 10.0], 0.9) == 10.0
    assert percentile([float(n) for n in range(1, 11)], 0.9) == 9.0


def test_the_dashboard_shows_whether_the_promise_is_kept(
    client, make_user, make_consultant, make_member
):
    casey = make_consultant(name="Casey")
    make_consultant(name="Robin", capacity=5)
    members = [make_member() for _ in range(4)]
    for member in members[:3]:
        roster.assign(member)
    db.session.commit()
    first = members[0]
    # Answered 1 and 2 business hours later, and one on Monday 11:00 after Friday 16:00: 2 hours.
    conversation(first, TUESDAY_10, dt.timedelta(hours=1))
    conversation(first, TUESDAY_10, dt.timedelta(hours=2))
    friday_16 = dt.datetime(2026, 11, 27, 21, 0)
    conversation(first, friday_16, dt.timedelta(days=2, hours=19))  # Monday 11:00: 2 business hours
    conversation(first, TUESDAY_10, dt.timedelta(hours=30))  # Wednesday 16:00: 14 business hours
    # Older than 30 days: not counted.
    conversation(first, TUESDAY_10 - dt.timedelta(days=40), dt.timedelta(hours=100))
    # Owed an answer: one overdue, one not yet.
    conversation(first, TUESDAY_10, None, due=TUESDAY_10 + dt.timedelta(hours=8))
    conversation(first, TUESDAY_10, None, due=dt.datetime(2026, 12, 2))
    slot = dt.datetime(2026, 11, 20, 15, 0)
    for offset, status in (
        (0, CallStatus.BOOKED),
        (1, CallStatus.BOOKED),
        (2, CallStatus.CANCELLED),
    ):
        start = slot + dt.timedelta(days=offset)
        db.session.add(
            Call(
                member_id=first.id,
                consultant_id=casey.id,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=30),
                status=status,
                cancelled_at=start - dt.timedelta(days=1)
                if status == CallStatus.CANCELLED
                else None,
            )
        )
    db.session.commit()

    login(client, make_user(role=Role.ADMIN))
    page = client.get("/admin/").get_data(as_text=True)
    figures = {
        "Consultant first answer, median (30 days)": "2.0 business hours",
        "Consultant first answer, 90th percentile (30 days)": "14.0 business hours",
        "Consultant conversations overdue now": "1",
        "Consultant calls, last 30 days": "2 held, 1 cancelled",
        "Members per consultant": "Casey: 2/40, Robin: 1/5",
    }
    for label, value in figures.items():
        assert label in page, label
        assert value in page[page.index(label) :][:300], (label, value)
