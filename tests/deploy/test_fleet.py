"""`make fleet` as CI can run it: the whole fleet from Debian's packages (nginx, two portal
servers, PostgreSQL, Redis, Celery), requests through nginx, one server stopped, and nothing
left running after the stop."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import tempfile
from pathlib import Path

import pytest
import requests

from deploy.fleet import Fleet, missing_programs
from tests.services import missing_service

OFFSETS = (1, 2, 25, 80, 379, 432)


def free_port_base() -> int:
    """A base whose every fleet port is free here (CI's own services use 25432 and 26379)."""
    for base in range(27000, 40000, 500):
        try:
            for offset in OFFSETS:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", base + offset))
        except OSError:
            continue
        return base
    raise AssertionError("no free ports for the fleet")


@pytest.fixture(scope="module")
def fleet():
    if missing := missing_programs():
        missing_service(f"the fleet needs {', '.join(missing)} from Debian's packages")
    # Not under pytest's private temporary folder: PostgreSQL's own account must reach it.
    root = Path(tempfile.mkdtemp(prefix="portal-fleet-"))
    fleet = Fleet(root, free_port_base())
    try:
        fleet.start()
        yield fleet
    finally:
        fleet.stop()
        shutil.rmtree(root, ignore_errors=True)


def running_pids(root: Path) -> list[int]:
    """Processes whose command line names the fleet's folder or ports (all of them do)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if str(root) in cmdline and state != "Z" and int(proc.name) != os.getpid():
            found.append(int(proc.name))
    return found


def test_the_fleet_serves_through_nginx(fleet):
    health = requests.get(f"{fleet.url}/healthz", timeout=10)
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "database": "ok", "redis": "ok"}
    for number in (1, 2):
        assert requests.get(f"{fleet.web_url(number)}/healthz", timeout=10).json()["redis"] == "ok"

    guide = requests.get(f"{fleet.url}/careers/mental-health-technician", timeout=10)
    assert guide.status_code == 200
    assert "Mental Health Technician" in guide.text

    # The stylesheet the page names is served by nginx from the collected folder, for a year.
    sheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', guide.text).group(1)
    response = requests.get(
        fleet.url + sheet, headers={"Accept-Encoding": "gzip"}, timeout=10, stream=True
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"{" in gzip.decompress(response.raw.read())
    assert (fleet.root / "static" / sheet.lstrip("/")).exists()


def test_nginx_sends_requests_to_the_other_server_while_one_is_stopped(fleet):
    # Stopped without a word to nginx (as a crash would): proxy_next_upstream tries the other.
    fleet.stop_web(1, drain=False)
    try:
        answers = [
            requests.get(f"{fleet.url}/careers/mental-health-technician", timeout=10).status_code
            for _ in range(12)
        ]
        assert answers == [200] * 12
    finally:
        fleet.start_web(1)
    assert requests.get(f"{fleet.web_url(1)}/healthz", timeout=10).status_code == 200


def test_nginx_adds_the_visitors_address_after_any_the_visitor_wrote(fleet):
    # TRUSTED_PROXIES=1 makes the portal believe the last address (the one nginx adds), never
    # one the visitor wrote into the header.
    requests.get(f"{fleet.url}/healthz", headers={"X-Forwarded-For": "203.0.113.9"}, timeout=10)
    logs = "".join(path.read_text() for path in (fleet.root / "log").glob("web-*.log"))
    assert re.search(r"^203\.0\.113\.9, 127\.0\.0\.1 .*GET /healthz", logs, flags=re.MULTILINE)


def test_stopping_the_fleet_leaves_no_process(fleet):
    assert running_pids(fleet.root)
    fleet.stop()
    assert running_pids(fleet.root) == []
    assert not list((fleet.root / "run").glob("*.pid"))
