"""Resume files made by the project itself, for the import tests: a JSON Resume document drawn as
a simple one-column page (HTML, then a PDF through WeasyPrint) and as a Word file (python-docx).

Both drawings come from one list of blocks, so the PDF and the DOCX say the same thing. The lead's
real resume template may replace `render_sample_html` later; the import tests only need a resume
laid out the way people lay them out: name, headline, contact line, headed sections, entries with
a title line, a line of place and dates, and bullets.
"""

from __future__ import annotations

import io
import json
from html import escape
from pathlib import Path

DATA = Path(__file__).parent / "data"

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text("utf-8"))


def sample_resume() -> dict:
    """The JSON Resume project's sample (MIT; licence in data/)."""
    return load("sample.resume.json")


def mht_resume() -> dict:
    """A Mental Health Technician's resume, written for these tests, shown with US dates."""
    return load("mht.resume.json")


def show_date(value: str | None, style: str) -> str:
    """`2019-06-01` as `Jun 2019` (style "month") or `06/2019` (style "us"); a year stays a year."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    year, month = parts[0], int(parts[1])
    return f"{MONTHS[month - 1]} {year}" if style == "month" else f"{month:02d}/{year}"


def show_range(entry: dict, style: str) -> str:
    start = show_date(entry.get("startDate"), style)
    if not start:
        return ""
    return f"{start} \u2013 {show_date(entry.get('endDate'), style) or 'Present'}"


def _joined(*parts: str, sep: str = " · ") -> str:
    return sep.join(part for part in parts if part)


def blocks(resume: dict, style: str = "month") -> list[tuple[str, str]]:
    """The resume as (kind, text) blocks in reading order; kinds: name, label, contact, heading,
    entry, text, bullet."""
    basics = resume.get("basics", {})
    location = basics.get("location", {})
    out: list[tuple[str, str]] = [("name", basics["name"])]
    if basics.get("label"):
        out.append(("label", basics["label"]))
    place = _joined(location.get("city", ""), location.get("region", ""), sep=", ")
    out.append(("contact", _joined(basics.get("email", ""), basics.get("phone", ""), place)))
    links = [basics.get("url", "")] + [p.get("url", "") for p in basics.get("profiles", [])]
    if any(links):
        out.append(("contact", _joined(*links, sep=" | ")))
    if basics.get("summary"):
        out += [("heading", "Summary"), ("text", basics["summary"])]

    # Two layouts, as people use them: "Position — Employer" over "place · dates" (month style),
    # or "Employer | place" over "Position | dates" (US style).
    def entries(title: str, items: list[dict], who: str) -> None:
        if not items:
            return
        out.append(("heading", title))
        for item in items:
            dates = show_range(item, style)
            if style == "month":
                out.append(("entry", _joined(item["position"], item[who], sep=" — ")))
                if item.get("location") or dates:
                    out.append(("text", _joined(item.get("location", ""), dates)))
            else:
                out.append(("entry", _joined(item[who], item.get("location", ""), sep=" | ")))
                out.append(("text", _joined(item["position"], dates, sep=" | ")))
            if item.get("summary"):
                out.append(("text", item["summary"]))
            out.extend(("bullet", line) for line in item.get("highlights", []))

    entries("Experience", resume.get("work", []), "name")
    entries("Volunteer", resume.get("volunteer", []), "organization")
    if resume.get("education"):
        out.append(("heading", "Education"))
        for school in resume["education"]:
            degree = _joined(school.get("studyType", ""), school.get("area", ""), sep=", ")
            out.append(("entry", degree))
            out.append(("text", _joined(school["institution"], show_range(school, style))))
    if resume.get("certificates"):
        out.append(("heading", "Certifications"))
        for cert in resume["certificates"]:
            out.append(
                (
                    "text",
                    _joined(
                        cert["name"],
                        _joined(
                            cert.get("issuer", ""), show_date(cert.get("date"), style), sep=", "
                        ),
                        sep=" — ",
                    ),
                )
            )
    if resume.get("skills"):
        out.append(("heading", "Skills"))
        for skill in resume["skills"]:
            name = skill["name"] + (f" ({skill['level']})" if skill.get("level") else "")
            out.append(("bullet", f"{name}: {', '.join(skill.get('keywords', []))}"))
    if resume.get("awards"):
        out.append(("heading", "Awards"))
        for award in resume["awards"]:
            line = _joined(award["title"], award.get("awarder", ""), sep=" — ")
            out.append(("text", _joined(line, show_date(award.get("date"), style), sep=", ")))
    if resume.get("languages"):
        out.append(("heading", "Languages"))
        out += [
            ("text", _joined(lang["language"], lang.get("fluency", ""), sep=" — "))
            for lang in resume["languages"]
        ]
    if resume.get("interests"):
        out.append(("heading", "Interests"))
        out += [
            ("text", f"{i['name']}: {', '.join(i.get('keywords', []))}")
            for i in resume["interests"]
        ]
    return out


PAGE_CSS = """
@page { size: Letter; margin: 18mm; }
body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 22pt; margin: 0; }
.label { font-size: 13pt; margin: 0 0 4pt; }
.contact { margin: 0; }
h2 { font-size: 12pt; text-transform: uppercase; margin: 12pt 0 4pt; border-bottom: 1px solid; }
h3 { font-size: 10.5pt; margin: 8pt 0 0; }
p { margin: 0; }
ul { margin: 2pt 0 0 14pt; padding: 0; }
"""


def render_sample_html(resume: dict, style: str = "month") -> str:
    """A plain one-column HTML page of the resume; every value escaped."""
    body: list[str] = []
    in_list = False
    for kind, text in blocks(resume, style):
        if kind != "bullet" and in_list:
            body.append("</ul>")
            in_list = False
        if kind == "bullet" and not in_list:
            body.append("<ul>")
            in_list = True
        tag = {
            "name": "<h1>{}</h1>",
            "label": '<p class="label">{}</p>',
            "contact": '<p class="contact">{}</p>',
            "heading": "<h2>{}</h2>",
            "entry": "<h3>{}</h3>",
            "text": "<p>{}</p>",
            "bullet": "<li>{}</li>",
        }[kind]
        body.append(tag.format(escape(text)))
    if in_list:
        body.append("</ul>")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Resume</title>'
        f"<style>{PAGE_CSS}</style></head><body>{''.join(body)}</body></html>"
    )


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def render_pdf(resume: dict, style: str = "month") -> bytes:
    return html_to_pdf(render_sample_html(resume, style))


def render_docx(resume: dict, style: str = "month") -> bytes:
    """The same blocks as a Word file: the name as Title, sections as Heading 1, bullets in the
    List Bullet style, and the first contact line in a table (Word resumes often put it there)."""
    from docx import Document

    document = Document()
    table_done = False
    for kind, text in blocks(resume, style):
        if kind == "name":
            document.add_heading(text, level=0)
        elif kind == "heading":
            document.add_heading(text, level=1)
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "contact" and not table_done:
            pieces = text.split(" · ")
            table = document.add_table(rows=1, cols=len(pieces))
            for cell, piece in zip(table.rows[0].cells, pieces, strict=True):
                cell.text = piece
            table_done = True
        elif kind == "entry":
            document.add_paragraph().add_run(text).bold = True
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
