"""Plans and billing: Free and Plus, Stripe Checkout and the Customer Portal, entitlements, and
house ads for the free plan.

A host portal mounts this domain with `init_app(app)`. It asks the host only for the current user
(Flask-Login's `current_user`, with `id`, `email`, `name`, `time_zone`, `created_at`) and gives
back, without the host importing billing:
- `app.extensions["portal.entitlements"](user)`, behind `user.can("ad_free")`;
- `app.extensions["portal.entitlements_by_user_id"](user_ids)`, the same for many people at
  once ({user id: entitlements}), for batch jobs such as alert digests;
- `app.extensions["portal.entitlement_holders"](name)`, the ids of everyone with a paid
  entitlement now (featured resumes in the employers' search);
- `app.extensions["portal.plan_label"](user)`, the plan line of the account page;
- the template globals `ad_slot(slot)`, `billing_banner()` and `entitled(name)`.

Without STRIPE_SECRET_KEY the demo provider stands in for Stripe, in debug mode and tests only.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from portal.billing.blueprint import bp
from portal.config import ConfigurationError
from portal.urls import absolute_url


def init_app(app: Flask) -> None:
    from portal.accounts.signals import account_deleting, email_changed, register_data_exporter
    from portal.billing import ads, checkout, cli, hooks, plans, services, views, webhooks  # noqa: F401
    from portal.billing.providers import install_provider
    from portal.billing.providers.demo import DemoBillingProvider
    from portal.seeding import register_seeder
    from portal.site.registry import register_nav_item, register_sitemap_source

    app.register_blueprint(bp)
    provider = make_provider(app)
    install_provider(app, provider)
    if isinstance(provider, DemoBillingProvider):
        from portal.billing.providers import demo_views

        app.register_blueprint(demo_views.bp)
    app.cli.add_command(cli.billing_cli)
    register_seeder(app, "plans", plans.seed_plans)
    register_seeder(app, "house_ads", ads.seed_ads)
    register_nav_item(app, "Pricing", "billing.pricing", order=40)
    register_sitemap_source(app, _sitemap_entries)
    register_data_exporter(app, "billing", services.export_data)
    # Cancel at Stripe before the account goes; if Stripe fails, the account stays.
    account_deleting.connect(checkout.cancel_before_account_deletion, sender=app, weak=False)
    email_changed.connect(checkout.update_customer_email, sender=app, weak=False)
    hooks.register(app)


def make_provider(app: Flask):
    """Stripe when STRIPE_SECRET_KEY is set; otherwise the demo provider, which must never take
    the place of Stripe in production."""
    from portal.billing.providers.demo import DemoBillingProvider, DemoStore
    from portal.billing.providers.stripe_provider import StripeBillingProvider, client_from_config

    if app.config.get("STRIPE_SECRET_KEY"):
        return StripeBillingProvider(client_from_config(app.config))
    if not (app.debug or app.testing):
        raise ConfigurationError(
            "STRIPE_SECRET_KEY is not set. Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET from "
            "the Stripe dashboard (Developers > API keys, and the webhook endpoint's signing "
            "secret), or set FLASK_DEBUG=1 to try billing with the local demo provider."
        )
    # Under tests each run starts empty; on a developer's machine the demo keeps its state.
    state = None if app.testing else Path(app.instance_path) / "demo-billing.json"
    return DemoBillingProvider(DemoStore(state))


def _sitemap_entries():
    yield absolute_url("billing.pricing"), None
