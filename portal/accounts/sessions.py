"""Sign-in state: Flask-Login's session and remember-me cookie, tied to the account's session
token, plus inactivity expiry.

Flask-Login keeps `User.get_id()` ("<id>:<session token>") in the session and in the remember-me
cookie. `load_user` checks the token on every request, so rotating it (sign-out, password change,
deactivation) ends every session and remember-me cookie of the account, which a signed cookie
alone could never do.
"""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, flash, request, session
from flask_login import current_user, login_remembered, login_user, logout_user

from portal.accounts.models import User
from portal.extensions import db, login_manager

# Flask-Login's own session keys, and ours.
SIGN_IN_KEYS = ("_user_id", "_fresh", "_id", "_remember_seconds")
LAST_SEEN = "_last_seen"
# Writing the session on every request would set a cookie on every response; a minute is
# precise enough for an idle limit counted in tens of minutes.
LAST_SEEN_RESOLUTION_SECONDS = 60


def load_user(session_id: str) -> User | None:
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or not user.matches_session(token):
        # Forget the dead id so later requests do not look it up again.
        session.pop("_user_id", None)
        return None
    return user


def sign_in(user: User, remember: bool) -> None:
    """Start a new session for `user`: nothing from the session before sign-in is kept, so a
    session id planted before sign-in is worth nothing after it (session fixation)."""
    session.clear()
    login_user(user, remember=remember)
    session[LAST_SEEN] = int(time.time())


def resume_after_token_change(user: User) -> None:
    """Keep this browser signed in after its account's session token changed (a password
    change ends every other session)."""
    remembered = login_remembered()
    sign_in(user, remember=remembered)


def sign_out() -> None:
    """End this session and its remember-me cookie. The caller rotates the session token first
    when every other session should end too."""
    logout_user()
    remember = session.get("_remember")
    session.clear()
    if remember:
        # Flask-Login deletes the remember-me cookie when it sees this on the way out.
        session["_remember"] = remember


def expire_idle_session() -> None:
    """Before each request: a sign-in unused for SESSION_IDLE_MINUTES ends. A remember-me cookie
    (which the person asked for) then signs them in again, if its token is still valid."""
    if "_user_id" not in session:
        return
    idle_limit = current_app.config["SESSION_IDLE_MINUTES"] * 60
    last_seen = session.get(LAST_SEEN)
    if isinstance(last_seen, int) and time.time() - last_seen <= idle_limit:
        return
    for key in (*SIGN_IN_KEYS, LAST_SEEN):
        session.pop(key, None)
    if current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in request.cookies:
        flash("You were signed out after a while without activity. Please sign in again.", "info")


def record_activity(response: Response) -> Response:
    if "_user_id" in session:
        now = int(time.time())
        last_seen = session.get(LAST_SEEN)
        if not isinstance(last_seen, int) or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
            session[LAST_SEEN] = now
    return response


def keep_personal_pages_private(response: Response) -> Response:
    """A page for a signed-in person shows their data (the account, applications, bookmarks,
    alerts, at least their name in the header), and listing every such page would miss the next
    one; so every response to a signed-in person that set no cache policy of its own gets
    `private, no-store`: no shared cache keeps it, and the browser does not keep it either, so
    the back button on a shared computer shows nothing after sign-out. Responses that chose a
    policy keep it (static files; the guide page, which revalidates by its ETag)."""
    if "Cache-Control" in response.headers or not current_user.is_authenticated:
        return response
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    app.before_request(expire_idle_session)
    app.after_request(record_activity)
    app.after_request(keep_personal_pages_private)
