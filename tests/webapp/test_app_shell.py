"""The installable app's shell without a browser: the manifest and its icons, the worker's
headers, the offline page, and the headers that tell the worker what it may keep."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from portal.accounts.models import Role
from portal.webapp.shell import THEME_COLOUR
from tests.conftest import csrf_token, login

GUIDE = "/careers/mental-health-technician"
STATIC = Path(__file__).resolve().parents[2] / "portal" / "static"


def test_the_manifest_describes_an_installable_app(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] == "Career Portal" and manifest["short_name"]
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/",
        "/",
        "standalone",
    )
    assert manifest["theme_color"] == THEME_COLOUR and manifest["background_color"]
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as served:
            assert served.status_code == 200 and served.mimetype == "image/png"
            data = served.data
        with Image.open(io.BytesIO(data)) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_every_page_links_the_manifest_theme_colour_and_touch_icon(client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert f'<meta name="theme-color" content="{THEME_COLOUR}">' in page
    touch_icon = re.search(r'<link rel="apple-touch-icon" href="([^"]+)"', page).group(1)
    with client.get(touch_icon) as icon:
        assert icon.status_code == 200
    assert 'data-worker="/sw.js"' in page  # the script that registers the worker


def test_the_service_worker_is_served_from_the_root_and_never_stale(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    # Its caches are named after the static files' hash, and it knows every static folder.
    version = re.search(r'const VERSION = "([0-9a-f]{12})"', body).group(1)
    assert f"static-{version}" not in body  # built at run time from VERSION
    assert '"/static/"' in body and '"/careers/static/"' in body
    assert '"/offline"' in body and '"/logout"' in body


def test_the_offline_page_is_the_same_for_everyone(client, make_user):
    user = make_user(name="Harriet Example")
    login(client, user)
    response = client.get("/offline")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "You are offline" in page
    assert "Harriet" not in page and "Sign out" not in page
    assert response.headers["Cache-Control"] in ("public, no-cache", "no-cache, public")


def test_icons_are_drawn_again_by_the_command(runner, tmp_path):
    result = runner.invoke(args=["webapp", "icons", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("icon-192.png", "icon-512.png", "maskable-512.png", "apple-touch-icon.png"):
        with Image.open(tmp_path / name) as drawn, Image.open(STATIC / "icons" / name) as kept:
            assert drawn.size == kept.size
            # A maskable icon fills its square (the platform cuts the shape); the plain one
            # has rounded, transparent corners.
            corner = drawn.convert("RGBA").getpixel((0, 0))
        if name.startswith("maskable") or name.startswith("apple"):
            assert corner[3] == 255
        else:
            assert corner[3] == 0


def test_a_visitors_guide_page_may_be_kept_for_everyone(client):
    response = client.get(GUIDE)
    assert response.headers["X-Visitor"] == "anonymous"
    assert response.headers["X-Offline-Copy"] == "public"


def test_a_signed_in_persons_pages_are_kept_as_theirs_alone(client, make_user):
    first, second = make_user(), make_user()
    login(client, first)
    bookmarks = client.get("/bookmarks")
    applications = client.get("/applications")
    guide = client.get(GUIDE)
    for response in (bookmarks, applications, guide):
        assert response.headers["X-Offline-Copy"] == "personal"
    tag = bookmarks.headers["X-Visitor"]
    assert re.fullmatch(r"[0-9a-f]{32}", tag) and guide.headers["X-Visitor"] == tag
    # Another person, or the same one after signing in again, gets another tag: the worker
    # then drops the copies it kept under the old one.
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, second)
    assert client.get("/bookmarks").headers["X-Visitor"] not in (tag, "anonymous")


@pytest.mark.parametrize("path", ["/account", "/alerts", "/jobs/", "/login"])
def test_other_pages_are_not_kept(client, make_user, path):
    login(client, make_user())
    response = client.get(path)
    assert "X-Visitor" in response.headers
    assert "X-Offline-Copy" not in response.headers


def test_admin_pages_are_never_kept(client, make_user):
    login(client, make_user(role=Role.ADMIN))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "X-Offline-Copy" not in response.headers


def test_a_page_with_a_one_off_message_is_not_kept(client, make_user):
    login(client, make_user())
    # Signing out lands on the home page with "You have signed out."
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert response.headers["Clear-Site-Data"] == '"cache"'
    home = client.get("/")
    assert "You have signed out" in home.get_data(as_text=True)
    assert "X-Offline-Copy" not in home.headers
    assert client.get("/").headers["X-Offline-Copy"] == "public"
