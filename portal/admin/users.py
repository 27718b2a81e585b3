"""Looking after accounts: search, and the changes an admin may make to one."""

from __future__ import annotations

import sqlalchemy as sa

from portal.accounts.models import Role, User
from portal.extensions import db

LIMIT = 50


class RefusedChange(Exception):
    pass


def search(text: str) -> list[User]:
    query = sa.select(User).order_by(User.created_at.desc()).limit(LIMIT)
    text = text.strip()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            sa.or_(User.email.ilike(pattern, escape="\\"), User.name.ilike(pattern, escape="\\"))
        )
    return list(db.session.scalars(query))


def set_role(admin: User, user: User, role: Role) -> None:
    """Make or remove an admin. An admin cannot remove their own role: the portal would be
    one step from having no admin at all, and the mistake could not be undone from here."""
    if user.id == admin.id and role != Role.ADMIN:
        raise RefusedChange("You cannot remove your own admin role; ask another admin.")
    user.role = role


def check_deactivation(admin: User, user: User) -> None:
    if user.id == admin.id:
        raise RefusedChange("You cannot deactivate your own account.")


def stripe_customer_url(customer_id: str, secret_key: str | None) -> str:
    """The customer in Stripe's dashboard (test mode when the key is a test key)."""
    mode = "test/" if secret_key and "_test_" in secret_key else ""
    return f"https://dashboard.stripe.com/{mode}customers/{customer_id}"
