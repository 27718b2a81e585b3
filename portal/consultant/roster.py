"""Who is a consultant, and which consultant each member has.

A member is assigned once, to the active consultant with the fewest members who still has room,
and keeps them; only an admin moves a member to another consultant. Audit entries and the
admin's screens live in portal/admin, which calls these functions.
"""

from __future__ import annotations

import sqlalchemy as sa

from portal.accounts.models import User
from portal.consultant.models import Assignment, Consultant
from portal.extensions import db


class RosterError(Exception):
    """A change the roster refuses, with a sentence for the person who asked."""


def consultant_of_user(user_id: int) -> Consultant | None:
    """The consultant role of this account, if it has one and it is active."""
    consultant = db.session.get(Consultant, user_id)
    return consultant if consultant is not None and consultant.active else None


def is_consultant(user_id: int) -> bool:
    return consultant_of_user(user_id) is not None


def grant(user: User, capacity: int | None = None) -> bool:
    """Give the consultant role (again); True when it changed anything. Not committed."""
    consultant = db.session.get(Consultant, user.id)
    if consultant is None:
        db.session.add(Consultant(user_id=user.id, **({"capacity": capacity} if capacity else {})))
        db.session.flush()
        return True
    changed = not consultant.active
    consultant.active = True
    if capacity:
        changed = changed or consultant.capacity != capacity
        consultant.capacity = capacity
    return changed


def revoke(user: User) -> bool:
    """Take the role away: no new members, no inbox. Members already assigned keep their
    conversations until an admin reassigns them. Not committed."""
    consultant = db.session.get(Consultant, user.id)
    if consultant is None or not consultant.active:
        return False
    consultant.active = False
    return True


def assignment_of(member_id: int) -> Assignment | None:
    return db.session.get(Assignment, member_id)


def _member_counts():
    return (
        sa.select(Assignment.consultant_id, sa.func.count().label("members"))
        .group_by(Assignment.consultant_id)
        .subquery()
    )


def least_loaded_consultant() -> Consultant | None:
    """The active consultant with the fewest members among those below their capacity (the
    longest-serving first when equal), in one query."""
    counts = _member_counts()
    members = sa.func.coalesce(counts.c.members, 0)
    return db.session.scalars(
        sa.select(Consultant)
        .outerjoin(counts, counts.c.consultant_id == Consultant.user_id)
        .where(Consultant.active.is_(True), members < Consultant.capacity)
        .order_by(members, Consultant.created_at, Consultant.user_id)
        .limit(1)
    ).first()


def assign(member: User) -> Assignment | None:
    """The member's consultant, assigning one the first time; None when nobody has room.
    Not committed."""
    assignment = assignment_of(member.id)
    if assignment is not None:
        return assignment
    consultant = least_loaded_consultant()
    if consultant is None:
        return None
    assignment = Assignment(member_id=member.id, consultant_id=consultant.user_id)
    db.session.add(assignment)
    db.session.flush()
    return assignment


def reassign(member: User, consultant_user_id: int) -> tuple[Consultant | None, Consultant]:
    """Move the member to another consultant; returns (previous, new). Not committed."""
    new = consultant_of_user(consultant_user_id)
    if new is None:
        raise RosterError("Choose an active consultant.")
    if new.user_id == member.id:
        raise RosterError("A consultant cannot be their own consultant.")
    assignment = assignment_of(member.id)
    if assignment is None:
        db.session.add(Assignment(member_id=member.id, consultant_id=new.user_id))
        db.session.flush()
        return None, new
    previous = assignment.consultant
    assignment.consultant_id = new.user_id
    db.session.flush()
    db.session.refresh(assignment)
    return previous, new


def active_consultants() -> list[Consultant]:
    return list(
        db.session.scalars(
            sa.select(Consultant)
            .join(Consultant.user)
            .where(Consultant.active.is_(True))
            .order_by(User.name, User.id)
        )
    )


def members_per_consultant() -> list[tuple[str, int, int]]:
    """(consultant's name, members, capacity) for every active consultant, in one query."""
    counts = _member_counts()
    rows = db.session.execute(
        sa.select(User.name, sa.func.coalesce(counts.c.members, 0), Consultant.capacity)
        .select_from(Consultant)
        .join(User, User.id == Consultant.user_id)
        .outerjoin(counts, counts.c.consultant_id == Consultant.user_id)
        .where(Consultant.active.is_(True))
        .order_by(User.name)
    ).all()
    return [(name, int(members), capacity) for name, members, capacity in rows]
