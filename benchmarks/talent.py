"""Resume search at scale: 50,000 synthetic public resumes, 2% of them Plus members.

    .venv/bin/python benchmarks/talent.py                      # SQLite, a fresh temporary file
    DATABASE_URL=postgresql://... .venv/bin/python benchmarks/talent.py   # SQLite, then PostgreSQL
    ... benchmarks/talent.py --sqlite-file F --searches-only  # search what an earlier run saved

DATABASE_URL must name a database this run may EMPTY (its public schema is dropped first).
For each database: migrate from empty, save the resumes through `resumes.services` (so the
talent index is written by the resume_changed receiver, as in production), then time
`search_resumes` (exactly what /talent runs: the ranked candidates, who is featured, the page
and the pinned row) with words, with words and filters, by career guide and without words,
and a primary-key lookup as the baseline measured in the same run. Aim: p95 under 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask import current_app  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from benchmarks.search import CITIES, TITLES, line, load_average, percentiles, reset, timed  # noqa: E402
from portal import clock, create_app  # noqa: E402
from portal.accounts.models import User  # noqa: E402
from portal.billing.services import grant_complimentary  # noqa: E402
from portal.config import database_uri  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.resumes import services as resumes  # noqa: E402
from portal.resumes.models import Visibility  # noqa: E402
from portal.seeding import run_seeders  # noqa: E402
from portal.talent.models import TalentProfile  # noqa: E402
from portal.talent.search import TalentQuery, search_resumes  # noqa: E402

SKILLS = [
    "Crisis intervention", "De-escalation", "Patient safety checks", "Vital signs", "CPR",
    "Basic first aid and CPR", "Documentation and reporting", "Group facilitation", "Epic",
    "Medication administration", "Phlebotomy", "Wound care", "Case management", "Charting",
    "Trauma-informed care", "Motivational interviewing", "Restraint reduction", "Intake",
    "Discharge planning", "Family support", "Recreation therapy", "Spanish", "Telehealth",
]  # fmt: skip
CERTIFICATES = ["CPR/BLS", "CPI Nonviolent Crisis Intervention", "CNA", "Phlebotomy", "First Aid"]
PLACES = ["hospital", "clinic", "residential program", "crisis unit", "group home", "agency"]


def make_document(rng: random.Random, number: int) -> dict:
    title = rng.choice(TITLES)
    city, region = rng.choice(CITIES)
    skills = rng.sample(SKILLS, rng.randint(3, 8))
    start = 2026 - rng.randint(0, 15)
    work = []
    for job in range(rng.randint(1, 3)):
        year = start + job * 2
        entry = {
            "name": f"Employer {rng.randint(1, 5000)}",
            "position": rng.choice(TITLES),
            "startDate": f"{min(year, 2026)}-0{rng.randint(1, 9)}",
            "summary": f"Worked at a {rng.choice(PLACES)} with "
            + " and ".join(s.lower() for s in rng.sample(SKILLS, 3)),
            "highlights": [f"Supported {rng.randint(5, 40)} patients on a busy unit"],
        }
        if job < 2 and rng.random() < 0.7:
            entry["endDate"] = f"{min(year + 2, 2026)}-01"
        work.append(entry)
    document = {
        "basics": {
            "name": f"Person {number}",
            "label": title,
            "email": f"person{number}@example.com",
            "summary": f"{title} with experience in " + ", ".join(s.lower() for s in skills[:3]),
            "location": {"city": city, "region": region, "countryCode": "US"},
        },
        "skills": [{"name": skill} for skill in skills],
        "work": work,
    }
    if rng.random() < 0.5:
        document["certificates"] = [{"name": rng.choice(CERTIFICATES)}]
    return document


def load_resumes(count: int) -> None:
    rng = random.Random(2026)
    start = time.perf_counter()
    batch = 1000
    for first in range(0, count, batch):
        numbers = range(first, min(first + batch, count))
        # Nobody signs in as these people: a hash no password matches.
        users = [
            User(email=f"person{n}@example.com", name=f"Person {n}", password_hash="!")  # noqa: S106
            for n in numbers
        ]
        db.session.add_all(users)
        db.session.flush()
        for number, user in zip(numbers, users, strict=True):
            resume = resumes.start_resume(user)
            resumes.save(resume, make_document(rng, number))
            resumes.update_settings(
                resume,
                visibility=Visibility.PUBLIC,
                indexable=False,
                anonymous=rng.random() < 0.3,
                paper_size=None,
            )
            if number % 50 == 0:
                grant_complimentary(user.id, "plus", clock.today() + dt.timedelta(days=30))
        db.session.commit()
    seconds = time.perf_counter() - start
    print(f"  saved {count:,} resumes: {count / seconds:,.0f}/s ({seconds:.1f} s)")
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if db.engine.dialect.name == "sqlite":
            connection.exec_driver_sql(
                "INSERT INTO talent_profiles_fts(talent_profiles_fts) VALUES ('optimize')"
            )
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("VACUUM ANALYZE talent_profiles")


def search_figures(queries: int) -> None:
    rng = random.Random(7)
    ids = db.session.scalars(sa.select(TalentProfile.resume_id)).all()
    title_words = sorted({w.lower() for title in TITLES for w in title.split()})
    skill_words = sorted({w.lower() for skill in SKILLS for w in skill.split() if len(w) > 3})
    texts = [" ".join(rng.sample(title_words + skill_words, 2)) for _ in range(queries)]

    def lookup():
        db.session.execute(
            sa.select(TalentProfile.headline).where(TalentProfile.resume_id == rng.choice(ids))
        ).one()

    timed(lookup, 50)
    print(f"  searches start     [{load_average()}]")
    baseline = percentiles(timed(lookup, queries))
    print(line("baseline: primary-key lookup", baseline, baseline["p50"]))

    def filtered(text: str) -> TalentQuery:
        _city, region = rng.choice(CITIES)
        return rng.choice(
            [
                TalentQuery(words=text, location=region),
                TalentQuery(words=text, min_years=3, updated_within_days=30),
                TalentQuery(words=text, certification="cpr"),
            ]
        )

    cases = {
        "search, 2 words": lambda text: TalentQuery(words=text),
        "search, 2 words + filters": filtered,
        "career guide": lambda _t: TalentQuery(guide="mental-health-technician"),
        "career guide + 1 word": lambda t: TalentQuery(
            words=t.split()[0], guide="mental-health-technician"
        ),
        "browse, no words + region": lambda _t: TalentQuery(location=rng.choice(CITIES)[1]),
        "search, 2 words, page 3": lambda text: TalentQuery(words=text, page=3),
    }
    totals = []
    for label, make in cases.items():
        for text in texts[:10]:
            search_resumes(make(text))
        samples = []
        for text in texts:
            query = make(text)
            samples += timed(lambda query=query: totals.append(search_resumes(query).total))
        db.session.rollback()
        print(line(label, percentiles(samples), baseline["p50"]))
    totals.sort()
    print(
        f"  matches per search: median {totals[len(totals) // 2]:,}"
        f" (the newest {current_app.config['TALENT_SEARCH_WINDOW']:,} ranked,"
        " and every featured one)"
    )
    print(f"  searches end       [{load_average()}]")


def run(url: str, count: int, queries: int, *, load: bool = True) -> None:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri(url, ""),
            "SECRET_KEY": "benchmark-only",
            "STRIPE_SECRET_KEY": "sk_test_benchmark",
            "SITE_URL": "http://127.0.0.1",
        }
    )
    with app.app_context(), app.test_request_context():
        print(f"\n== {db.engine.dialect.name}: {count:,} resumes")
        upgrade(directory=str(ROOT / "migrations"))
        if load:
            run_seeders(ROOT / "seeds")
            load_resumes(count)
        else:
            held = db.session.scalar(sa.select(sa.func.count()).select_from(TalentProfile))
            print(f"  searching the {held:,} resumes already there (--searches-only)")
        search_figures(queries)
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resumes", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--sqlite-file", type=Path, help="keep the SQLite database here")
    parser.add_argument(
        "--searches-only",
        action="store_true",
        help="search the resumes --sqlite-file and DATABASE_URL already hold (saving 50,000 "
        "through the service takes half an hour on a busy machine)",
    )
    options = parser.parse_args()
    load = not options.searches_only
    with tempfile.TemporaryDirectory() as folder:
        sqlite_file = options.sqlite_file or Path(folder) / "talent.sqlite3"
        if load and sqlite_file.exists():
            sqlite_file.unlink()
        run(f"sqlite:///{sqlite_file}", options.resumes, options.queries, load=load)
    if url := os.environ.get("DATABASE_URL"):
        if load and url.startswith(("postgres://", "postgresql")):
            reset(url)
        run(url, options.resumes, options.queries, load=load)


if __name__ == "__main__":
    main()
