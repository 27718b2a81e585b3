"""Plans and billing: Free and Plus, Stripe Checkout and the Customer Portal, entitlements, and
house ads for the free plan.

A Flask app mounts it with `Billing(...).init_app(app)` (portal/billing/extension.py; the portal
does so in portal/plugins.py). It asks the host for its db, its user model and where its user
fields are, the signed-in user (Flask-Login's by default) and the endpoints of its register,
login, account and home pages. It gives back, without the host importing billing's insides:
- `entitlements(user)` and `can(user, name)`: what a user (or a visitor, or None) may use;
- `entitlements_by_user_id(user_ids)`: the same for many people at once, for batch jobs;
- `holders(name)`: a SELECT of the ids of everyone with a paid entitlement now, for a
  search's own statement (featured resumes);
- `account_plan_line(user)`: the plan line of an account page;
- the template globals `billing_ad_slot(slot)`, `billing_banner()`, `billing_entitled(name)`.

Without STRIPE_SECRET_KEY the demo provider stands in for Stripe, in debug mode and tests only.
"""

from __future__ import annotations

from portal.billing.entitlements import can, entitlements, entitlements_by_user_id, holders
from portal.billing.extension import Billing
from portal.billing.hooks import account_plan_line
from portal.billing.state import UserFields

__all__ = [
    "Billing",
    "UserFields",
    "account_plan_line",
    "can",
    "entitlements",
    "entitlements_by_user_id",
    "holders",
]
