"""The fleet rehearsal (deploy/fleet.py) under load: does the portal keep serving, and keep its
promises, while parts of it stop?

    python benchmarks/fleet.py [--seconds 60] [--compare-seconds 20] [--alerts 1000]
                               [--undrained] [--keep]

Starts the fleet in .fleet/ unless it is running. Then, for --seconds, mixed traffic through
nginx (visitors: guide, search, job pages; members: sign in, browse, bookmark, sign out) while:
- an alert run (`flask alerts send`, two Celery workers) sends a digest to each of --alerts
  accounts, and one worker is killed (SIGKILL) mid-run and started again;
- portal server 1 is stopped and started again, as a rolling restart does (drained from nginx,
  then SIGTERM as `systemctl stop` sends; --undrained: nginx finds out by itself);
- an admin edits the guide through server 1, and server 2 is watched until it shows the edit.
It prints requests per second and every error, how long server 2 took to show the edit
(against PAGE_RECHECK_SECONDS), and how many digests each account received (one is the promise).
Then the same traffic for --compare-seconds with both servers and with one: what a server adds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.parser
import html
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.fleet_traffic import CSRF, GUIDE, Tally, run_traffic
from deploy.fleet import PROJECT_ROOT, Fleet
from tests.admin.guide_editor import editor_fields

PASSWORD = "fleet rehearsal password"  # noqa: S105 - accounts made for the rehearsal
ADMIN = "bench-admin@example.com"
MEMBERS = [f"bench-member-{n}@example.com" for n in range(1, 9)]
ALERT_OWNER = "bench-alert-{}@example.com"


def prepare_accounts(fleet: Fleet, alert_count: int) -> dt.datetime:
    """Members and an admin (kept between runs), and `alert_count` fresh accounts each with an
    alert due; returns the moment the alert run is made for (the next 08:00 UTC)."""
    os.environ.update(fleet.env())
    import sqlalchemy as sa

    from portal import clock, create_app
    from portal.accounts import passwords
    from portal.accounts.models import Role, User
    from portal.alerts.models import Frequency, JobAlert
    from portal.extensions import db

    now = clock.now()
    run_at = dt.datetime.combine(now.date(), dt.time(8))
    if run_at <= now:
        run_at += dt.timedelta(days=1)
    app = create_app()
    with app.app_context():
        password_hash = passwords.hash_password(PASSWORD)
        for address in [ADMIN, *MEMBERS]:
            user = db.session.scalar(sa.select(User).where(User.email == address))
            if user is None:
                user = User(email=address, name="Fleet Rehearsal", time_zone="UTC")
                db.session.add(user)
            user.password_hash, user.email_confirmed_at, user.is_active = password_hash, now, True
            user.role = Role.ADMIN if address == ADMIN else Role.USER
        db.session.execute(sa.delete(User).where(User.email.like(ALERT_OWNER.format("%"))))
        owners = [
            User(
                email=ALERT_OWNER.format(n),
                name=f"Reader {n}",
                password_hash=password_hash,
                email_confirmed_at=now,
                time_zone="UTC",
            )
            for n in range(1, alert_count + 1)
        ]
        db.session.add_all(owners)
        db.session.flush()
        db.session.add_all(
            JobAlert(
                user_id=owner.id,
                name="Every new job",
                query={},
                frequency=Frequency.WEEKLY,
                weekday=run_at.weekday(),
                window_start=now - dt.timedelta(days=30),
                next_due_at=now,
            )
            for owner in owners
        )
        db.session.commit()
        db.engine.dispose()
    return run_at


def open_postings(base: str) -> list[str]:
    """The job pages' addresses (/jobs/<id>-<slug>: the bare id redirects there)."""
    found: set[str] = set()
    for page in (1, 2, 3):
        text = requests.get(f"{base}/jobs/", params={"page": page}, timeout=10).text
        found.update(re.findall(r'href="(/jobs/\d+-[^"?#/]+)"', text))
    return sorted(found)


