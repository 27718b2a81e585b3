"""Column types every domain's models share."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import JSON, Enum
from sqlalchemy.dialects.postgresql import JSONB

# JSONB on PostgreSQL (indexable, compact), JSON text on SQLite.
JsonDocument = JSON().with_variant(JSONB(), "postgresql")


def string_enum(enum_class: type[StrEnum]) -> Enum:
    """A StrEnum stored as its value in a VARCHAR: no PostgreSQL ENUM type to create, alter or
    drop in migrations."""
    return Enum(
        enum_class,
        native_enum=False,
        length=20,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
