"""Every /admin URL is for admins only, checked once for the whole blueprint so a new route
cannot forget it (tests/test_access_map.py checks each one as well)."""

from __future__ import annotations

from portal.accounts.access import admin_required
from portal.admin import bp


@bp.before_request
@admin_required
def admins_only() -> None:
    return None
