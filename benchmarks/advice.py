"""Job advice at scale: ranking for one resume and one fit page over 200,000 postings.

    .venv/bin/python benchmarks/advice.py                      # SQLite, a fresh temporary file
    DATABASE_URL=postgresql://... .venv/bin/python benchmarks/advice.py   # then PostgreSQL

DATABASE_URL must name a database this run may EMPTY. The postings are benchmarks/search.py's
synthetic ones; the resumes are the labelled set's (tests/advice/labelled.py). Measured in the
same run: a primary-key lookup (the baseline), `best_jobs` for one resume (every candidate
search and the scoring), the fit page through Flask for a Plus member, and the process's memory
before and after WordLlama is loaded. Aims: ranking p95 under 500 ms, fit page p95 under 150 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from benchmarks.search import (  # noqa: E402
    line,
    load_average,
    load_postings,
    make_records,
    percentiles,
    reset,
    timed,
)
from portal import clock, create_app  # noqa: E402
from portal.accounts import passwords  # noqa: E402
from portal.accounts.models import User  # noqa: E402
from portal.advice import embeddings, services  # noqa: E402
from portal.billing.services import grant_complimentary  # noqa: E402
from portal.config import database_uri  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.jobs.models import JobPosting  # noqa: E402
from portal.resumes import services as resumes  # noqa: E402
from portal.seeding import run_seeders  # noqa: E402
from tests.advice.labelled import RESUMES  # noqa: E402

PASSWORD = "benchmark password 2026"  # noqa: S105 - a throwaway benchmark account


def rss_mb() -> float:
    """The process's resident memory now, from /proc (Linux)."""
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024
    return float("nan")


def plus_member_with_resume() -> User:
    user = db.session.scalar(sa.select(User).where(User.email == "bench@example.org"))
    if user is None:
        user = User(
            email="bench@example.org",
            name="Bench Mark",
            password_hash=passwords.hash_password(PASSWORD),
            email_confirmed_at=clock.now(),
        )
        db.session.add(user)
        db.session.flush()
        resumes.save(resumes.start_resume(user), RESUMES["mental_health_technician"])
        grant_complimentary(user.id, "plus", clock.today().replace(year=clock.today().year + 1))
        db.session.commit()
    return user


def run(url: str, records: list[dict], rounds: int, load: bool) -> None:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri(url, ""),
            "SECRET_KEY": "benchmark-only",
            "STRIPE_SECRET_KEY": "sk_test_benchmark",
            "SITE_URL": "http://127.0.0.1",
            "WTF_CSRF_ENABLED": False,  # the benchmark signs in by posting the form
        }
    )
    with app.app_context():
        print(f"\n== {db.engine.dialect.name}: {len(records):,} postings")
        upgrade(directory=str(ROOT / "migrations"))
        if load:
            run_seeders(ROOT / "seeds")
            load_postings(records)
        advice_figures(app, rounds)
        db.session.remove()
        db.engine.dispose()


def advice_figures(app, rounds: int) -> None:
    rng = random.Random(16)
    ids = db.session.scalars(sa.select(JobPosting.id)).all()

    def lookup():
        db.session.execute(
            sa.select(JobPosting.title).where(JobPosting.id == rng.choice(ids))
        ).one()

    timed(lookup, 50)
    print(f"  start              [{load_average()}]")
    baseline = percentiles(timed(lookup, 400))
    print(line("baseline: primary-key lookup", baseline, baseline["p50"]))

    before = rss_mb()
    start = time.perf_counter()
    loaded = embeddings.encoder() is not None
    print(
        f"  WordLlama {'loaded' if loaded else 'NOT available'} in "
        f"{time.perf_counter() - start:.2f} s; memory {before:,.0f} MB before, "
        f"{rss_mb():,.0f} MB after"
    )

    documents = list(RESUMES.values())
    for document in documents:
        services.best_jobs(document)  # warm: statements built, guides compiled
    samples = []
    found = []
    for _ in range(rounds):
        for document in documents:
            samples += timed(lambda d=document: found.append(len(services.best_jobs(d).jobs)))
    print(line("ranking for one resume (top 20)", percentiles(samples), baseline["p50"]))
    print(f"  ranked jobs per resume: {min(found)}-{max(found)}")

    user = plus_member_with_resume()
    client = app.test_client()
    site = {"base_url": "http://127.0.0.1"}  # SITE_URL's host: others get a 400
    response = client.post("/login", data={"email": user.email, "password": PASSWORD}, **site)
    assert response.status_code == 303, response.status_code
    for posting_id in ids[:20]:
        assert client.get(f"/jobs/{posting_id}/fit", **site).status_code == 200
    page_samples = []
    for _ in range(rounds * 15):
        posting_id = rng.choice(ids)
        page_samples += timed(lambda p=posting_id: client.get(f"/jobs/{p}/fit", **site))
    print(line("fit page through Flask (Plus)", percentiles(page_samples), baseline["p50"]))
    print(f"  memory of this process with the model loaded: {rss_mb():,.0f} MB")
    print(f"  end                [{load_average()}]")


def worker_memory(url: str) -> None:
    """Run in a fresh process, as a web worker starts: the app, then one ranking (which loads
    the model and compiles the guides)."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri(url, ""),
            "SECRET_KEY": "benchmark-only",
            "STRIPE_SECRET_KEY": "sk_test_benchmark",
            "SITE_URL": "http://127.0.0.1",
        }
    )
    with app.app_context():
        before = rss_mb()
        services.best_jobs(RESUMES["cna"])
        print(
            f"  web worker memory: {before:,.0f} MB with the app, "
            f"{rss_mb():,.0f} MB after a ranking (model loaded)"
        )


def measure_worker_memory(url: str) -> None:
    subprocess.run([sys.executable, __file__, "--worker-memory", url], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postings", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=4, help="times each resume is ranked")
    parser.add_argument("--sqlite-file", type=Path, help="keep the SQLite database here")
    parser.add_argument(
        "--advice-only", action="store_true", help="measure the postings --sqlite-file holds"
    )
    parser.add_argument("--worker-memory", metavar="URL", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker_memory:
        worker_memory(options.worker_memory)
        return

    records, _words = make_records(options.postings)
    load = not options.advice_only
    with tempfile.TemporaryDirectory() as folder:
        sqlite_file = options.sqlite_file or Path(folder) / "advice.sqlite3"
        if load and sqlite_file.exists():
            sqlite_file.unlink()
        run(f"sqlite:///{sqlite_file}", records, options.rounds, load)
        measure_worker_memory(f"sqlite:///{sqlite_file}")
    if url := os.environ.get("DATABASE_URL"):
        if load and url.startswith(("postgres://", "postgresql")):
            reset(url)
        run(url, records, options.rounds, load)
        measure_worker_memory(url)


if __name__ == "__main__":
    main()
