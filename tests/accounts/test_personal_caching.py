"""Pages that show a signed-in person's data are kept by no cache, the browser's included."""

from __future__ import annotations

import pytest

from tests.conftest import login

PERSONAL_PAGES = ["/account", "/applications", "/bookmarks", "/alerts"]


@pytest.mark.parametrize("url", PERSONAL_PAGES)
def test_personal_pages_are_not_stored(client, make_user, url):
    login(client, make_user())
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"


def test_pages_with_a_policy_of_their_own_keep_it(client, make_user):
    anonymous_guide = client.get("/careers/mental-health-technician")
    assert "no-store" not in anonymous_guide.headers["Cache-Control"]
    login(client, make_user())
    # The guide page revalidates by its ETag; static files are cached for an hour.
    guide = client.get("/careers/mental-health-technician")
    assert guide.headers["Cache-Control"] == "private, no-cache"
    assert guide.headers["ETag"]
    static = client.get("/static/css/site.css")
    assert "no-store" not in static.headers["Cache-Control"]
    static.close()
