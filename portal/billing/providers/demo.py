"""A billing provider for a developer's machine without Stripe keys: customers, checkouts and
subscriptions kept in the process (under tests) or in a JSON file in instance/ (under `make run`).
No network calls.

Its checkout and "customer portal" are local pages (demo_views.py), each saying it is a demo.
Paying or cancelling there produces Stripe-shaped events that go through the same
`handle_event` as Stripe's webhooks. It refuses to start outside debug mode and tests.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import url_for

from portal import clock
from portal.billing.catalog import PlanInfo
from portal.billing.providers import CheckoutSession, NotFound, RemoteSubscription

Event = dict[str, Any]


def add_interval(start: dt.datetime, interval: str) -> dt.datetime:
    """The same day next month (or year), or the month's last day when it has no such day."""
    months = 12 if interval == "year" else 1
    year, month_index = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month_index + 1
    return start.replace(
        year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1])
    )


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class DemoStore:
    """The demo's state, behind a lock; kept in a JSON file when `path` is given."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._data: dict[str, Any] = self._empty()

    @staticmethod
    def _empty() -> dict[str, Any]:
        return {"counter": 0, "customers": {}, "sessions": {}, "subscriptions": {}, "portals": {}}

    @contextmanager
    def state(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            if self.path is not None and self.path.exists():
                self._data = json.loads(self.path.read_text())
            yield self._data
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                temporary = self.path.with_suffix(".tmp")
                temporary.write_text(json.dumps(self._data, indent=1))
                temporary.replace(self.path)

    @staticmethod
    def new_id(data: dict[str, Any], prefix: str) -> str:
        data["counter"] += 1
        return f"{prefix}_demo_{data['counter']:06d}"


class DemoBillingProvider:
    notice = (
        "Demo billing: this portal runs without Stripe keys, so payments are simulated on this "
        "machine. No card is charged."
    )

    def __init__(self, store: DemoStore | None = None) -> None:
        self.store = store or DemoStore()

    # The BillingProvider interface.

    def create_customer(self, *, user_id: int, email: str, name: str, idempotency_key: str) -> str:
        with self.store.state() as data:
            for customer_id, customer in data["customers"].items():
                if customer["key"] == idempotency_key:
                    return customer_id
            customer_id = self.store.new_id(data, "cus")
            data["customers"][customer_id] = {
                "key": idempotency_key,
                "email": email,
                "user": user_id,
            }
            return customer_id

    def create_checkout_session(
        self,
        *,
        customer_id: str,
        plan: PlanInfo,
        user_id: int,
        success_url: str,
        cancel_url: str,
        idempotency_key: str,
    ) -> CheckoutSession:
        with self.store.state() as data:
            if customer_id not in data["customers"]:
                raise NotFound(f"no demo customer {customer_id}")
            session_id = self.store.new_id(data, "cs")
            data["sessions"][session_id] = {
                "id": session_id,
                "customer": customer_id,
                "user": str(user_id),
                "plan": plan.key,
                "plan_name": plan.name,
                "price_label": plan.price_label,
                "lookup_key": plan.lookup_key,
                "amount": plan.price_cents,
                "currency": plan.currency,
                "interval": plan.interval,
                "success_url": success_url.replace("{CHECKOUT_SESSION_ID}", session_id),
                "cancel_url": cancel_url,
                "status": "open",
                "payment_status": "unpaid",
                "subscription": None,
            }
            return self._session(data["sessions"][session_id])

    def retrieve_checkout_session(self, session_id: str) -> CheckoutSession:
        with self.store.state() as data:
            return self._session(self._require(data, "sessions", session_id))

    def expire_checkout_session(self, session_id: str) -> None:
        with self.store.state() as data:
            session = self._require(data, "sessions", session_id)
            if session["status"] == "open":
                session["status"] = "expired"

    def update_customer_email(self, customer_id: str, email: str) -> None:
        with self.store.state() as data:
            self._require(data, "customers", customer_id)["email"] = email

    def create_portal_session(self, *, customer_id: str, return_url: str) -> str:
        with self.store.state() as data:
            self._require(data, "customers", customer_id)
            portal_id = self.store.new_id(data, "bps")
            data["portals"][portal_id] = {"customer": customer_id, "return_url": return_url}
        return url_for("billing_demo.portal", portal_id=portal_id)

    def retrieve_subscription(self, subscription_id: str) -> RemoteSubscription:
        with self.store.state() as data:
            return self._subscription(self._require(data, "subscriptions", subscription_id))

    def list_live_subscriptions(self, customer_id: str) -> list[RemoteSubscription]:
        with self.store.state() as data:
            mine = self._of_customer(data, customer_id)
            subscriptions = [self._subscription(sub) for sub in mine]
        return [sub for sub in subscriptions if not sub.ended]

    def cancel_subscription(self, subscription_id: str) -> RemoteSubscription:
        with self.store.state() as data:
            sub = self._require(data, "subscriptions", subscription_id)
            self._end(sub)
            return self._subscription(sub)

    def sync_plan(self, plan: PlanInfo, *, product_name: str) -> str:
        return "unchanged"

    # What the demo's own pages do; each returns the events Stripe would send.

    def checkout_details(self, session_id: str) -> dict[str, Any]:
        with self.store.state() as data:
            return copy.deepcopy(self._require(data, "sessions", session_id))

    def portal_details(self, portal_id: str) -> dict[str, Any]:
        with self.store.state() as data:
            portal = copy.deepcopy(self._require(data, "portals", portal_id))
            portal["subscriptions"] = [
                self._subscription(sub) for sub in self._of_customer(data, portal["customer"])
            ]
            return portal

    def pay(self, session_id: str) -> list[Event]:
        """The "Pay" button: start the subscription, pay its first invoice."""
        with self.store.state() as data:
            session = self._require(data, "sessions", session_id)
            if session["status"] != "open":
                return []
            now = clock.now()
            sub_id = self.store.new_id(data, "sub")
            data["subscriptions"][sub_id] = {
                "id": sub_id,
                "customer": session["customer"],
                "status": "active",
                "lookup_key": session["lookup_key"],
                "amount": session["amount"],
                "currency": session["currency"],
                "interval": session["interval"],
                "plan": session["plan"],
                "period_start": _iso(now),
                "period_end": _iso(add_interval(now, session["interval"])),
                "cancel_at_period_end": False,
                "canceled_at": None,
                "ended_at": None,
            }
            session.update(status="complete", payment_status="paid", subscription=sub_id)
            sub = data["subscriptions"][sub_id]
            return [
                self._event(data, "customer.subscription.created", self._sub_object(sub)),
                self._event(data, "invoice.paid", self._invoice_object(data, sub)),
                self._event(data, "checkout.session.completed", self._session_object(session)),
            ]

    def set_cancel_at_period_end(self, subscription_id: str, cancel: bool) -> list[Event]:
        with self.store.state() as data:
            sub = self._live(data, subscription_id)
            sub["cancel_at_period_end"] = cancel
            sub["canceled_at"] = _iso(clock.now()) if cancel else None
            return [self._event(data, "customer.subscription.updated", self._sub_object(sub))]

    def cancel_now(self, subscription_id: str) -> list[Event]:
        with self.store.state() as data:
            sub = self._live(data, subscription_id)
            self._end(sub)
            return [self._event(data, "customer.subscription.deleted", self._sub_object(sub))]

    def fail_renewal(self, subscription_id: str) -> list[Event]:
        """The period ends now and the renewal charge fails: past due."""
        with self.store.state() as data:
            sub = self._live(data, subscription_id)
            now = clock.now()
            sub.update(
                status="past_due",
                period_start=_iso(now),
                period_end=_iso(add_interval(now, sub["interval"])),
            )
            return [
                self._event(data, "invoice.payment_failed", self._invoice_object(data, sub)),
                self._event(data, "customer.subscription.updated", self._sub_object(sub)),
            ]

    def pay_open_invoice(self, subscription_id: str) -> list[Event]:
        with self.store.state() as data:
            sub = self._live(data, subscription_id)
            sub["status"] = "active"
            return [
                self._event(data, "invoice.paid", self._invoice_object(data, sub)),
                self._event(data, "customer.subscription.updated", self._sub_object(sub)),
            ]

    # Internals.

    @staticmethod
    def _require(data: dict[str, Any], kind: str, object_id: str) -> dict[str, Any]:
        try:
            return data[kind][object_id]
        except KeyError:
            raise NotFound(f"no demo object {object_id}") from None

    def _live(self, data: dict[str, Any], subscription_id: str) -> dict[str, Any]:
        sub = self._require(data, "subscriptions", subscription_id)
        self._end_if_due(sub)
        if sub["status"] == "canceled":
            raise NotFound(f"demo subscription {subscription_id} has ended")
        return sub

    @staticmethod
    def _of_customer(data: dict[str, Any], customer_id: str) -> list[dict[str, Any]]:
        return [sub for sub in data["subscriptions"].values() if sub["customer"] == customer_id]

    @staticmethod
    def _end(sub: dict[str, Any], at: dt.datetime | None = None) -> None:
        if sub["status"] != "canceled":
            moment = _iso(at or clock.now())
            sub.update(status="canceled", ended_at=moment, canceled_at=sub["canceled_at"] or moment)

    def _end_if_due(self, sub: dict[str, Any]) -> None:
        # Nothing runs in the background here: a subscription set to cancel ends when it is
        # next looked at after its period.
        end = _time(sub["period_end"])
        if sub["cancel_at_period_end"] and end and end <= clock.now():
            self._end(sub, end)

    def _subscription(self, sub: dict[str, Any]) -> RemoteSubscription:
        self._end_if_due(sub)
        cancel = sub["cancel_at_period_end"] and sub["status"] != "canceled"
        return RemoteSubscription(
            id=sub["id"],
            customer_id=sub["customer"],
            status=sub["status"],
            price_id=f"price_demo_{sub['plan']}",
            price_lookup_key=sub["lookup_key"],
            amount_cents=sub["amount"],
            currency=sub["currency"],
            interval=sub["interval"],
            current_period_start=_time(sub["period_start"]),  # type: ignore[arg-type]
            current_period_end=_time(sub["period_end"]),  # type: ignore[arg-type]
            cancel_at_period_end=bool(cancel),
            cancel_at=_time(sub["period_end"]) if cancel else None,
            canceled_at=_time(sub["canceled_at"]),
            ended_at=_time(sub["ended_at"]),
            metadata={"plan": sub["plan"]},
        )

    @staticmethod
    def _session(session: dict[str, Any]) -> CheckoutSession:
        return CheckoutSession(
            id=session["id"],
            url=url_for("billing_demo.checkout", session_id=session["id"])
            if session["status"] == "open"
            else None,
            status=session["status"],
            payment_status=session["payment_status"],
            customer_id=session["customer"],
            subscription_id=session["subscription"],
            client_reference_id=session["user"],
            plan_key=session["plan"],
        )

    def _event(self, data: dict[str, Any], event_type: str, obj: dict[str, Any]) -> Event:
        event_id = self.store.new_id(data, "evt")
        created = clock.timestamp()
        return {"id": event_id, "object": "event", "type": event_type, "created": created,
                "data": {"object": obj}}  # fmt: skip

    @staticmethod
    def _sub_object(sub: dict[str, Any]) -> dict[str, Any]:
        return {"id": sub["id"], "object": "subscription", "customer": sub["customer"],
                "status": sub["status"]}  # fmt: skip

    def _invoice_object(self, data: dict[str, Any], sub: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.store.new_id(data, "in"),
            "object": "invoice",
            "customer": sub["customer"],
            "parent": {"subscription_details": {"subscription": sub["id"]}},
        }

    @staticmethod
    def _session_object(session: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": session["id"],
            "object": "checkout.session",
            "mode": "subscription",
            "customer": session["customer"],
            "subscription": session["subscription"],
            "client_reference_id": session["user"],
            "metadata": {"user_id": session["user"], "plan": session["plan"]},
        }
