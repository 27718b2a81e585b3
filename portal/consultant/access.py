"""Who may open the consultant's workspace: accounts with the (active) consultant role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort, g
from flask_login import current_user

from portal.consultant import roster
from portal.consultant.models import Consultant
from portal.extensions import login_manager

P = ParamSpec("P")
R = TypeVar("R")


def consultant_required(view: Callable[P, R]) -> Callable[P, R]:
    """Anonymous visitors are sent to sign in; anyone without the role gets 403 (admins too:
    the role, not the rank, opens another person's conversations)."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        consultant = roster.consultant_of_user(current_user.id)
        if consultant is None:
            abort(403)
        g.consultant = consultant
        return view(*args, **kwargs)

    return wrapped


def current_consultant() -> Consultant:
    return g.consultant
