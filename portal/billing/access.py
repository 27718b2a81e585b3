"""Who is asking, for billing's views: the host's signed-in user (Flask-Login's, unless the host
gave its own `current_user`), and a guard for pages that need one."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import current_app, redirect, request

from portal.billing.state import BillingUser, host_url, state


def visitor() -> Any:
    """The host's user object for this request, or None."""
    return state().current_user()


def signed_in() -> bool:
    user = visitor()
    return bool(user is not None and user.is_authenticated)


def signed_in_user() -> BillingUser:
    return state().billing_user(visitor())


def login_required(view: Callable) -> Callable:
    """Like Flask-Login's: the host's login manager answers a visitor (its redirect, its message);
    without one, a redirect to the host's "login" endpoint that comes back here."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if signed_in():
            return view(*args, **kwargs)
        manager = getattr(current_app, "login_manager", None)
        if manager is not None:
            return manager.unauthorized()
        return redirect(host_url("login", next=request.full_path.rstrip("?")))

    return guarded
