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
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.http_load import combined, run_load  # noqa: E402

GUIDE = "/careers/mental-health-technician"
BARE = "/__bench/bare"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer {url} within {timeout}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=4, help="turns each route takes")
    args = parser.parse_args()

    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "SECRET_KEY": "benchmark-only",
            # Production settings refuse the demo billing provider; the guide page never calls
            # Stripe, so a placeholder key is enough.
            "STRIPE_SECRET_KEY": os.environ.get("STRIPE_SECRET_KEY") or "sk_test_benchmark",
            "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3",
            # Production requires it, and the page is only stored for every visitor with it.
            "SITE_URL": "http://127.0.0.1",
        }
        env.pop("FLASK_DEBUG", None)
        flask = [str(bin_dir / "flask"), "--app", "benchmarks.bench_app"]
        print("preparing database: migrate and seed ...", flush=True)
        subprocess.run(
            [*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True
        )
        subprocess.run([*flask, "seed"], env=env, cwd=ROOT, check=True, capture_output=True)

        port = free_port()
        server = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "--bind", f"127.0.0.1:{port}",
                "--workers", str(args.workers),
                "--worker-class", "gthread",
                "--threads", "2",
                "--keep-alive", "5",
                "--log-level", "warning",
                "benchmarks.bench_app:app",
            ],
            env=env,
            cwd=ROOT,
        )  # fmt: skip
        try:
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
        finally:
            server.terminate()
            server.wait(timeout=10)

    print(bare.line())
    print(guide.line())
    print(packed.line())
    print(f"ratio guide/bare requests per second: {guide.rps / bare.rps:.2f} (aim: 0.50 or better)")
    print(f"ratio with gzip, as browsers ask:     {packed.rps / bare.rps:.2f}")


if __name__ == "__main__":
    main()
