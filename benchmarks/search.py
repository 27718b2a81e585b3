"""Job search and import at scale: 200,000 synthetic postings of about 1 KB each.

    .venv/bin/python benchmarks/search.py                      # SQLite, a fresh temporary file
    DATABASE_URL=postgresql://... .venv/bin/python benchmarks/search.py   # SQLite, then PostgreSQL

DATABASE_URL must name a database this run may EMPTY (its public schema is dropped first).
For each database: migrate from empty, import the postings through the import service (the code
behind `flask jobs import`, one transaction per batch, full-text index kept by the migration's
triggers or generated column), then time 2-word searches with and without filters through
`search_jobs` (exactly what the search page runs: one page of results and the capped count),
the whole search page through the test client, and a primary-key lookup as the baseline
measured in the same run. Aims: search p95 under 50 ms, import above 2,000 postings/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from portal import clock, create_app  # noqa: E402
from portal.config import database_uri  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.jobs.importing import import_records  # noqa: E402
from portal.jobs.models import EmploymentType, JobPosting, Workplace  # noqa: E402
from portal.jobs.search import JobQuery, search_jobs  # noqa: E402

TITLES = [
    "Mental Health Technician", "Psychiatric Technician", "Behavioral Health Technician",
    "Registered Nurse", "Licensed Practical Nurse", "Certified Nursing Assistant",
    "Medical Assistant", "Case Manager", "Peer Support Specialist", "Crisis Counselor",
    "Social Worker", "Occupational Therapist", "Physical Therapist Assistant",
    "Pharmacy Technician",
    "Patient Care Technician", "Home Health Aide", "Recovery Coach", "Unit Secretary",
    "Respiratory Therapist", "Radiology Technologist", "Phlebotomist", "Dietary Aide",
    "Activities Coordinator", "Intake Coordinator", "Clinical Supervisor", "Program Manager",
    "Licensed Counselor", "Psychologist", "Speech Language Pathologist", "Surgical Technologist",
]  # fmt: skip
MODIFIERS = ["", "", "", "Senior", "Lead", "Night Shift", "PRN", "Weekend", "Travel", "Float Pool"]
UNITS = ["", "", "Adolescent Unit", "Geriatric Psychiatry", "Emergency Department", "ICU",
         "Outpatient Clinic", "Residential Program", "Crisis Unit", "Memory Care"]  # fmt: skip
CITIES = [
    ("Denver", "CO"), ("Phoenix", "AZ"), ("Austin", "TX"), ("Columbus", "OH"), ("Portland", "OR"),
    ("Nashville", "TN"), ("Minneapolis", "MN"), ("Sacramento", "CA"), ("Raleigh", "NC"),
    ("Boston", "MA"), ("Atlanta", "GA"), ("Omaha", "NE"), ("Richmond", "VA"), ("Tampa", "FL"),
    ("Spokane", "WA"), ("Chicago", "IL"), ("Albany", "NY"), ("Tucson", "AZ"), ("Dallas", "TX"),
    ("Madison", "WI"), ("Boise", "ID"), ("Reno", "NV"), ("Tulsa", "OK"), ("Mobile", "AL"),
]  # fmt: skip
DOMAIN_WORDS = [
    "patient", "patients", "care", "safety", "unit", "team", "nurse", "nurses", "therapy",
    "therapist", "treatment", "behavioral", "health", "mental", "psychiatric", "crisis",
    "support", "clinical", "hospital", "shift", "night", "day", "weekend", "documentation",
    "record", "records", "medication", "vital", "signs", "monitor", "observe", "assist", "daily",
    "living", "group", "program", "residential", "adolescent", "adult", "geriatric", "recovery",
    "counseling", "assessment", "plan", "plans", "community", "family", "families", "training",
    "certification", "license", "licensed", "experience", "required", "preferred", "benefits",
    "insurance", "dental", "vision", "retirement", "tuition", "paid", "time", "off", "schedule",
    "flexible", "schedule", "de-escalation", "intervention", "admission", "discharge", "intake",
    "chart", "electronic", "compliance", "policy", "procedure", "procedures", "communication",
    "compassion", "empathy", "respect", "dignity", "wellness", "recreation", "activities",
    "meals", "hygiene", "transport", "escort", "emergency", "response", "emergency", "department",
    "outpatient", "inpatient", "acute", "stabilization", "substance", "use", "addiction", "dual",
    "diagnosis", "trauma", "informed", "physician", "psychiatrist", "psychologist", "social",
    "worker", "case", "manager", "coordinator", "supervisor", "director", "manager",
]  # fmt: skip


def vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    """Domain words first (most frequent), then invented words for a long tail."""
    syllables = ["ka", "lo", "mi", "ter", "van", "sol", "rin", "dus", "pe", "qua", "bri", "zon"]
    tail = {
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size * 2)
    }
    words = list(dict.fromkeys(DOMAIN_WORDS)) + sorted(tail)
    return words[:size]


def make_records(count: int, seed: int = 2026) -> tuple[list[dict], list[str]]:
    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf: a few words everywhere
    sentences = []
    for _ in range(5000):
        picked = rng.choices(words, weights, k=rng.randint(8, 16))
        sentences.append(" ".join(picked).capitalize() + ".")
    today = clock.today()
    records = []
    for number in range(count):
        title = " ".join(
            part for part in (rng.choice(MODIFIERS), rng.choice(TITLES), rng.choice(UNITS)) if part
        )
        city, region = rng.choice(CITIES)
        hourly = rng.random() < 0.6
        low = rng.randint(16, 45) if hourly else rng.randint(30, 120) * 1000
        paragraphs = [" ".join(rng.choices(sentences, k=4)) for _ in range(2)]
        posted = today - dt.timedelta(days=rng.randint(0, 59))
        records.append(
            {
                "source": "benchmark",
                "external_id": f"bench-{number}",
                "title": title,
                "company": {"name": f"{rng.choice(words).capitalize()} Health {number % 900}"},
                "location": {"city": city, "region": region, "country": "US"},
                "workplace": rng.choices(["on-site", "hybrid", "remote"], [80, 12, 8])[0],
                "employment_type": rng.choice(list(EmploymentType)).value,
                "salary": {
                    "min": low,
                    "max": round(low * 1.25),
                    "currency": "USD",
                    "period": "hour" if hourly else "year",
                },
                "description": "\n\n".join(paragraphs),
                "posted_at": posted.isoformat(),
                "valid_through": (posted + dt.timedelta(days=rng.choice([30, 60, 90]))).isoformat(),
                "apply_url": f"https://jobs.example.org/apply/{number}",
            }
        )
    return records, words


def two_word_queries(rng: random.Random, words: list[str], count: int) -> list[str]:
    """Half from job titles ("psychiatric technician"), half any two of the 500 commonest words."""
    title_words = sorted({w.lower() for title in TITLES for w in title.split()})
    queries = []
    for number in range(count):
        pool = title_words if number % 2 == 0 else words[:500]
        queries.append(" ".join(rng.sample(pool, 2)))
    return queries


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": cut[49], "p95": cut[94], "p99": cut[98], "mean": statistics.fmean(ordered)}


def timed(action: Callable[[], object], repeat: int = 1) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def line(label: str, stats: dict[str, float], baseline: float) -> str:
    return (
        f"  {label:<34} p50 {stats['p50']:7.2f} ms  p95 {stats['p95']:7.2f} ms  "
        f"p99 {stats['p99']:7.2f} ms  (p50 = {stats['p50'] / baseline:,.0f}x baseline)"
    )


def load_average() -> str:
    """The machine's load, printed beside figures: other work on the machine skews them."""
    return "load average " + ", ".join(f"{load:.2f}" for load in os.getloadavg())


