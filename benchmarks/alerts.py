"""One daily alert send at scale: 100,000 Plus users with an alert each, 5,000 new postings.

    .venv/bin/python benchmarks/alerts.py                         # 100,000 users
    .venv/bin/python benchmarks/alerts.py --users 10000           # a quicker look
    CELERY_REDIS_URL=redis://127.0.0.1:63790/5 .venv/bin/python benchmarks/alerts.py
    DATABASE_URL=postgresql://... .venv/bin/python benchmarks/alerts.py   # EMPTIES that database

Builds a fresh SQLite file, or empties the PostgreSQL database DATABASE_URL names, migrates and
seeds it, inserts the users, their complimentary Plus and their alerts (50 distinct searches, all
created the day before), imports the postings through the import service, then runs the real
`flask alerts send --now ...` in a child process against a local aiosmtpd sink that accepts
every message. It reports digests per second, total time and the peak memory (VmHWM) of the
processes that did the work: the command in-process, then (with CELERY_REDIS_URL) the command
enqueueing batches to 2 Celery workers (`celery -A portal.tasks worker`), on the data as it was
before the first run (a copy of the SQLite file; on PostgreSQL the deliveries are deleted and
the alerts made due again). Aim (issue 6): the whole run under 5 minutes on 2 cores, memory flat
in the number of alerts.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from benchmarks.search import make_records, reset  # noqa: E402
from portal import create_app  # noqa: E402
from portal.accounts.models import User  # noqa: E402
from portal.alerts.models import AlertDelivery, JobAlert  # noqa: E402
from portal.billing.models import BillingCustomer  # noqa: E402
from portal.config import database_uri  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.jobs.importing import import_records  # noqa: E402
from portal.jobs.models import JobPosting  # noqa: E402
from portal.seeding import run_seeders  # noqa: E402
from tests.smtp import free_port  # noqa: E402

CREATED = dt.datetime(2026, 12, 6, 12)
RECEIVED = dt.datetime(2026, 12, 6, 18)
NOW = "2026-12-07T08:00:00Z"
SEARCHES = [{"q": word} for word in ("nurse", "technician", "therapist", "counselor", "aide")]
SEARCHES += [{"location": city} for city in ("Denver", "Phoenix", "Austin", "Boston", "Tampa")]
SEARCHES += [{"q": "nurse", "location": city} for city in ("Denver", "Austin", "Chicago")]
SEARCHES = (SEARCHES * 4)[:50]


class Sink:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, _server, _session, _envelope):
        with self.lock:
            self.count += 1
        return "250 OK"


DUE = dt.datetime(2026, 12, 7, 8)


def bench_app(url: str):
    return create_app(
        {"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": database_uri(url, "")}
    )


def build(url: str, users: int, postings: int) -> None:
    app = bench_app(url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        run_seeders(Path(app.config["SEEDS_DIR"]))
        started = time.perf_counter()
        for first in range(0, users, 10_000):
            rows = range(first, min(users, first + 10_000))
            db.session.execute(
                sa.insert(User),
                [
                    {
                        "email": f"bench{n}@example.com",
                        "name": f"Reader {n}",
                        "password_hash": "unused",
                        "email_confirmed_at": CREATED,
                        "time_zone": "UTC",
                        "session_token": f"t{n}",
                    }
                    for n in rows
                ],
            )
            ids = db.session.scalars(
                sa.select(User.id).where(User.email.like("bench%")).order_by(User.id.desc())
            ).all()[: len(rows)]
            db.session.execute(
                sa.insert(BillingCustomer),
                [
                    {
                        "user_id": user_id,
                        "complimentary_plan": "plus",
                        "complimentary_until": dt.date(2099, 1, 1),
                    }
                    for user_id in ids
                ],
            )
            db.session.execute(
                sa.insert(JobAlert),
                [
                    {
                        "user_id": user_id,
                        "name": "Bench alert",
                        "query": SEARCHES[user_id % len(SEARCHES)],
                        "frequency": "daily",
                        "weekday": 0,
                        "paused": False,
                        "created_at": CREATED,
                        "window_start": CREATED,
                        "next_due_at": DUE,
                    }
                    for user_id in ids
                ],
            )
            db.session.commit()
        print(f"  {users:,} users, Plus grants and alerts in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        records, _ = make_records(postings)
        for record in records:
            record.pop("valid_through")
        for first in range(0, postings, 1000):
            import_records(records[first : first + 1000], source_file="bench")
        db.session.execute(
            sa.update(JobPosting)
            .where(JobPosting.source == "benchmark")
            .values(received_at=RECEIVED)
        )
        db.session.commit()
        print(f"  {postings:,} postings in {time.perf_counter() - started:.1f} s")
        db.engine.dispose()


def reset_sends(url: str) -> None:
    """The data as before the first send: no deliveries, every alert due again."""
    app = bench_app(url)
    with app.app_context():
        db.session.execute(sa.delete(AlertDelivery))
        db.session.execute(sa.update(JobAlert).values(window_start=CREATED, next_due_at=DUE))
        db.session.commit()
        db.engine.dispose()


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def watch_peak(pids: list[int], peaks: dict[int, int], stop: threading.Event) -> None:
    while not stop.is_set():
        for pid in pids:
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                peaks[pid] = max(peaks.get(pid, 0), peak_kib(pid))
        stop.wait(0.2)


def run_send(env: dict, label: str, sink: Sink, extra_pids: list[int]) -> None:
    before = sink.count
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "alerts", "send", "--now", NOW],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peaks: dict[int, int] = {}
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch_peak, args=([process.pid, *extra_pids], peaks, stop), daemon=True
    )
    watcher.start()
    out, err = process.communicate()
    elapsed = time.perf_counter() - started
    stop.set()
    watcher.join()
    sent = sink.count - before
    if process.returncode:
        print(err[-3000:])
    print(f"{label}: {out.strip().splitlines()[-1] if out.strip() else '(no output)'}")
    print(
        f"  {sent:,} digests in {elapsed:.1f} s = {sent / elapsed:,.0f} digests/s; peak memory "
        + ", ".join(f"{kib / 1024:.0f} MiB" for kib in peaks.values())
        + f" ({'command' if not extra_pids else 'command, workers'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--postings", type=int, default=5_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--celery-only", action="store_true", help="skip the in-process run")
    args = parser.parse_args()

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    workdir = Path(tempfile.mkdtemp(prefix="alerts-bench-"))
    db_path = workdir / "alerts.sqlite3"
    url = os.environ.get("DATABASE_URL") or ""
    postgres = url.startswith(("postgres://", "postgresql"))
    if postgres:
        print("Building in DATABASE_URL (PostgreSQL), emptied first")
        reset(url)
    else:
        url = f"sqlite:///{db_path}"
        print(f"Building {db_path}")
    build(url, args.users, args.postings)
    if not postgres:
        shutil.copy(db_path, workdir / "pristine.sqlite3")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        # As in production (no debug mode: templates are not re-checked on disk for every
        # message); nothing here calls Stripe, but production refuses to start without a key.
        "STRIPE_SECRET_KEY": "sk_test_benchmark",
        "SITE_URL": "https://jobs.example.org",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "CELERY_BROKER_URL": "",
        "RATELIMIT_ENABLED": "0",
    }
    try:
        if not args.celery_only:
            run_send(env, "in-process", sink, [])
        redis_url = os.environ.get("CELERY_REDIS_URL")
        if not redis_url:
            print("Celery: set CELERY_REDIS_URL to measure it")
            return
        if postgres:
            reset_sends(url)
        else:
            shutil.copy(workdir / "pristine.sqlite3", db_path)
            for suffix in ("-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        celery_env = {**env, "CELERY_BROKER_URL": redis_url}
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "portal.tasks",
                    "worker",
                    "-P",
                    "solo",
                    "-n",
                    f"bench{n}@%h",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env=celery_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for n in range(args.workers)
        ]
        time.sleep(5)
        try:
            run_send(celery_env, f"celery ({args.workers} workers)", sink, [w.pid for w in workers])
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                try:
                    worker.wait(30)
                except subprocess.TimeoutExpired:
                    worker.kill()
    finally:
        controller.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
