"""The JSON Resume shape (schema 1.2.1, kept in `schema/` with its MIT licence) and its checks.

A resume is stored as the JSON Resume document itself, so what we export is what we keep, and
what another tool exports we can read. The schema allows properties of its own; ours are few
and live under `meta.portal`. Beyond the schema, limits keep one resume a sensible size.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft7Validator, FormatChecker

SCHEMA_FILE = "resume-schema-1.2.1.json"
SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.2.1/schema.json"

# The sections that are lists of entries, in the order a resume shows them.
LIST_SECTIONS = (
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "references",
    "projects",
)
MAX_DOCUMENT_BYTES = 200_000
MAX_ENTRIES_PER_SECTION = 50
MAX_TEXT_LENGTH = 5_000


@cache
def schema() -> dict[str, Any]:
    text = (
        resources.files("portal.resumes")
        .joinpath("schema")
        .joinpath(SCHEMA_FILE)
        .read_text("utf-8")
    )
    return json.loads(text)


@cache
def _validator() -> Draft7Validator:
    return Draft7Validator(schema(), format_checker=FormatChecker())


def _where(path) -> str:
    """`work[2].startDate` from the validator's path."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the resume"


def problems(document: Any) -> list[str]:
    """Everything wrong with `document` as a resume we store, one readable line each."""
    if not isinstance(document, dict):
        return ["A resume is a JSON object (JSON Resume format)."]
    found = [
        f"{_where(error.absolute_path)}: {error.message}"
        for error in sorted(_validator().iter_errors(document), key=lambda e: list(e.path))
    ]
    size = len(json.dumps(document, ensure_ascii=False).encode())
    if size > MAX_DOCUMENT_BYTES:
        found.append(f"the resume is {size // 1000} kB; at most {MAX_DOCUMENT_BYTES // 1000} kB.")
    for section in LIST_SECTIONS:
        entries = document.get(section)
        if isinstance(entries, list) and len(entries) > MAX_ENTRIES_PER_SECTION:
            found.append(f"{section}: at most {MAX_ENTRIES_PER_SECTION} entries.")
    found.extend(_overlong(document, ""))
    return found


def _overlong(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return (
            [f"{where}: at most {MAX_TEXT_LENGTH} characters."]
            if len(value) > MAX_TEXT_LENGTH
            else []
        )
    if isinstance(value, dict):
        return [
            p for key, item in value.items() for p in _overlong(item, f"{where}.{key}".strip("."))
        ]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _overlong(item, f"{where}[{index}]")]
    return []


def is_valid(document: Any) -> bool:
    return not problems(document)