def reset(url: str) -> None:
    engine = sa.create_engine(database_uri(url, ""))
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def run(url: str, records: list[dict], words: list[str], queries: int, load: bool = True) -> None:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri(url, ""),
            "SECRET_KEY": "benchmark-only",
            # Production mode refuses the demo billing provider; nothing here calls Stripe.
            "STRIPE_SECRET_KEY": "sk_test_benchmark",
            "SITE_URL": "http://127.0.0.1",
        }
    )
    with app.app_context():
        name = db.engine.dialect.name
        print(f"\n== {name}: {len(records):,} postings")
        upgrade(directory=str(ROOT / "migrations"))
        if load:
            load_postings(records)
        search_figures(app, words, queries)
        db.session.remove()
        db.engine.dispose()


def load_postings(records: list[dict]) -> None:
    """Import through the import service, re-import, then settle the database."""
    name = db.engine.dialect.name
    start = time.perf_counter()
    report = import_records(records, source_file="benchmark")
    seconds = time.perf_counter() - start
    print(f"  import (created):  {report.summary()}")
    print(
        f"  import rate:       {len(records) / seconds:,.0f} postings/s ({seconds:.1f} s)"
        f"  [{load_average()}]"
    )
    sample = records[:20_000]
    start = time.perf_counter()
    import_records(sample, source_file="benchmark-again")
    seconds = time.perf_counter() - start
    print(f"  re-import rate:    {len(sample) / seconds:,.0f} postings/s (all unchanged)")

    # What a database settles into after a bulk load: merged FTS5 segments; on PostgreSQL,
    # what autovacuum would do (statistics, and the visibility map index-only scans need).
    start = time.perf_counter()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if name == "sqlite":
            connection.exec_driver_sql(
                "INSERT INTO job_postings_fts(job_postings_fts) VALUES ('optimize')"
            )
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("VACUUM ANALYZE job_postings")
    print(f"  index optimise + analyse: {time.perf_counter() - start:.1f} s")
    length = sa.func.avg(sa.func.length(JobPosting.description_text))
    size = db.session.scalar(sa.select(length))
    print(f"  average description: {size:,.0f} characters")


