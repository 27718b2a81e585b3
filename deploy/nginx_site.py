"""nginx configuration for the fleet and the tests: the shipped site (deploy/nginx/portal.conf)
with this machine's addresses and folders, and a whole configuration around it that keeps
nginx's files in one folder."""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path


def site_conf(
    template: str,
    *,
    listen: str,
    servers: list[str],
    static_root: Path,
    down: Set[str] = frozenset(),
) -> str:
    """deploy/nginx/portal.conf with this machine's addresses and folders; servers in `down`
    are marked so (nginx sends them nothing: a server drained before it is stopped)."""
    lines, upstream_done = [], False
    for line in template.splitlines():
        stripped = line.strip()
        if stripped.startswith("server 127.0.0.1:"):
            if not upstream_done:
                options = stripped.split(None, 2)[2]
                lines += [
                    f"    server {server} {options[:-1]}{' down' if server in down else ''};"
                    for server in servers
                ]
                upstream_done = True
            continue
        if stripped.startswith("listen [::]:80"):
            continue
        if stripped.startswith("listen 80;"):
            line = f"    listen {listen};"
        elif stripped.startswith("server_name "):
            line = f"    server_name {listen.partition(':')[0]};"
        lines.append(line.replace("/srv/portal/static-collected", str(static_root)))
    assert upstream_done, "no upstream server line in the nginx site"
    return "\n".join(lines) + "\n"


def nginx_main_conf(prefix: Path, site: Path, *, daemon: bool = False) -> str:
    """A whole nginx configuration that keeps everything under `prefix` (pid, logs, buffers)."""
    temp = prefix / "tmp"
    return f"""daemon {"on" if daemon else "off"};
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {prefix}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site};
}}
"""
