"""Mail sent from requests, delivered in the background: no request waits on the mail server.

A message is rendered in the request (it needs the request's templates and links), then handed
over: to a Celery worker when `CELERY_BROKER_URL` is set, else to a small pool of threads in
this process. The pool's queue is bounded (`MAIL_QUEUE_SIZE`): a mail server that accepts
connections and never answers holds each thread for `MAIL_TIMEOUT`, and without a bound the
waiting messages would grow without limit. A message that finds the queue full is not sent, and
the caller is told, as it is told of any other mail failure.

A page that says whether its mail went out passes `patience`: it waits that long (a fraction of
a second) for the mail to be sent, so a server that refuses at once is still reported, and a
server that is merely slow costs the request no more than that.
"""

from __future__ import annotations

import base64
import email
import email.policy
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from email.message import EmailMessage
from typing import Any

from flask import current_app

from portal.mail import MailError, MailSettings, build_message, open_connection

log = logging.getLogger(__name__)

_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="portal-mail")
_pending: set[Future[bool]] = set()
_lock = threading.Lock()
# Jobs handed over since the process started, whatever became of them: tests read it to see
# that a request did its work in the background.
handed_over = 0


def send_email_in_background(
    to: str, template: str, *, patience: float = 0.0, **context: Any
) -> bool:
    """Render now and deliver in the background. False when the message was not handed over
    (the queue is full) or failed within `patience` seconds; True otherwise."""
    message = build_message(to, template, **context)
    return hand_over(message, template, patience=patience)


def run_in_background(job, *, label: str) -> bool:
    """Run `job()` (a callable that needs no app context) on the mail pool: for work that must
    take as long whether or not it ends in a mail. False when the queue is full."""
    return _submit(job, label) is not None


def hand_over(message: EmailMessage, template: str, *, patience: float = 0.0) -> bool:
    app = current_app._get_current_object()
    if app.config.get("CELERY_BROKER_URL") and _enqueue_on_celery(app, message, template):
        _count()
        return True
    settings = MailSettings.of(app)

    def deliver() -> bool:
        connection = open_connection(settings)
        try:
            connection.send(message)
        except MailError:
            settings.logger.exception("Background mail %s to %s failed", template, message["To"])
            return False
        finally:
            connection.close()
        return True

    future = _submit(deliver, f"{template} mail to {message['To']}")
    if future is None:
        return False
    if patience > 0:
        done, _ = wait([future], timeout=patience)
        if done and not future.result():
            return False
    return True


def _submit(job, label: str) -> Future | None:
    limit = int(current_app.config.get("MAIL_QUEUE_SIZE") or 0)
    with _lock:
        if limit and len(_pending) >= limit:
            log.error("The mail queue is full (%d waiting): %s not sent", len(_pending), label)
            return None
        future = _pool.submit(job)
        _pending.add(future)
    future.add_done_callback(_forget)
    _count()
    return future


def _forget(future: Future) -> None:
    with _lock:
        _pending.discard(future)


def _count() -> None:
    global handed_over
    with _lock:
        handed_over += 1


def _enqueue_on_celery(app, message: EmailMessage, template: str) -> bool:
    """Hand the message to the broker; False (after logging) when the broker cannot take it, so
    the caller falls back to this process's own queue."""
    from portal import tasks

    try:
        tasks.configure_once(app)
        data = base64.b64encode(message.as_bytes()).decode("ascii")
        # No retries: a broker that is down must not hold the request; the local queue takes it.
        tasks.send_mail_task.apply_async((data, template), retry=False)
    except Exception:  # kombu raises several kinds of connection errors
        log.exception("Could not hand %s mail to the task queue; sending it from here", template)
        return False
    return True


def deliver_serialized(data: str, template: str) -> None:
    """A Celery worker's half: send a message handed over by `hand_over`. Raises MailError."""
    message = email.message_from_bytes(base64.b64decode(data), policy=email.policy.default)
    connection = open_connection(MailSettings.of(current_app))
    try:
        connection.send(message)
    finally:
        connection.close()
    log.info("Sent %s mail to %s", template, message["To"])


def queued() -> int:
    """Messages waiting or being sent in this process."""
    with _lock:
        return len(_pending)


def wait_for_background_mail(timeout: float | None = None) -> None:
    """Block until every job handed to this process's pool has been dealt with."""
    with _lock:
        pending = list(_pending)
    wait(pending, timeout=timeout)