def edit_guide_summary(server: str, change) -> str:
    """Sign in as the admin on `server` and save the guide with its summary changed; returns
    the new summary."""
    http = requests.Session()
    token = CSRF.search(http.get(f"{server}/login", timeout=10).text).group(1)
    data = {"csrf_token": token, "email": ADMIN, "password": PASSWORD}
    assert (
        http.post(f"{server}/login", data=data, timeout=10, allow_redirects=False).status_code
        == 303
    )
    fields = editor_fields(http.get(f"{server}/admin/guides/1", timeout=10).text)
    fields["summary"] = change(fields["summary"])
    saved = http.post(
        f"{server}/admin/guides/1",
        data={**fields, "action": "save"},
        timeout=30,
        allow_redirects=False,
    )
    assert saved.status_code == 303, f"guide edit answered {saved.status_code}"
    return fields["summary"]


def seconds_until_shown(server: str, text: str, timeout: float = 30) -> float:
    started = time.monotonic()
    escaped = html.escape(text, quote=True)
    while time.monotonic() - started < timeout:
        if escaped in requests.get(server + GUIDE, timeout=10).text:
            return time.monotonic() - started
        time.sleep(0.02)
    return float("inf")


def digests_received(mail_dir: Path, since: set[str]) -> Counter:
    received: Counter = Counter()
    parser = email.parser.BytesHeaderParser()
    for path in mail_dir.glob("*.eml"):
        if path.name in since:
            continue
        with path.open("rb") as handle:
            to = str(parser.parse(handle)["To"] or "")
        if match := re.search(r"bench-alert-\d+@example\.com", to):
            received[match.group(0)] += 1
    return received


class Rehearsal:
    """What happens to the fleet while the traffic runs, with the time of each event."""

    def __init__(self, fleet: Fleet, run_at: dt.datetime, alert_count: int, drain: bool) -> None:
        self.fleet, self.run_at, self.alert_count, self.drain = fleet, run_at, alert_count, drain
        self.events: list[tuple[float, str]] = []
        self.started = time.monotonic()
        self.alert_run: subprocess.Popen | None = None
        self.mail_before = {path.name for path in fleet.mail_dir.glob("*.eml")}
        self.edit_delay: float | None = None

    def note(self, what: str) -> None:
        self.events.append((time.monotonic() - self.started, what))

    def at(self, second: float) -> None:
        time.sleep(max(0.0, second - (time.monotonic() - self.started)))

    def run(self, seconds: float) -> None:
        """The alert run and the web servers' stop and start, side by side."""
        alerts = threading.Thread(target=self.alert_run_with_a_worker_killed)
        alerts.start()
        self.web_server_stopped_and_started(seconds)
        alerts.join()

    def alert_run_with_a_worker_killed(self) -> None:
        self.at(1)
        self.alert_run = subprocess.Popen(
            self.alert_command(),
            cwd=PROJECT_ROOT,
            env=self.fleet.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.note(f"alert run started for {self.alert_count} accounts")
        # Killed once digests are on their way, so its batch is part sent.
        while sum(digests_received(self.fleet.mail_dir, self.mail_before).values()) < 20:
            time.sleep(0.05)
        self.fleet.kill_worker(1)
        self.note("Celery worker 1 killed (SIGKILL) mid-run")
        time.sleep(2)
        self.fleet.start_worker(1)
        self.note("Celery worker 1 started again")

    def alert_command(self) -> list[str]:
        argv = ["-m", "flask", "--app", "wsgi", "alerts", "send", "--now", self.run_at.isoformat()]
        return [sys.executable, *argv]

    def next_alert_run_if_claims_were_left(self) -> None:
        """The dead worker's last claims are taken over only once their lease has passed: when
        its batch came back sooner, the digests it had claimed and not sent are left to the next
        run (beat's or cron's, 15 minutes later). Run that one now, after the lease."""
        received = digests_received(self.fleet.mail_dir, self.mail_before)
        if len(received) >= self.alert_count:
            return
        time.sleep(float(self.fleet.env()["ALERTS_CLAIM_SECONDS"]) + 1)
        result = subprocess.run(
            self.alert_command(),
            cwd=PROJECT_ROOT,
            env=self.fleet.env(),
            capture_output=True,
            text=True,
            check=True,
        )
        self.note(
            f"next alert run, after the claims' lease: {result.stdout.strip().splitlines()[-1]}"
        )

    def web_server_stopped_and_started(self, seconds: float) -> None:
        self.at(seconds * 0.25)
        how = "drained from nginx, then SIGTERM" if self.drain else "SIGTERM, nginx not told"
        self.note(f"portal server 1 stopping ({how})")
        self.fleet.stop_web(1, drain=self.drain)
        self.note("portal server 1 stopped")
        self.at(seconds * 0.5)
        self.fleet.start_web(1)
        self.note("portal server 1 started again and healthy")
        self.at(seconds * 0.7)
        marker = f"(rehearsal {int(time.time())})"
        summary = edit_guide_summary(self.fleet.web_url(1), lambda text: f"{text} {marker}")
        self.note("guide edited through server 1")
        self.edit_delay = seconds_until_shown(self.fleet.web_url(2), summary)
        self.note(f"server 2 shows the edit after {self.edit_delay:.2f} s")
        edit_guide_summary(self.fleet.web_url(1), lambda text: text.replace(f" {marker}", ""))


def report_traffic(label: str, tally: Tally, seconds: float) -> None:
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(tally.kinds.items()))
    print(
        f"{label}: {tally.requests / seconds:.0f} requests/s, {len(tally.errors)} errors, "
        f"p50 {tally.percentile(50):.0f} ms, p99 {tally.percentile(99):.0f} ms "
        f"({tally.requests} requests: {kinds}; {tally.sent_again} GETs sent again after nginx "
        "closed their kept-alive connection)"
    )


