"""Loading billing's seed files (plans, house ads): validated documents upserted by key."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from sqlalchemy import select

from portal import clock
from portal.billing.catalog import invalidate_catalog
from portal.billing.state import db
from portal.seeding import SeedReport


class Keyed(Protocol):
    key: str


def upsert_by_key(
    model: Any,
    documents: Sequence[Keyed],
    values_of: Callable[[Any, int], dict[str, Any]],
    file_name: str,
) -> SeedReport:
    """Create or update one row of `model` per document, by key; rows whose key the file no
    longer lists are switched off (`active = False`), never deleted: other rows may name them.
    `values_of(document, position)` gives the columns to store."""
    report = SeedReport()
    existing = {row.key: row for row in db.session.scalars(select(model))}
    for position, document in enumerate(documents):
        values = values_of(document, position)
        outcome = save(model, existing.get(document.key), document.key, values)
        setattr(report, outcome, getattr(report, outcome) + 1)
        report.details.append(f"{document.key}: {outcome}")
    listed = {document.key for document in documents}
    for key, row in existing.items():
        # Only rows a seed file made are switched off; rows an admin created are theirs.
        if key not in listed and row.active and row.seed_digest is not None:
            row.active = False
            report.updated += 1
            report.details.append(f"{key}: switched off (not in {file_name})")
    db.session.flush()
    invalidate_catalog()
    return report


def save(model: Any, row: Any, key: str, values: dict[str, Any]) -> str:
    """Apply the file's values, unless the file's entry is unchanged since it was last applied:
    then the row, with any edits made since in the admin, is left alone."""
    digest = hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()
    if row is None:
        db.session.add(model(key=key, seed_digest=digest, **values))
        return "created"
    if row.seed_digest == digest:
        return "unchanged"
    row.seed_digest = digest
    if all(getattr(row, name) == value for name, value in values.items()):
        return "unchanged"
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = clock.now()
    return "updated"
