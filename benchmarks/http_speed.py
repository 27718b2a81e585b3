"""Requests per second of the portal's pages against a plain Flask hello-world app, under gunicorn.

    .venv/bin/python benchmarks/http_speed.py [--postings 200000] [--seconds 10] [--rounds 3]
        [--sqlite-file F] [--ignore-load]

Both apps run under gunicorn with 2 sync workers, with production settings on SQLite, and are
measured in the same run by wrk (`wrk -t1 -c16`; Debian: `apt-get install wrk`). The routes take
turns, a slice of the time at a time, so a change in the machine's load weighs on them alike;
each route's p50 and p99 are the medians over its turns. The ratio is the route's requests per
second over hello world's. The database is migrated and seeded, then filled with synthetic
postings (a few thousand through the import service, copied by one INSERT ... SELECT up to
`--postings`); `--sqlite-file` keeps that file for the next run.

`--before DIR` also serves the portal from another checkout (`git worktree add DIR <commit>`)
on the same database, its routes taking their turns beside these: before and after, measured
under the same conditions.

On a busy machine the figures say little, so the run refuses to start when the 1-minute load
average is over 1.5, unless `--ignore-load` (the output then says so).

The issue asked for `benchmarks/http.py`; that name hides the standard library's `http` package
from every script run from this folder (its folder comes first on sys.path), which broke the
other benchmarks, hence `http_speed.py`.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path, and this file would stand in for
# the standard library's `http` package: put the project root there instead.
sys.path[0] = str(ROOT)

import sqlalchemy as sa  # noqa: E402

from benchmarks.serving import gunicorn, migrate_and_seed, production_env, wait_until_up  # noqa: E402

MAX_LOAD = 1.5
IMPORTED = 5_000  # postings through the import service; the rest are copies of these
GZIP = ("Accept-Encoding", "gzip, deflate, br")
COOKIE = ("Cookie", "consent=yes")
GUIDE = "/careers/mental-health-technician"
SEARCH = "/jobs/?q=technician"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class Route:
    label: str
    server: str  # "hello", "portal" or "before"
    path: str
    gzip: bool = False
    aim: float | None = None  # ratio to hello world
    # A cookie that is not the portal's: the request goes through Flask rather than the visitor
    # lane (portal/visitor_lane.py), as for a visitor who has any cookie for the site.
    cookie: bool = False


@dataclass
class Turn:
    rps: float
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int


def run_wrk(url: str, seconds: float, connections: int, gzip: bool, cookie: bool = False) -> Turn:
    """One wrk run: -t1 -cN, keep-alive (sync workers close each connection; wrk reconnects)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", url]
    if gzip:
        command[1:1] = ["-H", f"{GZIP[0]}: {GZIP[1]}"]
    if cookie:
        command[1:1] = ["-H", f"{COOKIE[0]}: {COOKIE[1]}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    requests, took, unit = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m),", output).groups()
    elapsed = float(took) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]
    distribution = re.findall(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)", output, re.M)
    percentiles = {int(p): float(value) * UNITS[unit] for p, value, unit in distribution}
    errors = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|timeout): (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write) (\d+)", output))
    count = int(requests)
    return Turn(count / elapsed, count, elapsed, percentiles[50], percentiles[99], errors)


