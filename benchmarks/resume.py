"""A shared resume's page and PDF against a bare route, under gunicorn; and the PDF's drawing time.

Usage: .venv/bin/python benchmarks/resume.py [--seconds 8] [--rounds 4] [--connections 4]
       [--workers 2] [--draws 20]

First, in this process: how long WeasyPrint takes to draw the JSON Resume sample as a PDF when
nothing is cached (p50 and p95 of --draws drawings, after one warm-up that loads Pango and the
fonts). Then gunicorn serves the bare route, the resume's page and its PDF (cached after the
first request, until the resume changes) in turns, and the ratios say what each costs over the
server's own overhead. A fresh SQLite database is migrated and seeded first (or DATABASE_URL is
used if set).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.http_load import add_load_options, combined, run_load  # noqa: E402
from benchmarks.serving import gunicorn, migrate_and_seed, production_env, wait_until_up  # noqa: E402

BARE = "/__bench/bare"
SAMPLE = ROOT / "tests" / "resumes" / "data" / "sample.resume.json"


def prepare(env: dict[str, str]) -> str:
    """A member with the sample resume shared by link; returns its /r/ address."""
    os.environ.update(env)
    from portal import create_app
    from portal.accounts.models import User
    from portal.extensions import db
    from portal.resumes import services, sharing
    from portal.resumes.models import Visibility

    app = create_app()
    with app.app_context():
        user = User(email="bench@example.com", name="Bench", password_hash="unused")  # noqa: S106 - never signs in
        db.session.add(user)
        db.session.flush()
        resume = services.start_resume(user)
        services.save(resume, json.loads(SAMPLE.read_text("utf-8")))
        services.update_settings(
            resume, visibility=Visibility.LINK, indexable=False, anonymous=False, paper_size=None
        )
        slug = sharing.generated_slug(resume).slug
        db.session.commit()
    return f"/r/{slug}"


def pdf_drawing_ms(draws: int) -> list[float]:
    from portal import create_app
    from portal.resumes.models import PaperSize
    from portal.resumes.rendering import draw_pdf, print_html

    document = json.loads(SAMPLE.read_text("utf-8"))
    app = create_app()
    timings = []
    with app.test_request_context():
        draw_pdf(print_html(document, PaperSize.LETTER))  # loads Pango and the fonts once
        for number in range(draws):
            document["basics"]["summary"] = f"Version {number}"  # nothing cached can serve it
            started = time.perf_counter()
            draw_pdf(print_html(document, PaperSize.LETTER))
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_load_options(parser, seconds=8)
    parser.add_argument("--draws", type=int, default=20, help="uncached PDF drawings to time")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = production_env(tmp)
        print("preparing database: migrate, seed and one shared resume ...", flush=True)
        migrate_and_seed(env)
        page = prepare(env)

        timings = pdf_drawing_ms(args.draws)
        ordered = sorted(timings)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(
            f"PDF drawn without cache: p50 {statistics.median(timings):.0f} ms, "
            f"p95 {p95:.0f} ms over {args.draws} drawings (aim: under 300 ms)",
            flush=True,
        )

        with gunicorn(env, args.workers) as port:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + BARE)
            wait_until_up(base + page)
            # Every worker draws the PDF once; after that it is served from its cache.
            run_load("warm-up", "127.0.0.1", port, page + ".pdf", 1.0, args.connections)
            routes = [("bare route", BARE), ("resume page", page), ("resume PDF", page + ".pdf")]
            runs: dict[str, list] = {label: [] for label, _ in routes}
            for _ in range(args.rounds):
                for label, path in routes:
                    seconds = args.seconds / args.rounds
                    runs[label].append(
                        run_load(label, "127.0.0.1", port, path, seconds, args.connections)
                    )
            bare, shown, pdf = (combined(runs[label]) for label, _ in routes)

    print(bare.line())
    print(shown.line())
    print(pdf.line())
    print(f"ratio page/bare requests per second: {shown.rps / bare.rps:.2f} (aim: 0.50 or better)")
    print(f"ratio cached PDF/bare:               {pdf.rps / bare.rps:.2f}")


if __name__ == "__main__":
    main()
