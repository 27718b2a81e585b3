"""A small closed-loop HTTP load generator: C keep-alive connections, each sending requests back
to back for a fixed time, recording every latency. Runs the connections in separate processes
so the client is not limited by one interpreter."""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import statistics
import time
from dataclasses import dataclass


@dataclass
class LoadResult:
    label: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]

    def line(self) -> str:
        return (
            f"{self.label:<12} {self.rps:8.0f} req/s   p50 {self.percentile(50):6.2f} ms   "
            f"p99 {self.percentile(99):6.2f} ms   ({self.requests} requests, {self.errors} errors)"
        )


def _worker(host: str, port: int, path: str, duration: float, headers: dict, queue) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=10)
    latencies, errors = [], 0
    deadline = time.perf_counter() + duration
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=10)
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=10)
        latencies.append((time.perf_counter() - started) * 1000)
    queue.put((latencies, errors))


def run_load(
    label: str,
    host: str,
    port: int,
    path: str,
    duration: float,
    connections: int,
    headers: dict | None = None,
) -> LoadResult:
    queue = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(
            target=_worker, args=(host, port, path, duration, headers or {}, queue)
        )
        for _ in range(connections)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    latencies = [latency for result, _ in results for latency in result]
    errors = sum(count for _, count in results)
    return LoadResult(label, len(latencies), elapsed, latencies, errors)


def combined(results: list[LoadResult]) -> LoadResult:
    """Several runs of one route as one result (their requests, time and latencies summed)."""
    return LoadResult(
        results[0].label,
        sum(r.requests for r in results),
        sum(r.seconds for r in results),
        [latency for r in results for latency in r.latencies_ms],
        sum(r.errors for r in results),
    )


def median(values: list[float]) -> float:
    return statistics.median(values)


def add_load_options(parser: argparse.ArgumentParser, seconds: float) -> None:
    """What every benchmark that drives gunicorn with `run_load` lets one set."""
    parser.add_argument("--seconds", type=float, default=seconds)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=4, help="turns each route takes")
