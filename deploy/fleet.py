"""The portal as a fleet on this one machine, from Debian's packages, in a folder of its own:
nginx in front of two portal servers (gunicorn), PostgreSQL, Redis, two Celery workers and
beat, and a mail sink, all on loopback. A rehearsal of production (deploy/), not a way to run it.

    python deploy/fleet.py start [--dir .fleet] [--port-base 18000]   # `make fleet`
    python deploy/fleet.py stop  [--dir .fleet]                       # `make fleet-stop`

Ports, from the base B: nginx B+80, portal servers B+1, B+2, ..., PostgreSQL B+432, Redis
B+379, mail B+25. Logs are in DIR/log, mail in DIR/mail, the portal's environment in
DIR/portal.env. benchmarks/fleet.py and tests/deploy/test_fleet.py drive a `Fleet` from here.

Stopping needs nothing but the standard library, so `make fleet-stop` works whatever state the
virtual environment is in.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))  # run as a script: deploy.nginx_site below

from deploy.nginx_site import nginx_main_conf, site_conf  # noqa: E402

DEPLOY = PROJECT_ROOT / "deploy"


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


def missing_programs() -> list[str]:
    """What `start` needs from Debian's packages and cannot find."""
    missing = [name for name in ("nginx", "redis-server") if not shutil.which(name, path=_PATH)]
    if postgres_bin() is None:
        missing.append("postgresql")
    return missing


_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/bin", "/sbin", "/bin"])


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent's wait is missing