def load_postings(database_url: str, count: int) -> None:
    """`count` synthetic postings: IMPORTED through the import service (so the full-text index
    and every derived column are as an import leaves them), the rest as copies of those with new
    external ids, in one statement (the index triggers fill the search index)."""
    from benchmarks.search import make_records
    from portal import create_app
    from portal.extensions import db
    from portal.jobs.importing import import_records
    from portal.jobs.models import JobPosting

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "benchmark-only",
            "STRIPE_SECRET_KEY": "sk_test_benchmark",
            "SITE_URL": "http://127.0.0.1",
        }
    )
    with app.app_context():
        records, _words = make_records(min(IMPORTED, count))
        import_records(records, source_file="benchmark")
        copies = -(-count // IMPORTED) - 1
        if copies > 0:
            table = JobPosting.__table__
            number = sa.select(sa.literal(1).label("n")).cte("copies", recursive=True)
            number = number.union_all(sa.select(number.c.n + 1).where(number.c.n < copies))
            columns = [column for column in table.columns if column.name != "id"]
            values = [
                table.c.external_id + "-" + sa.cast(number.c.n, sa.String)
                if column.name == "external_id"
                else column
                for column in columns
            ]
            copy = (
                sa.select(*values)
                .select_from(table.join(number, sa.true()))
                .where(table.c.source == "benchmark")
                .order_by(number.c.n)
            )
            db.session.execute(sa.insert(table).from_select(columns, copy))
            db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(
                "INSERT INTO job_postings_fts(job_postings_fts) VALUES ('optimize')"
            )
            connection.exec_driver_sql("ANALYZE")
        total = db.session.scalar(sa.select(sa.func.count()).select_from(table))
        print(f"  {total:,} postings", flush=True)
        db.session.remove()
        db.engine.dispose()


def stored_postings(path: Path) -> int:
    if not path.exists():
        return 0
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT count(*) FROM job_postings").scalar()
    except sa.exc.OperationalError:
        return 0
    finally:
        engine.dispose()


def prepare(database: Path, postings: int) -> dict[str, str]:
    env = production_env(str(database.parent))
    env["DATABASE_URL"] = f"sqlite:///{database}"
    if stored_postings(database) >= postings:
        print(f"reusing {database} ({stored_postings(database):,} postings)", flush=True)
        return env
    for leftover in database.parent.glob(database.name + "*"):
        leftover.unlink()
    print("preparing database: migrate, seed, postings ...", flush=True)
    migrate_and_seed(env)
    load_postings(env["DATABASE_URL"], postings)
    return env


def first_job_path(base: str) -> str:
    import urllib.request

    with urllib.request.urlopen(base + SEARCH) as response:  # noqa: S310 - loopback
        page = response.read().decode()
    return re.search(r'href="(/jobs/\d+-[^"]+)"', page).group(1)


def load_average() -> str:
    return ", ".join(f"{load:.2f}" for load in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postings", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=10, help="per route, over all turns")
    parser.add_argument("--rounds", type=int, default=3, help="turns each route takes")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sqlite-file", type=Path, help="keep (and reuse) the database here")
    parser.add_argument("--before", type=Path, help="another checkout to measure beside this one")
    parser.add_argument(
        "--ignore-load",
        action="store_true",
        help=f"measure even when the load average is over {MAX_LOAD} (development only)",
    )
    args = parser.parse_args()

    busy = os.getloadavg()[0] > MAX_LOAD
    if busy and not args.ignore_load:
        raise SystemExit(
            f"load average {load_average()}: over {MAX_LOAD}, the figures would say more about "
            "the machine's other work than about the portal. Try again later, or pass "
            "--ignore-load for figures that are NOT to be reported."
        )
    warning = f"!! --ignore-load: load average was {load_average()} at the start (over {MAX_LOAD})"

    routes = [
        Route("hello world", "hello", "/"),
        Route("/robots.txt", "portal", "/robots.txt", aim=0.8),
        Route("guide page", "portal", GUIDE, aim=0.8),
        Route("guide, gzip", "portal", GUIDE, gzip=True, aim=0.8),
        Route("guide, any cookie", "portal", GUIDE, cookie=True),
        Route("/robots.txt, cookie", "portal", "/robots.txt", cookie=True),
        Route("job page", "portal", "", aim=0.5),
        Route("search page", "portal", SEARCH, aim=0.25),
        Route("search, gzip", "portal", SEARCH, gzip=True, aim=0.25),
    ]
    if args.before:
        routes += [
            replace(r, label=f"{r.label} (before)", server="before")
            for r in routes
            if r.server == "portal"
        ]
    with tempfile.TemporaryDirectory() as folder, ExitStack() as servers:
        database = args.sqlite_file or Path(folder) / "bench.sqlite3"
        env = prepare(database.resolve(), args.postings)
        trees = {"hello": ("benchmarks.hello_app:app", ROOT)}
        trees["portal"] = ("benchmarks.bench_app:app", ROOT)
        if args.before:
            trees["before"] = ("benchmarks.bench_app:app", args.before.resolve())
        ports = {
            name: servers.enter_context(gunicorn(env, args.workers, app, "sync", root))
            for name, (app, root) in trees.items()
        }
        bases = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        wait_until_up(bases["hello"] + "/")
        for name in trees.keys() - {"hello"}:
            wait_until_up(bases[name] + SEARCH, timeout=60)
        job = first_job_path(bases["portal"])
        routes = [r if r.path else replace(r, path=job) for r in routes]
        print(
            f"{args.workers} sync gunicorn workers each, wrk -t1 -c{args.connections}, "
            f"{args.seconds:g} s per route in {args.rounds} turns; job page {job}",
            flush=True,
        )
        for route in routes:  # warm every worker's caches and connections
            run_wrk(bases[route.server] + route.path, 1, args.connections, route.gzip, route.cookie)
        print(f"load average at the start: {load_average()}", flush=True)
        turns: dict[str, list[Turn]] = {route.label: [] for route in routes}
        for _ in range(args.rounds):
            for route in routes:
                url = bases[route.server] + route.path
                seconds = args.seconds / args.rounds
                turn = run_wrk(url, seconds, args.connections, route.gzip, route.cookie)
                turns[route.label].append(turn)
        print(f"load average at the end:   {load_average()}", flush=True)

    def rps(label: str) -> float:
        runs = turns[label]
        return sum(t.requests for t in runs) / sum(t.seconds for t in runs)

    hello = rps("hello world")
    print(f"\n{'route':<23} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}  aim   errors")
    for route in routes:
        runs = turns[route.label]
        p50 = statistics.median(t.p50_ms for t in runs)
        p99 = statistics.median(t.p99_ms for t in runs)
        aim = f"{route.aim:.2f}" if route.aim else "    "
        met = "" if not route.aim else (" ok" if rps(route.label) / hello >= route.aim else " --")
        print(
            f"{route.label:<23} {rps(route.label):8.0f} {p50:8.2f} {p99:8.2f} "
            f"{rps(route.label) / hello:6.2f}  {aim}{met}  {sum(t.errors for t in runs)}"
        )
    if busy:
        print(warning)


if __name__ == "__main__":
    main()
