"""Anonymous mode: the resume as others see it when its owner hides who they are.

Hidden: name, email, phone, web address, photo, profiles, street, postal code and city (the
region and country stay, so employers can still search by place), the names of current
employers, and the names of references. A current employer is shown by the line its owner wrote
about it (JSON Resume's `work[].description`, "A psychiatric hospital in Colorado") or else as
"Current employer". The hidden values are also blanked wherever else they appear in the text
(a summary that says "I'm Dana Reyes"), since a hidden name that shows up in the summary is not
hidden.
"""

from __future__ import annotations

import copy
import re
from typing import Any

HIDDEN = "[hidden]"
CURRENT_EMPLOYER = "Current employer"
REFERENCE = "Reference available on request"
HIDDEN_BASICS = ("name", "email", "phone", "url", "image")
HIDDEN_LOCATION = ("address", "postalCode", "city")


def hidden_values(document: dict[str, Any]) -> list[str]:
    """Every value anonymous mode hides, longest first (so a full name goes before its parts)."""
    basics = document.get("basics") or {}
    values = [basics.get(key) for key in HIDDEN_BASICS]
    location = basics.get("location") or {}
    values += [location.get(key) for key in HIDDEN_LOCATION]
    for profile in basics.get("profiles") or []:
        values += [profile.get("username"), profile.get("url")]
    values += [job.get("name") for job in _current_jobs(document)]
    values += [ref.get("name") for ref in document.get("references") or []]
    found = {value.strip() for value in values if isinstance(value, str) and value.strip()}
    return sorted(found, key=len, reverse=True)


def _current_jobs(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [job for job in document.get("work") or [] if not job.get("endDate")]


def anonymised(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of `document` with everything that identifies its owner taken out."""
    hidden = hidden_values(document)
    result = copy.deepcopy(document)
    basics = result.get("basics") or {}
    for key in HIDDEN_BASICS:
        basics.pop(key, None)
    basics.pop("profiles", None)
    location = basics.get("location")
    if isinstance(location, dict):
        for key in HIDDEN_LOCATION:
            location.pop(key, None)
    for job in _current_jobs(result):
        job["name"] = (job.pop("description", "") or "").strip() or CURRENT_EMPLOYER
        job.pop("url", None)
    for reference in result.get("references") or []:
        reference["name"] = REFERENCE
    result.pop("meta", None)
    name = (document.get("basics") or {}).get("name") or ""
    return _scrub(result, _pattern(hidden, name)) if hidden else result


def _pattern(values: list[str], name: str) -> re.Pattern[str]:
    """Each hidden value anywhere, in any case; and each part of the name ("Dana", "Reyes") as
    a capitalised word of its own, so that "health care" survives a person called Care."""
    whole = [re.escape(value) for value in values]
    parts = [rf"\b{re.escape(part)}\b" for part in name.split() if len(part) > 1]
    return re.compile("|".join([*whole, *(f"(?-i:{part})" for part in parts)]), re.IGNORECASE)


def _scrub(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(HIDDEN, value)
    if isinstance(value, list):
        return [_scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, pattern) for key, item in value.items()}
    return value
