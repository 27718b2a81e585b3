"""A JSON Resume file, read as it is: the draft is the document, so exporting and importing
give the same resume."""

from __future__ import annotations

import json

from .. import schema
from . import ImportRefused, strip_invisible

MAX_PROBLEMS_SHOWN = 3


def read_json(content: bytes) -> tuple[dict, list[str]]:
    """The document and notes, or ImportRefused naming what is wrong with it."""
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportRefused(
            "This file is not text in UTF-8, so it is not a JSON Resume file."
        ) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            f"This file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except RecursionError:
        raise ImportRefused("This JSON is nested too deeply to be a resume.") from None
    notes: list[str] = []
    cleaned = _without_controls(document)
    if cleaned != document:
        notes.append("Invisible control characters were removed from the text.")
    found = schema.problems(cleaned)
    if found:
        shown = "; ".join(found[:MAX_PROBLEMS_SHOWN])
        more = len(found) - MAX_PROBLEMS_SHOWN
        raise ImportRefused(
            f"This is not a JSON Resume file we can use: {shown}"
            + (f"; and {more} more." if more > 0 else ".")
        )
    return cleaned, notes


def _without_controls(value):
    """The same document with control characters taken out of its strings (keys and values);
    a document without any comes back equal, so the round trip holds."""
    if isinstance(value, str):
        return strip_invisible(value)
    if isinstance(value, dict):
        return {_without_controls(key): _without_controls(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_controls(item) for item in value]
    return value
