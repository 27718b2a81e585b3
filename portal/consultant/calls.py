"""Calls: a consultant's weekly availability and days off, the free 30-minute slots it gives,
and booking, moving, cancelling and reminding.

Slots start on the half hour of the consultant's wall clock inside their availability, at least
CONSULTANT_CALL_NOTICE_HOURS ahead, away from booked calls by CONSULTANT_CALL_BUFFER_MINUTES.
A slot is offered as a UTC moment; pages show it on the member's clock. The database's partial
unique index (models.Call) settles two members booking one slot at the same instant.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError, OperationalError

from portal import clock
from portal.accounts.models import User
from portal.consultant import notify
from portal.consultant.models import (
    Assignment,
    AvailabilityWindow,
    Call,
    CallStatus,
    Consultant,
    DayOff,
)
from portal.extensions import db

CALL_LENGTH = dt.timedelta(minutes=30)
SLOT_STEP = dt.timedelta(minutes=30)
HORIZON_DAYS = 14


class BookingError(Exception):
    """A booking the member can fix (another slot, another month), as a sentence."""


def zone_of(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _utc(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return local.replace(tzinfo=zone).astimezone(dt.UTC).replace(tzinfo=None)


def _notice() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config["CONSULTANT_CALL_NOTICE_HOURS"])


def _buffer() -> dt.timedelta:
    return dt.timedelta(minutes=current_app.config["CONSULTANT_CALL_BUFFER_MINUTES"])


# Availability


def availability(consultant_id: int) -> tuple[list[AvailabilityWindow], list[DayOff]]:
    windows = db.session.scalars(
        sa.select(AvailabilityWindow)
        .where(AvailabilityWindow.consultant_id == consultant_id)
        .order_by(AvailabilityWindow.weekday, AvailabilityWindow.starts)
    )
    days_off = db.session.scalars(
        sa.select(DayOff).where(DayOff.consultant_id == consultant_id).order_by(DayOff.day)
    )
    return list(windows), list(days_off)


def set_availability(
    consultant_id: int,
    windows: list[tuple[int, dt.time, dt.time]],
    days_off: list[dt.date],
) -> None:
    """Replace the consultant's week and days off in one transaction. Booked calls stay."""
    db.session.execute(
        sa.delete(AvailabilityWindow).where(AvailabilityWindow.consultant_id == consultant_id)
    )
    db.session.execute(sa.delete(DayOff).where(DayOff.consultant_id == consultant_id))
    for weekday, starts, ends in windows:
        db.session.add(
            AvailabilityWindow(
                consultant_id=consultant_id, weekday=weekday, starts=starts, ends=ends
            )
        )
    for day in sorted(set(days_off)):
        db.session.add(DayOff(consultant_id=consultant_id, day=day))
    db.session.commit()


# Slots


def _booked(consultant_id: int, since: dt.datetime, until: dt.datetime, ignore: int | None):
    query = sa.select(Call.starts_at, Call.ends_at).where(
        Call.consultant_id == consultant_id,
        Call.status == CallStatus.BOOKED,
        Call.ends_at > since,
        Call.starts_at < until,
    )
    if ignore is not None:
        query = query.where(Call.id != ignore)
    return db.session.execute(query).all()


def free_slots(consultant: Consultant, *, ignore_call: int | None = None) -> list[dt.datetime]:
    """The slots (naive UTC starts) a member may book in the next HORIZON_DAYS days."""
    now = clock.now()
    earliest = now + _notice()
    zone = zone_of(consultant.user)
    windows, days_off = availability(consultant.user_id)
    off = {day.day for day in days_off}
    first_day = now.replace(tzinfo=dt.UTC).astimezone(zone).date()
    last = now + dt.timedelta(days=HORIZON_DAYS)
    buffer = _buffer()
    booked = _booked(consultant.user_id, now - buffer, last + buffer, ignore_call)
    slots: list[dt.datetime] = []
    for offset in range(HORIZON_DAYS + 1):
        day = first_day + dt.timedelta(days=offset)
        if day in off:
            continue
        for window in windows:
            if window.weekday != day.weekday():
                continue
            local = dt.datetime.combine(day, window.starts)
            window_end = dt.datetime.combine(day, window.ends)
            while local + CALL_LENGTH <= window_end:
                start = _utc(local, zone)
                local += SLOT_STEP
                end = start + CALL_LENGTH
                if start < earliest or start > last:
                    continue
                if any(
                    start < other_end + buffer and other_start < end + buffer
                    for other_start, other_end in booked
                ):
                    continue
                slots.append(start)
    return sorted(set(slots))


def calls_included() -> int:
    return current_app.config["CONSULTANT_CALLS_PER_MONTH"]


