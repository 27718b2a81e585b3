"""End to end over real HTTP: the fake Stripe served on 127.0.0.1 (the app reaches it through
STRIPE_API_BASE, with the SDK's own HTTP client), the portal served on 127.0.0.1, the simulator
POSTing signed events to the portal's webhook, and a member's browser-like session."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

from portal import create_app
from portal.accounts.models import User
from portal.billing.models import BillingCustomer, Subscription, WebhookEvent
from portal.billing.providers import EXTENSION_KEY
from portal.billing.providers.stripe_provider import StripeBillingProvider
from portal.extensions import db
from portal.seeding import run_seeders
from tests.conftest import (
    DEFAULT_PASSWORD,
    MIGRATIONS,
    _password_hash,
    app_settings,
    mail_settings,
    reset_database,
)
from tests.stripe_fake import FakeStripe, LiveServer, Simulator
from tests.stripe_fake.fixtures import TEST_API_KEY, WEBHOOK_SECRET

GUIDE = "/careers/mental-health-technician"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Portal:
    app: Flask
    url: str
    fake: FakeStripe
    stripe_url: str
    simulator: Simulator

    def rows(self, model, *where) -> int:
        with self.app.app_context():
            return db.session.scalar(select(func.count()).select_from(model).where(*where))


def e2e_database_url(tmp_path_factory) -> str:
    """The scratch PostgreSQL database when there is one (so the checkout race meets real row
    locks), else a SQLite file of its own."""
    url = os.environ.get("TEST_POSTGRES_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        reset_database(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('billing-e2e') / 'portal.sqlite3'}"


@pytest.fixture(scope="module")
def portal(tmp_path_factory, smtp_server) -> Iterator[Portal]:
    fake = FakeStripe()
    database_url = e2e_database_url(tmp_path_factory)
    with LiveServer(fake) as stripe_server:
        app = create_app(
            app_settings(
                database_url,
                STRIPE_SECRET_KEY=TEST_API_KEY,
                STRIPE_API_BASE=stripe_server.url,
                STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
                # Plain HTTP on 127.0.0.1: requests (unlike a browser) keeps secure cookies
                # for HTTPS only.
                SESSION_COOKIE_SECURE=False,
                **mail_settings(smtp_server),
            )
        )
        with app.app_context():
            upgrade(directory=MIGRATIONS)
            run_seeders(Path(app.config["SEEDS_DIR"]))
        result = app.test_cli_runner().invoke(args=["billing", "sync"])
        assert result.output.strip().endswith(": created"), result.output
        with LiveServer(app) as portal_server:
            # Stripe's return links lead back to this server, as SITE_URL arranges in production.
            app.config["SITE_URL"] = portal_server.url
            simulator = Simulator(
                fake, portal_server.url + "/billing/webhook", secret=WEBHOOK_SECRET
            )
            yield Portal(app, portal_server.url, fake, stripe_server.url, simulator)
        with app.app_context():
            db.engine.dispose()


def test_the_app_talks_to_stripe_over_http(portal):
    provider = portal.app.extensions[EXTENSION_KEY]
    assert isinstance(provider, StripeBillingProvider)
    assert portal.stripe_url.startswith("http://127.0.0.1:")
    assert [p["lookup_key"] for p in portal.fake.objects("prices")] == ["plus_monthly"]


def member_session(portal: Portal, email: str) -> requests.Session:
    with portal.app.app_context():
        db.session.add(
            User(email=email, name="Member", password_hash=_password_hash(DEFAULT_PASSWORD))
        )
        db.session.commit()
    browser = requests.Session()
    token = CSRF.search(browser.get(portal.url + "/login").text).group(1)
    signed_in = browser.post(
        portal.url + "/login",
        data={"csrf_token": token, "email": email, "password": DEFAULT_PASSWORD},
        allow_redirects=False,
    )
    assert signed_in.status_code == 303
    return browser


def press_upgrade(portal: Portal, browser: requests.Session) -> requests.Response:
    token = CSRF.search(browser.get(portal.url + "/pricing").text).group(1)
    return browser.post(
        portal.url + "/billing/checkout",
        data={"csrf_token": token, "plan": "plus"},
        allow_redirects=False,
    )


def session_id(response: requests.Response) -> str:
    assert response.status_code == 303, response.status_code
    location = response.headers["Location"]
    assert location.startswith("https://checkout.stripe.com/")
    return urlsplit(location).path.rsplit("/", 1)[-1]


def sees_ads(portal: Portal, browser: requests.Session) -> bool:
    return "data-ad-slot" in browser.get(portal.url + GUIDE).text


def plan_text(portal: Portal, browser: requests.Session) -> str:
    html = browser.get(portal.url + "/account").text
    return " ".join(re.sub(r"<[^>]+>", " ", html.split('class="plan-line">')[1]).split())


def test_a_subscription_from_checkout_to_its_end_over_http(portal):
    browser = member_session(portal, "e2e-life@example.com")
    assert sees_ads(portal, browser)

    done = portal.simulator.complete_checkout(session_id(press_upgrade(portal, browser)))

    assert not sees_ads(portal, browser)
    assert plan_text(portal, browser).startswith("Plus · USD $8/month, renews on")

    portal.simulator.renew(done.subscription_id)
    portal.simulator.cancel_at_period_end(done.subscription_id)
    assert plan_text(portal, browser).startswith("Plus until")
    portal.simulator.renew(done.subscription_id)  # the period ends

    assert sees_ads(portal, browser)
    assert plan_text(portal, browser).startswith("Free")
    mine = [d for d in portal.simulator.deliveries if d.event_id in event_ids(portal.fake, done)]
    assert mine and all(d.ok for d in mine)
    with portal.app.app_context():
        recorded = db.session.scalars(select(WebhookEvent.stripe_event_id)).all()
    assert len(recorded) == len(set(recorded))
    assert set(recorded) >= {
        e["id"]
        for e in portal.fake.events()
        if e["type"] in ("invoice.paid", "customer.subscription.deleted")
        and e["id"] in event_ids(portal.fake, done)
    }


def event_ids(fake: FakeStripe, done) -> set[str]:
    """Events about this checkout's subscription, invoices or session."""
    ids = set()
    for event in fake.events():
        obj = event["data"]["object"]
        about = {obj.get("id"), obj.get("subscription")}
        parent = obj.get("parent") or {}
        about.add((parent.get("subscription_details") or {}).get("subscription"))
        if {done.subscription_id, done.session_id} & about:
            ids.add(event["id"])
    return ids


