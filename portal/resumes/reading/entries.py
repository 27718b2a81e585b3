"""The entries of one resume section, read from its lines: jobs, schools, skills, certificates
and the smaller lists. Each reader takes the section's lines and returns JSON Resume entries,
adding a note for what it could not read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import Found, find_date, find_range, strip_span

BULLET = re.compile(r"^\s*[•●▪◦‣∙○■□➢➤►✓✔*·-]\s*")
# Separators between the parts of a title line: dashes with spaces, bars, middle dots, tabs or
# wide gaps (right-aligned dates), " at ". A plain comma is not one: "Denver, CO" is one part.
_SEPARATOR = re.compile(r"\s+[\u2013\u2014-]\s+|\s*[|•·]\s*|\s{3,}|\s+at\s+|\s+@\s+")
_PLACE = r"[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*){0,3},\s*(?:[A-Z]{2}|[A-Z][a-z]+)"  # Denver, CO
_LOCATION = re.compile(rf"{_PLACE}|(?i:remote|hybrid)")
_TRAILING_LOCATION = re.compile(rf",\s*({_PLACE})$")
_TITLE_WORDS = re.compile(
    r"\b(?:technician|tech|aide|assistant|nurse|manager|engineer|developer|programmer|director|"
    r"specialist|counselor|counsellor|therapist|intern|lead|coordinator|analyst|teacher|"
    r"officer|ceo|cto|president|consultant|worker|associate|supervisor|administrator|clerk|"
    r"representative|advocate|facilitator|volunteer|tutor|designer|attendant|caregiver|"
    r"practitioner|physician|psychologist|head|chief|founder|owner|staff|member)\b",
    re.IGNORECASE,
)
_ORG_WORDS = re.compile(
    r"\b(?:inc|llc|ltd|corp|corporation|company|co|hospital|center|centre|clinic|health|"
    r"healthcare|services|group|home|university|college|school|institute|foundation|"
    r"department|agency|association|society|church|bank|partners|systems|labs?|medical|"
    r"behavioral|county|city|state)\b\.?",
    re.IGNORECASE,
)
_SCHOOL_WORDS = re.compile(
    r"\b(?:university|college|school|institute|academy|polytechnic|conservatory|seminary)\b",
    re.IGNORECASE,
)
_DEGREE = re.compile(
    r"^(?:associate|bachelor|master|doctor|doctorate|ph\.?\s?d|mba|m\.?d\.?|b\.?s\.?c?|b\.?a\.?|"
    r"m\.?s\.?c?|m\.?a\.?|a\.?a\.?s?|high school|ged|diploma|certificate|postgraduate|"
    r"graduate certificate|licen[cs]e|nursing diploma)\b",
    re.IGNORECASE,
)
MAX_TITLE_LINES = 3
LONG_LINE = 90


def pieces(text: str) -> list[str]:
    """A line cut at its separators, empty parts dropped."""
    return [part.strip(" ,;") for part in _SEPARATOR.split(text) if part.strip(" ,;")]


def bullet_text(line: str) -> str | None:
    """The text of a bullet line, or None if the line is not a bullet."""
    match = BULLET.match(line)
    if not match or (line.lstrip().startswith("-") and re.match(r"\s*-\d", line)):
        return None
    return line[match.end() :].strip() or None


@dataclass
class Block:
    """One entry's lines: its title lines (with the dates found in them), its paragraphs and
    its bullets."""

    titles: list[str] = field(default_factory=list)
    dates: Found | None = None
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


def _is_paragraph(line: str) -> bool:
    return len(line) >= LONG_LINE or (line.endswith(".") and len(line.split()) >= 8)


def blocks(lines: list[str]) -> list[Block]:
    """Lines grouped into entries: a title line after bullets or paragraphs, a second date range,
    a blank line, or too many title lines start the next entry."""
    found: list[Block] = []
    current: Block | None = None
    for line in lines:
        if not line:
            current = None
            continue
        bullet = bullet_text(line)
        if bullet is not None:
            if current is None:
                current = Block()
                found.append(current)
            current.bullets.append(bullet)
            continue
        dates = find_range(line)
        paragraph = _is_paragraph(line)
        if (
            current is None
            or current.bullets
            or (current.paragraphs and not paragraph)
            or (dates and current.dates)
            or (not paragraph and len(current.titles) >= MAX_TITLE_LINES)
        ):
            current = Block()
            found.append(current)
        if paragraph and current.titles:
            current.paragraphs.append(line)
        else:
            current.titles.append(line)
            if dates and not current.dates:
                current.dates = dates
                current.titles[-1] = strip_span(line, dates.span)
    return found


def _split_title_parts(block: Block) -> tuple[list[str], str | None, bool]:
    """The parts of the title lines, the location among them, and whether " at " joined them."""
    joined_by_at = any(re.search(r"\s(?:at|@)\s", title) for title in block.titles)
    parts: list[str] = []
    location = None
    for title in block.titles:
        for part in pieces(title):
            trailing = _TRAILING_LOCATION.search(part)
            if location is None and _LOCATION.fullmatch(part):
                location = part
            elif location is None and trailing:  # "Denver Health, Denver, CO"
                location = trailing[1]
                parts.append(part[: trailing.start()])
            else:
                parts.append(part)
    if len(parts) == 1 and ", " in parts[0] and not _LOCATION.fullmatch(parts[0]):
        parts = [p.strip() for p in parts[0].split(", ", 1)]
    return parts, location, joined_by_at


def _role_and_place(parts: list[str], joined_by_at: bool) -> tuple[str | None, str | None]:
    """Which part names the role and which the employer: " at " says so; else the part that
    reads more like a job title ("Facilitator", "Technician") than an organisation
    ("Hospital", "Home"); else the first part is the role."""
    if not parts:
        return None, None
    if len(parts) == 1:
        return (parts[0], None) if _title_score(parts[0]) > 0 else (None, parts[0])
    first, second = parts[0], parts[1]
    if not joined_by_at and _title_score(second) > _title_score(first):
        first, second = second, first
    return first, second


def _title_score(part: str) -> int:
    """Title words count for, organisation words against; the last word (the head of the
    phrase: "Group Home", "Group Facilitator") counts double."""
    words = part.split()
    score = len(_TITLE_WORDS.findall(part)) - len(_ORG_WORDS.findall(part))
    if words and _TITLE_WORDS.fullmatch(words[-1]):
        score += 1
    if words and _ORG_WORDS.fullmatch(words[-1].rstrip(".,")):
        score -= 1
    return score


def _dated(entry: dict, block: Block, keys: tuple[str, str] = ("startDate", "endDate")) -> None:
    if block.dates:
        entry[keys[0]] = block.dates.start
        if block.dates.end:
            entry[keys[1]] = block.dates.end


def read_jobs(lines: list[str], notes: list[str], who: str, section: str) -> list[dict]:
    """Work or volunteer entries: position, employer (`who`), location, dates, highlights."""
    found = []
    for block in blocks(lines):
        parts, location, joined_by_at = _split_title_parts(block)
        position, employer = _role_and_place(parts, joined_by_at)
        entry: dict = {}
        if employer:
            entry[who] = employer
        if position:
            entry["position"] = position
        if location:
            entry["location"] = location
        _dated(entry, block)
        summary = " ".join(block.paragraphs + parts[2:])
        if summary:
            entry["summary"] = summary
        if block.bullets:
            entry["highlights"] = block.bullets
        if not entry:
            continue
        called = position or employer or (block.bullets[0][:40] if block.bullets else "?")
        if not position or not employer:
            missing = "position" if not position else "employer"
            notes.append(f"{section.title()}: no {missing} found for '{called}'.")
        if not block.dates:
            notes.append(f"{section.title()}: no dates found for '{called}'.")
        found.append(entry)
    return found


def read_schools(lines: list[str], notes: list[str]) -> list[dict]:
    """Education entries: institution, studyType and area from the degree, dates."""
    found = []
    for block in blocks(lines):
        parts, _location, _at = _split_title_parts(block)
        entry: dict = {}
        _dated(entry, block)
        for part in parts:
            single = None if block.dates else find_date(part)
            if single:
                # A single date under a school is when it ended (graduated), not when it began.
                entry.setdefault("endDate", single.start)
                part = strip_span(part, single.span)
            if not part:
                continue
            if "institution" not in entry and _SCHOOL_WORDS.search(part):
                entry["institution"] = part
            elif "studyType" not in entry and _DEGREE.match(part):
                study, area = _degree(part)
                entry["studyType"] = study
                if area:
                    entry["area"] = area
            elif "institution" not in entry and "studyType" in entry:
                entry["institution"] = part
            elif "area" not in entry and "studyType" in entry:
                entry["area"] = part
        if "institution" not in entry and parts:
            entry["institution"] = parts[0]
        if block.bullets:
            entry["courses"] = block.bullets
        if not entry:
            continue
        called = entry.get("institution", "?")
        if "studyType" not in entry:
            notes.append(f"Education: no degree found for '{called}'.")
        if "startDate" not in entry and "endDate" not in entry:
            notes.append(f"Education: no dates found for '{called}'.")
        found.append(entry)
    return found


def _degree(text: str) -> tuple[str, str | None]:
    """ "Bachelor of Science in Nursing" as ("Bachelor of Science", "Nursing")."""
    for separator in (", ", " in ", " \u2013 ", " - "):
        if separator in text:
            study, area = text.split(separator, 1)
            return study.strip(), area.strip() or None
    return text, None


def read_skills(lines: list[str], notes: list[str]) -> list[dict]:
    """ "Group (Level): a, b, c" lines as one entry with keywords; plain lists as one per skill."""
    found: list[dict] = []
    for line in lines:
        text = bullet_text(line) or line
        if not text:
            continue
        group = re.match(r"^([^:]{2,60}?)(?:\s*\(([^)]{1,30})\))?\s*:\s*(.+)$", text)
        if group:
            entry = {"name": group[1].strip()}
            if group[2]:
                entry["level"] = group[2].strip()
            entry["keywords"] = _listed(group[3])
            found.append(entry)
        else:
            found.extend({"name": skill} for skill in _listed(text))
    return found


def _listed(text: str) -> list[str]:
    return [item.strip(" .") for item in re.split(r"\s*[,;|•·]\s*", text) if item.strip(" .")]


def read_certificates(lines: list[str], notes: list[str]) -> list[dict]:
    """ "Name — Issuer, 05/2019" lines: name, issuer, date."""
    found = []
    for line in lines:
        text = bullet_text(line) or line
        if not text:
            continue
        entry: dict = {}
        date = find_date(text)
        if date:
            entry["date"] = date.start
            text = strip_span(text, date.span)
        parts = pieces(text)
        if len(parts) == 1 and ", " in parts[0]:
            parts = [p.strip() for p in parts[0].rsplit(", ", 1)]
        if not parts:
            continue
        entry["name"] = parts[0]
        if len(parts) > 1:
            entry["issuer"] = ", ".join(parts[1:])
        if "date" not in entry:
            notes.append(f"Certifications: no date found for '{parts[0]}'.")
        found.append(entry)
    return found


def read_awards(lines: list[str], notes: list[str]) -> list[dict]:
    return [
        {"title": cert["name"], **({"awarder": cert["issuer"]} if "issuer" in cert else {}),
         **({"date": cert["date"]} if "date" in cert else {})}
        for cert in read_certificates(lines, [])
    ]  # fmt: skip


def read_languages(lines: list[str], notes: list[str]) -> list[dict]:
    """ "Spanish — Conversational", "Spanish (conversational)", or a comma list of languages."""
    found = []
    for line in lines:
        text = bullet_text(line) or line
        for item in _listed(text) if not _SEPARATOR.search(text) else [text]:
            match = re.match(r"^(.+?)\s*(?:\((.+)\)|[:\u2013\u2014-]\s*(.+))?$", item)
            if not match:
                continue
            entry = {"language": match[1].strip()}
            fluency = match[2] or match[3]
            if fluency:
                entry["fluency"] = fluency.strip()
            found.append(entry)
    return found


def read_interests(lines: list[str], notes: list[str]) -> list[dict]:
    return [
        {"name": skill["name"], **({"keywords": skill["keywords"]} if "keywords" in skill else {})}
        for skill in read_skills(lines, notes)
    ]


def read_projects(lines: list[str], notes: list[str]) -> list[dict]:
    found = []
    for block in blocks(lines):
        parts, _location, _at = _split_title_parts(block)
        if not parts:
            continue
        entry: dict = {"name": parts[0]}
        description = " ".join(parts[1:] + block.paragraphs)
        if description:
            entry["description"] = description
        _dated(entry, block)
        if block.bullets:
            entry["highlights"] = block.bullets
        found.append(entry)
    return found


def read_publications(lines: list[str], notes: list[str]) -> list[dict]:
    return [
        {"name": cert["name"], **({"publisher": cert["issuer"]} if "issuer" in cert else {}),
         **({"releaseDate": cert["date"]} if "date" in cert else {})}
        for cert in read_certificates(lines, [])
    ]  # fmt: skip


def read_references(lines: list[str], notes: list[str]) -> list[dict]:
    text = [line for line in lines if line and "upon request" not in line.lower()]
    if text:
        notes.append("References were found; check who each one is from.")
        return [{"reference": " ".join(text)}]
    return []


def read_section(section: str, lines: list[str], notes: list[str]) -> list[dict]:
    """The entries of one section, by its JSON Resume name."""
    if section == "work":
        return read_jobs(lines, notes, "name", "experience")
    if section == "volunteer":
        return read_jobs(lines, notes, "organization", "volunteer")
    reader = {
        "education": read_schools,
        "skills": read_skills,
        "certificates": read_certificates,
        "awards": read_awards,
        "languages": read_languages,
        "interests": read_interests,
        "projects": read_projects,
        "publications": read_publications,
        "references": read_references,
    }[section]
    return reader(lines, notes)
