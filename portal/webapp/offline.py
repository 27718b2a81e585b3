"""What the service worker may keep for reading offline, told to it by two response headers.

The server decides, not the worker: it knows who is signed in and what a page shows.
- `X-Visitor` on every HTML page: `anonymous`, or a tag for this sign-in (a keyed hash of the
  account's session id, so it changes with every sign-in and names nobody). The worker keeps
  personal copies for one tag at a time: a page for anyone else, or for a signed-out visitor,
  makes it drop the others' copies (an idle sign-out or another person on a shared computer).
- `X-Offline-Copy` on the pages worth reading offline: `public` (the same for every visitor) or
  `personal` (for a signed-in person, whose name is at least in the header). Nothing else is
  kept: not forms, not admin or consultant pages, not pages about other people.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Response, current_app, get_flashed_messages, request
from flask_login import current_user

# The pages a person wants on the bus: the guides, the jobs they looked at, their bookmarks
# and their applications. Endpoints, so a renamed URL stays covered.
OFFLINE_PAGES = frozenset(
    {
        "site.home",
        "careers.index",
        "careers.guide",
        "jobs.posting",
        "tracker.bookmarks",
        "tracker.applications",
    }
)
SIGN_OUT = "accounts.logout"


def visitor_tag() -> str:
    """`anonymous`, or a tag that changes with each sign-in of the account."""
    if not current_user.is_authenticated:
        return "anonymous"
    key = current_app.config["SECRET_KEY"].encode()
    session_id = current_user.get_id().encode()
    return hmac.new(key, b"offline-owner:" + session_id, hashlib.sha256).hexdigest()[:32]


def mark_offline_copy(response: Response) -> Response:
    if request.method != "GET" or response.mimetype != "text/html":
        return response
    response.headers["X-Visitor"] = visitor_tag()
    # A page carrying a one-off message ("You have signed out") is not worth keeping as it is.
    # The page rendered its messages already, so this reads them back rather than taking them.
    keep = (
        response.status_code == 200
        and request.endpoint in OFFLINE_PAGES
        and not get_flashed_messages()
    )
    if keep:
        personal = current_user.is_authenticated
        response.headers["X-Offline-Copy"] = "personal" if personal else "public"
    return response


def clear_cache_on_sign_out(response: Response) -> Response:
    """The browser drops its HTTP cache for the site on sign-out (the worker drops the personal
    pages it kept as the sign-out goes by, see templates/webapp/sw.js)."""
    if request.endpoint == SIGN_OUT:
        response.headers["Clear-Site-Data"] = '"cache"'
    return response
