"""Mixed traffic for benchmarks/fleet.py: visitors reading the guide, searching and opening job
pages, and members who also sign in, bookmark jobs and sign out. Several processes, a few
threads each (requests.Session, keep-alive through nginx), every request checked for the
answer a person would expect; anything else, or no answer, is an error."""

from __future__ import annotations

import multiprocessing
import random
import re
import threading
import time
from dataclasses import dataclass, field

import requests

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SEARCHES = ["technician", "mental health", "behavioral", "psychiatric", "nurse", "remote", "aide"]
GUIDE = "/careers/mental-health-technician"
TIMEOUT = 15


@dataclass
class Tally:
    requests: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[tuple[float, str]] = field(default_factory=list)  # (wall time, what)
    kinds: dict[str, int] = field(default_factory=dict)
    # GETs sent again, once, because nginx had closed their kept-alive connection (`Client.call`)
    sent_again: int = 0

    def add(self, other: Tally) -> None:
        self.requests += other.requests
        self.sent_again += other.sent_again
        self.latencies_ms += other.latencies_ms
        self.errors += other.errors
        for kind, count in other.kinds.items():
            self.kinds[kind] = self.kinds.get(kind, 0) + count

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms) or [0.0]
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


class Client:
    """One person's browser: a session with cookies, a record of every answer."""

    def __init__(self, base: str, postings: list[str], tally: Tally, lock: threading.Lock):
        self.base, self.postings, self.tally, self.lock = base, postings, tally, lock
        self.http = requests.Session()
        self.token = ""

    def call(self, kind: str, method: str, path: str, expect: int, **kwargs) -> str:
        started = time.perf_counter()
        sent_again = False
        try:
            try:
                response = self._send(method, path, **kwargs)
            except requests.ConnectionError as error:
                # nginx closes idle kept-alive connections when it reloads (as the rolling
                # restart makes it do), and a request can cross the close. A browser sends an
                # idempotent request again on a new connection then; so does this client, once.
                # A timeout or a POST is not sent again.
                if method != "GET" or isinstance(error, requests.Timeout):
                    raise
                sent_again = True
                response = self._send(method, path, **kwargs)
            body, status = response.text, response.status_code
            problem = None if status == expect else f"{kind} {path}: {status} (wanted {expect})"
        except requests.RequestException as error:
            body, problem = "", f"{kind} {path}: {type(error).__name__}"
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.tally.sent_again += sent_again
            self.tally.requests += 1
            self.tally.latencies_ms.append(elapsed)
            self.tally.kinds[kind] = self.tally.kinds.get(kind, 0) + 1
            if problem:
                self.tally.errors.append((time.time(), problem))
        return body

    def _send(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.http.request(
            method, self.base + path, timeout=TIMEOUT, allow_redirects=False, **kwargs
        )

    def browse(self) -> None:
        choice = random.random()
        if choice < 0.35:
            self.call("guide", "GET", GUIDE, 200)
        elif choice < 0.65:
            self.call("search", "GET", "/jobs/", 200, params={"q": random.choice(SEARCHES)})
        elif choice < 0.95:
            self.call("job", "GET", random.choice(self.postings), 200)
        else:
            self.call("home", "GET", "/", 200)

    def sign_in(self, email: str, password: str) -> None:
        self.http.cookies.clear()
        page = self.call("sign-in form", "GET", "/login", 200)
        token = CSRF.search(page)
        data = {"csrf_token": token.group(1) if token else "", "email": email, "password": password}
        self.call("sign-in", "POST", "/login", 303, data=data)
        page = self.call("bookmarks", "GET", "/bookmarks", 200)
        found = CSRF.search(page)
        self.token = found.group(1) if found else ""

    def bookmark(self) -> None:
        data = {"csrf_token": self.token, "bookmarked": random.choice("01"), "next": "/bookmarks"}
        posting = random.choice(self.postings).removeprefix("/jobs/").partition("-")[0]
        headers = {"Accept": "application/json"}
        self.call("bookmark", "POST", f"/bookmarks/jobs/{posting}", 200, data=data, headers=headers)

    def sign_out(self) -> None:
        self.call("sign-out", "POST", "/logout", 303, data={"csrf_token": self.token})


def _visitor(client: Client, deadline: float) -> None:
    while time.monotonic() < deadline:
        client.browse()


def _member(client: Client, deadline: float, email: str, password: str) -> None:
    while time.monotonic() < deadline:
        client.sign_in(email, password)
        for _ in range(25):
            if time.monotonic() >= deadline:
                break
            if random.random() < 0.2:
                client.bookmark()
            else:
                client.browse()
        client.sign_out()


def _process(base, postings, seconds, visitors, member, queue) -> None:
    tally, lock = Tally(), threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_visitor, args=(Client(base, postings, tally, lock), deadline))
        for _ in range(visitors)
    ]
    if member:
        client = Client(base, postings, tally, lock)
        threads.append(threading.Thread(target=_member, args=(client, deadline, *member)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(tally)


def run_traffic(
    base: str,
    postings: list[str],
    seconds: float,
    members: list[tuple[str, str]],
    processes: int = 4,
    visitors_each: int = 2,
) -> Tally:
    """`processes` processes, each with `visitors_each` visitors and one member (while there are
    members to go round), for `seconds`; returns every answer added up."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    started = [
        context.Process(
            target=_process,
            args=(
                base,
                postings,
                seconds,
                visitors_each,
                members[n] if n < len(members) else None,
                queue,
            ),
        )
        for n in range(processes)
    ]
    for process in started:
        process.start()
    total = Tally()
    for _ in started:
        total.add(queue.get())
    for process in started:
        process.join()
    return total
