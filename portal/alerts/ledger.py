"""The delivery rows and alert windows of one batch, written with as few commits as the promise
"nothing twice, nothing missed" allows.

A digest is claimed (a row in job_alert_deliveries, unique per alert and window end) by a
committed transaction before it goes to the mail server, and marked sent afterwards. Claims are
made a chunk of digests at a time, in one statement: a claimed digest that a crash keeps from
leaving is not lost, only late (the next run takes its claim over once the lease has passed).

A sent digest is marked by the mail lane that sent it, on a connection of the lane's own, the
moment the server has accepted it (`LaneMarks`): a run killed at any moment leaves unmarked only
a digest whose acceptance and mark it fell between, a millisecond's window per connection. (The
marks used to wait for the sender's thread, which renders the next digest first: the fleet
rehearsal's SIGKILL then left about one digest per connection unmarked, sent again by the next
run.) Where the ledger works inside a transaction it was handed (the tests), a lane's connection
could not see the claims, and the marks go into the sender's next commit, which comes before
that connection takes its next digest.

Nothing else is urgent, so it is written once, at the end of the batch: empty digests, failed
ones, and the alerts' next windows. A run that dies before leaves those to the next run, which
finds them as it always did: a claim past its lease is taken over, and an alert whose window
was delivered but not moved on is moved on.

The ledger writes on a database connection of its own, kept for the whole batch, rather than
through the ORM session, which checks a connection out of the pool and back in around every
commit: for a statement or two a digest, that bookkeeping cost more than the statements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from portal import clock
from portal.alerts.models import AlertDelivery, DeliveryStatus, JobAlert
from portal.extensions import db

_FINISH = {
    DeliveryStatus.SENT: ("status", "message_id", "job_count", "sent_at"),
    DeliveryStatus.EMPTY: ("status",),
    DeliveryStatus.FAILED: ("status", "error"),
}


@dataclass(frozen=True)
class MovedOn:
    """Where an alert's next window starts, and when its next digest is due (a hint)."""

    alert_id: int
    window_start: dt.datetime | None  # None: the window stays, only the hint changes
    next_due_at: dt.datetime


def _claim_statement(insert):
    return (
        insert(AlertDelivery)
        .values(
            alert_id=sa.bindparam("alert"),
            window_start=sa.bindparam("start"),
            window_end=sa.bindparam("end"),
            status=DeliveryStatus.CLAIMED,
            claimed_at=sa.bindparam("wall"),
            attempts=1,
            job_count=0,
        )
        .on_conflict_do_nothing(index_elements=["alert_id", "window_end"])
        .returning(AlertDelivery.id, AlertDelivery.alert_id)
    )


# Built once: a statement made afresh for every digest costs more to build than to run.
_CLAIM = {
    "postgresql": _claim_statement(postgresql.insert),
    "sqlite": _claim_statement(sqlite.insert),
}
_HELD = sa.select(AlertDelivery.id, AlertDelivery.status, AlertDelivery.claimed_at).where(
    AlertDelivery.alert_id == sa.bindparam("alert"), AlertDelivery.window_end == sa.bindparam("end")
)
_TAKE_OVER = (
    sa.update(AlertDelivery)
    .where(AlertDelivery.id == sa.bindparam("delivery"))
    .where(AlertDelivery.claimed_at == sa.bindparam("held_since"))
    .values(
        status=DeliveryStatus.CLAIMED,
        claimed_at=sa.bindparam("wall"),
        attempts=AlertDelivery.attempts + 1,
        window_start=sa.bindparam("start"),
    )
)
_FINISH_STATEMENTS = {
    status: sa.update(AlertDelivery)
    .where(AlertDelivery.id == sa.bindparam("delivery"))
    .values({column: sa.bindparam(f"new_{column}") for column in columns})
    for status, columns in _FINISH.items()
}
_MOVE_ON = (
    sa.update(JobAlert)
    .where(JobAlert.id == sa.bindparam("alert"))
    .values(window_start=sa.bindparam("start"), next_due_at=sa.bindparam("due"))
)
_RESCHEDULE = (
    sa.update(JobAlert)
    .where(JobAlert.id == sa.bindparam("alert"))
    .values(next_due_at=sa.bindparam("due"))
)


class LaneMarks:
    """A mail lane's recorder (portal/mail_lanes.py): marks each digest sent, and commits, on a
    connection of its own, right after the server accepted it."""

    def __init__(self, engine: sa.Engine) -> None:
        self.connection = engine.connect()

    def sent(self, ticket: Any) -> None:
        # `ticket`: what the sender handed the lane with the message (its delivery, the
        # message id and the job count).
        try:
            self.connection.execute(
                _FINISH_STATEMENTS[DeliveryStatus.SENT],
                {
                    "delivery": ticket.delivery_id,
                    "new_status": DeliveryStatus.SENT,
                    "new_message_id": ticket.message_id,
                    "new_job_count": ticket.job_count,
                    "new_sent_at": clock.now(),
                },
            )
            self.connection.commit()
        except BaseException:
            # The sender marks this one (mail_lanes); the connection is ready for the next.
            self.connection.rollback()
            raise

    def close(self) -> None:
        self.connection.close()


def lane_marks() -> Callable[[], LaneMarks] | None:
    """The mail lanes' recorders, or None when the session works inside a transaction it was
    handed (the lanes' own connections could not see its claims)."""
    bind = db.session.get_bind()
    if not isinstance(bind, sa.Engine):
        return None
    return partial(LaneMarks, bind)


