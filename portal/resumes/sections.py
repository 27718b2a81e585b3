"""What each section of a resume holds, for the editor: its fields, their labels and kinds.

The names are JSON Resume's. A field's kind says how the editor shows it and how its text
becomes JSON: `lines` is a list of strings (one per line), `date` is YYYY, YYYY-MM or YYYY-MM-DD.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "long", "lines", "date", "url", "email"]


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: Kind = "text"
    hint: str = ""
    required: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    singular: str
    fields: tuple[Field, ...]
    # The field that names an entry in lists ("Night aide at Riverbend").
    headline: tuple[str, ...]


def _dates(start: str = "startDate", end: str = "endDate") -> tuple[Field, Field]:
    return (
        Field(start, "Start date", "date", "YYYY, YYYY-MM or YYYY-MM-DD"),
        Field(end, "End date", "date", "Leave empty if this is current."),
    )


SECTIONS: dict[str, Section] = {
    section.key: section
    for section in (
        Section(
            "work",
            "Work experience",
            "job",
            (
                Field("position", "Job title", required=True),
                Field("name", "Employer", required=True),
                Field(
                    "description",
                    "About the employer",
                    hint="One line such as “A psychiatric hospital in Colorado”. Shown instead "
                    "of the employer's name when your resume is anonymous and this is your "
                    "current job.",
                ),
                Field("location", "Location"),
                Field("url", "Employer's website", "url"),
                *_dates(),
                Field("summary", "Summary", "long"),
                Field("highlights", "Highlights", "lines", "One per line."),
            ),
            ("position", "name"),
        ),
        Section(
            "volunteer",
            "Volunteering",
            "volunteer role",
            (
                Field("position", "Role", required=True),
                Field("organization", "Organisation", required=True),
                Field("url", "Website", "url"),
                *_dates(),
                Field("summary", "Summary", "long"),
                Field("highlights", "Highlights", "lines", "One per line."),
            ),
            ("position", "organization"),
        ),
        Section(
            "education",
            "Education",
            "school",
            (
                Field("institution", "School or institution", required=True),
                Field("studyType", "Qualification", hint="e.g. Associate degree, GED"),
                Field("area", "Field of study"),
                Field("url", "Website", "url"),
                *_dates(),
                Field("score", "Grade"),
                Field("courses", "Courses", "lines", "One per line."),
            ),
            ("studyType", "institution"),
        ),
        Section(
            "certificates",
            "Certifications and licences",
            "certification",
            (
                Field("name", "Certification", required=True),
                Field("issuer", "Issued by"),
                Field("date", "Date", "date", "YYYY, YYYY-MM or YYYY-MM-DD"),
                Field("url", "Verification link", "url"),
            ),
            ("name", "issuer"),
        ),
        Section(
            "skills",
            "Skills",
            "skill",
            (
                Field("name", "Skill", required=True, hint="e.g. Crisis de-escalation"),
                Field("level", "Level", hint="e.g. Advanced"),
                Field("keywords", "Keywords", "lines", "One per line."),
            ),
            ("name",),
        ),
        Section(
            "languages",
            "Languages",
            "language",
            (
                Field("language", "Language", required=True),
                Field("fluency", "Fluency", hint="e.g. Native, Conversational"),
            ),
            ("language",),
        ),
        Section(
            "awards",
            "Awards",
            "award",
            (
                Field("title", "Award", required=True),
                Field("awarder", "Awarded by"),
                Field("date", "Date", "date", "YYYY, YYYY-MM or YYYY-MM-DD"),
                Field("summary", "Summary", "long"),
            ),
            ("title", "awarder"),
        ),
        Section(
            "publications",
            "Publications",
            "publication",
            (
                Field("name", "Title", required=True),
                Field("publisher", "Publisher"),
                Field("releaseDate", "Date", "date", "YYYY, YYYY-MM or YYYY-MM-DD"),
                Field("url", "Link", "url"),
                Field("summary", "Summary", "long"),
            ),
            ("name", "publisher"),
        ),
        Section(
            "projects",
            "Projects",
            "project",
            (
                Field("name", "Project", required=True),
                Field("description", "Description", "long"),
                Field("entity", "For", hint="The organisation it was for, if any"),
                Field("roles", "Your roles", "lines", "One per line."),
                *_dates(),
                Field("url", "Link", "url"),
                Field("highlights", "Highlights", "lines", "One per line."),
                Field("keywords", "Keywords", "lines", "One per line."),
            ),
            ("name",),
        ),
        Section(
            "interests",
            "Interests",
            "interest",
            (
                Field("name", "Interest", required=True),
                Field("keywords", "Keywords", "lines", "One per line."),
            ),
            ("name",),
        ),
        Section(
            "references",
            "References",
            "reference",
            (
                Field("name", "Name", required=True),
                Field("reference", "What they say", "long"),
            ),
            ("name",),
        ),
    )
}

# The details at the top of a resume (JSON Resume's `basics`), flattened for one form.
BASICS = (
    Field("name", "Full name", required=True),
    Field("label", "Headline", hint="e.g. Mental Health Technician"),
    Field("email", "Email", "email"),
    Field("phone", "Phone"),
    Field("url", "Website", "url"),
    Field("summary", "Summary", "long", "A few sentences about you and the work you want."),
    Field("location.city", "City"),
    Field("location.region", "State or region", hint="Stays visible in anonymous mode."),
    Field("location.countryCode", "Country code", hint="Two letters, e.g. US"),
    Field("location.address", "Street address", hint="Most people leave this out."),
    Field("location.postalCode", "Postal code"),
    Field(
        "profiles",
        "Profiles",
        "lines",
        "One per line: network, then the address, e.g. “LinkedIn https://linkedin.com/in/you”.",
    ),
)


def headline(section: Section, entry: dict) -> str:
    parts = [str(entry.get(key) or "").strip() for key in section.headline]
    return " · ".join(part for part in parts if part) or "(untitled)"
