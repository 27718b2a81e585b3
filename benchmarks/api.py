"""Requests per second of the API's job search against a bare route and the HTML search page,
under gunicorn, in the same run.

Usage: .venv/bin/python benchmarks/api.py [--seconds 12] [--rounds 4] [--connections 4]
       [--workers 2]

Every route is served by the same gunicorn, taking turns a slice at a time, so the ratios say what
each costs over the server's own overhead on this machine. The public search is asked the way a
client of a cached search asks (the same query again: the kept JSON is served), and once with a
new page each time (every request runs the search). A fresh SQLite database is migrated and
seeded first (or DATABASE_URL is used if set).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.http_load import combined, run_load  # noqa: E402
from benchmarks.serving import gunicorn, migrate_and_seed, production_env, wait_until_up  # noqa: E402

BARE = "/__bench/bare"
QUERY = "q=health&workplace=on-site"
API = f"/api/v1/jobs?{QUERY}"
API_BROWSE = "/api/v1/jobs?per_page=20"
PAGE = f"/jobs/?{QUERY}"
GZIP = {"Accept-Encoding": "gzip"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=4, help="turns each route takes")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = production_env(tmp)
        # The benchmark measures serving, not the budget: lift the per-address limit.
        env["API_ADDRESS_RATE_LIMIT"] = "100000000 per minute"
        print("preparing database: migrate and seed ...", flush=True)
        migrate_and_seed(env)
        with gunicorn(env, args.workers) as port:
            base = f"http://127.0.0.1:{port}"
            for path in (BARE, API, PAGE):
                wait_until_up(base + path)
            sizes = {
                path: len(urllib.request.urlopen(base + path).read())  # noqa: S310 - loopback
                for path in (API, PAGE)
            }
            print(
                f"API search: {sizes[API] / 1024:.1f} KB, HTML search page: "
                f"{sizes[PAGE] / 1024:.1f} KB; {args.workers} gunicorn workers, "
                f"{args.connections} connections, {args.seconds:g}s per route",
                flush=True,
            )
            run_load("warm-up", "127.0.0.1", port, API, 1.0, args.connections)
            routes = [
                ("bare route", BARE, None),
                ("API search, cached", API, None),
                ("API search, cached, gzip", API, GZIP),
                ("API browse, cached", API_BROWSE, None),
                ("HTML search page", PAGE, None),
            ]
            runs: dict[str, list] = {label: [] for label, _, _ in routes}
            for _ in range(args.rounds):
                for label, path, headers in routes:
                    seconds = args.seconds / args.rounds
                    result = run_load(
                        label, "127.0.0.1", port, path, seconds, args.connections, headers
                    )
                    runs[label].append(result)
            bare, api, packed, browse, page = (combined(runs[label]) for label, _, _ in routes)

    for result in (bare, api, packed, browse, page):
        print(result.line())
    print(f"ratio API search/bare requests per second: {api.rps / bare.rps:.2f} (aim: 0.50)")
    print(f"ratio API search, gzip/bare:               {packed.rps / bare.rps:.2f}")
    print(f"ratio API browse/bare:                     {browse.rps / bare.rps:.2f}")
    print(f"ratio HTML page/bare:                      {page.rps / bare.rps:.2f}")
    print(
        f"API search costs {page.rps / api.rps:.2f} times what the HTML page does per request "
        f"(below 1: the JSON is cheaper)"
    )


if __name__ == "__main__":
    main()
