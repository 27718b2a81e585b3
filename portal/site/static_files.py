"""Static files under names that carry their content's hash (`css/site.3f2a9c0d1e4b.css`), so
browsers and nginx may keep them for a year: a changed file gets a new name, and pages name it.

`url_for('static', filename='css/site.css')` (and each blueprint's `<name>.static`) gives the
hashed name when STATIC_HASHED_NAMES is on (the default in production; off in development and
tests, where files change under the developer's hands). The portal serves a hashed name itself
with a year's `Cache-Control: immutable`; behind nginx, `flask assets collect DIR` writes every
static file under both names into DIR, laid out as the URLs are, for nginx to serve
(deploy/nginx/portal.conf). Every process works the names out from the files alone, so servers
of one release agree without sharing anything.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Flask, Response, current_app, g
from flask.cli import with_appcontext

HASH_LENGTH = 12
ONE_YEAR = 365 * 24 * 3600


def hashed_name(filename: str, content: bytes) -> str:
    """`css/site.css` -> `css/site.<hash>.css` (the hash goes before the last extension)."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    folder, _, name = filename.rpartition("/")
    stem, dot, extension = name.rpartition(".")
    hashed = f"{stem}.{digest}.{extension}" if dot and stem else f"{name}.{digest}"
    return f"{folder}/{hashed}" if folder else hashed


@dataclass(frozen=True)
class StaticFolder:
    """One static endpoint: its URL prefix (`/careers/static/`) and the folder it serves."""

    endpoint: str
    url_prefix: str
    folder: Path

    def files(self) -> list[str]:
        """Every file's name relative to the folder, in `/` form (dot files left out)."""
        return sorted(
            path.relative_to(self.folder).as_posix()
            for path in self.folder.rglob("*")
            if path.is_file() and not any(part.startswith(".") for part in path.parts)
        )


def static_folders(app: Flask) -> list[StaticFolder]:
    folders = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static" and not rule.endpoint.endswith(".static"):
            continue
        owner = (
            app if rule.endpoint == "static" else app.blueprints[rule.endpoint[: -len(".static")]]
        )
        if owner.static_folder:
            prefix = rule.rule.split("<", 1)[0]
            folders.append(StaticFolder(rule.endpoint, prefix, Path(owner.static_folder)))
    return folders


class Manifest:
    """Each static file's hashed name, and back: worked out once per process."""

    def __init__(self, folders: list[StaticFolder]) -> None:
        self.hashed: dict[tuple[str, str], str] = {}
        self.original: dict[tuple[str, str], str] = {}
        for static in folders:
            for name in static.files():
                hashed = hashed_name(name, (static.folder / name).read_bytes())
                self.hashed[static.endpoint, name] = hashed
                self.original[static.endpoint, hashed] = name


_lock = threading.Lock()


def manifest(app: Flask) -> Manifest:
    # Built on first use, when every blueprint (and its static folder) is registered.
    found = app.extensions.get("portal.static_manifest")
    if found is None:
        with _lock:
            found = app.extensions.get("portal.static_manifest")
            if found is None:
                found = app.extensions["portal.static_manifest"] = Manifest(static_folders(app))
    return found


def hashed_names_enabled(app: Flask) -> bool:
    """STATIC_HASHED_NAMES when set (from the environment, a string); else on in production."""
    setting = app.config.get("STATIC_HASHED_NAMES")
    if setting is None or setting == "":
        return not (app.debug or app.testing)
    if isinstance(setting, str):
        return setting.strip().lower() in {"1", "true", "yes", "on"}
    return bool(setting)


def init_app(app: Flask) -> None:
    app.cli.add_command(assets_cli)
    if not hashed_names_enabled(app):
        return

    @app.url_defaults
    def name_static_files_by_hash(endpoint: str, values: dict) -> None:
        if endpoint == "static" or endpoint.endswith(".static"):
            filename = values.get("filename")
            values["filename"] = manifest(app).hashed.get((endpoint, filename), filename)

    @app.url_value_preprocessor
    def serve_hashed_names(endpoint: str | None, values: dict | None) -> None:
        if endpoint and values and (endpoint == "static" or endpoint.endswith(".static")):
            # A name whose hash is not the file's current one (a page of an older release)
            # is left alone: no such file, 404, rather than today's file cached for a year.
            original = manifest(app).original.get((endpoint, values.get("filename")))
            if original is not None:
                values["filename"] = original
                g.static_immutable = True

    @app.after_request
    def cache_hashed_names_for_a_year(response: Response) -> Response:
        if g.get("static_immutable") and response.status_code in (200, 304):
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
            response.expires = None
        return response


assets_cli = click.Group("assets", help="Static files for a web server to serve.")


@assets_cli.command("collect")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def collect_command(target: Path) -> None:
    """Copy every static file into TARGET under its own and its hashed name, laid out as the
    URLs are (TARGET/static/css/site.<hash>.css). Files of earlier releases are kept, so pages
    still served by a server not yet restarted keep their styles."""
    app = current_app._get_current_object()
    names = Manifest(static_folders(app)).hashed
    count = 0
    for static in static_folders(app):
        destination = target / static.url_prefix.strip("/")
        for name in static.files():
            for written in (name, names[static.endpoint, name]):
                path = destination / written
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(static.folder / name, path)
            count += 1
    click.echo(f"collected {count} static files into {target}")
