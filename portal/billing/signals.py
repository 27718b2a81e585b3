"""What billing tells other domains, without importing them.

- `membership_changed`: sent with `user_id=` once a person's subscription or complimentary
  grant was written (flushed, not yet committed: receivers write in the same transaction). The
  plan may be higher, lower or the same; a receiver asks `entitlements` what it is now (alerts
  make weekly-by-plan alerts daily on an upgrade here).
- `register_upgrade_note(app, fn)`: `fn(user)` returns a sentence (or None) for the welcome
  page after checkout, saying what the new plan changed in that domain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from blinker import Namespace
from flask import Flask, current_app, has_app_context

_signals = Namespace()

membership_changed = _signals.signal("membership-changed")

UpgradeNote = Callable[[Any], str | None]


def announce_membership_change(user_id: int) -> None:
    if has_app_context():
        membership_changed.send(current_app._get_current_object(), user_id=user_id)


def register_upgrade_note(app: Flask, fn: UpgradeNote) -> None:
    app.extensions.setdefault("portal.upgrade_notes", []).append(fn)


def upgrade_notes(user) -> list[str]:
    return [
        note for fn in current_app.extensions.get("portal.upgrade_notes", []) if (note := fn(user))
    ]
