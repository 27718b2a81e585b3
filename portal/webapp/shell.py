"""The app shell: the manifest's contents, the icons, and the version that names the worker's
caches (a hash of every static file, so a deploy that changes one replaces the cached copies)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache

from flask import Flask, current_app, url_for

THEME_COLOUR = "#083f61"  # --brand-dark in site.css, as in favicon.svg
BACKGROUND_COLOUR = "#ffffff"


@dataclass(frozen=True)
class Icon:
    filename: str  # under static/icons/
    size: int
    purpose: str  # "any" or "maskable" (drawn with its mark inside the safe circle)


ICONS = (
    Icon("icon-192.png", 192, "any"),
    Icon("icon-512.png", 512, "any"),
    Icon("maskable-192.png", 192, "maskable"),
    Icon("maskable-512.png", 512, "maskable"),
)
APPLE_TOUCH_ICON = Icon("apple-touch-icon.png", 180, "any")


def theme_colour() -> str:
    return THEME_COLOUR


def manifest() -> dict:
    """The web app manifest (https://www.w3.org/TR/appmanifest/)."""
    name = current_app.config["SITE_NAME"]
    return {
        "id": "/",
        "name": name,
        "short_name": name if len(name) <= 12 else "Careers",
        "description": "Career guides and job listings for people building a career in health "
        "and care.",
        "start_url": url_for("site.home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {
                "src": url_for("static", filename=f"icons/{icon.filename}"),
                "sizes": f"{icon.size}x{icon.size}",
                "type": "image/png",
                "purpose": icon.purpose,
            }
            for icon in ICONS
        ],
    }


def static_prefixes(app: Flask) -> list[str]:
    """URL prefixes of the static files (the app's and any blueprint's, such as the guide's
    stylesheet), which the worker serves from its cache first."""
    return sorted(
        rule.rule.removesuffix("<path:filename>")
        for rule in app.url_map.iter_rules()
        if rule.endpoint == "static" or rule.endpoint.endswith(".static")
    )


def precached(app: Flask) -> list[str]:
    """What the worker fetches when it installs: what every page needs, and the offline page."""
    return [
        url_for("webapp.offline_page"),
        url_for("static", filename="css/site.css"),
        url_for("static", filename="js/site.js"),
        url_for("static", filename="js/webapp.js"),
        url_for("static", filename="favicon.svg"),
    ]


def asset_version(app: Flask) -> str:
    return _hash_of_folders(tuple(sorted(_static_folders(app))))


def _static_folders(app: Flask) -> set[str]:
    folders = {app.static_folder}
    folders.update(bp.static_folder for bp in app.blueprints.values())
    return {folder for folder in folders if folder and os.path.isdir(folder)}


@cache
def _hash_of_folders(folders: tuple[str, ...]) -> str:
    # Once per process: the files change only with a deploy, which starts new processes.
    digest = hashlib.sha256()
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                digest.update(os.path.relpath(path, folder).encode() + b"\0")
                with open(path, "rb") as file:
                    digest.update(hashlib.sha256(file.read()).digest())
    return digest.hexdigest()[:12]
