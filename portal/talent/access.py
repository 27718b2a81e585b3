"""Who may open employer pages: decided by the employer entitlements (`employers.can_search`,
`can_contact`), never by a role. Anonymous visitors are sent to sign in; everyone else who may
not gets 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user

from portal.extensions import login_manager

P = ParamSpec("P")
R = TypeVar("R")


def allowed_if(check: Callable[[object], bool]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate
