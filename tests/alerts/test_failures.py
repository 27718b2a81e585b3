"""A recipient the mail server refuses is recorded as failed, stops nobody else, and is sent
next run; a claim left by a run that died is taken over once its lease has passed."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal import clock
from portal.alerts.models import AlertDelivery, DeliveryStatus
from portal.extensions import db
from tests.alerts.conftest import make_alert, received, send
from tests.smtp import SMTPTestServer

NURSE = {"q": "nurse"}


class RefusingServer(SMTPTestServer):
    """Refuses the addresses in `refused` at RCPT TO, as a server does for unknown mailboxes."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: set[str] = set()
        collector = self._controller.handler
        server = self

        class Handler(type(collector)):
            async def handle_RCPT(self, _server, _session, envelope, address, _options):
                if address in server.refused:
                    return "550 5.1.1 No such mailbox"
                envelope.rcpt_tos.append(address)
                return "250 OK"

        self._controller.handler = Handler(self)


@pytest.fixture
def refusing(app, monkeypatch):
    server = RefusingServer()
    server.start()
    monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
    yield server
    server.stop()


def test_a_refused_recipient_is_retried_next_run_without_stopping_others(make_user, refusing):
    first, refused, last = (make_user(f"{n}@example.com") for n in ("first", "gone", "last"))
    for user in (first, refused, last):
        make_alert(user, NURSE, created="2026-12-01 09:00")
    received("2026-12-02 10:00", title="Night Nurse A")
    refusing.refused.add("gone@example.com")

    assert send("2026-12-07 08:00").line() == "due 3, sent 2, empty 0, failed 1"
    assert sorted(r for m in refusing.messages for r in m.recipients) == [
        "first@example.com",
        "last@example.com",
    ]
    failed = db.session.scalars(
        sa.select(AlertDelivery).where(AlertDelivery.status == DeliveryStatus.FAILED)
    ).all()
    assert len(failed) == 1 and "No such mailbox" in failed[0].error

    refusing.refused.clear()
    assert send("2026-12-07 08:15").line() == "due 1, sent 1, empty 0, failed 0"
    assert len(refusing.to("gone@example.com")) == 1
    assert len(refusing.messages) == 3
    retried = db.session.get(AlertDelivery, failed[0].id)
    assert retried.status == DeliveryStatus.SENT and retried.attempts == 2


def test_a_fresh_claim_is_left_alone_and_a_stale_one_is_taken_over(make_user, mailbox):
    user = make_user("claimed@example.com")
    alert = make_alert(user, NURSE, created="2026-12-01 09:00")
    received("2026-12-02 10:00", title="Night Nurse A")
    # Another run claimed this window a moment ago and is sending it.
    claim = AlertDelivery(
        alert_id=alert.id,
        window_start=alert.window_start,
        window_end=dt.datetime(2026, 12, 7, 8),
        status=DeliveryStatus.CLAIMED,
        claimed_at=clock.now(),
    )
    db.session.add(claim)
    db.session.commit()
    assert send("2026-12-07 08:00").line() == "due 0, sent 0, empty 0, failed 0"
    assert mailbox.messages == []
    # That run died: after the lease its claim is taken over, and the digest goes once.
    db.session.execute(
        sa.update(AlertDelivery).values(claimed_at=clock.now() - dt.timedelta(minutes=6))
    )
    db.session.commit()
    assert send("2026-12-07 08:15").sent == 1
    assert send("2026-12-07 08:30").sent == 0
    assert len(mailbox.to("claimed@example.com")) == 1


def test_a_digest_sent_again_after_a_crash_is_the_same_message(make_user, mailbox):
    user = make_user("twice@example.com")
    alert = make_alert(user, NURSE, created="2026-12-01 09:00")
    received("2026-12-02 10:00", title="Night Nurse B")
    window_start, due_at = alert.window_start, alert.next_due_at
    assert send("2026-12-07 08:00").sent == 1
    # A run killed between the mail server's answer and its mark leaves this behind: the
    # window claimed and not marked, the alert not moved on.
    db.session.execute(
        sa.update(AlertDelivery).values(
            status=DeliveryStatus.CLAIMED, claimed_at=clock.now() - dt.timedelta(minutes=6)
        )
    )
    alert.window_start, alert.next_due_at = window_start, due_at
    db.session.commit()

    assert send("2026-12-07 08:15").sent == 1
    first, again = mailbox.to("twice@example.com")
    # The one duplicate an SMTP client cannot rule out carries the same Message-ID, so mail
    # services that keep one message per Message-ID show it once.
    assert first.message["Message-ID"] == again.message["Message-ID"]
    assert first.message["Message-ID"].startswith(f"<alert-{alert.id}.20261207T080000@")
    # The next window is another message.
    received("2026-12-09 10:00", title="Night Nurse C")
    assert send("2026-12-14 08:00").sent == 1
    assert mailbox.last_to("twice@example.com").message["Message-ID"] != first.message["Message-ID"]
