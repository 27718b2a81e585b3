"""The fake's state: objects by kind, the fake clock, events and the idempotency cache, all
behind one lock because the HTTP mode serves requests from several threads."""

from __future__ import annotations

import copy
import secrets
import string
import threading
from dataclasses import dataclass, field
from typing import Any

from portal import clock
from tests.stripe_fake.objects import event as build_event

DAY = 86_400

# The collection an id belongs to, by its prefix: used to expand ids into objects.
KINDS_BY_PREFIX = {
    "cus": "customers",
    "prod": "products",
    "price": "prices",
    "cs": "checkout_sessions",
    "bps": "portal_sessions",
    "sub": "subscriptions",
    "in": "invoices",
    "evt": "events",
}


class FakeStripeError(Exception):
    """An API error rendered as Stripe renders it: `{"error": {type, code, message, param}}`."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = f"https://docs.stripe.com/error-codes/{self.code.replace('_', '-')}"
        if self.param:
            error["param"] = self.param
        return {"error": error}


def missing(kind: str, object_id: str, param: str = "id") -> FakeStripeError:
    return FakeStripeError(
        404, f"No such {kind}: '{object_id}'", code="resource_missing", param=param
    )


class Clock:
    """A frozen clock that moves only when told: every `created` and period timestamp reads it."""

    def __init__(self, start: int | None = None) -> None:
        # Stripe's time is the world's: in tests, the portal's clock.
        self._now = clock.timestamp() if start is None else int(start)

    def now(self) -> int:
        return self._now

    def advance(self, *, days: float = 0, seconds: int = 0) -> int:
        self._now += int(days * DAY) + int(seconds)
        return self._now

    def move_to(self, timestamp: int) -> int:
        """Move forward to `timestamp` (never back: Stripe's time only goes forward)."""
        self._now = max(self._now, int(timestamp))
        return self._now


@dataclass
class IdempotentResult:
    fingerprint: tuple
    status: int
    body: bytes


@dataclass
class Store:
    """Everything the fake knows. Callers hold `lock` while they read or change it."""

    clock: Clock = field(default_factory=Clock)
    lock: threading.RLock = field(default_factory=threading.RLock)
    objects: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {kind: {} for kind in KINDS_BY_PREFIX.values()}
    )
    # Creation order of every object, so lists come newest first even within one second.
    order: dict[str, int] = field(default_factory=dict)
    outbox: list[str] = field(default_factory=list)
    idempotency: dict[str, IdempotentResult] = field(default_factory=dict)
    # The request being served, so events it causes name it (event.request).
    current_request: dict[str, str | None] | None = None
    _tag: str = field(
        default_factory=lambda: "".join(secrets.choice(string.ascii_letters) for _ in range(6))
    )
    _counter: int = 0
    _sequence: int = 0

    def new_id(self, prefix: str) -> str:
        # Unique within a run even across several fakes, readable in a failing assertion.
        self._counter += 1
        return f"{prefix}_{self._tag}{self._counter:08d}"

    def now(self) -> int:
        return self.clock.now()

    def add(self, kind: str, obj: dict[str, Any]) -> dict[str, Any]:
        self.objects[kind][obj["id"]] = obj
        self._sequence += 1
        self.order[obj["id"]] = self._sequence
        return obj

    def get(self, kind: str, object_id: str) -> dict[str, Any] | None:
        return self.objects[kind].get(object_id)

    def require(self, kind: str, object_id: str, noun: str, param: str = "id") -> dict[str, Any]:
        obj = self.get(kind, object_id) if isinstance(object_id, str) else None
        if obj is None or obj.get("deleted"):
            raise missing(noun, str(object_id), param)
        return obj

    def newest_first(self, kind: str) -> list[dict[str, Any]]:
        return sorted(self.objects[kind].values(), key=lambda o: -self.order[o["id"]])

    def lookup(self, object_id: str) -> dict[str, Any] | None:
        """Any object by id, for expansion (`cus_…` is a customer, `sub_…` a subscription…).
        Ids chosen by the caller (a product created with `id=portal_plus`) need not carry the
        prefix, so an unknown prefix is looked up in every collection."""
        kind = KINDS_BY_PREFIX.get(object_id.split("_", 1)[0])
        if kind:
            return self.get(kind, object_id)
        return next((objs[object_id] for objs in self.objects.values() if object_id in objs), None)

    def snapshot(self, obj: dict[str, Any]) -> dict[str, Any]:
        """A deep copy, so a response or an event never changes after it was made. Keys that
        start with "_" are the fake's own bookkeeping and never leave it."""
        return {k: copy.deepcopy(v) for k, v in obj.items() if not k.startswith("_")}

    def emit(
        self,
        event_type: str,
        obj: dict[str, Any],
        previous_attributes: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Record an event (kept for the API's event list) and queue it for delivery."""
        evt = build_event(
            self.new_id("evt"),
            event_type,
            self.snapshot(obj),
            created=self.now(),
            previous_attributes=copy.deepcopy(previous_attributes),
            request=self.current_request,
        )
        self.add("events", evt)
        self.outbox.append(evt["id"])
        return evt

    def emit_changes(self, event_type: str, before: dict[str, Any], obj: dict[str, Any]) -> None:
        """Emit an `*.updated` event naming the previous values of what changed, if anything."""
        previous = {key: value for key, value in before.items() if obj.get(key) != value}
        if previous:
            self.emit(event_type, obj, previous)
