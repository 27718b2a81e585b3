"""Calls: slots from the consultant's availability minus booked calls, a buffer and the notice
period, on the member's clock; the monthly allowance; invitations both sides' calendars read
as the same instant; cancelling and moving; reminders; calls cancelled when Plus ends."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest

from portal import clock
from portal.billing.services import revoke_complimentary
from portal.consultant import calls, roster
from portal.consultant.models import Call, CallStatus
from portal.extensions import db
from tests.conftest import TEST_NOW, login, logout
from tests.consultant.helpers import post_form

# TEST_NOW is Monday 30 November 2026, 12:00 UTC: 07:00 in New York, 05:00 in Denver.
TUESDAY_9_NEW_YORK = dt.datetime(2026, 12, 1, 14, 0)
NEW_YORK = ZoneInfo("America/New_York")


def set_week(consultant, week: str, days_off: tuple[dt.date, ...] = ()):
    windows = []
    for line in week.splitlines():
        day, hours = line.split()
        starts, ends = (dt.time.fromisoformat(part) for part in hours.split("-"))
        windows.append((["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(day), starts, ends))
    calls.set_availability(consultant.id, windows, list(days_off))


def book_call(member, start: dt.datetime) -> Call:
    assignment = roster.assign(member)
    db.session.commit()
    return calls.book(assignment, start)


def invitations(mail) -> list[icalendar.Calendar]:
    return [
        icalendar.Calendar.from_ical(part.get_content())
        for part in mail.message.iter_attachments()
        if part.get_content_type() == "text/calendar"
    ]


def event_of(mail):
    (calendar,) = invitations(mail)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def slot_values(page: str) -> list[str]:
    return re.findall(r'name="start" value="([^"]+)"', page)


def test_slots_come_from_availability_minus_notice_calls_buffer_and_days_off(
    app, make_consultant, make_member
):
    consultant = make_consultant(time_zone="America/New_York")
    # Monday evening (the notice period ends at 19:00 New York), Tuesday morning, and a
    # Wednesday that is a day off.
    set_week(
        consultant, "mon 18:00-20:00\ntue 09:00-11:00\nwed 09:00-10:00", (dt.date(2026, 12, 2),)
    )
    other = make_member()
    book_call(other, TUESDAY_9_NEW_YORK + dt.timedelta(minutes=30))  # Tuesday 09:30

    with clock.frozen(TEST_NOW):  # the notice period ends exactly at Monday 19:00
        free = calls.free_slots(roster.consultant_of_user(consultant.id))
    on_clock = [
        s.replace(tzinfo=dt.UTC).astimezone(NEW_YORK).strftime("%a %H:%M")
        for s in free
        if s < dt.datetime(2026, 12, 3)
    ]
    # Monday 18:00 and 18:30 are within 12 hours; 09:00 and 10:00 Tuesday touch the 09:30 call
    # within the 15-minute buffer; Wednesday is a day off.
    assert on_clock == ["Mon 19:00", "Mon 19:30", "Tue 10:30"]
    # Two weeks on: the Tuesday 14 days ahead is offered, the one after is not.
    assert dt.datetime(2026, 12, 8, 14, 0) in free
    assert all(s <= clock.now() + dt.timedelta(days=14) for s in free)


def test_a_denver_member_books_and_both_calendars_get_the_same_instant(
    client, make_consultant, make_member, mailbox
):
    consultant = make_consultant(email="coach@example.com", time_zone="America/New_York")
    set_week(consultant, "tue 09:00-11:00")
    member = make_member(email="dana@example.com", name="Dana", time_zone="America/Denver")
    login(client, member)
    page = client.get("/consultant/book").get_data(as_text=True)
    # Tuesday 09:00 in New York is 07:00 in Denver.
    assert "Tuesday 1 December" in page and "07:00 MST" in page
    assert TUESDAY_9_NEW_YORK.isoformat() in slot_values(page)

    response = post_form(client, "/consultant/book", {"start": TUESDAY_9_NEW_YORK.isoformat()})
    assert response.status_code == 303
    assert "Tue 1 Dec 2026, 07:00 MST" in client.get("/consultant").get_data(as_text=True)
    logout(client)
    login(client, consultant)
    assert "Tue 1 Dec 2026, 09:00 EST with Dana" in client.get("/consultant/inbox").get_data(
        as_text=True
    )

    mailbox.wait_for(2)
    to_member, to_consultant = (
        mailbox.last_to("dana@example.com"),
        mailbox.last_to("coach@example.com"),
    )
    assert "07:00 (MST, America/Denver)" in to_member.text
    assert "09:00 (EST, America/New_York)" in to_consultant.text
    (member_calendar, member_event), (_, consultant_event) = (
        event_of(to_member),
        event_of(to_consultant),
    )
    assert str(member_calendar["method"]) == "REQUEST"
    expected = TUESDAY_9_NEW_YORK.replace(tzinfo=dt.UTC)
    assert member_event.decoded("dtstart") == consultant_event.decoded("dtstart") == expected
    assert member_event.decoded("dtend") - member_event.decoded("dtstart") == dt.timedelta(
        minutes=30
    )
    assert member_event["uid"] == consultant_event["uid"]


def test_the_monthly_allowance_is_kept(client, make_consultant, make_member):
    consultant = make_consultant()
    set_week(consultant, "tue 09:00-11:00\nthu 09:00-11:00\nmon 09:00-11:00")
    member = make_member()
    login(client, member)
    post_form(client, "/consultant/book", {"start": TUESDAY_9_NEW_YORK.isoformat()})
    thursday = dt.datetime(2026, 12, 3, 14, 0)
    refused = post_form(client, "/consultant/book", {"start": thursday.isoformat()})
    assert refused.status_code == 409
    assert "calls for that month are booked already" in refused.get_data(as_text=True)
    # January is another month.
    monday_in_january = dt.datetime(2027, 1, 4, 14, 0)
    clock.set_now(dt.datetime(2026, 12, 25, 12, 0))
    assert (
        post_form(client, "/consultant/book", {"start": monday_in_january.isoformat()}).status_code
        == 303
    )


def test_a_slot_not_offered_is_refused_clearly(client, make_consultant, make_member):
    set_week(make_consultant(), "tue 09:00-10:00")
    login(client, make_member())
    for start in ("2026-12-01T15:15:00", "2026-11-30T13:00:00", "yesterday", ""):
        response = post_form(client, "/consultant/book", {"start": start})
        assert response.status_code == 409, start
        assert 'role="alert"' in response.get_data(as_text=True)
    assert db.session.query(Call).count() == 0


def test_cancel_frees_the_slot_and_sends_a_cancelling_invitation(
    client, make_consultant, make_member, mailbox
):
    consultant = make_consultant(email="coach@example.com")
    set_week(consultant, "tue 09:00-10:00")
    member = make_member(email="dana@example.com")
    login(client, member)
    post_form(client, "/consultant/book", {"start": TUESDAY_9_NEW_YORK.isoformat()})
    call = db.session.query(Call).one()
    assert TUESDAY_9_NEW_YORK.isoformat() not in slot_values(
        client.get("/consultant/book").get_data(as_text=True)
    )
    mailbox.wait_for(2)
    _, booked = event_of(mailbox.last_to("dana@example.com"))

    response = post_form(client, "/consultant", {}, action=f"/consultant/calls/{call.id}/cancel")
    assert response.status_code == 303
    db.session.refresh(call)
    assert call.status == CallStatus.CANCELLED
    assert TUESDAY_9_NEW_YORK.isoformat() in slot_values(
        client.get("/consultant/book").get_data(as_text=True)
    )
    mailbox.wait_for(4)
    for address in ("dana@example.com", "coach@example.com"):
        mail = mailbox.last_to(address)
        assert mail.subject.startswith("Cancelled")
        calendar, event = event_of(mail)
        assert str(calendar["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
        assert event["uid"] == booked["uid"] and event["sequence"] > booked["sequence"]


def test_cancel_or_move_is_refused_within_12_hours(client, make_consultant, make_member):
    set_week(make_consultant(), "tue 09:00-10:00\ntue 15:00-16:00")
    member = make_member()
    login(client, member)
    post_form(client, "/consultant/book", {"start": TUESDAY_9_NEW_YORK.isoformat()})
    call = db.session.query(Call).one()
    clock.set_now(TUESDAY_9_NEW_YORK - dt.timedelta(hours=11))
    post_form(client, "/consultant", {}, action=f"/consultant/calls/{call.id}/cancel")
    db.session.refresh(call)
    assert call.status == CallStatus.BOOKED
    assert "too close to cancel" in client.get("/consultant").get_data(as_text=True)
    moved = post_form(client, f"/consultant/calls/{call.id}/move", {"start": "2026-12-01T20:00:00"})
    assert moved.status_code == 409 and "too close to move" in moved.get_data(as_text=True)


def test_moving_a_call_updates_the_same_event_in_both_calendars(
    client, make_consultant, make_member, mailbox
):
    consultant = make_consultant(email="coach@example.com")
    set_week(consultant, "tue 09:00-10:00\nwed 09:00-10:00")
    member = make_member(email="dana@example.com")
    login(client, member)
    post_form(client, "/consultant/book", {"start": TUESDAY_9_NEW_YORK.isoformat()})
    call = db.session.query(Call).one()
    mailbox.wait_for(2)
    _, first = event_of(mailbox.last_to("coach@example.com"))
    wednesday = TUESDAY_9_NEW_YORK + dt.timedelta(days=1)
    page = f"/consultant/calls/{call.id}/move"
    assert wednesday.isoformat() in slot_values(client.get(page).get_data(as_text=True))
    assert post_form(client, page, {"start": wednesday.isoformat()}).status_code == 303
    mailbox.wait_for(4)
    for address in ("dana@example.com", "coach@example.com"):
        mail = mailbox.last_to(address)
        assert mail.subject.startswith("Moved")
        calendar, event = event_of(mail)
        assert str(calendar["method"]) == "REQUEST"
        assert event.decoded("dtstart") == wednesday.replace(tzinfo=dt.UTC)
        assert event["uid"] == first["uid"] and event["sequence"] == first["sequence"] + 1
    # The old slot is free again.
    assert TUESDAY_9_NEW_YORK.isoformat() in slot_values(
        client.get("/consultant/book").get_data(as_text=True)
    )


def test_another_members_call_cannot_be_moved_or_cancelled(client, make_consultant, make_member):
    set_week(make_consultant(), "tue 09:00-10:00")
    owner, other = make_member(), make_member()
    call = book_call(owner, TUESDAY_9_NEW_YORK)
    login(client, other)
    assert client.get(f"/consultant/calls/{call.id}/move").status_code == 404
    cancel = post_form(client, "/consultant", {}, action=f"/consultant/calls/{call.id}/cancel")
    assert cancel.status_code == 404
    db.session.refresh(call)
    assert call.status == CallStatus.BOOKED


def test_reminders_go_out_once_24_hours_before(runner, make_consultant, make_member, mailbox):
    consultant = make_consultant(email="coach@example.com")
    set_week(consultant, "tue 09:00-10:00")
    member = make_member(email="dana@example.com")
    book_call(member, TUESDAY_9_NEW_YORK)
    mailbox.wait_for(2)
    mailbox.clear()

    result = runner.invoke(args=["consultant", "remind"])
    assert "reminded 0 calls" in result.output  # 26 hours ahead: not yet
    clock.set_now(TUESDAY_9_NEW_YORK - dt.timedelta(hours=23))
    result = runner.invoke(args=["consultant", "remind"])
    assert result.exit_code == 0 and "reminded 1 calls" in result.output
    mailbox.wait_for(2)
    assert "Tomorrow: your call" in mailbox.last_to("dana@example.com").subject
    assert "09:00 (EST" in mailbox.last_to("coach@example.com").text
    assert "reminded 0 calls" in runner.invoke(args=["consultant", "remind"]).output


def test_when_plus_ends_future_calls_are_cancelled_and_both_told(
    client, make_consultant, make_member, mailbox
):
    consultant = make_consultant(email="coach@example.com")
    set_week(consultant, "tue 09:00-10:00")
    member = make_member(email="dana@example.com")
    call = book_call(member, TUESDAY_9_NEW_YORK)
    mailbox.wait_for(2)
    revoke_complimentary(member.id)
    db.session.commit()
    db.session.refresh(call)
    assert call.status == CallStatus.CANCELLED
    mailbox.wait_for(4)
    for address in ("dana@example.com", "coach@example.com"):
        mail = mailbox.last_to(address)
        assert mail.subject.startswith("Cancelled") and "plan no longer includes" in mail.text


def test_complimentary_plus_running_out_cancels_calls_on_the_next_reminder_run(
    runner, make_consultant, make_user, mailbox
):
    from portal.billing.services import grant_complimentary

    consultant = make_consultant()
    set_week(consultant, "tue 09:00-10:00")
    member = make_user()
    grant_complimentary(member.id, "plus", dt.date(2026, 11, 30))  # through today
    db.session.commit()
    call = book_call(member, TUESDAY_9_NEW_YORK + dt.timedelta(days=7))
    clock.set_now(dt.datetime(2026, 12, 1, 1, 0))  # past the grant's last day
    result = runner.invoke(args=["consultant", "remind"])
    assert "cancelled 1 calls of lapsed members" in result.output
    db.session.refresh(call)
    assert call.status == CallStatus.CANCELLED


def test_the_database_refuses_a_second_booked_call_at_the_same_start(make_consultant, make_member):
    from sqlalchemy.exc import IntegrityError

    consultant = make_consultant()
    first, second = make_member(), make_member()
    end = TUESDAY_9_NEW_YORK + dt.timedelta(minutes=30)
    db.session.add(
        Call(
            member_id=first.id,
            consultant_id=consultant.id,
            starts_at=TUESDAY_9_NEW_YORK,
            ends_at=end,
        )
    )
    db.session.commit()
    db.session.add(
        Call(
            member_id=second.id,
            consultant_id=consultant.id,
            starts_at=TUESDAY_9_NEW_YORK,
            ends_at=end,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    # A cancelled call does not hold its slot.
    db.session.add(
        Call(
            member_id=second.id,
            consultant_id=consultant.id,
            starts_at=TUESDAY_9_NEW_YORK,
            ends_at=end,
            status=CallStatus.CANCELLED,
        )
    )
    db.session.commit()


def test_celery_beat_runs_the_reminders_when_celery_is_configured():
    from portal.tasks import celery

    entry = celery.conf.beat_schedule["consultant-remind"]
    assert entry["task"] in celery.tasks and entry["schedule"] <= 15 * 60
