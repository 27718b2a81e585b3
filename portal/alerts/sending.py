"""Sending the digests that are due: claim each (alert, window) before sending, mark it after.

Each delivery row moves claimed -> sent | empty | failed, and the unique key on (alert,
window end) means a window is claimed by one run only. Digests are claimed CLAIM_CHUNK at a
time and go out over ALERTS_MAIL_CONNECTIONS connections at once (portal/mail_lanes.py). A run
that dies leaves the digests it claimed but had not sent claimed; the next run after
ALERTS_CLAIM_SECONDS takes those claims over. Each lane marks what it sent the moment the server
accepted it (portal/alerts/ledger.py), so only a crash in that very instant, between the
server's answer and the mark's commit, lets a digest go twice: the one duplicate an SMTP client
cannot rule out. A refused recipient is marked failed and tried again next run, because its
alert's window does not move on.

A batch reads first (the alerts, their owners' plans in one question to billing, the matches
of each distinct search and window), then writes: `Ledger` commits once per digest sent (see
portal/alerts/ledger.py), and `DigestWriter` renders what digests of one search share once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum

import sqlalchemy as sa
from flask import current_app

from portal.accounts.models import User
from portal.alerts import push_sending, schedule
from portal.alerts.digests import DigestWriter
from portal.alerts.due import DueAlert
from portal.alerts.ledger import Claim, Ledger, MovedOn, lane_marks
from portal.alerts.matching import NO_MATCHES, MatchCache, Matches
from portal.alerts.models import DeliveryStatus, Frequency, JobAlert
from portal.alerts.services import allowed_frequency, daily_allowed
from portal.extensions import db
from portal.mail import MailSettings, message_id_of, open_connection
from portal.mail_lanes import Handed, MailLanes

BATCH_SIZE = 500
# Digests claimed by one statement: a crash delays at most these (until their lease passes).
CLAIM_CHUNK = 25


class Outcome(StrEnum):
    SENT = "sent"
    EMPTY = "empty"
    FAILED = "failed"
    SKIPPED = "skipped"  # delivered by an earlier run, or being sent by another one


@dataclass
class Summary:
    due: int = 0
    sent: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    pushed: int = 0  # notifications to browsers (portal/alerts/push_sending.py)
    lines: list[str] = field(default_factory=list)  # what --dry-run would send

    def count(self, outcome: Outcome) -> None:
        if outcome is not Outcome.SKIPPED:
            self.due += 1
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)

    def add(self, other: Summary | dict) -> None:
        other = other if isinstance(other, dict) else asdict(other)
        for name in ("due", "sent", "empty", "failed", "skipped", "pushed"):
            setattr(self, name, getattr(self, name) + other[name])
        self.lines.extend(other["lines"])

    def line(self, *, dry_run: bool = False) -> str:
        if dry_run:  # nothing was sent, and nothing can have failed
            return f"due {self.due}, would send {self.sent}, empty {self.empty}"
        line = f"due {self.due}, sent {self.sent}, empty {self.empty}, failed {self.failed}"
        return line + (f", pushed {self.pushed}" if self.pushed else "")


def _eligible() -> list[sa.ColumnElement[bool]]:
    return [
        JobAlert.paused == sa.false(),
        User.is_active == sa.true(),
        User.email_confirmed_at.is_not(None),
    ]


def count_candidates(now: dt.datetime) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(JobAlert)
        .join(User, User.id == JobAlert.user_id)
        .where(JobAlert.next_due_at <= now, *_eligible())
    )


def candidate_batches(now: dt.datetime, size: int = BATCH_SIZE) -> Iterator[list[int]]:
    """Ids of the alerts that may be due, a batch at a time (keyset pages, so memory stays flat
    and alerts handled meanwhile drop out of later pages)."""
    last = 0
    while True:
        ids = list(
            db.session.scalars(
                sa.select(JobAlert.id)
                .join(User, User.id == JobAlert.user_id)
                .where(JobAlert.next_due_at <= now, JobAlert.id > last, *_eligible())
                .order_by(JobAlert.id)
                .limit(size)
            )
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def load_due(alert_ids: list[int], now: dt.datetime) -> list[DueAlert]:
    rows = db.session.execute(
        sa.select(
            JobAlert.id,
            JobAlert.name,
            JobAlert.query,
            JobAlert.weekday,
            JobAlert.frequency,
            JobAlert.window_start,
            User.id.label("user_id"),
            User.email,
            User.name.label("user_name"),
            User.time_zone,
        )
        .join(User, User.id == JobAlert.user_id)
        .where(JobAlert.id.in_(alert_ids), JobAlert.next_due_at <= now, *_eligible())
        .order_by(JobAlert.id)
    ).all()
    daily = daily_allowed({row.user_id for row in rows if row.frequency == Frequency.DAILY})
    due = [
        DueAlert(
            id=row.id,
            name=row.name,
            query=dict(row.query or {}),
            weekday=row.weekday,
            stored_frequency=row.frequency,
            frequency=allowed_frequency(row.frequency, row.user_id in daily),
            window_start=row.window_start,
            user_id=row.user_id,
            email=row.email,
            user_name=row.user_name,
            time_zone=row.time_zone,
        )
        for row in rows
    ]
    return due


@dataclass(frozen=True)
class Digest:
    """An alert that may be due, with the window it would cover and what matches in it."""

    alert: DueAlert
    window_end: dt.datetime | None  # None: not due yet (the plan or the time zone)
    matches: Matches = NO_MATCHES


def plan(due: list[DueAlert], now: dt.datetime, cache: MatchCache) -> list[Digest]:
    """Every read a batch needs, before any write (see `send_batch`)."""
    digests = []
    for alert in due:
        window_end = schedule.latest_slot(now, alert.time_zone, alert.frequency, alert.weekday)
        if window_end <= alert.window_start:
            digests.append(Digest(alert, None))
        else:
            matches = cache.get(alert.query, alert.window_start, window_end, now)
            digests.append(Digest(alert, window_end, matches))
    return digests


def send_batch(
    alert_ids: list[int],
    now: dt.datetime,
    *,
    dry_run: bool = False,
    cache: MatchCache | None = None,
) -> Summary:
    """Deliver what is due among `alert_ids` over ALERTS_MAIL_CONNECTIONS mail connections (a
    Celery task's unit)."""
    summary = Summary()
    digests = plan(load_due(alert_ids, now), now, cache or MatchCache())
    # End the read transaction before writing: on SQLite a transaction that read and then
    # writes fails at once ("database is locked") if another process wrote in between; one
    # that starts with a write waits for its turn.
    db.session.commit()
    if dry_run:
        for digest in digests:
            if digest.window_end is not None:
                summary.count(_describe(digest, summary))
        return summary
    lease = dt.timedelta(seconds=current_app.config.get("ALERTS_CLAIM_SECONDS", 300))
    settings = MailSettings.of(current_app)
    lanes_wanted = current_app.config["ALERTS_MAIL_CONNECTIONS"]
    writer = DigestWriter()
    with MailLanes(lambda: open_connection(settings), lanes_wanted, lane_marks()) as lanes:
        # The ledger holds a database connection until close(): made last, just before the try.
        batch = _Batch(Ledger(lease), writer, lanes, summary)
        try:
            for first in range(0, len(digests), CLAIM_CHUNK):
                batch.deliver(digests[first : first + CLAIM_CHUNK])
            batch.record(lanes.finish())
        except BaseException:
            # What reached the server is still marked (unmarked, it would go again once its
            # claim's lease ran out); the rest of the batch is left to the next run.
            batch.record(lanes.finish(timeout=settings.timeout))
            batch.ledger.close(failed=True)
            raise
        batch.ledger.close(failed=False)
    # The digests this batch mailed, to their owners' browsers (once each, like the mail).
    summary.pushed += push_sending.send_pending(now, alert_ids).sent
    return summary


def _describe(digest: Digest, summary: Summary) -> Outcome:
    alert, matches = digest.alert, digest.matches
    jobs = "job" if matches.total == 1 else "jobs"
    what = f"{matches.total} new {jobs}" if matches.total else "nothing new"
    summary.lines.append(f"{alert.email}: {alert.name!r}: {what}")
    return Outcome.SENT if matches.total else Outcome.EMPTY


@dataclass(frozen=True)
class _OnItsWay:
    """A digest handed to a mail lane: what recording its outcome needs."""

    alert_id: int
    delivery_id: int
    message_id: str
    job_count: int
    moved_on: MovedOn


@dataclass
class _Batch:
    """One batch's digests on their way: claimed and rendered here, sent by the mail lanes, and
    recorded here as the lanes report back (see portal/mail_lanes.py for the order that keeps a
    crash from losing more than one mark per lane)."""

    ledger: Ledger
    writer: DigestWriter
    lanes: MailLanes
    summary: Summary

    def deliver(self, digests: list[Digest]) -> None:
        """A chunk of digests: claimed together, then each rendered and handed to a lane while
        the lanes send the ones before it."""
        due = []
        for digest in digests:
            alert = digest.alert
            if digest.window_end is None:
                self.ledger.move_on(MovedOn(alert.id, None, _next_due(alert, alert.window_start)))
            else:
                due.append(digest)
        claims = self.ledger.claim(
            [Claim(d.alert.id, d.alert.window_start, d.window_end) for d in due]
        )
        # The claims are on disk before any of these digests leaves, and no transaction stays
        # open while they are rendered (on SQLite an open write holds every other sender back).
        self.ledger.commit()
        for digest in due:
            self._hand_over(digest, claims[digest.alert.id])

    def _hand_over(self, digest: Digest, delivery_id: int | None) -> None:
        if delivery_id is None:  # another run holds it
            self.summary.count(Outcome.SKIPPED)
            return
        alert, matches = digest.alert, digest.matches
        moved_on = MovedOn(alert.id, digest.window_end, _next_due(alert, digest.window_end))
        if delivery_id < 0:  # delivered before; the alert was not moved on (a crash in between)
            self.ledger.move_on(moved_on)
            self.summary.count(Outcome.SKIPPED)
            return
        if not matches.total:
            self.ledger.finish(delivery_id, DeliveryStatus.EMPTY)
            self.ledger.move_on(moved_on)
            self.summary.count(Outcome.EMPTY)
            return
        message = self.writer.write(alert, matches, digest.window_end)
        # The marks of the digests the lanes finished are on disk before this one leaves.
        if finished := self.lanes.wait_for_lane():
            self.record(finished)
            self.ledger.commit()
        ticket = _OnItsWay(alert.id, delivery_id, message_id_of(message), matches.total, moved_on)
        self.lanes.hand(message, ticket)

    def record(self, handed: list[Handed]) -> None:
        for done in handed:
            sent: _OnItsWay = done.ticket
            if not done.sent:
                self.ledger.finish(
                    sent.delivery_id, DeliveryStatus.FAILED, error=str(done.error)[:500]
                )
                current_app.logger.warning(
                    "Digest for alert %s failed: %s", sent.alert_id, done.error
                )
                self.summary.count(Outcome.FAILED)
                continue
            if not done.recorded:  # else its lane marked it already
                self.ledger.finish(
                    sent.delivery_id,
                    DeliveryStatus.SENT,
                    message_id=sent.message_id,
                    job_count=sent.job_count,
                )
            self.ledger.move_on(sent.moved_on)
            self.summary.count(Outcome.SENT)


def _next_due(alert: DueAlert, after: dt.datetime) -> dt.datetime:
    # The stored frequency: never later than the real send time, so the hint never hides an
    # alert that is due (daily is at least as soon as weekly).
    return schedule.next_slot(after, alert.time_zone, alert.stored_frequency, alert.weekday)


ProgressCallback = Callable[[int], None]


def send_due(
    now: dt.datetime,
    *,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
) -> Summary:
    """Every due alert, in batches: to Celery workers when a broker is configured (and this is
    not a dry run), else in this process."""
    summary = Summary()
    # The task queue registers itself (portal.tasks, from the app factory): alerts never import it.
    enqueue_batches = current_app.extensions.get("portal.alerts.enqueue_batches")
    if enqueue_batches is not None and not dry_run:
        summary = enqueue_batches(candidate_batches(now, batch_size), now, progress)
    else:
        cache = MatchCache()
        for ids in candidate_batches(now, batch_size):
            summary.add(send_batch(ids, now, dry_run=dry_run, cache=cache))
            if progress:
                progress(len(ids))
    if not dry_run:
        # Pushes a run that died left behind (its digests mailed, its alerts moved on).
        summary.pushed += push_sending.send_pending(now).sent
    return summary
