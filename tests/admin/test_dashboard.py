"""The dashboard's figures against data we know, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from portal import clock
from portal.admin import register_metric
from portal.admin.metrics import figures
from portal.billing.models import Subscription, SubscriptionStatus
from portal.extensions import db
from tests.jobs.factories import import_postings, record

_ids = iter(range(1, 10_000))


def subscription(user, *, status="active", amount=800, interval="month", ended_days_ago=None):
    number = next(_ids)
    now = clock.now()
    row = Subscription(
        user_id=user.id,
        stripe_subscription_id=f"sub_dash{number}",
        stripe_customer_id=f"cus_dash{number}",
        stripe_price_id="price_dash",
        plan_key="plus",
        status=SubscriptionStatus(status),
        amount_cents=amount,
        currency="usd",
        interval=interval,
        current_period_start=now - dt.timedelta(days=60),
        current_period_end=now + dt.timedelta(days=30),
        created_at=now - dt.timedelta(days=60),
        ended_at=now - dt.timedelta(days=ended_days_ago) if ended_days_ago is not None else None,
    )
    db.session.add(row)
    db.session.commit()
    return row


def test_figures_count_what_we_added(app, make_user):
    base = figures()
    users = [make_user(confirmed=i < 3) for i in range(5)]  # 3 confirmed, 2 not
    subscription(users[0])  # 8.00 a month
    subscription(users[1], amount=9600, interval="year")  # 8.00 a month
    subscription(users[2], status="canceled", ended_days_ago=5)  # churned this month
    subscription(users[3], status="canceled", ended_days_ago=45)  # churned before
    import_postings(record(), record(), record(title=""))  # 2 created, 1 rejected

    now = figures()

    assert now.users - base.users == 5
    assert now.confirmed_users - base.confirmed_users == 3
    assert now.plus_subscribers - base.plus_subscribers == 2
    assert now.mrr_cents - base.mrr_cents == 1600
    assert now.churned_30_days - base.churned_30_days == 1
    assert now.jobs_imported - base.jobs_imported == 2
    if base.plus_subscribers == 0 and base.churned_30_days == 0:
        # 3 were subscribed a month ago (two still are, one left): 1 in 3 churned.
        assert now.churn_rate_percent == 33.3


def test_the_page_shows_them_in_a_fixed_number_of_queries(admin, make_user, count_queries):
    admin.get("/admin/")
    count_queries.statements.clear()
    admin.get("/admin/")
    few = count_queries.count
    for _ in range(3):
        subscription(make_user())
    count_queries.statements.clear()
    page = admin.get("/admin/").get_data(as_text=True)
    assert count_queries.count == few
    assert 'id="fig-plus">' in page and "<svg" in page and "<polyline" in page


def test_alerts_sent_in_the_last_7_days_are_counted(admin, make_user):
    import datetime as dt

    from portal.alerts.models import AlertDelivery, DeliveryStatus
    from portal.alerts.services import create_alert

    alert = create_alert(make_user(), "Psych techs", {"q": "psychiatric"})
    now = clock.now()
    for days_ago, status in [(1, DeliveryStatus.SENT), (6, DeliveryStatus.SENT),
                             (9, DeliveryStatus.SENT), (2, DeliveryStatus.FAILED)]:  # fmt: skip
        when = now - dt.timedelta(days=days_ago)
        db.session.add(
            AlertDelivery(
                alert_id=alert.id,
                window_start=when - dt.timedelta(days=1),
                window_end=when,
                status=status,
                sent_at=when if status == DeliveryStatus.SENT else None,
            )
        )
    db.session.commit()
    page = admin.get("/admin/").get_data(as_text=True)
    assert "<dt>Alerts sent, last 7 days</dt><dd>2</dd>" in page


def test_other_domains_add_figures_through_the_hook(admin, app, monkeypatch):
    monkeypatch.setitem(app.extensions, "portal.admin_metrics", {})
    page = admin.get("/admin/").get_data(as_text=True)
    assert "Alerts sent, last 7 days" in page and "not available yet" in page
    register_metric(app, "Alerts sent, last 7 days", lambda: 42)
    page = admin.get("/admin/").get_data(as_text=True)
    assert "<dt>Alerts sent, last 7 days</dt><dd>42</dd>" in page


def test_churn_of_someone_who_came_and_went_this_month_is_all_of_them(app, admin, make_user):
    from tests.billing.test_demo import demo_upgrade, portal_action
    from tests.conftest import csrf_token, login

    member = app.test_client()
    login(member, make_user("brief@example.com"))
    demo_upgrade(member)
    portal = member.post(
        "/billing/portal", data={"csrf_token": csrf_token(member, "/account")}
    ).headers["Location"]
    portal_action(member, portal, "cancel_now")

    page = admin.get("/admin/").get_data(as_text=True)
    churn = page.split('id="fig-churn">', 1)[1].split("<", 1)[0]
    assert churn == "1 (100.0%)"
