"""`flask alerts send` killed halfway, then run again: nothing twice, nothing missed.

The send runs as a real process against a SQLite file; the SMTP server kills it (SIGKILL, no
clean-up) while the fourth digest is being handed over, before it accepts that message. The sender
keeps several SMTP connections busy (ALERTS_MAIL_CONNECTIONS), so more digests may be on their
way over the others: the server holds those unanswered too, as a server that hangs would.
Digests are claimed CLAIM_CHUNK at a time, so the run dies holding claims on digests it never
sent: those wait for the lease, everything else goes at once."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from portal.alerts.sending import CLAIM_CHUNK
from tests.conftest import PROJECT_ROOT
from tests.smtp import SMTPTestServer

PEOPLE = CLAIM_CHUNK + 15
CONNECTIONS = 4
NOW = "2026-12-07T08:00:00Z"


def setup_database() -> None:
    """Run in a child process: a migrated, seeded database with PEOPLE alerts due at NOW."""
    from portal import create_app
    from tests.alerts.populate import populate

    populate(create_app(), PEOPLE)


class KillingServer(SMTPTestServer):
    """Kills `victim` when the `kill_at`-th message arrives, before accepting it. From then on
    it accepts nothing: later messages are held (`held` counts them) until the kill."""

    def __init__(self, kill_at: int) -> None:
        super().__init__()
        self.kill_at = kill_at
        self.victim: int | None = None
        self.seen = 0
        self.held = 0
        killed = asyncio.Event()
        server = self
        collector = self._controller.handler

        class Handler(type(collector)):
            async def handle_DATA(self, smtp, session, envelope):
                server.seen += 1
                if server.victim is None or server.seen < server.kill_at:
                    return await super().handle_DATA(smtp, session, envelope)
                server.held += 1
                if server.seen == server.kill_at:
                    # Time for the sender to record the messages accepted before this one.
                    await asyncio.sleep(0.5)
                    os.kill(server.victim, signal.SIGKILL)
                    killed.set()
                await killed.wait()
                return "451 4.3.0 Going away"

        self._controller.handler = Handler(self)


@pytest.fixture
def killer():
    server = KillingServer(kill_at=4)
    server.start()
    yield server
    server.stop()


def deliveries(database: Path) -> dict[str, int]:
    with closing(sqlite3.connect(database)) as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM job_alert_deliveries GROUP BY status"
        ).fetchall()
    return dict(rows)


def run(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_send_killed_halfway_then_run_again_sends_each_digest_once(tmp_path, killer):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'crash.sqlite3'}",
        "SECRET_KEY": "crash-test-key",
        "FLASK_DEBUG": "1",
        "SITE_URL": "https://jobs.example.org",
        "MAIL_SERVER": killer.host,
        "MAIL_PORT": str(killer.port),
        "CELERY_BROKER_URL": "",
        "ALERTS_MAIL_CONNECTIONS": str(CONNECTIONS),
    }
    subprocess.run(
        [sys.executable, "-c", "from tests.alerts.test_crash import setup_database as s; s()"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )

    first = run(env, "alerts", "send", "--now", NOW)
    killer.victim = first.pid
    first.communicate(timeout=60)
    assert first.returncode == -signal.SIGKILL
    assert len(killer.messages) == 3
    # The fourth, and at most one more on each other connection.
    on_their_way = killer.held
    assert 1 <= on_their_way <= CONNECTIONS
    killer.victim = None
    # The three accepted are marked sent; the rest of the first chunk is claimed, unsent.
    assert deliveries(tmp_path / "crash.sqlite3") == {"sent": 3, "claimed": CLAIM_CHUNK - 3}

    # Run again at once: the claimed digests wait for the lease (their run may be alive for all
    # this one knows); the others go now.
    again = run(env, "alerts", "send", "--now", NOW)
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    rest = PEOPLE - CLAIM_CHUNK
    assert out.strip().endswith(f"due {rest}, sent {rest}, empty 0, failed 0")
    # Once the lease has passed, the abandoned claims are taken over.
    later = run({**env, "ALERTS_CLAIM_SECONDS": "0"}, "alerts", "send", "--now", NOW)
    out, err = later.communicate(timeout=60)
    assert later.returncode == 0, err
    held = CLAIM_CHUNK - 3
    assert out.strip().endswith(f"due {held}, sent {held}, empty 0, failed 0")

    recipients = sorted(r for mail in killer.messages for r in mail.recipients)
    assert recipients == sorted(f"person{n}@example.com" for n in range(PEOPLE))
    final = run(env, "alerts", "send", "--now", NOW)
    out, _ = final.communicate(timeout=60)
    assert out.strip().endswith("due 0, sent 0, empty 0, failed 0")
    assert len(killer.messages) == PEOPLE
