"""The resume as a PDF: drawn from the page's template, text in reading order, on the paper the
person's part of the world uses, and drawn again only when the resume changes."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.conftest import login, logout
from tests.resumes.conftest import import_json, pdf_text, post_form, share

LETTER = (612, 792)  # points
A4 = (595, 842)

SECTION_ORDER = [
    "Richard Hendriks",
    "SUMMARY",
    "WORK EXPERIENCE",
    "VOLUNTEERING",
    "EDUCATION",
    "SKILLS",
    "LANGUAGES",
    "AWARDS",
    "PUBLICATIONS",
    "PROJECTS",
    "INTERESTS",
    "REFERENCES",
]


def page_size(data: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_the_pdf_has_every_section_in_reading_order(client, seeker, sample):
    import_json(client, sample)
    response = client.get("/resume.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    positions = [text.find(heading) for heading in SECTION_ORDER]
    assert -1 not in positions, dict(zip(SECTION_ORDER, positions, strict=True))
    assert positions == sorted(positions)
    # Entries read in order too, with their dates as the page shows them.
    assert text.index("CEO/President") < text.index("Teacher")
    assert "Dec 2013 \u2013 Dec 2014" in text


def test_letter_in_denver_a4_in_berlin_or_as_chosen(client, make_user, seeker, sample):
    import_json(client, sample)
    assert page_size(client.get("/resume.pdf").data) == LETTER
    assert page_size(client.get("/resume.pdf?paper=a4").data) == A4
    share(client, "link", paper_size="a4")
    assert page_size(client.get("/resume.pdf").data) == A4
    logout(client)

    berliner = make_user("berlin@example.com", time_zone="Europe/Berlin")
    login(client, berliner)
    import_json(client, sample)
    assert page_size(client.get("/resume.pdf").data) == A4


def test_the_pdf_changes_when_the_resume_does(client, seeker, sample):
    import_json(client, sample)
    first = client.get("/resume.pdf").data
    assert client.get("/resume.pdf").data == first  # kept, not drawn again
    post_form(client, "/resume/skills/new", {"name": "Motivational interviewing"})
    changed = client.get("/resume.pdf").data
    assert "Motivational interviewing" in pdf_text(changed)


def test_markup_in_the_resume_is_text_in_the_pdf(client, seeker):
    hostile = '<b>Bold</b><script>alert(1)</script><img src="file:///etc/passwd">'
    post_form(client, "/resume/basics", {"name": "Dana Reyes", "summary": hostile})
    text = pdf_text(client.get("/resume.pdf").data)
    assert '<b>Bold</b><script>alert(1)</script><img src="file:///etc/passwd">' in text.replace(
        "\n", ""
    )


def test_a_visitor_gets_no_pdf_of_a_private_resume(client, seeker, sample):
    import_json(client, sample)
    logout(client)
    assert client.get("/resume.pdf").status_code == 302  # to sign in
