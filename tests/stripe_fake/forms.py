"""Reading Stripe's form encoding (`line_items[0][price]`, `metadata[user_id]`, `lookup_keys[]`)
into nested dicts and lists, and checking parameters the way Stripe answers bad ones."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tests.stripe_fake.store import FakeStripeError

_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


def decode(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """`a[b][0][c]=v` pairs into {"a": {"b": [{"c": "v"}]}}; `k[]` appends to a list."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        head, _, rest = key.partition("[")
        segments = [head, *_SEGMENT.findall("[" + rest)] if rest else [head]
        node = root
        for depth, segment in enumerate(segments):
            if segment == "":
                segment = str(sum(1 for k in node if k.isdigit()))
            if depth == len(segments) - 1:
                node[segment] = value
            else:
                child = node.get(segment)
                if not isinstance(child, dict):
                    child = node[segment] = {}
                node = child
    return _listify(root)


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    # Only keys 0..n-1 make a list, so enumerating it gives the keys back (see metadata()).
    if node and sorted(node) == sorted(str(i) for i in range(len(node))):
        return [_listify(node[str(i)]) for i in range(len(node))]
    return {key: _listify(value) for key, value in node.items()}


def invalid(param: str, message: str, code: str = "parameter_invalid") -> FakeStripeError:
    return FakeStripeError(400, message, code=code, param=param)


def check_known(params: dict[str, Any], allowed: Iterable[str]) -> None:
    """Stripe refuses parameters it does not know; so does the fake, so typos fail loudly."""
    known = {*allowed, "expand"}
    for name in params:
        if name not in known:
            raise invalid(name, f"Received unknown parameter: {name}", code="parameter_unknown")


def require(params: dict[str, Any], name: str) -> Any:
    value = params.get(name)
    if value is None or value == "":
        raise invalid(name, f"Missing required param: {name}.", code="parameter_missing")
    return value


def boolean(value: Any, param: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise invalid(param, f"Invalid boolean: {value}")


def integer(value: Any, param: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise invalid(
            param, f"Invalid integer: {value}", code="parameter_invalid_integer"
        ) from None


def string_list(value: Any, param: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise invalid(param, f"Invalid array: {param}")


def metadata(current: dict[str, str], update: Any, param: str = "metadata") -> dict[str, str]:
    """Stripe's metadata rules: an empty string unsets a key, `metadata=` clears them all."""
    if update == "":
        return {}
    if isinstance(update, list):  # decode() read keys "0", "1"… as a list
        update = {str(index): value for index, value in enumerate(update)}
    if not isinstance(update, dict):
        raise invalid(param, "Invalid object", code="parameter_invalid")
    merged = dict(current)
    for key, value in update.items():
        if not isinstance(value, str):
            raise invalid(f"{param}[{key}]", "Metadata values must be strings.")
        if len(key) > 40:
            raise invalid(f"{param}[{key}]", "Metadata keys can be at most 40 characters.")
        if len(value) > 500:
            raise invalid(f"{param}[{key}]", "Metadata values can be at most 500 characters.")
        if value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    if len(merged) > 50:
        raise invalid(param, "Metadata can have at most 50 keys.")
    return merged
