"""How a resume reads on the page and in the PDF: dates, links, the paper it is printed on."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from portal.resumes.models import PaperSize
from portal.resumes.sections import SECTIONS
from portal.urls import absolute_url

EN_DASH = "\u2013"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# Where US Letter is the usual paper; everywhere else prints on A4. Found by the time zone the
# person chose, since that is what we know of where they are.
LETTER_ZONE_PREFIXES = ("US/", "Canada/", "America/")
A4_AMERICAS = (
    "America/Argentina",
    "America/Asuncion",
    "America/Bahia",
    "America/Belem",
    "America/Boa_Vista",
    "America/Buenos_Aires",
    "America/Campo_Grande",
    "America/Cayenne",
    "America/Cuiaba",
    "America/Fortaleza",
    "America/Guayaquil",
    "America/Guyana",
    "America/La_Paz",
    "America/Lima",
    "America/Maceio",
    "America/Manaus",
    "America/Montevideo",
    "America/Noronha",
    "America/Paramaribo",
    "America/Porto_Velho",
    "America/Punta_Arenas",
    "America/Recife",
    "America/Rio_Branco",
    "America/Santarem",
    "America/Sao_Paulo",
    "America/Nuuk",
    "America/Godthab",
)
OTHER_LETTER_ZONES = ("Pacific/Honolulu", "Asia/Manila")


def default_paper(time_zone: str | None) -> PaperSize:
    """Letter in North and Central America and the Philippines, A4 elsewhere; Letter when the
    zone says nothing of a country (UTC)."""
    zone = time_zone or ""
    if zone.startswith(A4_AMERICAS):
        return PaperSize.A4
    if zone.startswith(LETTER_ZONE_PREFIXES) or zone in OTHER_LETTER_ZONES:
        return PaperSize.LETTER
    if "/" in zone:
        return PaperSize.A4
    return PaperSize.LETTER


def resume_date(value: Any) -> str:
    """'2020-06' as 'Jun 2020'; a year alone as itself."""
    text = str(value or "")
    parts = text.split("-")
    try:
        if len(parts) >= 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return text
    return text


def date_range(entry: dict[str, Any], start: str = "startDate", end: str = "endDate") -> str:
    first, last = entry.get(start), entry.get(end)
    if not first and not last:
        return ""
    if first and not last:
        return f"{resume_date(first)} {EN_DASH} Present"
    if not first:
        return resume_date(last)
    return f"{resume_date(first)} {EN_DASH} {resume_date(last)}"


def web_url(value: Any) -> str | None:
    """The address if it is a web address we may link to, else None (no javascript: links)."""
    text = str(value or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme in ("http", "https") and parts.netloc else None


def place(location: dict[str, Any] | None) -> str:
    location = location or {}
    parts = [location.get("city"), location.get("region"), location.get("countryCode")]
    return ", ".join(str(part) for part in parts if part)


def years_of_experience(document: dict[str, Any], today: dt.date) -> int:
    """Whole years covered by the work entries (overlaps counted once)."""
    return days_of_experience(document, today) // 365


def days_of_experience(document: dict[str, Any], today: dt.date) -> int:
    """Days covered by the work entries (overlaps counted once); a current job runs to today."""
    spans = []
    for job in document.get("work") or []:
        start = _as_date(job.get("startDate"))
        if start is None:
            continue
        end = _as_date(job.get("endDate")) or today
        if end > start:
            spans.append((start, end))
    total = 0
    last_end = None
    for start, end in sorted(spans):
        if last_end is not None and start < last_end:
            start = last_end
        if end > start:
            total += (end - start).days
            last_end = end if last_end is None or end > last_end else last_end
    return total


def _as_date(value: Any) -> dt.date | None:
    parts = str(value or "").split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def with_article(noun: str) -> str:
    """'a job', 'an interest'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def register(app: Flask) -> None:
    app.add_template_filter(with_article, "resume_article")
    app.add_template_filter(resume_date, "resume_date")
    app.add_template_filter(date_range, "resume_date_range")
    app.add_template_filter(web_url, "resume_web_url")
    app.add_template_filter(place, "resume_place")
    app.add_template_global(SECTIONS, "resume_sections")


def person_json_ld(document: dict[str, Any], slug: str) -> dict[str, Any]:
    """schema.org Person for a resume that is not anonymous (the page turns it into a script
    block with `tojson`, which escapes what could end the script)."""
    basics = document.get("basics") or {}
    person: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": basics.get("name") or "",
        "url": absolute_url("resumes.public_page", slug=slug),
    }
    if basics.get("label"):
        person["jobTitle"] = basics["label"]
        person["hasOccupation"] = {"@type": "Occupation", "name": basics["label"]}
    location = basics.get("location") or {}
    address = {
        key: location[source]
        for key, source in (
            ("addressLocality", "city"),
            ("addressRegion", "region"),
            ("addressCountry", "countryCode"),
        )
        if location.get(source)
    }
    if address:
        person["address"] = {"@type": "PostalAddress", **address}
    skills = [skill.get("name") for skill in document.get("skills") or [] if skill.get("name")]
    if skills:
        person["knowsAbout"] = skills
    return person
