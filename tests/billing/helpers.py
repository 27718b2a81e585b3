"""What a member sees of billing, read from pages, and what the database holds."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlsplit

from sqlalchemy import func, select

from portal.billing.models import BillingCustomer, Subscription, WebhookEvent
from portal.billing.presenters import local_date
from portal.extensions import db
from tests.careers.source_text import visible_text
from tests.conftest import csrf_token

GUIDE = "/careers/mental-health-technician"


def ad_slot_shown(client, path: str = GUIDE) -> bool:
    html = client.get(path).get_data(as_text=True)
    return "data-ad-slot" in html


def plan_line(client) -> str:
    """The plan line of /account, as a reader sees it."""
    html = client.get("/account").get_data(as_text=True)
    match = re.search(r'<dd class="plan-line">(.*?)</dd>', html, re.S)
    assert match, "no plan line on /account"
    return visible_text(match.group(1))


def banner(client, path: str = "/careers/") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'<div class="wrap banners">(.*?)</div>\s*</div>', html, re.S)
    return visible_text(match.group(1)) if match else ""


def start_checkout(client, plan: str = "plus"):
    """Press "Upgrade" on the pricing page; returns the response (a redirect to checkout)."""
    token = csrf_token(client, "/pricing")
    return client.post("/billing/checkout", data={"csrf_token": token, "plan": plan})


def checkout_session_id(response) -> str:
    assert response.status_code == 303, response.status_code
    return urlsplit(response.headers["Location"]).path.rstrip("/").rsplit("/", 1)[-1]


def upgrade(client, simulator):
    """Upgrade through Stripe Checkout and pay; returns the simulator's CheckoutCompletion."""
    return simulator.complete_checkout(checkout_session_id(start_checkout(client)))


def success_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def subscription_row(stripe_id: str) -> Subscription:
    db.session.expire_all()
    return db.session.scalars(
        select(Subscription).where(Subscription.stripe_subscription_id == stripe_id)
    ).one()


def customers_of(user) -> list[BillingCustomer]:
    rows = db.session.scalars(select(BillingCustomer).where(BillingCustomer.user_id == user.id))
    return list(rows)


def recorded_event_ids() -> list[str]:
    return list(db.session.scalars(select(WebhookEvent.stripe_event_id)))


def assert_one_row_per_event(simulator) -> None:
    """Every event Stripe delivered that we handle is recorded exactly once."""
    recorded = recorded_event_ids()
    assert len(recorded) == len(set(recorded))
    handled = {
        d.event_id
        for d in simulator.deliveries
        if d.ok and json.loads(d.response)["outcome"] in ("processed", "not ours")
    }
    assert handled <= set(recorded)


def event_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(WebhookEvent))


def day(timestamp: int, user=None) -> str:
    """A Stripe timestamp as the pages write it ("5 March 2027")."""
    return local_date(dt.datetime.fromtimestamp(timestamp, dt.UTC).replace(tzinfo=None), user)


def period_end(stripe_fake, subscription_id: str) -> int:
    return stripe_fake.get(subscription_id)["items"]["data"][0]["current_period_end"]


def client_transport(client):
    """Deliver webhooks through a test client of the app (in-process, no socket)."""

    def post(payload: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
        response = client.post("/billing/webhook", data=payload, headers=headers)
        return response.status_code, response.get_data(as_text=True)

    return post
