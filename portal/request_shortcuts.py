"""Flask, its cookie session, Flask-Login, Flask-WTF's CSRF check and Flask-Limiter, minus the
work they do on a request that gives them nothing to check: a visitor without cookies costs
almost nothing.

Profiled (benchmarks/http_speed.py, cProfile), these cost a cookieless visit more than Flask's own
request handling: building a signing serializer (which JSON-encodes a probe value) to find there
is no cookie to read, hashing the client's address and browser into a session identifier to
compare with an empty session, resolving rate limits for every route when only a few views have
any, looking up CSRF exemptions for a GET, and asking `iscoroutinefunction` of every hook. Each
shortcut below ends where the library would have; the accounts, CSRF and rate-limit tests hold.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from flask import Flask, Request, Response, current_app, request, session
from flask.globals import request_ctx
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_login.config import AUTH_HEADER_NAME, COOKIE_NAME
from flask_login.signals import user_accessed
from flask_wtf.csrf import CSRFProtect
from itsdangerous import URLSafeTimedSerializer


class Portal(Flask):
    """Flask, remembering which of its functions are coroutines: it asks again for every hook
    of every request (`inspect.iscoroutinefunction` each time), a dozen times a request here."""

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        known = self.__dict__.setdefault("_sync_functions", {})
        if func not in known:
            known[func] = super().ensure_sync(func)
        return known[func]


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session; a request without the cookie gets an empty session at
    once, and the serializer that checks signatures is built once per set of keys."""

    def __init__(self) -> None:
        self._serializers: dict[tuple[Any, ...], URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        # No Cookie header at all (most visitors, every crawler): nothing to parse either.
        no_cookie = "HTTP_COOKIE" not in request.environ or not request.cookies.get(
            self.get_cookie_name(app)
        )
        if app.secret_key and no_cookie:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not session and not session.modified:
            # Nothing to set or delete; Flask's own method would work out the cookie's
            # attributes first, then end here.
            if session.accessed:
                if "Vary" in response.headers:
                    response.vary.add("Cookie")
                else:
                    response.headers["Vary"] = "Cookie"
            return
        super().save_session(app, session, response)


class ReadOnlySafeCSRFProtect(CSRFProtect):
    """Flask-WTF's CSRF protection, which looks up whether the view is exempt before it asks
    whether the method needs a token at all; GET, HEAD and OPTIONS never do."""

    def protect(self, apply_exemptions: bool = False) -> None:
        if request.method not in current_app.config["WTF_CSRF_METHODS"]:
            return
        super().protect(apply_exemptions=apply_exemptions)


class VisitorAwareLoginManager(LoginManager):
    """Flask-Login; a request with an empty session and no remember-me cookie is anonymous
    without the session-protection hash and the loaders (which could find no one)."""

    def _load_user(self) -> None:
        config = current_app.config
        nothing_to_load = (
            not session
            and (
                "HTTP_COOKIE" not in request.environ
                or config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) not in request.cookies
            )
            and self._request_callback is None
            and (self._header_callback is None or AUTH_HEADER_NAME not in request.headers)
            and not user_accessed.receivers
        )
        if nothing_to_load:
            return self._update_request_context_with_user()
        return super()._load_user()


class RouteLimiter(Limiter):
    """Flask-Limiter; the check before every request is skipped while no limit applies to the
    request (default, application or meta limits, limits met inside a view, or limits on the
    request's blueprint), as in this portal: its limits decorate a few views, which the
    decorators check when those views are called, and the API's blueprints. Its after-request
    hook (rate-limit headers, deductions) and teardown then run only on requests where a limit
    was checked: they work on the state a check leaves on the request, and without one they
    would only create it to find it empty."""

    def init_app(self, app: Flask) -> None:
        super().init_app(app)
        after = app.after_request_funcs.setdefault(None, [])
        after[:] = [self._after_a_check(hook) if self._is_own(hook) else hook for hook in after]
        teardown = app.teardown_request_funcs.setdefault(None, [])
        teardown[:] = [
            self._after_a_check(hook) if self._is_own(hook) else hook for hook in teardown
        ]

    def _is_own(self, hook: Callable[..., Any]) -> bool:
        # Flask-Limiter registers a partial of Limiter's method (after request) and a bound
        # method (teardown), both on this instance.
        bound_to = hook.args[0] if isinstance(hook, partial) and hook.args else None
        return bound_to is self or getattr(hook, "__self__", None) is self

    @staticmethod
    def _after_a_check(hook: Callable[[Any], Any]) -> Callable[[Any], Any]:
        @wraps(hook)
        def only_after_a_check(value: Any) -> Any:
            if not hasattr(request_ctx._get_current_object(), "_limiter_request_context"):
                return value
            return hook(value)

        return only_after_a_check

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if in_middleware and not self._limits_beyond_decorators():
            return
        super()._check_request_limit(callable_name, in_middleware)

    def _limits_beyond_decorators(self) -> bool:
        # Flask-Limiter keeps these lists on its limit manager; a storage that went down
        # switches to fallback limits, which the full check applies. Blueprint limits (the
        # API's) apply only to requests for a route of that blueprint or one nested in it.
        manager = self.limit_manager
        if (
            manager._application_limits
            or manager._default_limits
            or manager._endpoint_hints
            or self._meta_limits
            or self._storage_dead
        ):
            return True
        limited = manager._blueprint_limits
        return bool(limited) and any(name in limited for name in request.blueprints)
