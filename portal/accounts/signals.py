"""What other domains hook into accounts, without accounts importing them.

- `account_deleting`: sent with `user=` just before an account's personal data is removed, inside
  the same transaction. A receiver that raises stops the deletion (billing cancels the
  subscription here; if Stripe fails, the account stays as it was).
- `email_changed`: sent with `user=` and `old_email=` once a new address is confirmed and saved.
  The change has happened: a receiver logs its own failures rather than raising (billing tells
  Stripe here, so receipts go to the new address).
- `register_data_exporter(app, name, fn)`: `fn(user)` returns JSON-able data that the account's
  data export includes under `name`. Datetimes and dates may be left as they are (naive ones
  are UTC): the export writes every time one way, "2026-11-30T12:00:00Z".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from blinker import Namespace
from flask import Flask, current_app

_signals = Namespace()

account_deleting = _signals.signal("account-deleting")
email_changed = _signals.signal("email-changed")

DataExporter = Callable[[Any], Any]


def register_data_exporter(app: Flask, name: str, fn: DataExporter) -> None:
    exporters = app.extensions.setdefault("portal.data_exporters", {})
    if name in exporters or name == "account":
        raise ValueError(f"a data exporter named {name!r} is already registered")
    exporters[name] = fn


def data_exporters() -> dict[str, DataExporter]:
    return current_app.extensions.get("portal.data_exporters", {})
