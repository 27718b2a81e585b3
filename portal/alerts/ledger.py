"""The delivery rows and alert windows of one batch, written with as few commits as the promise
"nothing twice, nothing missed" allows.

A digest is claimed (a row in job_alert_deliveries, unique per alert and window end) by a
committed transaction before it goes to the mail server, and marked afterwards. Whatever sends
no mail (an empty digest, an alert not due yet, the outcome of the digest just sent) waits and
goes into the next commit, the one that claims the next digest. That is one commit per digest
sent, where claiming and marking each digest on its own took two, plus one per alert to move
its window on; and a run killed at any moment leaves the database as the one-at-a-time order
did: every digest sent before is marked, at most the one being sent is still claimed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from portal.alerts.models import AlertDelivery, DeliveryStatus, JobAlert
from portal.careers.models import utcnow
from portal.extensions import db

_FINISH = {
    DeliveryStatus.SENT: ("status", "message_id", "job_count", "sent_at"),
    DeliveryStatus.EMPTY: ("status",),
    DeliveryStatus.FAILED: ("status", "error"),
}


@dataclass
class _Outcome:
    """What to write once a digest is dealt with: its delivery row, and where its alert's next
    window starts (None: the window stays, the digest is tried again next run)."""

    delivery_id: int | None
    status: DeliveryStatus | None
    values: dict[str, Any] = field(default_factory=dict)
    alert_id: int = 0
    window_start: dt.datetime | None = None
    next_due_at: dt.datetime | None = None
    mailed: bool = False  # handed to the mail server (or refused by it): must not be lost


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
        .returning(AlertDelivery.id)
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


class Ledger:
    def __init__(self, lease: dt.timedelta) -> None:
        self.lease = lease
        self._pending: list[_Outcome] = []
        self._claim = _CLAIM[db.session.get_bind().dialect.name]

    def claim(self, alert_id: int, window_start: dt.datetime, window_end: dt.datetime):
        """In the open transaction: the delivery's id once this run holds it; -id when it was
        delivered already; None when another run holds it."""
        wall = utcnow()
        connection = db.session.connection()
        params = {"alert": alert_id, "start": window_start, "end": window_end, "wall": wall}
        delivery_id = connection.scalar(self._claim, params)
        if delivery_id is not None:
            return delivery_id
        row = connection.execute(_HELD, params).one()
        if row.status in (DeliveryStatus.SENT, DeliveryStatus.EMPTY):
            return -row.id
        if row.status == DeliveryStatus.CLAIMED and row.claimed_at > wall - self.lease:
            return None
        # Take the failed or abandoned claim over, unless another run just did.
        taken = connection.execute(
            _TAKE_OVER, {**params, "delivery": row.id, "held_since": row.claimed_at}
        )
        return row.id if taken.rowcount == 1 else None

    def finish(
        self,
        delivery_id: int | None,
        status: DeliveryStatus | None,
        *,
        alert_id: int = 0,
        window_start: dt.datetime | None = None,
        next_due_at: dt.datetime | None = None,
        mailed: bool = False,
        **values: Any,
    ) -> None:
        """Record an outcome, written by the next `commit`."""
        if status == DeliveryStatus.SENT:
            values["sent_at"] = utcnow()
        self._pending.append(
            _Outcome(delivery_id, status, values, alert_id, window_start, next_due_at, mailed)
        )

    def commit(self) -> None:
        """Write the outcomes recorded so far and commit, with any claim made meanwhile."""
        self._write(self._pending)
        db.session.commit()
        self._pending = []

    def close(self, failed: bool) -> None:
        """The end of a batch. After an error, the transaction is given up, but the outcome
        of every digest that reached the mail server is still written: losing it would send
        that digest again once its claim's lease ran out."""
        if not failed:
            self.commit()
            return
        db.session.rollback()
        self._pending = [outcome for outcome in self._pending if outcome.mailed]
        self.commit()

    def _write(self, outcomes: list[_Outcome]) -> None:
        if not outcomes:
            return
        connection = db.session.connection()
        for status, columns in _FINISH.items():
            rows = [
                {
                    "delivery": o.delivery_id,
                    "new_status": status,
                    **{f"new_{c}": o.values.get(c) for c in columns[1:]},
                }
                for o in outcomes
                if o.status == status
            ]
            if rows:
                connection.execute(_FINISH_STATEMENTS[status], rows)
        moved = [
            {"alert": o.alert_id, "start": o.window_start, "due": o.next_due_at}
            for o in outcomes
            if o.window_start is not None
        ]
        if moved:
            connection.execute(_MOVE_ON, moved)
        rescheduled = [
            {"alert": o.alert_id, "due": o.next_due_at}
            for o in outcomes
            if o.window_start is None and o.next_due_at is not None
        ]
        if rescheduled:
            connection.execute(_RESCHEDULE, rescheduled)