def _month_bounds(moment: dt.datetime, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The member's calendar month around `moment`, as naive UTC bounds."""
    local = moment.replace(tzinfo=dt.UTC).astimezone(zone)
    first = dt.datetime(local.year, local.month, 1)
    following = dt.datetime(local.year + local.month // 12, local.month % 12 + 1, 1)
    return _utc(first, zone), _utc(following, zone)


def calls_left(member: User, moment: dt.datetime, ignore_call: int | None = None) -> int:
    """How many more calls the member may book in the month (on their clock) of `moment`."""
    start, end = _month_bounds(moment, zone_of(member))
    query = sa.select(sa.func.count()).where(
        Call.member_id == member.id,
        Call.status == CallStatus.BOOKED,
        Call.starts_at >= start,
        Call.starts_at < end,
    )
    if ignore_call is not None:
        query = query.where(Call.id != ignore_call)
    used = db.session.scalar(query) or 0
    return max(0, calls_included() - used)


def _check_slot(assignment: Assignment, starts_at: dt.datetime, ignore_call: int | None) -> None:
    if starts_at not in free_slots(assignment.consultant, ignore_call=ignore_call):
        raise BookingError("That time is no longer free. Please choose another.")
    if calls_left(assignment.member, starts_at, ignore_call) <= 0:
        raise BookingError(
            "Your plan's calls for that month are booked already. "
            "Choose a time in another month, or cancel a call first."
        )


def _commit_booking() -> None:
    """Commit a booking, or BookingError when another one took the slot at the same moment."""
    try:
        db.session.commit()
    except IntegrityError as error:
        # Another member's booking of this slot committed first (uq_consultant_calls_booked_slot).
        db.session.rollback()
        raise BookingError(
            "Someone booked that time a moment ago. Please choose another."
        ) from error
    except OperationalError as error:
        # SQLite: our transaction read the free slots, then another connection wrote; SQLite
        # refuses to let this one write on what it read (SQLITE_BUSY_SNAPSHOT) rather than wait.
        db.session.rollback()
        if db.engine.dialect.name != "sqlite":
            raise
        raise BookingError(
            "Someone was booking at the same moment. Please choose your time again."
        ) from error


def book(assignment: Assignment, starts_at: dt.datetime) -> Call:
    """Book a call at a free slot; committed, and both sides sent the invitation."""
    _check_slot(assignment, starts_at, None)
    call = Call(
        member_id=assignment.member_id,
        consultant_id=assignment.consultant_id,
        starts_at=starts_at,
        ends_at=starts_at + CALL_LENGTH,
    )
    db.session.add(call)
    _commit_booking()
    notify.call_changed(call, assignment.member, assignment.consultant.user, "booked")
    return call


def changeable(call: Call) -> bool:
    """A booked call may be moved or cancelled until the notice period before it."""
    return call.status == CallStatus.BOOKED and call.starts_at - _notice() >= clock.now()


def move(call: Call, assignment: Assignment, starts_at: dt.datetime) -> Call:
    if not changeable(call):
        raise BookingError(
            "This call is too close to move; it can be changed up to 12 hours before."
        )
    _check_slot(assignment, starts_at, call.id)
    call.starts_at = starts_at
    call.ends_at = starts_at + CALL_LENGTH
    call.sequence += 1
    call.reminded_at = None
    _commit_booking()
    notify.call_changed(call, assignment.member, assignment.consultant.user, "moved")
    return call


def cancel(call: Call, reason: str = "", *, by_member: bool = True) -> None:
    """Cancel the call and send both sides the cancelled invitation. A member may cancel up to
    the notice period before; the portal itself (a plan that ended) at any time."""
    if by_member and not changeable(call):
        raise BookingError(
            "This call is too close to cancel; it can be changed up to 12 hours before."
        )
    call.status = CallStatus.CANCELLED
    call.cancelled_at = clock.now()
    call.cancel_reason = reason[:40] or ("member" if by_member else None)
    call.sequence += 1
    if by_member:
        db.session.commit()
    else:
        db.session.flush()  # in the transaction of the change that ended the plan
    member = db.session.get(User, call.member_id)
    consultant_user = db.session.get(User, call.consultant_id)
    notify.call_changed(call, member, consultant_user, "cancelled", reason)


def member_call(member_id: int, call_id: int) -> Call | None:
    """The call if it is this member's; None for anyone else's."""
    return db.session.scalars(
        sa.select(Call).where(Call.id == call_id, Call.member_id == member_id)
    ).first()


def upcoming_for_member(member_id: int) -> list[Call]:
    return list(
        db.session.scalars(
            sa.select(Call)
            .where(
                Call.member_id == member_id,
                Call.status == CallStatus.BOOKED,
                Call.ends_at > clock.now(),
            )
            .order_by(Call.starts_at)
        )
    )


def upcoming_for_consultant(consultant_id: int, days: int = HORIZON_DAYS) -> list[sa.Row]:
    """The consultant's booked calls from now to `days` ahead, with each member's name."""
    now = clock.now()
    return list(
        db.session.execute(
            sa.select(Call, User.name.label("member_name"))
            .join(User, User.id == Call.member_id)
            .where(
                Call.consultant_id == consultant_id,
                Call.status == CallStatus.BOOKED,
                Call.ends_at > now,
                Call.starts_at < now + dt.timedelta(days=days),
            )
            .order_by(Call.starts_at)
        )
    )


def cancel_future_calls(member_id: int, reason: str) -> int:
    """Cancel every call of the member still to come (their plan ended); not committed."""
    calls = db.session.scalars(
        sa.select(Call).where(
            Call.member_id == member_id,
            Call.status == CallStatus.BOOKED,
            Call.starts_at > clock.now(),
        )
    ).all()
    for call in calls:
        cancel(call, reason, by_member=False)
    return len(calls)


def send_reminders() -> int:
    """Remind both sides of each call starting within 24 hours, once; committed per call."""
    now = clock.now()
    due = db.session.scalars(
        sa.select(Call).where(
            Call.status == CallStatus.BOOKED,
            Call.reminded_at.is_(None),
            Call.starts_at > now,
            Call.starts_at <= now + dt.timedelta(hours=24),
        )
    ).all()
    for call in due:
        call.reminded_at = now
        db.session.commit()
        notify.call_reminder(
            call, db.session.get(User, call.member_id), db.session.get(User, call.consultant_id)
        )
    return len(due)


def members_with_future_calls() -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                User.id.in_(
                    sa.select(Call.member_id).where(
                        Call.status == CallStatus.BOOKED, Call.starts_at > clock.now()
                    )
                )
            )
            .order_by(User.id)
        )
    )
