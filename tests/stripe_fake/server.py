"""FakeStripe: a small stateful Stripe API as a WSGI app. It answers what the SDK sends (form
bodies with nested keys, bearer or basic auth, Idempotency-Key, Stripe-Version, expand[]) and
renders objects and errors the way Stripe does for the pinned API version."""

from __future__ import annotations

import base64
import json
import traceback
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from tests.stripe_fake import api_billing, api_catalog
from tests.stripe_fake.forms import decode
from tests.stripe_fake.objects import API_VERSION
from tests.stripe_fake.store import Clock, FakeStripeError, IdempotentResult, Store

Handler = Callable[..., Any]


def _routes() -> Map:
    rules = [
        Rule(path, methods=[method], endpoint=handler)
        for method, path, handler in (*api_catalog.ROUTES, *api_billing.ROUTES)
    ]
    return Map(rules, strict_slashes=False)


def _fingerprint(method: str, path: str, pairs: Iterable[tuple[str, str]]) -> tuple:
    return (method, path, tuple(sorted(pairs)))


class FakeStripe:
    """The fake Stripe API. Call it as a WSGI app, hand it to FakeStripeHTTPClient for an
    in-process StripeClient, or serve it with LiveServer for a StripeClient over HTTP.

    `api_key`, when given, is the only key accepted; otherwise any `sk_test_…` / `rk_test_…` key
    is. `now` starts the fake clock (default: the real time when the fake is made)."""

    def __init__(self, *, api_key: str | None = None, now: int | None = None) -> None:
        self.store = Store(clock=Clock(now))
        self.api_key = api_key
        self._map = _routes()

    # Reading state directly, for assertions and for the Simulator.

    @property
    def clock(self) -> Clock:
        return self.store.clock

    def get(self, object_id: str) -> dict[str, Any] | None:
        """A copy of any object by id, as the API would render it (without expansions)."""
        with self.store.lock:
            obj = self.store.lookup(object_id)
            return None if obj is None else self.store.snapshot(obj)

    def objects(self, kind: str) -> list[dict[str, Any]]:
        """Copies of every object of a kind ("customers", "subscriptions"…), newest first."""
        with self.store.lock:
            return [self.store.snapshot(obj) for obj in self.store.newest_first(kind)]

    def events(self, event_type: str | None = None) -> list[dict[str, Any]]:
        """Every event the fake has created, oldest first, optionally of one type."""
        with self.store.lock:
            events = reversed(self.store.newest_first("events"))
            return [
                self.store.snapshot(evt)
                for evt in events
                if event_type is None or evt["type"] == event_type
            ]

    # WSGI.

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        request = Request(environ)
        response = self.handle(request)
        return response(environ, start_response)

    def handle(self, request: Request) -> Response:
        request_id = self._new_request_id()
        headers = {"Request-Id": request_id, "Stripe-Version": API_VERSION}
        try:
            self._authenticate(request)
            self._check_version(request)
            handler, path_args = self._match(request)
            pairs = list(
                (request.form if request.method == "POST" else request.args).items(multi=True)
            )
            params = decode(pairs)
            key = request.headers.get("Idempotency-Key") if request.method == "POST" else None
            with self.store.lock:
                if key:
                    headers["Idempotency-Key"] = key
                    replay = self._replay(key, _fingerprint(request.method, request.path, pairs))
                    if replay is not None:
                        headers["Idempotent-Replayed"] = "true"
                        return self._respond(replay.status, replay.body, headers)
                self.store.current_request = {"id": request_id, "idempotency_key": key}
                try:
                    result = handler(self.store, params, **path_args)
                    body = json.dumps(self._render(result, params)).encode()
                finally:
                    self.store.current_request = None
                if key:
                    fingerprint = _fingerprint(request.method, request.path, pairs)
                    self.store.idempotency[key] = IdempotentResult(fingerprint, 200, body)
            return self._respond(200, body, headers)
        except FakeStripeError as error:
            return self._respond(error.status, json.dumps(error.body()).encode(), headers)
        except Exception as exc:  # a bug in the fake: say so plainly, and ask the SDK not to retry
            headers["Stripe-Should-Retry"] = "false"
            message = "".join(traceback.format_exception_only(exc)).strip()
            body = {"error": {"type": "api_error", "message": f"fake Stripe failed: {message}"}}
            return self._respond(500, json.dumps(body).encode(), headers)

    def _new_request_id(self) -> str:
        with self.store.lock:
            return self.store.new_id("req")

    @staticmethod
    def _respond(status: int, body: bytes, headers: dict[str, str]) -> Response:
        return Response(body, status=status, headers=headers, content_type="application/json")

    def _authenticate(self, request: Request) -> None:
        # https://docs.stripe.com/api/authentication: bearer, or basic with the key as username.
        header = request.headers.get("Authorization", "")
        scheme, _, credentials = header.partition(" ")
        key = ""
        if scheme.lower() == "bearer":
            key = credentials.strip()
        elif scheme.lower() == "basic":
            try:
                key = base64.b64decode(credentials).decode().partition(":")[0]
            except ValueError:
                key = ""
        if not key:
            raise FakeStripeError(
                401,
                "You did not provide an API key. You need to provide your API key in the "
                "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_"
                "SECRET_KEY').",
            )
        accepted = key == self.api_key if self.api_key else key.startswith(("sk_test_", "rk_test_"))
        if not accepted:
            shown = key[:8] + "*" * 4 + key[-4:] if len(key) > 12 else key
            raise FakeStripeError(401, f"Invalid API Key provided: {shown}", code="api_key_invalid")

    @staticmethod
    def _check_version(request: Request) -> None:
        version = request.headers.get("Stripe-Version")
        if version and version != API_VERSION:
            raise FakeStripeError(
                400,
                f"This fake Stripe renders only API version {API_VERSION}; the request asked "
                f"for {version}. Pin the version the SDK pins (stripe.api_version).",
                code="api_version_unsupported",
            )

    def _match(self, request: Request) -> tuple[Handler, dict[str, str]]:
        adapter = self._map.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match()
        except HTTPException:
            raise FakeStripeError(
                404,
                f"Unrecognized request URL ({request.method}: {request.path}). Please see "
                "https://docs.stripe.com or we can help at https://support.stripe.com/.",
            ) from None
        return endpoint, args

    def _replay(self, key: str, fingerprint: tuple) -> IdempotentResult | None:
        # https://docs.stripe.com/api/idempotent_requests
        stored = self.store.idempotency.get(key)
        if stored is None:
            return None
        if stored.fingerprint != fingerprint:
            raise FakeStripeError(
                400,
                "Keys for idempotent requests can only be used with the same parameters they "
                f"were first used with. Try using a key other than '{key}' if you meant to "
                "execute a different request.",
                type="idempotency_error",
            )
        return stored

    def _render(self, result: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
        rendered = self.store.snapshot(result)
        expand = params.get("expand") or []
        if isinstance(expand, str):
            expand = [expand]
        for path in expand:
            self._expand(rendered, path.split("."), path)
        return rendered

    def _expand(self, obj: dict[str, Any], parts: list[str], path: str) -> None:
        """Replace the id at `path` with the object it names (https://docs.stripe.com/expand)."""
        if obj.get("object") in ("list", "search_result") and parts[0] == "data":
            for element in obj["data"]:
                if len(parts) > 1:
                    self._expand(element, parts[1:], path)
            return
        head, rest = parts[0], parts[1:]
        includable = api_billing.INCLUDABLE.get((obj.get("object"), head))
        if includable is not None:
            obj[head] = self.store.snapshot(includable(self.store, obj))
        if head not in obj:
            raise FakeStripeError(
                400, f"This property cannot be expanded ({path}).", param="expand"
            )
        value = obj[head]
        if isinstance(value, str):
            target = self.store.lookup(value)
            if target is None:
                raise FakeStripeError(
                    400, f"This property cannot be expanded ({path}).", param="expand"
                )
            value = obj[head] = self.store.snapshot(target)
        if rest and isinstance(value, dict):
            self._expand(value, rest, path)
