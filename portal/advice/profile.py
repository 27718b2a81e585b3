"""A resume as advice reads it: its lines (each with where it sits, so advice can point to it),
the job titles it names, the skills and certifications those lines show, and years of work."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from portal.advice.vocabulary import Concept, Mention, Vocabulary

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?")


@dataclass(frozen=True)
class ResumeLine:
    """One line of the resume, and where it is: section, entry and place in that entry."""

    section: str  # "basics", "work", "certificates", ...
    entry: int | None  # the entry's index in its section
    position: int | None  # the highlight's index in its entry, None for other fields
    where: str  # "Work: Mental Health Technician, Cedar Ridge Behavioral Hospital"
    text: str

    @property
    def is_highlight(self) -> bool:
        return self.position is not None


@dataclass(frozen=True)
class Evidence:
    line: ResumeLine
    mention: Mention


@dataclass
class Profile:
    lines: list[ResumeLine]
    titles: list[str]  # the headline first, then positions, newest first
    have: dict[str, list[Evidence]] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    # What the resume shows, with the schooling a higher degree implies (no evidence line).
    shown: set[str] = field(default_factory=set)
    years: float = 0.0

    @property
    def empty(self) -> bool:
        return not any(line.section != "basics" or line.text for line in self.lines)

    def text(self, limit: int = 4000) -> str:
        """The resume as one text, its strongest parts first (for embeddings)."""
        return " . ".join(line.text for line in self.lines)[:limit]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _entries(document: dict[str, Any], section: str) -> list[dict[str, Any]]:
    return [entry for entry in _list(document.get(section)) if isinstance(entry, dict)]


def _date(value: Any) -> dt.date | None:
    found = _DATE.match(_text(value))
    if not found:
        return None
    return dt.date(int(found.group(1)), int(found.group(2) or 1), 1)


def years_of_work(work: list[dict[str, Any]], today: dt.date) -> float:
    """Years covered by dated work entries, overlaps counted once; an open entry runs to today."""
    spans = []
    for entry in work:
        start = _date(entry.get("startDate"))
        end = _date(entry.get("endDate")) or today
        if start and end >= start:
            spans.append((start, end))
    total, reach = 0, None
    for start, end in sorted(spans):
        if reach is not None and start < reach:
            start = reach
        if end > start:
            total += (end - start).days
        reach = max(reach or end, end)
    return round(total / 365.25, 1)


def _lines(document: dict[str, Any]) -> list[ResumeLine]:
    lines: list[ResumeLine] = []
    basics = document.get("basics") if isinstance(document.get("basics"), dict) else {}
    for key, label in (("label", "Headline"), ("summary", "Summary")):
        if text := _text(basics.get(key)):
            lines.append(ResumeLine("basics", None, None, label, text))
    for section, title_key, place_key, label in (
        ("work", "position", "name", "Work"),
        ("volunteer", "position", "organization", "Volunteer"),
        ("projects", "name", "entity", "Project"),
    ):
        for index, entry in enumerate(_entries(document, section)):
            title, place = _text(entry.get(title_key)), _text(entry.get(place_key))
            where = f"{label}: " + ", ".join(part for part in (title, place) if part)
            if title:
                lines.append(ResumeLine(section, index, None, where, title))
            for key in ("summary", "description"):
                if text := _text(entry.get(key)):
                    lines.append(ResumeLine(section, index, None, where, text))
            for position, item in enumerate(_list(entry.get("highlights"))):
                if text := _text(item):
                    lines.append(ResumeLine(section, index, position, where, text))
    for index, entry in enumerate(_entries(document, "certificates")):
        if name := _text(entry.get("name")):
            lines.append(ResumeLine("certificates", index, None, "Certificates", name))
    for index, entry in enumerate(_entries(document, "education")):
        text = " in ".join(
            p for p in (_text(entry.get("studyType")), _text(entry.get("area"))) if p
        )
        if text:
            where = "Education: " + (_text(entry.get("institution")) or text)
            lines.append(ResumeLine("education", index, None, where, text))
    for index, entry in enumerate(_entries(document, "skills")):
        words = [_text(entry.get("name"))] + [_text(k) for k in _list(entry.get("keywords"))]
        if text := ", ".join(word for word in words if word):
            lines.append(ResumeLine("skills", index, None, "Skills", text))
    for index, entry in enumerate(_entries(document, "languages")):
        if text := _text(entry.get("language")):
            lines.append(ResumeLine("languages", index, None, "Languages", text))
    return lines


def profile_of(document: dict[str, Any], vocabulary: Vocabulary, today: dt.date) -> Profile:
    """Read a JSON Resume document; never fails, whatever the document holds."""
    document = document if isinstance(document, dict) else {}
    lines = _lines(document)
    basics = document.get("basics") if isinstance(document.get("basics"), dict) else {}
    work = _entries(document, "work")
    titles = [_text(basics.get("label"))] + [_text(entry.get("position")) for entry in work]
    profile = Profile(lines, [title for title in titles if title])
    for line in lines:
        for mention in vocabulary.find(line.text):
            profile.concepts[mention.concept.key] = mention.concept
            profile.have.setdefault(mention.concept.key, []).append(Evidence(line, mention))
    profile.shown = vocabulary.implied(profile.have)
    profile.years = years_of_work(work, today)
    return profile