@dataclass(frozen=True)
class Claim:
    alert_id: int
    window_start: dt.datetime
    window_end: dt.datetime


class _OwnConnection:
    """A connection for the ledger alone, with commit and rollback of its own.

    When the session was bound to a connection in a transaction it was handed (the tests do
    this, and roll everything back afterwards), the ledger joins that transaction the same
    way the session does, through savepoints."""

    def __init__(self) -> None:
        bind = db.session.get_bind()
        self.owned = isinstance(bind, sa.Engine)
        self.connection = bind.connect() if self.owned else bind
        self.dialect_name = self.connection.dialect.name
        self._savepoint: sa.NestedTransaction | None = None

    def execute(self, statement, parameters=None) -> sa.CursorResult:
        if not self.owned and self._savepoint is None:
            self._savepoint = self.connection.begin_nested()
        return self.connection.execute(statement, parameters)

    def commit(self) -> None:
        self._end(commit=True)

    def rollback(self) -> None:
        self._end(commit=False)

    def _end(self, commit: bool) -> None:
        # Its own transaction, or the savepoint it opened in the one it joined (if any).
        ending = self.connection if self.owned else self._savepoint
        if ending is not None and commit:
            ending.commit()
        elif ending is not None:
            ending.rollback()
        self._savepoint = None

    def close(self) -> None:
        if self.owned:
            self.connection.close()


class Ledger:
    def __init__(self, lease: dt.timedelta) -> None:
        self.lease = lease
        self._db = _OwnConnection()
        self._claim = _CLAIM[self._db.dialect_name]
        self._marks: list[tuple[int, DeliveryStatus, dict[str, Any]]] = []  # next commit
        self._later: list[tuple[int, DeliveryStatus, dict[str, Any]]] = []  # end of batch
        self._moved: list[MovedOn] = []  # end of batch

    def claim(self, claims: list[Claim]) -> dict[int, int | None]:
        """Claim each (alert, window), in the open transaction. By alert id: the delivery's id
        once this run holds it; -id when it was delivered already; None when another run
        holds it."""
        if not claims:
            return {}
        wall = clock.now()
        params = [
            {"alert": c.alert_id, "start": c.window_start, "end": c.window_end, "wall": wall}
            for c in claims
        ]
        claimed = {row.alert_id: row.id for row in self._db.execute(self._claim, params)}
        held = {}
        for one in params:
            if one["alert"] not in claimed:  # a row exists already: an earlier or another run's
                held[one["alert"]] = self._held(one)
        return {**claimed, **held}

    def _held(self, params: dict[str, Any]) -> int | None:
        row = self._db.execute(_HELD, params).one()
        if row.status in (DeliveryStatus.SENT, DeliveryStatus.EMPTY):
            return -row.id
        if row.status == DeliveryStatus.CLAIMED and row.claimed_at > params["wall"] - self.lease:
            return None
        # Take the failed or abandoned claim over, unless another run just did.
        taken = self._db.execute(
            _TAKE_OVER, {**params, "delivery": row.id, "held_since": row.claimed_at}
        )
        return row.id if taken.rowcount == 1 else None

    def finish(self, delivery_id: int, status: DeliveryStatus, **values: Any) -> None:
        """Mark a claimed delivery: a sent one by the next commit (where no lane marked it),
        others at the end."""
        if status == DeliveryStatus.SENT:
            values["sent_at"] = clock.now()
            self._marks.append((delivery_id, status, values))
        else:
            self._later.append((delivery_id, status, values))

    def move_on(self, moved: MovedOn) -> None:
        self._moved.append(moved)

    def commit(self) -> None:
        """Write the marks made so far and commit, with any claim made meanwhile."""
        self._write(self._marks)
        self._db.commit()
        self._marks = []

    def close(self, failed: bool) -> None:
        """The end of a batch. After an error the transaction is given up, but the digests that
        reached the mail server are still marked: unmarked, they would go again once their
        claims' lease ran out."""
        try:
            if failed:
                self._db.rollback()
                self._later, self._moved = [], []
            self._write(self._later)
            moved = [m for m in self._moved if m.window_start is not None]
            if moved:
                self._db.execute(
                    _MOVE_ON,
                    [
                        {"alert": m.alert_id, "start": m.window_start, "due": m.next_due_at}
                        for m in moved
                    ],
                )
            hinted = [m for m in self._moved if m.window_start is None]
            if hinted:
                self._db.execute(
                    _RESCHEDULE, [{"alert": m.alert_id, "due": m.next_due_at} for m in hinted]
                )
            self._later, self._moved = [], []
            self.commit()
        finally:
            self._db.close()

    def _write(self, marks: list[tuple[int, DeliveryStatus, dict[str, Any]]]) -> None:
        if not marks:
            return
        for status, columns in _FINISH.items():
            rows = [
                {
                    "delivery": delivery_id,
                    "new_status": status,
                    **{f"new_{column}": values.get(column) for column in columns[1:]},
                }
                for delivery_id, marked, values in marks
                if marked == status
            ]
            if rows:
                # One row (the usual mark) as a plain execute: executemany costs more.
                parameters = rows[0] if len(rows) == 1 else rows
                self._db.execute(_FINISH_STATEMENTS[status], parameters)
