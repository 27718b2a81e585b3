"""Stripe webhook events: the handled ones, the failed ones, and reprocessing a failure."""

from __future__ import annotations

import sqlalchemy as sa

from portal import clock
from portal.billing.models import WebhookEvent, WebhookFailure
from portal.billing.webhooks import handle_event
from portal.extensions import db

SHOWN = 200


def handled_events() -> list[WebhookEvent]:
    query = sa.select(WebhookEvent).order_by(WebhookEvent.id.desc()).limit(SHOWN)
    return list(db.session.scalars(query))


def open_failures() -> list[WebhookFailure]:
    query = (
        sa.select(WebhookFailure)
        .where(WebhookFailure.resolved_at.is_(None))
        .order_by(WebhookFailure.id.desc())
        .limit(SHOWN)
    )
    return list(db.session.scalars(query))


class ReprocessFailed(Exception):
    pass


def reprocess(failure: WebhookFailure) -> str:
    """Handle the stored event again (it was signed by Stripe when it arrived). Returns the
    outcome, as the webhook would ("processed", "duplicate" when a Stripe retry got there
    first...); raises ReprocessFailed, with nothing applied, when it fails again."""
    failure_id, payload = failure.id, failure.payload
    try:
        outcome = handle_event(payload)  # commits
    except Exception as error:
        db.session.rollback()
        failure = db.session.get(WebhookFailure, failure_id)
        failure.error = f"{type(error).__name__}: {error}"[:2000]
        db.session.commit()
        raise ReprocessFailed(failure.error) from error
    failure = db.session.get(WebhookFailure, failure_id)
    failure.resolved_at = clock.now()
    return outcome
