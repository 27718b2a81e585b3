"""`Billing`: the Free and Plus plans, Stripe Checkout and entitlements, as a Flask extension that
any Flask app with users mounts.

    billing = Billing(
        db=db, user_model=Member, user_fields=UserFields(id="member_id", ...),
        endpoints={"register": ..., "login": ..., "account": ..., "home": ...},
        layout="layout.html", content_block="body", csrf=csrf, url_prefix="/premium",
    )
    billing.init_app(app)

See examples/host_app/README.md for the whole guide.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

from portal.billing.models import models_for, user_key_of
from portal.billing.state import EXTENSION, BillingState, UserFields
from portal.extension_kit import install_layout_bridge, login_manager_user, set_defaults

LAYOUT_TEMPLATE = "billing/_layout.html"
OWN_BLOCKS = {
    "content": "billing_content",
    "head": "billing_head",
    "title": "billing_title",
    "description": "billing_description",
}
# The host's pages billing links to.
ENDPOINT_NAMES = ("register", "login", "account", "home")
SETTINGS = {
    "STRIPE_SECRET_KEY": None,
    "STRIPE_WEBHOOK_SECRET": None,
    "STRIPE_PUBLISHABLE_KEY": None,
    "STRIPE_API_BASE": None,
    # Seconds a webhook's signature stays valid (Stripe's own default).
    "STRIPE_WEBHOOK_TOLERANCE": 300,
    # Days a subscription whose renewal failed keeps its plan.
    "BILLING_GRACE_DAYS": 7,
    # Seconds the plans and ads catalog is kept per process.
    "BILLING_CATALOG_SECONDS": 30,
    # The folder whose plans.yaml and house_ads.yaml `flask billing seed` loads (None: SEEDS_DIR).
    "BILLING_SEEDS_DIR": None,
}


class Billing:
    """Plans and billing, mounted on a Flask app (the Flask extension pattern)."""

    def __init__(
        self,
        app: Flask | None = None,
        *,
        db: SQLAlchemy,
        user_model: Any,
        endpoints: Mapping[str, str],
        layout: str,
        content_block: str = "content",
        head_block: str | None = "head",
        title_block: str | None = "title",
        description_block: str | None = None,
        user_fields: UserFields | None = None,
        csrf: Any = None,
        url_prefix: str = "",
        current_user: Callable[[], Any] | None = None,
        find_user_by_email: Callable[[str], Any] | None = None,
    ) -> None:
        missing = [name for name in ENDPOINT_NAMES if name not in endpoints]
        if missing:
            raise ValueError(f"Billing(endpoints=...) needs an endpoint for {', '.join(missing)}")
        self.db = db
        self.user_model = user_model
        self.models = models_for(db, user_key_of(user_model))
        self.endpoints = dict(endpoints)
        self.layout = layout
        self.blocks = {
            "content": content_block,
            "head": head_block,
            "title": title_block,
            "description": description_block,
        }
        self.user_fields = user_fields or UserFields()
        self.csrf = csrf
        self.url_prefix = url_prefix
        self.current_user = current_user
        self.find_user_by_email = find_user_by_email
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        from portal.billing import cli, hooks, views, webhooks  # noqa: F401 - routes
        from portal.billing.blueprint import bp
        from portal.billing.providers import install_provider
        from portal.billing.providers.demo import DemoBillingProvider

        set_defaults(app, SETTINGS)
        app.config.setdefault("SITE_NAME", app.name)
        app.extensions[EXTENSION] = BillingState(
            db=self.db,
            models=self.models,
            user_model=self.user_model,
            fields=self.user_fields,
            endpoints=self.endpoints,
            current_user=self.current_user or login_manager_user(app, "Billing"),
            find_user_by_email=self.find_user_by_email,
        )
        install_layout_bridge(app, LAYOUT_TEMPLATE, self.layout, self.blocks, OWN_BLOCKS)
        app.register_blueprint(bp, url_prefix=self.url_prefix or None)
        # Stripe signs its calls; it cannot send the host's CSRF token.
        if self.csrf is not None:
            self.csrf.exempt(webhooks.webhook)
        provider = make_provider(app)
        install_provider(app, provider)
        if isinstance(provider, DemoBillingProvider):
            from portal.billing.providers import demo_views

            app.register_blueprint(
                demo_views.bp, url_prefix=f"{self.url_prefix}{demo_views.bp.url_prefix}"
            )
        app.cli.add_command(cli.billing_cli)
        hooks.register(app)

    @staticmethod
    def run_seeds(seeds_dir: Path | None = None) -> dict:
        """Load plans.yaml and house_ads.yaml (the caller commits); see `flask billing seed`."""
        from portal.billing import ads, plans

        folder = seeds_dir or seeds_root()
        return {"plans": plans.seed_plans(folder), "house_ads": ads.seed_ads(folder)}


def seeds_root() -> Path:
    from flask import current_app

    config = current_app.config
    configured = config.get("BILLING_SEEDS_DIR") or config.get("SEEDS_DIR")
    if not configured:
        raise RuntimeError("set BILLING_SEEDS_DIR (or SEEDS_DIR) to the folder of plans.yaml")
    return Path(configured)


def make_provider(app: Flask):
    """Stripe when STRIPE_SECRET_KEY is set; otherwise the demo provider, which must never take
    the place of Stripe in production."""
    from portal.billing.providers.demo import DemoBillingProvider, DemoStore
    from portal.billing.providers.stripe_provider import StripeBillingProvider, client_from_config
    from portal.config import ConfigurationError

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
