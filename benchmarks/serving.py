"""The portal under gunicorn for the HTTP benchmarks: a fresh database with production settings,
and a server on a free loopback port that is stopped however the benchmark ends."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


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


def production_env(folder: str) -> dict[str, str]:
    """Production settings on a SQLite file in `folder` (or DATABASE_URL when set)."""
    env = {
        **os.environ,
        "SECRET_KEY": "benchmark-only",
        # Production settings refuse the demo billing provider; the benchmarked pages never
        # call Stripe, so a placeholder key is enough.
        "STRIPE_SECRET_KEY": os.environ.get("STRIPE_SECRET_KEY") or "sk_test_benchmark",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3",
        # Production refuses to start without it; links on the pages are built from it.
        "SITE_URL": "http://127.0.0.1",
    }
    env.pop("FLASK_DEBUG", None)
    return env


def migrate_and_seed(env: dict[str, str]) -> None:
    flask = [str(BIN / "flask"), "--app", "benchmarks.bench_app"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*flask, "seed"], env=env, cwd=ROOT, check=True, capture_output=True)


@contextmanager
def gunicorn(
    env: dict[str, str],
    workers: int,
    app: str = "benchmarks.bench_app:app",
    worker_class: str = "gthread",
    root: Path = ROOT,
) -> Iterator[int]:
    """`app` under gunicorn (by default gthread, 2 threads a worker), imported from the tree
    at `root`; yields its port."""
    port = free_port()
    threads = ["--threads", "2"] if worker_class == "gthread" else []
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers),
            "--worker-class", worker_class,
            *threads,
            "--keep-alive", "5",
            "--log-level", "warning",
            app,
        ],
        env=env,
        cwd=root,
    )  # fmt: skip
    try:
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)
