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

from benchmarks.http_load import add_load_options, combined, run_load  # noqa: E402
from benchmarks.serving import gunicorn, migrate_and_seed, production_env, wait_until_up  # noqa: E402

BARE = "/__bench/bare"
QUERY = "q=health&workplace=on-site"
API = f"/api/v1/jobs?{QUERY}"
API_BROWSE = "/api/v1/jobs?per_page=20"
PAGE = f"/jobs/?{QUERY}"
GZIP = {"Accept-Encoding": "gzip"}


def measure(env: dict[str, str], args, routes: list) -> list:
    """Serve with gunicorn and load each route in turn, a slice at a time, so a change in the
    machine's load (other work on a shared machine) weighs on all of them alike."""
    with gunicorn(env, args.workers) as port:
        base = f"http://127.0.0.1:{port}"
        for _, path, _ in routes:
            wait_until_up(base + path)
        run_load("warm-up", "127.0.0.1", port, API, 1.0, args.connections)
        runs: dict[str, list] = {label: [] for label, _, _ in routes}
        for _ in range(args.rounds):
            for label, path, headers in routes:
                seconds = args.seconds / args.rounds
                result = run_load(
                    label, "127.0.0.1", port, path, seconds, args.connections, headers
                )
                runs[label].append(result)
    return [combined(runs[label]) for label, _, _ in routes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_load_options(parser, seconds=12)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = production_env(tmp)
        # The benchmark measures serving, not the budget: lift the per-address limit.
        env["API_ADDRESS_RATE_LIMIT"] = "100000000 per minute"
        print("preparing database: migrate and seed ...", flush=True)
        migrate_and_seed(env)
        with gunicorn(env, 1) as port:
            wait_until_up(f"http://127.0.0.1:{port}{API}")
            sizes = {
                path: len(urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read())
                for path in (API, PAGE)
            }
        print(
            f"API search: {sizes[API] / 1024:.1f} KB, HTML search page: "
            f"{sizes[PAGE] / 1024:.1f} KB; {args.workers} gunicorn workers, "
            f"{args.connections} connections, {args.seconds:g}s per route",
            flush=True,
        )
        bare, api, packed, browse, page = measure(
            env,
            args,
            [
                ("bare route", BARE, None),
                ("API search, cached", API, None),
                ("API search, cached, gzip", API, GZIP),
                ("API browse, cached", API_BROWSE, None),
                ("HTML search page", PAGE, None),
            ],
        )
        # Without the kept answers, every request searches: JSON against HTML, like for like.
        uncached_env = env | {"PAGE_CACHE_SIZE": "0"}
        bare2, api_uncached, page2 = measure(
            uncached_env,
            args,
            [
                ("bare route (no cache)", BARE, None),
                ("API search, uncached", API, None),
                ("HTML search page (no cache)", PAGE, None),
            ],
        )

    for result in (bare, api, packed, browse, page, bare2, api_uncached, page2):
        print(result.line())
    print(
        f"ratio API search, cached/bare requests per second: {api.rps / bare.rps:.2f} (aim: 0.50)"
    )
    print(f"ratio API search, cached, gzip/bare:               {packed.rps / bare.rps:.2f}")
    print(f"ratio API browse, cached/bare:                     {browse.rps / bare.rps:.2f}")
    print(f"ratio HTML search page/bare:                       {page.rps / bare.rps:.2f}")
    print(f"ratio API search, uncached/bare:                   {api_uncached.rps / bare2.rps:.2f}")
    print(f"ratio HTML search page/bare (same server):         {page2.rps / bare2.rps:.2f}")
    print(
        f"uncached, the JSON search costs {page2.rps / api_uncached.rps:.2f} of the HTML page "
        "per request (aim: below 1)"
    )


if __name__ == "__main__":
    main()