def search_figures(app, words: list[str], queries: int) -> None:
    """Latency of the search page's query, against a primary-key lookup."""
    rng = random.Random(7)

    ids = db.session.scalars(sa.select(JobPosting.id)).all()
    texts = two_word_queries(rng, words, queries)

    def lookup():
        db.session.execute(
            sa.select(JobPosting.title).where(JobPosting.id == rng.choice(ids))
        ).one()

    timed(lookup, 50)
    print(f"  searches start     [{load_average()}]")
    baseline = percentiles(timed(lookup, queries))
    print(line("baseline: primary-key lookup", baseline, baseline["p50"]))

    def filtered(text: str) -> JobQuery:
        city, region = rng.choice(CITIES)
        return rng.choice(
            [
                JobQuery(text=text, location=f"{city}, {region}"),
                JobQuery(text=text, workplace=Workplace.ON_SITE, min_salary=45_000),
                JobQuery(text=text, posted_within_days=7, employment_type=EmploymentType.FULL_TIME),
                JobQuery(text=text, location=region, posted_within_days=30, min_salary=60_000),
            ]
        )

    plain = lambda text: JobQuery(text=text)  # noqa: E731
    cases = {
        "search, 2 words": (plain, texts),
        "  of which 2 words from job titles": (plain, texts[0::2]),
        "  of which 2 of the 500 commonest": (plain, texts[1::2]),
        "search, 2 words + filters": (filtered, texts),
        "search, 2 words, newest first": (lambda text: JobQuery(text=text, sort="date"), texts),
        "browse, no words + filters": (lambda _text: filtered(""), texts),
    }
    matches = []
    for label, (make, some_texts) in cases.items():
        for text in some_texts[:20]:
            search_jobs(make(text))  # warm the cache
        samples = []
        for text in some_texts:
            query = make(text)
            samples += timed(lambda query=query: matches.append(search_jobs(query).total))
        print(line(label, percentiles(samples), baseline["p50"]))
    median = statistics.median(matches)
    print(f"  matches per search: median {median:,.0f} (counted up to 1,000)")

    client = app.test_client()
    page_samples = []
    for text in texts[: queries // 2]:
        page_samples += timed(lambda text=text: client.get("/jobs/", query_string={"q": text}))
    print(line("search page through Flask", percentiles(page_samples), baseline["p50"]))
    print(f"  searches end       [{load_average()}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postings", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument(
        "--searches-only",
        action="store_true",
        help="measure searches on the postings a previous run left (SQLite: --sqlite-file)",
    )
    parser.add_argument("--sqlite-file", type=Path, help="keep the SQLite database here")
    options = parser.parse_args()

    start = time.perf_counter()
    records, words = make_records(options.postings)
    print(f"generated {len(records):,} postings in {time.perf_counter() - start:.1f} s")
    load = not options.searches_only
    with tempfile.TemporaryDirectory() as folder:
        sqlite_file = options.sqlite_file or Path(folder) / "benchmark.sqlite3"
        if load and sqlite_file.exists():
            sqlite_file.unlink()
        if load or options.sqlite_file:
            run(f"sqlite:///{sqlite_file}", records, words, options.queries, load)
        else:
            print("SQLite: skipped (--searches-only without --sqlite-file: nothing to search)")
    if url := os.environ.get("DATABASE_URL"):
        if load and url.startswith(("postgres://", "postgresql")):
            reset(url)
        run(url, records, words, options.queries, load)


if __name__ == "__main__":
    main()
