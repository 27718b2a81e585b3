"""URL converters: an id in a URL is bounded by what the database can hold."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

# Every id column is an INTEGER: 32 bits on PostgreSQL, and a number past SQLite's 64 bits does
# not even reach the database (the driver raises OverflowError). A larger number in a URL names
# nothing, so it is a 404 rather than an error on the way to the query.
MAX_DATABASE_INTEGER = 2**31 - 1


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:...>` with an upper bound of MAX_DATABASE_INTEGER unless a rule sets its own."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_DATABASE_INTEGER, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def register(app: Flask) -> None:
    """Before any blueprint adds a rule: rules read their converter when they are added."""
    app.url_map.converters["int"] = DatabaseIntegerConverter
