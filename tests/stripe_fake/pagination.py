"""Stripe's cursor pagination for list endpoints: https://docs.stripe.com/api/pagination."""

from __future__ import annotations

from typing import Any

from tests.stripe_fake.forms import integer, invalid
from tests.stripe_fake.objects import list_object


def paginate(items: list[dict[str, Any]], params: dict[str, Any], url: str) -> dict[str, Any]:
    """Stripe's cursor pagination over `items` (newest first): limit, starting_after,
    ending_before, and a `created` filter (an exact time or gt/gte/lt/lte)."""
    created = params.get("created")
    if created is not None:
        items = [item for item in items if _created_matches(item["created"], created)]
    limit = integer(params.get("limit", 10), "limit")
    if not 1 <= limit <= 100:
        raise invalid("limit", f"This value must be between 1 and 100 (it currently is {limit}).")
    ids = [item["id"] for item in items]
    if after := params.get("starting_after"):
        if after not in ids:
            raise invalid("starting_after", f"No such object: '{after}'")
        items = items[ids.index(after) + 1 :]
        return list_object(items[:limit], url, has_more=len(items) > limit)
    if before := params.get("ending_before"):
        if before not in ids:
            raise invalid("ending_before", f"No such object: '{before}'")
        items = items[: ids.index(before)]
        return list_object(items[-limit:], url, has_more=len(items) > limit)
    return list_object(items[:limit], url, has_more=len(items) > limit)


def _created_matches(created: int, condition: Any) -> bool:
    if not isinstance(condition, dict):
        return created == integer(condition, "created")
    checks = {
        "gt": lambda bound: created > bound,
        "gte": lambda bound: created >= bound,
        "lt": lambda bound: created < bound,
        "lte": lambda bound: created <= bound,
    }
    return all(checks[op](integer(v, f"created[{op}]")) for op, v in condition.items())
