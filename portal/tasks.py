"""The Celery app: `celery -A portal.tasks worker` delivers alert batches and the mail requests
send (portal/background_mail.py); `celery -A portal.tasks beat` runs `flask alerts send`'s work
and `flask consultant remind`'s every 15 minutes.

Importing this module builds no Flask app and opens no connection: the app is made on first use
inside a worker, so the module imports fine without a broker (and `flask alerts send`, which
enqueues, uses the app it already runs in).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from celery import Celery
from flask import Flask, current_app, has_app_context

from portal import clock

celery = Celery("portal")
celery.conf.update(
    broker_url=os.environ.get("CELERY_BROKER_URL"),
    result_backend=os.environ.get("CELERY_RESULT_BACKEND") or os.environ.get("CELERY_BROKER_URL"),
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # A worker that dies mid-batch hands the batch back; the claims make a redo harmless.
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    # A worker killed with a batch in hand leaves it unacknowledged in Redis, which hands it to
    # another worker after this many seconds (kombu's default is an hour). A batch that runs
    # longer is handed out a second time while it runs; the claims keep that from sending twice.
    broker_transport_options={
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT") or 3600)
    },
    beat_schedule={
        "send-job-alerts": {"task": "portal.alerts.send_due", "schedule": 15 * 60.0},
        # `flask consultant remind`'s work: reminders 24 hours ahead, lapsed members' calls.
        "consultant-remind": {"task": "portal.consultant.remind", "schedule": 15 * 60.0},
    },
)
app = celery  # `celery -A portal.tasks` finds it under either name

_flask_app: Flask | None = None


def flask_app() -> Flask:
    global _flask_app
    if _flask_app is None:
        from portal import create_app

        _flask_app = create_app()
    return _flask_app


def configure(flask: Flask) -> None:
    """Point Celery at the Flask app's broker (tests and the CLI call this)."""
    global _flask_app
    _flask_app = flask
    broker = flask.config.get("CELERY_BROKER_URL")
    celery.conf.update(
        broker_url=broker,
        result_backend=flask.config.get("CELERY_RESULT_BACKEND") or broker,
    )


def configure_once(flask: Flask) -> None:
    """Point Celery at `flask` unless it already is (a web process enqueues mail this way)."""
    if _flask_app is not flask:
        configure(flask)


_match_cache: tuple[str, object] | None = None


def match_cache(now_iso: str):
    """The worker's matches for the run at `now_iso`, shared by its batches as they are in one
    process: each distinct search and window is matched once per worker, not once per batch."""
    global _match_cache
    if _match_cache is None or _match_cache[0] != now_iso:
        from portal.alerts.matching import MatchCache

        _match_cache = (now_iso, MatchCache())
    return _match_cache[1]


@celery.task(name="portal.alerts.send_batch")
def send_batch_task(alert_ids: list[int], now_iso: str) -> dict:
    from dataclasses import asdict

    from portal.alerts.sending import send_batch
    from portal.extensions import db

    with flask_app().app_context():
        try:
            now = dt.datetime.fromisoformat(now_iso)
            return asdict(send_batch(alert_ids, now, cache=match_cache(now_iso)))
        finally:
            db.session.remove()


@celery.task(
    name="portal.mail.send",
    # A mail server that is down or slow is retried later, rather than lost; the request that
    # sent the mail has long been answered.
    autoretry_for=(Exception,),
    retry_backoff=30,
    max_retries=5,
)
def send_mail_task(data: str, template: str) -> None:
    """Send a message a request rendered (portal.background_mail)."""
    from portal.background_mail import deliver_serialized

    with flask_app().app_context():
        deliver_serialized(data, template)


@celery.task(name="portal.alerts.send_due")
def send_due_task(now_iso: str | None = None) -> str:
    """Beat's entry: enqueue the due alerts in batches (the workers send them)."""
    from portal.alerts.sending import candidate_batches

    now = dt.datetime.fromisoformat(now_iso) if now_iso else clock.now()
    with flask_app().app_context():
        count = 0
        for ids in candidate_batches(now):
            send_batch_task.delay(ids, now.isoformat())
            count += 1
        return f"enqueued {count} batches"


@celery.task(name="portal.consultant.remind")
def consultant_remind_task() -> str:
    """Beat's entry for the consultant service (see portal/consultant/cli.py)."""
    from portal.consultant.cli import remind_and_tidy
    from portal.extensions import db

    with flask_app().app_context():
        try:
            cancelled, reminded = remind_and_tidy()
        finally:
            db.session.remove()
        return f"reminded {reminded} calls, cancelled {cancelled} calls of lapsed members"


def enqueue_batches(batches: Iterable[list[int]], now: dt.datetime, progress=None):
    """`flask alerts send` with a broker: one task per batch, then wait and add up."""
    from portal.alerts.sending import Summary

    if has_app_context() and _flask_app is not current_app._get_current_object():
        configure(current_app._get_current_object())
    pending = []
    for ids in batches:
        pending.append((len(ids), send_batch_task.delay(ids, now.isoformat())))
    summary = Summary()
    for size, result in pending:
        summary.add(result.get(timeout=3600))
        if progress:
            progress(size)
    return summary
