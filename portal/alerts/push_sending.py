"""Pushing the digests: one notification per digest mailed, with the count and a link, to each
browser its owner subscribed (portal/alerts/push.py).

Pushes follow the digests: once a batch's mail is out (portal/alerts/sending.py), every digest
it marked sent is pushed to each browser its owner subscribed. A push is claimed (a row in
push_deliveries, unique per digest and browser) and committed before it leaves, and marked
after, as digests are (see portal/alerts/ledger.py): a rerun, or a second run at once, finds the
row and does not push again. A claim left by a run that died is taken over after
ALERTS_CLAIM_SECONDS, so a push the service took in the instant before a crash may come twice;
one the service refused is tried again by the runs after RETRY_AFTER, MAX_ATTEMPTS times in
all. A push service answering 404 or 410 says the subscription is gone: it is deleted.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from portal import clock
from portal.alerts.models import AlertDelivery, DeliveryStatus, JobAlert
from portal.alerts.push import Vapid, vapid
from portal.alerts.push_models import PushDelivery, PushStatus, PushSubscription
from portal.extensions import db
from portal.urls import absolute_url

MAX_ATTEMPTS = 3
# A digest older than this is not worth a notification any more (a subscription made today
# does not bring last week's digests either: only those sent after it).
MAX_AGE = dt.timedelta(days=1)
GONE = (404, 410)
# A push service that refused (busy, or down) is not asked again in the same run.
RETRY_AFTER = dt.timedelta(minutes=5)


@dataclass
class PushSummary:
    sent: int = 0
    removed: int = 0  # subscriptions the push service said were gone
    failed: int = 0


@dataclass(frozen=True)
class _Due:
    """One digest to push to one browser."""

    delivery_id: int
    job_count: int
    alert_id: int
    alert_name: str
    query: dict
    subscription_id: int
    endpoint: str
    p256dh: str
    auth: str
    held_id: int | None  # a failed or abandoned push of it, taken over
    held_since: dt.datetime | None


def send_pending(now: dt.datetime, alert_ids: list[int] | None = None) -> PushSummary:
    """Push the digests sent lately (of `alert_ids`, or of every alert) to their owners'
    browsers, each once. Nothing when push is not set up."""
    summary = PushSummary()
    keys = vapid()
    if keys is None:
        return summary
    wall = clock.now()
    lease = dt.timedelta(seconds=current_app.config.get("ALERTS_CLAIM_SECONDS", 300))
    due = _pending(wall, lease, alert_ids)
    db.session.commit()  # the read ends before the claims are written (see send_batch)
    if not due:
        return summary
    claimed = [one for one in due if _claim(one, wall)]
    db.session.commit()  # on disk before any of them leaves
    if not claimed:
        return summary
    sender = _Sender(keys, current_app.config["PUSH_TIMEOUT"])
    try:
        for one in claimed:
            outcome = sender.push(one)
            _record(one, outcome, summary)
            db.session.commit()  # marked before the next one leaves
    finally:
        sender.close()
    return summary


def _pending(wall: dt.datetime, lease: dt.timedelta, alert_ids: list[int] | None) -> list[_Due]:
    held = aliased(PushDelivery)
    may_retry = sa.and_(
        held.attempts < MAX_ATTEMPTS,
        sa.or_(
            sa.and_(held.status == PushStatus.FAILED, held.claimed_at < wall - RETRY_AFTER),
            sa.and_(held.status == PushStatus.CLAIMED, held.claimed_at < wall - lease),
        ),
    )
    query = (
        sa.select(
            AlertDelivery.id,
            AlertDelivery.job_count,
            JobAlert.id,
            JobAlert.name,
            JobAlert.query,
            PushSubscription.id,
            PushSubscription.endpoint,
            PushSubscription.p256dh,
            PushSubscription.auth,
            held.id,
            held.claimed_at,
        )
        .join(JobAlert, JobAlert.id == AlertDelivery.alert_id)
        .join(PushSubscription, PushSubscription.user_id == JobAlert.user_id)
        .outerjoin(
            held,
            sa.and_(
                held.delivery_id == AlertDelivery.id,
                held.subscription_id == PushSubscription.id,
            ),
        )
        .where(
            AlertDelivery.status == DeliveryStatus.SENT,
            AlertDelivery.job_count > 0,
            AlertDelivery.sent_at >= PushSubscription.created_at,
            AlertDelivery.sent_at >= wall - MAX_AGE,
            sa.or_(held.id.is_(None), may_retry),
        )
        .order_by(AlertDelivery.id, PushSubscription.id)
    )
    if alert_ids is not None:
        query = query.where(AlertDelivery.alert_id.in_(alert_ids))
    return [_Due(*row) for row in db.session.execute(query)]


def _claim_statement(insert):
    return (
        insert(PushDelivery)
        .values(
            delivery_id=sa.bindparam("delivery"),
            subscription_id=sa.bindparam("subscription"),
            status=PushStatus.CLAIMED,
            claimed_at=sa.bindparam("wall"),
            attempts=1,
        )
        .on_conflict_do_nothing(index_elements=["delivery_id", "subscription_id"])
        .returning(PushDelivery.id)
    )


_CLAIM = {
    "postgresql": _claim_statement(postgresql.insert),
    "sqlite": _claim_statement(sqlite.insert),
}


def _claim(one: _Due, wall: dt.datetime) -> bool:
    """True when this run now holds the push; False when another run claimed it meanwhile."""
    if one.held_id is None:
        statement = _CLAIM[db.session.get_bind().dialect.name]
        params = {"delivery": one.delivery_id, "subscription": one.subscription_id, "wall": wall}
        return db.session.execute(statement, params).scalar() is not None
    taken = db.session.execute(
        sa.update(PushDelivery)
        .where(PushDelivery.id == one.held_id, PushDelivery.claimed_at == one.held_since)
        .values(status=PushStatus.CLAIMED, claimed_at=wall, attempts=PushDelivery.attempts + 1)
    )
    return taken.rowcount == 1


def payload(one: _Due) -> dict:
    """What the notification says (the worker shows it: portal/templates/webapp/sw.js)."""
    jobs = "new job" if one.job_count == 1 else "new jobs"
    search = {k: v for k, v in one.query.items() if k not in ("sort", "posted_within")}
    return {
        "title": f"{one.job_count} {jobs} for “{one.alert_name}”",
        "body": f"The same jobs as in your email from {current_app.config['SITE_NAME']}.",
        "url": absolute_url("jobs.search", **search, sort="date"),
        "tag": f"alert-{one.alert_id}",  # a newer digest's notification replaces an older one
        "count": one.job_count,
    }


@dataclass(frozen=True)
class _Outcome:
    status: int | None  # the push service's answer; None when it could not be reached
    error: str = ""

    @property
    def sent(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class _Sender:
    """pywebpush over one HTTP session (kept-alive connections to each push service)."""

    def __init__(self, keys: Vapid, timeout: float) -> None:
        import requests
        from py_vapid import Vapid02

        self.signer = Vapid02.from_string(keys.private_key)  # RFC 8292: "vapid t=..., k=..."
        self.subject = keys.subject
        self.timeout = timeout
        self.session = requests.Session()

    def push(self, one: _Due) -> _Outcome:
        import requests
        from pywebpush import WebPushException, webpush

        try:
            webpush(
                {"endpoint": one.endpoint, "keys": {"p256dh": one.p256dh, "auth": one.auth}},
                data=json.dumps(payload(one)),
                vapid_private_key=self.signer,
                # A new dict each time: pywebpush writes the push service's origin into it.
                vapid_claims={"sub": self.subject},
                timeout=self.timeout,
                ttl=int(MAX_AGE.total_seconds()),  # kept that long for a phone that is off
                requests_session=self.session,
            )
        except WebPushException as error:
            status = error.response.status_code if error.response is not None else None
            return _Outcome(status, str(error)[:500])
        except (requests.RequestException, ValueError) as error:
            return _Outcome(None, str(error)[:500])
        return _Outcome(201)

    def close(self) -> None:
        self.session.close()


def _record(one: _Due, outcome: _Outcome, summary: PushSummary) -> None:
    if outcome.sent:
        db.session.execute(
            sa.update(PushDelivery)
            .where(
                PushDelivery.delivery_id == one.delivery_id,
                PushDelivery.subscription_id == one.subscription_id,
            )
            .values(status=PushStatus.SENT, sent_at=clock.now(), error=None)
        )
        summary.sent += 1
    elif outcome.status in GONE:
        # Its pushes go with it (ON DELETE CASCADE).
        db.session.execute(
            sa.delete(PushSubscription).where(PushSubscription.id == one.subscription_id)
        )
        summary.removed += 1
    else:
        db.session.execute(
            sa.update(PushDelivery)
            .where(
                PushDelivery.delivery_id == one.delivery_id,
                PushDelivery.subscription_id == one.subscription_id,
            )
            .values(status=PushStatus.FAILED, error=outcome.error or f"HTTP {outcome.status}")
        )
        current_app.logger.warning(
            "Push for alert %s failed: %s", one.alert_id, outcome.error or outcome.status
        )
        summary.failed += 1