def compare_servers(fleet: Fleet, postings: list[str], members, options) -> None:
    seconds = options.compare_seconds
    print(f"\n== what a second server adds ({seconds:.0f} s each, same traffic)")
    two = run_traffic(fleet.url, postings, seconds, members, options.processes)
    report_traffic("two servers", two, seconds)
    fleet.stop_web(2)
    try:
        one = run_traffic(fleet.url, postings, seconds, members, options.processes)
    finally:
        fleet.start_web(2)
    report_traffic("one server ", one, seconds)
    print(f"two servers / one: {two.requests / max(1, one.requests):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--compare-seconds", type=float, default=20)
    parser.add_argument("--alerts", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument(
        "--undrained",
        action="store_true",
        help="stop server 1 without draining it from nginx first (an unplanned stop)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="leave a fleet this run started running"
    )
    options = parser.parse_args()

    fleet = Fleet(PROJECT_ROOT / ".fleet")
    started_here = False
    try:
        fleet.wait_healthy(fleet.url, timeout=1)
    except RuntimeError:
        print("starting the fleet ...", flush=True)
        fleet.start()
        started_here = True
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    try:
        run_at = prepare_accounts(fleet, options.alerts)
        postings = open_postings(fleet.url)
        members = [(address, PASSWORD) for address in MEMBERS]
        rehearsal = Rehearsal(fleet, run_at, options.alerts, drain=not options.undrained)
        events = threading.Thread(target=rehearsal.run, args=(options.seconds,))
        events.start()
        tally = run_traffic(fleet.url, postings, options.seconds, members, options.processes)
        events.join()
        output, _ = rehearsal.alert_run.communicate(timeout=600)
        rehearsal.note(f"alert run finished: {output.strip().splitlines()[-1]}")
        rehearsal.next_alert_run_if_claims_were_left()

        print(f"\n== {options.seconds:.0f} s of mixed traffic through nginx, two servers")
        for second, what in sorted(rehearsal.events):
            print(f"  {second:6.1f} s  {what}")
        report_traffic("traffic", tally, options.seconds)
        wall_start = time.time() - (time.monotonic() - rehearsal.started)
        for when, what in tally.errors[:20]:
            print(f"  error at {when - wall_start:.1f} s: {what}")
        recheck = float(fleet.env()["PAGE_RECHECK_SECONDS"])
        print(
            f"guide edit through server 1 seen through server 2 after "
            f"{rehearsal.edit_delay:.2f} s (PAGE_RECHECK_SECONDS {recheck:g})"
        )
        received = digests_received(fleet.mail_dir, rehearsal.mail_before)
        copies = Counter(received.values())
        missing = options.alerts - len(received)
        print(
            f"alert digests: {options.alerts} due, {len(received)} accounts received one or more, "
            f"{missing} received none, {sum(n - 1 for n in received.values())} duplicates "
            f"(copies per account: {dict(sorted(copies.items()))})"
        )

        if options.compare_seconds > 0:
            compare_servers(fleet, postings, members, options)
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    finally:
        if started_here and not options.keep:
            fleet.stop()


if __name__ == "__main__":
    main()
