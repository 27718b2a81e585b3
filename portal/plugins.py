"""The portal mounts its own plugins, careers and billing, the way any host app would
(examples/host_app/ is another host), then ties them to its other domains: navigation, the
sitemap, `flask seed`, account signals, and the guide page's slots."""

from __future__ import annotations

from flask import Flask

from portal.billing import Billing
from portal.careers import Careers
from portal.extensions import csrf, db

PORTAL_LAYOUT = "base.html"


def mount_careers(app: Flask) -> Careers:
    from portal.careers import seeds
    from portal.jobs.guide_jobs import GuideOpenJobs
    from portal.seeding import register_seeder
    from portal.site.registry import register_nav_item, register_sitemap_source

    careers = Careers(
        app,
        db=db,
        layout=PORTAL_LAYOUT,
        # The guide page spans the whole width; its parts set their own `wrap`.
        content_block="main",
        description_block="description",
        open_jobs=GuideOpenJobs(),
    )
    register_seeder(app, "careers", seeds.seed_guides)
    register_nav_item(app, "Career guides", "careers.index", order=10)
    register_sitemap_source(app, careers.sitemap_entries)
    # The filters' old names, which the portal's own templates use.
    app.add_template_filter(app.jinja_env.filters["careers_money"], "money")
    app.add_template_filter(app.jinja_env.filters["careers_percent"], "percent")
    # The guide page's pieces from other domains, in the order they appear.
    Careers.add_page_context(app, _guide_bookmarks)
    Careers.add_to_slot(app, "guide_head", "tracker/_head.html")
    Careers.add_to_slot(app, "guide_head", "jobs/_guide_jobs_head.html")
    Careers.add_to_slot(app, "guide_top", "tracker/_guide_bookmark.html")
    Careers.add_to_slot(app, "guide_end", "alerts/_guide_alert_slot.html")
    Careers.add_to_slot(app, "guide_ad", "billing/_guide_ad_slot.html")
    return careers


def _guide_bookmarks(guide_id, open_jobs, **_context) -> dict:
    # The guide's and its open jobs' bookmarks in one query (none for a visitor).
    from portal.tracker.presenters import guide_page_bookmarks

    postings = open_jobs.postings if open_jobs is not None else ()
    return {"page_marks": guide_page_bookmarks(guide_id, postings)}


def mount_billing(app: Flask) -> Billing:
    from portal.accounts.models import User
    from portal.accounts.signals import account_deleting, email_changed, register_data_exporter
    from portal.billing import (
        account_plan_line,
        ads,
        checkout,
        entitlements_by_user_id,
        holders,
        plans,
    )
    from portal.billing import entitlements as entitlements_of
    from portal.billing import services as billing_services
    from portal.seeding import register_seeder
    from portal.site.registry import register_nav_item, register_sitemap_source
    from portal.urls import absolute_url

    billing = Billing(
        app,
        db=db,
        user_model=User,
        endpoints={
            "register": "accounts.register",
            "login": "accounts.login",
            "account": "accounts.account",
            "home": "careers.index",
        },
        layout=PORTAL_LAYOUT,
        description_block="description",
        csrf=csrf,
        find_user_by_email=_portal_user_by_email,
    )
    register_seeder(app, "plans", plans.seed_plans)
    register_seeder(app, "house_ads", ads.seed_ads)
    register_nav_item(app, "Pricing", "billing.pricing", order=40)
    register_sitemap_source(app, lambda: [(absolute_url("billing.pricing"), None)])
    register_data_exporter(app, "billing", billing_services.export_data)
    # Cancel at Stripe before the account goes; if Stripe fails, the account stays.
    account_deleting.connect(checkout.cancel_before_account_deletion, sender=app, weak=False)
    email_changed.connect(checkout.update_customer_email, sender=app, weak=False)
    # How the portal's other domains ask billing (behind `user.can(...)`), and the names its
    # templates have always used.
    app.extensions["portal.entitlements"] = entitlements_of
    app.extensions["portal.entitlements_by_user_id"] = entitlements_by_user_id
    app.extensions["portal.entitlement_holders"] = holders
    app.extensions["portal.plan_label"] = account_plan_line
    globals_ = app.jinja_env.globals
    app.jinja_env.globals.update(
        ad_slot=globals_["billing_ad_slot"], entitled=globals_["billing_entitled"]
    )
    return billing


def _portal_user_by_email(email: str):
    from portal.accounts.services import AccountError, find_user_by_email, normalize_email

    try:
        return find_user_by_email(normalize_email(email))
    except AccountError as error:
        raise ValueError(str(error)) from error
