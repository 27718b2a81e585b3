"""Requests per second and latency of the career guide page against a bare route, under gunicorn.

Usage: .venv/bin/python benchmarks/guide_page.py [--seconds 10] [--rounds 4] [--connections 4]
       [--workers 2]

Both routes are served by the same gunicorn in the same run, so the ratio says what the page costs
over the server's own overhead on this machine. The guide is measured twice: as a plain HTTP client
asks for it, and as browsers do (accepting gzip). A fresh SQLite database is migrated and seeded
first (or DATABASE_URL is used if set).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.http_load import add_load_options, combined, run_load  # noqa: E402
from benchmarks.serving import gunicorn, migrate_and_seed, production_env, wait_until_up  # noqa: E402

GUIDE = "/careers/mental-health-technician"
BARE = "/__bench/bare"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_load_options(parser, seconds=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = production_env(tmp)
        print("preparing database: migrate and seed ...", flush=True)
        migrate_and_seed(env)
        with gunicorn(env, args.workers) as port:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + BARE)
            wait_until_up(base + GUIDE)
            size = len(urllib.request.urlopen(base + GUIDE).read())  # noqa: S310 - loopback
            print(
                f"guide page: {size / 1024:.1f} KB; {args.workers} gunicorn workers, "
                f"{args.connections} connections, {args.seconds:g}s per route",
                flush=True,
            )
            # Warm every worker's page cache before measuring.
            run_load("warm-up", "127.0.0.1", port, GUIDE, 1.0, args.connections)
            # The routes take turns, a slice at a time, so a change in the machine's load (other
            # work on a shared machine) weighs on all of them alike.
            routes = [
                ("bare route", BARE, None),
                ("guide page", GUIDE, None),
                # As browsers ask for it: every browser sends Accept-Encoding: gzip.
                ("guide, gzip", GUIDE, GZIP),
            ]
            runs: dict[str, list] = {label: [] for label, _, _ in routes}
            for _ in range(args.rounds):
                for label, path, headers in routes:
                    seconds = args.seconds / args.rounds
                    result = run_load(
                        label, "127.0.0.1", port, path, seconds, args.connections, headers
                    )
                    runs[label].append(result)
            bare, guide, packed = (combined(runs[label]) for label, _, _ in routes)

    print(bare.line())
    print(guide.line())
    print(packed.line())
    print(f"ratio guide/bare requests per second: {guide.rps / bare.rps:.2f} (aim: 0.50 or better)")
    print(f"ratio with gzip, as browsers ask:     {packed.rps / bare.rps:.2f}")


if __name__ == "__main__":
    main()