def test_two_checkouts_at_once_over_http_make_one_customer_and_one_subscription(portal):
    email = "e2e-race@example.com"
    browser = member_session(portal, email)
    token = CSRF.search(browser.get(portal.url + "/pricing").text).group(1)
    start = threading.Barrier(2)
    answers: list[requests.Response] = []

    def click() -> None:
        start.wait()
        answers.append(
            browser.post(
                portal.url + "/billing/checkout",
                data={"csrf_token": token, "plan": "plus"},
                allow_redirects=False,
            )
        )

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(answers) == 2
    first, second = (session_id(answer) for answer in answers)
    assert first == second
    customers = [c for c in portal.fake.objects("customers") if c["email"] == email]
    assert len(customers) == 1
    sessions = [
        s for s in portal.fake.objects("checkout_sessions") if s["customer"] == customers[0]["id"]
    ]
    assert len(sessions) == 1

    portal.simulator.complete_checkout(first)

    subscriptions = [
        s for s in portal.fake.objects("subscriptions") if s["customer"] == customers[0]["id"]
    ]
    assert len(subscriptions) == 1
    with portal.app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
    assert portal.rows(BillingCustomer, BillingCustomer.user_id == user_id) == 1
    assert portal.rows(Subscription, Subscription.user_id == user_id) == 1
    assert not sees_ads(portal, browser)


def test_the_success_page_over_http_before_the_webhook(portal):
    browser = member_session(portal, "e2e-early@example.com")
    with portal.simulator.hold():
        done = portal.simulator.complete_checkout(session_id(press_upgrade(portal, browser)))
    parts = urlsplit(done.success_url)
    assert f"{parts.scheme}://{parts.netloc}" == portal.url

    page = browser.get(done.success_url)

    assert "Welcome to Plus" in page.text
    assert not sees_ads(portal, browser)
    assert all(d.ok for d in portal.simulator.flush())
    assert not sees_ads(portal, browser)
