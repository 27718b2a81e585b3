"""Who may open a page: `login_required` (from Flask-Login) for signed-in pages and
`admin_required` for admin pages. Every route must be public, signed-in only or admin only;
tests/test_access_map.py holds the whole map."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user, login_required

from portal.accounts.models import Role
from portal.extensions import login_manager

__all__ = ["admin_required", "login_required"]

P = ParamSpec("P")
R = TypeVar("R")


def admin_required(view: Callable[P, R]) -> Callable[P, R]:
    """Anonymous visitors are sent to sign in; signed-in people who are not admins get 403."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role != Role.ADMIN:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
