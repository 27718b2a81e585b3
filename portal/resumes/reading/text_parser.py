"""A resume's plain text, line by line, read into a JSON Resume draft: the top lines give the name
and contact details, headings split the rest into sections, and `entries` reads each section.

It reads one-column resumes laid out the usual way. What it cannot place it says in the notes
rather than guessing, so the person knows what to fill in on the draft.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from . import entries
from .entries import BULLET, pieces

# Headings people use, by section; compared lowercased, without punctuation, "&" read as "and".
HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary", "professional summary", "career summary", "profile", "professional profile",
        "objective", "career objective", "about", "about me", "summary of qualifications",
        "qualifications summary", "personal statement",
    ),
    "work": (
        "experience", "work experience", "professional experience", "work history",
        "employment", "employment history", "career history", "relevant experience",
        "clinical experience", "professional history",
    ),
    "education": ("education", "education and training", "academic background", "training"),
    "skills": (
        "skills", "technical skills", "core skills", "key skills", "core competencies",
        "competencies", "skills and abilities", "areas of expertise", "skills and expertise",
    ),
    "certificates": (
        "certifications", "certificates", "certification", "licenses", "licences",
        "licenses and certifications", "certifications and licenses", "licensure",
        "credentials", "licenses and certificates", "certificates and licenses",
    ),
    "volunteer": (
        "volunteer", "volunteering", "volunteer experience", "volunteer work",
        "community service", "community involvement",
    ),
    "awards": ("awards", "honors", "honours", "awards and honors", "honors and awards",
               "achievements"),
    "languages": ("languages", "language skills"),
    "interests": ("interests", "hobbies", "hobbies and interests"),
    "projects": ("projects", "selected projects", "personal projects", "key projects"),
    "publications": ("publications",),
    "references": ("references", "references available upon request"),
}  # fmt: skip
_SECTION_OF = {heading: section for section, names in HEADINGS.items() for heading in names}

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
URL = re.compile(
    r"(?:https?://|www\.)[^\s|,;<>\"']+"
    r"|\b(?:linkedin|github|gitlab|twitter|x|behance|dribbble|medium|stackoverflow|instagram)"
    r"\.com/[^\s|,;<>\"']+",
    re.IGNORECASE,
)
PHONE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().-]{7,}\d(?![\w/])")
# "City, ST", "City, State", "City, ST 80012", "City, Country".
LOCATION = re.compile(
    r"(?P<city>[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*){0,3}),\s*"
    r"(?P<region>[A-Z]{2}|[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})"
    r"(?:\s+(?P<postal>\d{5}(?:-\d{4})?))?"
)
NETWORKS = {
    "linkedin": "LinkedIn",
    "github": "GitHub",
    "gitlab": "GitLab",
    "twitter": "Twitter",
    "x.com": "X",
    "stackoverflow": "Stack Overflow",
    "behance": "Behance",
    "dribbble": "Dribbble",
    "medium": "Medium",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "soundcloud": "SoundCloud",
    "youtube": "YouTube",
}
MAX_NAME_WORDS = 6


def section_of(line: str) -> str | None:
    """The section a heading line opens, or None if the line is not a heading."""
    key = re.sub(r"[^\w\s]", "", line.lower().replace("&", " and "))
    key = " ".join(key.split())
    return _SECTION_OF.get(key) if len(key) <= 40 else None


def parse(lines: list[str]) -> tuple[dict, list[str]]:
    """Lines of text (blank lines allowed) as a JSON Resume draft and notes on what was not read."""
    notes: list[str] = []
    top: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for raw in lines:
        line = raw.strip()
        section = section_of(line) if line else None
        if section:
            sections.append((section, []))
        elif sections:
            sections[-1][1].append(line)
        elif line:
            top.append(line)

    resume: dict = {"basics": read_top(top, notes)}
    seen: set[str] = set()
    for section, body in sections:
        if section in seen and section != "summary":
            notes.append(f"A second '{section}' heading was found; its entries were added too.")
        seen.add(section)
        if section == "summary":
            text = " ".join(line for line in body if line)
            if text:
                basics = resume["basics"]
                basics["summary"] = f"{basics['summary']} {text}" if "summary" in basics else text
            continue
        found = entries.read_section(section, body, notes)
        if found:
            resume.setdefault(section, []).extend(found)
    if not sections:
        notes.append(
            "No section headings were found (such as Experience, Education or Skills), "
            "so only the contact details were read."
        )
    return resume, notes


def read_top(top: list[str], notes: list[str]) -> dict:
    """The name, headline and contact details from the lines above the first heading."""
    basics: dict = {}
    profiles: list[dict] = []
    unplaced: list[str] = []
    for line in top:
        rest = line
        for email in EMAIL.findall(rest):
            basics.setdefault("email", email)
            rest = rest.replace(email, " | ")
        for url in URL.findall(rest):
            rest = rest.replace(url, " | ")
            _place_url(url.rstrip(".)"), basics, profiles)
        for phone in PHONE.findall(rest):
            if sum(c.isdigit() for c in phone) >= 9:
                basics.setdefault("phone", phone.strip())
                rest = rest.replace(phone, " | ")
        for piece in pieces(rest):
            piece = re.sub(
                r"^(?:e-?mail|phone|tel|mobile|cell|address)\s*:?\s*", "", piece, flags=re.I
            )
            if not piece or re.fullmatch(r"r[eé]sum[eé]|cv|curriculum vitae", piece, re.I):
                continue
            location = LOCATION.fullmatch(piece)
            if location and "location" not in basics and "name" in basics:
                basics["location"] = {
                    key: value
                    for key, value in (
                        ("city", location["city"]),
                        ("region", location["region"]),
                        ("postalCode", location["postal"]),
                    )
                    if value
                }
            elif "name" not in basics and _looks_like_name(piece):
                basics["name"] = piece
            elif "name" in basics and "label" not in basics and _looks_like_label(piece):
                basics["label"] = piece
            else:
                unplaced.append(piece)
    if profiles:
        basics["profiles"] = profiles
    if "name" not in basics:
        notes.append("No name was found at the top of the resume.")
    for what in ("email", "phone"):
        if what not in basics:
            notes.append(f"No {'email address' if what == 'email' else 'phone number'} was found.")
    if unplaced:
        notes.append("Not placed from the top of the resume: " + "; ".join(unplaced[:5]) + ".")
    return basics


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= MAX_NAME_WORDS
        and not any(c.isdigit() for c in text)
        and all(w[0].isupper() or not w[0].isalpha() for w in words)
    )


def _looks_like_label(text: str) -> bool:
    return len(text.split()) <= 8 and not any(c.isdigit() for c in text)


def _place_url(url: str, basics: dict, profiles: list[dict]) -> None:
    """A profile if the address is a known network's, else the person's own site."""
    full = url if re.match(r"https?://", url, re.I) else f"https://{url}"
    host = (urlsplit(full).hostname or "").lower()
    for key, network in NETWORKS.items():
        if key in host.split(".") or (key.count(".") and host.endswith(key)):
            path = [part for part in urlsplit(full).path.split("/") if part]
            profile = {"network": network, "url": full}
            if path:
                profile["username"] = path[-1]
            profiles.append(profile)
            return
    if "url" in basics:
        profiles.append({"url": full})
    else:
        basics["url"] = full


__all__ = ["BULLET", "parse", "section_of"]