@dataclass
class Fleet:
    root: Path
    port_base: int = 18000
    servers: int = 2
    workers: int = 2
    drained: set[int] = field(default_factory=set)  # servers nginx is told to leave alone

    @property
    def nginx_port(self) -> int:
        return self.port_base + 80

    def web_port(self, number: int) -> int:
        return self.port_base + number

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    def web_url(self, number: int) -> str:
        return f"http://127.0.0.1:{self.web_port(number)}"

    @property
    def mail_dir(self) -> Path:
        return self.root / "mail"

    # --- the environment every portal process reads ---

    def env(self) -> dict[str, str]:
        key_file = self.root / "secret-key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        redis = f"redis://127.0.0.1:{self.port_base + 379}"
        return {
            "SECRET_KEY": key_file.read_text().strip(),
            "SITE_URL": self.url,
            "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{self.port_base + 432}/portal",
            "REDIS_URL": f"{redis}/0",
            "CELERY_BROKER_URL": f"{redis}/1",
            "TRUSTED_PROXIES": "1",
            # Plain HTTP on loopback: the browser must send the cookies back (TLS is the
            # operator's in production, and this stays on there).
            "SESSION_COOKIE_SECURE": "0",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(self.port_base + 25),
            "MAIL_DEFAULT_SENDER": "no-reply@fleet.invalid",
            # Production refuses the demo billing provider; Stripe calls go to a port where
            # nothing answers (the discard port), so nothing leaves the machine.
            "STRIPE_SECRET_KEY": "sk_test_fleet_rehearsal",
            "STRIPE_WEBHOOK_SECRET": "whsec_fleet_rehearsal",
            "STRIPE_API_BASE": "http://127.0.0.1:9",
            "WEB_CONCURRENCY": "2",
            # A killed worker's batch comes back in seconds rather than production's hour, so
            # the rehearsal sees it; the claims' lease is shorter still, so the redo sends
            # what the dead worker had claimed.
            "CELERY_VISIBILITY_TIMEOUT": "15",
            "ALERTS_CLAIM_SECONDS": "10",
            "PAGE_RECHECK_SECONDS": "1",
            "FLASK_DEBUG": "0",
            "PATH": _PATH,
            "LANG": "C.UTF-8",
            "HOME": os.environ.get("HOME", "/root"),
        }

    def write_env_file(self) -> None:
        lines = [f"{name}={value}" for name, value in self.env().items()]
        (self.root / "portal.env").write_text("\n".join(lines) + "\n")

    # --- processes ---

    def _pidfile(self, name: str) -> Path:
        return self.root / "run" / f"{name}.pid"

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> int:
        log = open(self.root / "log" / f"{name}.log", "ab")  # noqa: SIM115 - the child keeps it
        process = subprocess.Popen(  # noqa: S603
            argv,
            cwd=PROJECT_ROOT,
            env=env or self.env(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped together with children
        )
        log.close()
        self._pidfile(name).write_text(str(process.pid))
        _children[process.pid] = process
        return process.pid

    def running(self, name: str) -> bool:
        pidfile = self._pidfile(name)
        return pidfile.exists() and _alive(int(pidfile.read_text()))

    def stop_process(self, name: str, sig: int = signal.SIGTERM, timeout: float = 40) -> None:
        """Signal the process (as systemd's KillMode=mixed does: gunicorn's and Celery's masters
        stop their own workers gracefully) and wait for it; after `timeout`, or for SIGKILL at
        once, the whole process group is killed."""
        pidfile = self._pidfile(name)
        if not pidfile.exists():
            return
        pid = int(pidfile.read_text())
        with contextlib.suppress(ProcessLookupError):
            if sig == signal.SIGKILL:
                os.killpg(pid, sig)
            else:
                os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)  # whatever of the group is left (pool children)
        _reap(pid)
        pidfile.unlink(missing_ok=True)

    def start_web(self, number: int, wait: bool = True) -> None:
        env = {**self.env(), "GUNICORN_BIND": f"127.0.0.1:{self.web_port(number)}"}
        argv = [sys.executable, "-m", "gunicorn", "--config", str(DEPLOY / "gunicorn.conf.py")]
        self._spawn(f"web-{number}", [*argv, "wsgi:app"], env)
        if wait:
            self.wait_healthy(self.web_url(number))
        if number in self.drained:
            self.drained.discard(number)
            self._reload_nginx()

    def stop_web(self, number: int, drain: bool = True) -> None:
        """Stop a portal server, as a rolling restart does: nginx is first told to send it
        nothing (`down`, reload), so no request waits in the queue of a server about to go.
        Without `drain`, nginx finds out by itself (proxy_next_upstream): requests sent to
        the server as it stops are retried elsewhere, except those other than GET and HEAD
        that had reached it."""
        if drain and self.running("nginx"):
            self.drained.add(number)
            self._reload_nginx()
            time.sleep(1)  # nginx's old workers finish what they had sent there
        self.stop_process(f"web-{number}")

    def start_worker(self, number: int) -> None:
        self._spawn(
            f"worker-{number}",
            [
                *(sys.executable, "-m", "celery", "--app", "portal.tasks", "worker"),
                *(f"--hostname=fleet-{number}@%h", "--concurrency=1", "--loglevel=INFO"),
                *("--without-gossip", "--without-mingle"),
            ],
        )

    def kill_worker(self, number: int) -> None:
        """As a crash or the OOM killer would: no warm shutdown, the batch in hand is lost."""
        self.stop_process(f"worker-{number}", signal.SIGKILL, timeout=10)

    # --- start and stop everything ---

    def start(self) -> None:
        if missing := missing_programs():
            raise SystemExit(
                f"missing: {', '.join(missing)} (apt-get install nginx postgresql redis-server)"
            )
        for folder in ("log", "run", "mail", "static", "nginx/tmp", "redis"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)
        (self.root / "nginx" / "tmp").chmod(0o777)  # nginx's workers may run as nobody
        self.write_env_file()
        self._start_postgres()
        self._spawn(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.port_base + 379),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root / "redis"),
            ],
        )
        self._spawn(
            "mail",
            [
                sys.executable,
                str(DEPLOY / "mailsink.py"),
                "--port",
                str(self.port_base + 25),
                "--dir",
                str(self.mail_dir),
            ],
        )
        self._flask("db", "upgrade", DATABASE_STATEMENT_TIMEOUT_MS="0")
        self._flask("seed")
        self._flask("assets", "collect", str(self.root / "static"))
        for number in range(1, self.servers + 1):
            self.start_web(number, wait=False)
        for number in range(1, self.workers + 1):
            self.start_worker(number)
        beat_schedule = self.root / "run" / "beat-schedule"
        self._spawn(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "--app",
                "portal.tasks",
                "beat",
                "--schedule",
                str(beat_schedule),
                "--loglevel=INFO",
            ],
        )
        self._start_nginx()
        for number in range(1, self.servers + 1):
            self.wait_healthy(self.web_url(number))
        self.wait_healthy(self.url)

    def stop(self) -> None:
        names = sorted(path.stem for path in (self.root / "run").glob("*.pid"))
        # The front first, then who uses the back, then the back.
        order = ["nginx", "beat"] + [n for n in names if n.startswith(("web-", "worker-"))]
        for name in [*order, "mail", "redis"]:
            self.stop_process(name)
        pg = postgres_bin()
        if pg and (self.root / "pg" / "postmaster.pid").exists():
            self._as_postgres(
                [str(pg / "pg_ctl"), "-D", str(self.root / "pg"), "-m", "fast", "-w", "stop"]
            )

    def _start_postgres(self) -> None:
        pg, data = postgres_bin(), self.root / "pg"
        if not (data / "PG_VERSION").exists():
            data.mkdir(mode=0o700, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(data, "postgres", "postgres")
            self._as_postgres(
                [str(pg / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]
            )
        options = f"-p {self.port_base + 432} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            [
                str(pg / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(data / "server.log"),
                "-w",
                "start",
            ]
        )
        server = ["-h", "127.0.0.1", "-p", str(self.port_base + 432), "-U", "postgres"]
        exists = self._as_postgres(
            [
                str(pg / "psql"),
                *server,
                "-tAc",
                "SELECT 1 FROM pg_database WHERE datname = 'portal'",
            ],
            capture=True,
        )
        if exists.strip() != "1":
            self._as_postgres([str(pg / "createdb"), *server, "portal"])

    def _as_postgres(self, argv: list[str], capture: bool = False) -> str:
        # initdb refuses to run as root: as root, PostgreSQL's own account runs the cluster.
        if os.geteuid() == 0:
            argv = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(argv)]
        result = subprocess.run(argv, check=True, capture_output=True, text=True)  # noqa: S603
        return result.stdout

    def _flask(self, *args: str, **extra_env: str) -> None:
        argv = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
        env = {**self.env(), **extra_env}
        subprocess.run(argv, cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)  # noqa: S603

    def _start_nginx(self) -> None:
        prefix = self.root / "nginx"
        self._write_site()
        main = prefix / "nginx.conf"
        main.write_text(nginx_main_conf(prefix, prefix / "portal.conf"))
        self._spawn("nginx", [self._nginx(), "-p", str(prefix), "-c", str(main)])

    def _write_site(self) -> None:
        servers = {n: f"127.0.0.1:{self.web_port(n)}" for n in range(1, self.servers + 1)}
        (self.root / "nginx" / "portal.conf").write_text(
            site_conf(
                (DEPLOY / "nginx" / "portal.conf").read_text(),
                listen=f"127.0.0.1:{self.nginx_port}",
                servers=list(servers.values()),
                static_root=self.root / "static",
                down={servers[n] for n in self.drained},
            )
        )

    def _reload_nginx(self) -> None:
        self._write_site()
        prefix = self.root / "nginx"
        reload = [
            self._nginx(),
            "-p",
            str(prefix),
            "-c",
            str(prefix / "nginx.conf"),
            "-s",
            "reload",
        ]
        subprocess.run(reload, check=True, capture_output=True)  # noqa: S603

    @staticmethod
    def _nginx() -> str:
        return shutil.which("nginx", path=_PATH) or "nginx"

    def wait_healthy(self, url: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{url}/healthz did not answer 200 in {timeout:.0f} s (see {self.root / 'log'})"
                )
            time.sleep(0.2)


# Processes this Python process started: waited for when they end, so none is left a zombie.
_children: dict[int, subprocess.Popen] = {}


def _reap(pid: int) -> None:
    process = _children.get(pid)
    if process is not None and process.poll() is not None:
        del _children[pid]


def main() -> None:
    parser = argparse.ArgumentParser(description="The portal as a fleet on this machine.")
    parser.add_argument("command", choices=["start", "stop"])
    parser.add_argument("--dir", type=Path, default=PROJECT_ROOT / ".fleet")
    parser.add_argument(
        "--port-base", type=int, default=int(os.environ.get("FLEET_PORT_BASE", 18000))
    )
    options = parser.parse_args()
    fleet = Fleet(options.dir.resolve(), options.port_base)
    if options.command == "stop":
        fleet.stop()
        print("fleet stopped")
        return
    try:
        fleet.start()
    except BaseException:
        fleet.stop()
        raise
    print(f"fleet running: {fleet.url} (logs in {fleet.root / 'log'}; `make fleet-stop` ends it)")


if __name__ == "__main__":
    main()
