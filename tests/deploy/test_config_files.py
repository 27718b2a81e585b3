"""Each piece of deploy/ is checked by the program that will read it: gunicorn loads its
settings and the app, nginx tests the site, systemd verifies the units, and the environment
example names every variable the portal reads."""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.nginx_site import nginx_main_conf, site_conf
from tests.services import missing_service

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": "deploy-test-key",
        "SITE_URL": "https://jobs.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "STRIPE_SECRET_KEY": "sk_test_deploy_files",
        **extra,
    }


def test_gunicorn_takes_its_workers_and_address_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:8001, 127.0.0.1:8002")
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert settings["workers"] == 3
    assert settings["bind"] == ["127.0.0.1:8001", "127.0.0.1:8002"]
    assert settings["preload_app"] is True
    # Two servers on one machine must not share gunicorn's one control socket path.
    assert settings["control_socket_disable"] is True
    assert settings["graceful_timeout"] >= 20
    assert "x-forwarded-for" in settings["access_log_format"]


def gunicorn_check_config(env: dict[str, str]) -> subprocess.CompletedProcess:
    # --check-config loads the settings and (preload_app) builds the app, as a start would.
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--check-config",
            "-c",
            str(DEPLOY / "gunicorn.conf.py"),
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_gunicorn_accepts_the_settings_and_loads_the_app(tmp_path):
    result = gunicorn_check_config(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_refuses_to_start_an_app_without_its_settings(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = gunicorn_check_config(env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stdout + result.stderr


def nginx() -> str:
    found = shutil.which("nginx", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"]))
    if not found:
        missing_service("nginx is not installed (apt-get install nginx)")
    return found


def test_nginx_accepts_the_site_as_shipped(tmp_path):
    (tmp_path / "tmp").mkdir()
    main = tmp_path / "nginx.conf"
    main.write_text(nginx_main_conf(tmp_path, DEPLOY / "nginx" / "portal.conf"))
    result = subprocess.run(
        [nginx(), "-t", "-p", str(tmp_path), "-c", str(main)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_site_passes_what_trusted_proxies_needs_and_retries_another_server():
    site = (DEPLOY / "nginx" / "portal.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert re.search(r"proxy_next_upstream error timeout", site)
    assert "immutable" in site and "gzip on;" in site


def test_the_fleet_rewrites_only_addresses_and_folders(tmp_path):
    shipped = (DEPLOY / "nginx" / "portal.conf").read_text()
    local = site_conf(
        shipped, listen="127.0.0.1:18080", servers=["127.0.0.1:18001"], static_root=tmp_path
    )
    assert "server 127.0.0.1:18001 max_fails=1 fail_timeout=5s;" in local
    assert "127.0.0.1:8002" not in local and "/srv/portal" not in local
    assert "listen 127.0.0.1:18080;" in local
    assert local.count("proxy_next_upstream") == shipped.count("proxy_next_upstream")


def test_systemd_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze is not installed (the units are checked where it is)")
    # Where the units expect /srv/portal and its virtual environment, this checkout and ours:
    # systemd checks that the programs exist.
    venv = Path(sys.executable).parent.parent
    units = []
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        text = (
            unit.read_text()
            .replace("/srv/portal/.venv", str(venv))
            .replace("/srv/portal", str(ROOT))
        )
        name = unit.name.replace("@.service", "@1.service")
        (tmp_path / name).write_text(text)
        units.append(str(tmp_path / name))
    assert len(units) == 3
    result = subprocess.run(
        [analyze, "verify", *units], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout + result.stderr == "", result.stdout + result.stderr


READS = re.compile(
    r'(?:environ\.get\(|env_(?:int|bool|seconds|list)\(environ, )"([A-Z][A-Z0-9_]+)"'
)


def test_the_environment_example_names_every_variable_the_portal_reads():
    read = set()
    for path in [*(ROOT / "portal").rglob("*.py"), DEPLOY / "gunicorn.conf.py"]:
        read.update(READS.findall(path.read_text()))
    assert {"SECRET_KEY", "SITE_URL", "DATABASE_URL", "WEB_CONCURRENCY"} <= read
    example = (DEPLOY / "portal.env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert read - listed == set(), "add these to deploy/portal.env.example"
    assert listed - read == set(), "deploy/portal.env.example names variables nothing reads"
