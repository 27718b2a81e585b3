"""Resume import: JSON Resume files come back unchanged; PDFs and DOCX files the project renders
from two resumes come back as drafts with the person's details, jobs, schools, skills and
certificates; every kind of file we refuse is refused with a sentence that says why."""

from __future__ import annotations

import base64
import copy
import io
import json
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from docx import Document
from pypdf import PdfReader, PdfWriter

from portal.resumes import schema
from portal.resumes.importing import MAX_UPLOAD_BYTES, ImportRefused, read_upload
from tests.resumes import fixtures

# Rendering through WeasyPrint takes a second or two, so each file is made once per module.
STYLES = {"sample": "month", "mht": "us"}


@pytest.fixture(scope="module")
def files() -> dict[tuple[str, str], bytes]:
    made = {}
    for name, style in STYLES.items():
        resume = fixtures.sample_resume() if name == "sample" else fixtures.mht_resume()
        made[name, "pdf"] = fixtures.render_pdf(resume, style)
        made[name, "docx"] = fixtures.render_docx(resume, style)
    return made


def refusal(filename: str, content: bytes) -> str:
    with pytest.raises(ImportRefused) as caught:
        read_upload(filename, content)
    return str(caught.value)


def month(date: str | None) -> str | None:
    """The sample's dates are full days; the rendering shows months."""
    return date[:7] if date else None


# --- JSON Resume -----------------------------------------------------------------------------


def test_a_json_resume_comes_back_unchanged():
    original = fixtures.sample_resume()
    content = json.dumps(original, ensure_ascii=False, indent=2).encode()

    draft = read_upload("resume.json", content)

    assert draft.resume == original
    assert draft.source == "json"
    assert draft.notes == []


def test_json_with_a_byte_order_mark_is_read():
    content = "\ufeff".encode() + json.dumps(fixtures.mht_resume()).encode()
    assert read_upload("Resume.JSON", content).resume == fixtures.mht_resume()


def test_an_exported_draft_imports_back_the_same(files):
    draft = read_upload("resume.pdf", files["mht", "pdf"])
    exported = json.dumps(draft.resume).encode()
    assert read_upload("resume.json", exported).resume == draft.resume


def test_invalid_json_is_refused_with_where():
    message = refusal("resume.json", b'{"basics": {"name": "Ann",}}')
    assert message.startswith("This file is not valid JSON (line 1, column 27")


def test_json_failing_the_schema_is_refused_naming_the_problems():
    document = {"basics": {"name": "Ann", "email": "not-an-address"}, "work": "none"}
    message = refusal("resume.json", json.dumps(document).encode())
    assert message.startswith("This is not a JSON Resume file we can use:")
    assert "basics.email" in message and "work" in message


def test_json_that_is_not_an_object_is_refused():
    assert "JSON object" in refusal("resume.json", b"[1, 2, 3]")


def test_control_characters_are_taken_out_of_json_and_said():
    document = fixtures.mht_resume()
    document["basics"]["name"] = "Jordan\x00 A.\x1b Rivera"
    draft = read_upload("resume.json", json.dumps(document).encode())
    assert draft.resume["basics"]["name"] == "Jordan A. Rivera"
    assert draft.notes == ["Invisible control characters were removed from the text."]


# --- PDF and DOCX: the sample ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_the_sample_resume_is_read_back(files, kind):
    sample = fixtures.sample_resume()
    draft = read_upload(f"hendriks.{kind}", files["sample", kind])
    resume = draft.resume

    assert draft.source == kind
    assert schema.problems(resume) == []
    basics = resume["basics"]
    for key in ("name", "label", "email", "phone", "url", "summary"):
        assert basics[key] == sample["basics"][key]
    assert basics["location"] == {"city": "San Francisco", "region": "California"}
    assert [p["network"] for p in basics["profiles"]] == ["Twitter", "SoundCloud"]
    assert basics["profiles"][1]["username"] == "dandymusicnl"

    for section, who in (("work", "name"), ("volunteer", "organization")):
        assert len(resume[section]) == len(sample[section])
        for got, want in zip(resume[section], sample[section], strict=True):
            assert got["position"] == want["position"]
            assert got[who] == want[who]
            assert got["startDate"] == month(want["startDate"])
            assert got["endDate"] == month(want["endDate"])
            assert got["highlights"] == want["highlights"]
            assert got["summary"] == want["summary"]
    assert resume["work"][0]["location"] == "Palo Alto, CA"

    [school] = resume["education"]
    want = sample["education"][0]
    assert (school["institution"], school["studyType"], school["area"]) == (
        want["institution"], want["studyType"], want["area"],
    )  # fmt: skip
    assert (school["startDate"], school["endDate"]) == ("2011-06", "2014-01")
    assert resume["skills"] == sample["skills"]
    assert resume["awards"] == [
        {"title": "Digital Compression Pioneer Award", "awarder": "Techcrunch", "date": "2014-11"}
    ]
    assert resume["languages"] == sample["languages"]
    assert resume["interests"] == sample["interests"]
    assert draft.notes == []


# --- PDF and DOCX: the Mental Health Technician ----------------------------------------------


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_the_mht_resume_with_us_dates_is_read_back(files, kind):
    mht = fixtures.mht_resume()
    draft = read_upload(f"rivera.{kind}", files["mht", kind])
    resume = draft.resume

    assert schema.problems(resume) == []
    assert resume["basics"] == mht["basics"]
    # Every job: position, employer, place, "06/2019 - 03/2021" and "04/2021 - Present" dates,
    # bullet highlights, including the ones that wrap onto a second line in the PDF.
    assert resume["work"] == mht["work"]
    assert resume["volunteer"] == mht["volunteer"]
    assert resume["education"] == mht["education"]
    assert resume["certificates"] == mht["certificates"]
    assert resume["skills"] == mht["skills"]
    assert resume["languages"] == mht["languages"]


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_what_could_not_be_read_is_said_not_guessed(files, kind):
    draft = read_upload(f"rivera.{kind}", files["mht", kind])
    night_aide = draft.resume["work"][2]
    assert night_aide["position"] == "Night Aide"
    assert "startDate" not in night_aide and "endDate" not in night_aide
    assert draft.notes == ["Experience: no dates found for 'Night Aide'."]


def test_a_docx_without_headings_or_contact_details_says_so():
    document = Document()
    document.add_paragraph("Things I have done over the years, in no particular order at all.")
    draft = read_upload("notes.docx", _docx_bytes(document))
    assert "No name was found at the top of the resume." in draft.notes
    assert "No email address was found." in draft.notes
    assert "No phone number was found." in draft.notes
    assert any(note.startswith("No section headings were found") for note in draft.notes)
    assert schema.problems(draft.resume) == []


def test_invisible_characters_in_a_docx_are_removed():
    document = Document()
    document.add_heading("Ann\u200b \u202eLee", level=0)
    document.add_paragraph("ann@example.com · (720) 555-0100")
    draft = read_upload("ann.docx", _docx_bytes(document))
    assert draft.resume["basics"]["name"] == "Ann Lee"


def test_a_pdf_locked_only_against_copying_is_read(files):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files["mht", "pdf"])))
    writer.encrypt(user_password="", owner_password="owner-only")
    draft = read_upload("rivera.pdf", _pdf_bytes(writer))
    assert draft.resume["basics"]["name"] == "Jordan A. Rivera"


# --- Refusals ----------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_with_its_size():
    content = b"%PDF-1.7\n" + b"0" * (7 * 1024 * 1024 + 200 * 1024)
    assert refusal("big.pdf", content) == "The file is 7.2 MB; the limit is 5 MB."


def test_a_six_megabyte_json_is_refused():
    content = b'{"basics": {"summary": "' + b"a" * (6 * 1024 * 1024) + b'"}}'
    assert len(content) > MAX_UPLOAD_BYTES
    assert refusal("resume.json", content) == "The file is 6.0 MB; the limit is 5 MB."


@pytest.mark.parametrize("name", ["resume.pdf", "resume.docx", "resume.json"])
def test_an_empty_file_is_refused(name):
    assert refusal(name, b"") == "The file is empty."


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("resume.txt", "not a .txt file"),
        ("resume", "not a file without an extension"),
        ("resume.doc", "an old Word .doc file must be saved as .docx first"),
    ],
)
def test_unknown_types_are_refused_naming_the_accepted_ones(name, says):
    message = refusal(name, b"hello")
    assert message.startswith(
        "We can import a JSON Resume file (.json), a PDF (.pdf) or a Word document (.docx)"
    )
    assert says in message


def test_a_png_named_pdf_is_refused():
    assert refusal("resume.pdf", _png()) == (
        "This file is not a PDF, whatever its name says (it looks like a PNG image)."
    )


def test_a_pdf_named_docx_is_refused(files):
    assert refusal("resume.docx", files["mht", "pdf"]) == (
        "This file is not a Word document (.docx), whatever its name says (it looks like a PDF)."
    )


def test_a_pdf_named_json_is_refused(files):
    assert "(it looks like a PDF)" in refusal("resume.json", files["mht", "pdf"])


def test_a_zip_without_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.txt", "not a document")
    assert refusal("resume.docx", buffer.getvalue()) == (
        "This file is not a Word document (.docx), whatever its name says."
    )


def test_an_encrypted_pdf_is_refused(files):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files["mht", "pdf"])))
    writer.encrypt(user_password="secret")
    assert refusal("rivera.pdf", _pdf_bytes(writer)).startswith(
        "This PDF is protected with a password, so we cannot read it."
    )


def test_a_pdf_of_an_image_without_text_is_refused():
    png = "data:image/png;base64," + base64.b64encode(_png(200, 280)).decode()
    pdf = fixtures.html_to_pdf(f'<html><body><img src="{png}" width="400"></body></html>')
    assert refusal("scan.pdf", pdf).startswith(
        "This PDF has no text we can read; it may be a scan or a picture of a resume."
    )


def test_a_truncated_pdf_is_refused(files):
    for cut in (len(files["mht", "pdf"]) // 2, 100):
        assert refusal("rivera.pdf", files["mht", "pdf"][:cut]) == (
            "This PDF is damaged or incomplete, so we cannot read it. Save it again and retry."
        )


def test_a_pdf_with_a_garbled_body_is_refused():
    content = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer <<>>\n%%EOF\n"
    assert refusal("broken.pdf", content).startswith("This PDF is damaged")


def test_a_pdf_of_too_many_pages_is_refused():
    pages = "".join('<p style="break-after: page">Page</p>' for _ in range(21))
    pdf = fixtures.html_to_pdf(f"<html><body>{pages}</body></html>")
    assert refusal("long.pdf", pdf) == ("This PDF has 21 pages; a resume we import has at most 20.")


def test_a_docx_with_more_text_than_a_resume_is_refused():
    document = Document()
    for _ in range(700):
        document.add_paragraph("All work and no play makes Jack a dull boy. " * 2)
    assert refusal("long.docx", _docx_bytes(document)).startswith(
        "This Word file has more text than a resume"
    )


def test_a_zip_bomb_docx_is_refused_before_it_is_unpacked(files):
    bomb = _with_member(files["mht", "docx"], "word/media/image1.png", 60 * 1024 * 1024)
    assert len(bomb) < MAX_UPLOAD_BYTES
    tracemalloc.start()
    try:
        message = refusal("bomb.docx", bomb)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == (
        "This Word file would unpack to 61 MB, far more than a resume; we do not open it."
    )
    assert peak < 5 * 1024 * 1024  # the 60 MB member was never unpacked


def test_a_docx_that_unpacks_a_hundred_times_its_size_is_refused(files):
    dense = _with_member(files["mht", "docx"], "word/media/image1.png", 8 * 1024 * 1024)
    assert "far more than a resume" in refusal("dense.docx", dense)


def test_a_docx_of_many_parts_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(1200):
            archive.writestr(f"word/part{number}.xml", "")
    assert refusal("parts.docx", buffer.getvalue()) == (
        "This Word file holds 1,201 parts; that is not a resume."
    )


def test_a_docx_with_a_broken_document_is_refused(files):
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(files["mht", "docx"])) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert refusal("broken.docx", buffer.getvalue()) == (
        "This Word file is damaged or not a .docx document, so we cannot read it."
    )


def test_a_truncated_docx_is_refused(files):
    assert "damaged" in refusal("cut.docx", files["mht", "docx"][:3000])


def test_reading_changes_nothing_it_was_given(files):
    """The reader is pure: the same bytes give the same draft, and the sample is untouched."""
    before = copy.deepcopy(fixtures.sample_resume())
    first = read_upload("a.docx", files["sample", "docx"])
    second = read_upload("a.docx", files["sample", "docx"])
    assert first == second
    assert fixtures.sample_resume() == before


# --- helpers -----------------------------------------------------------------------------------


def _docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _with_member(docx: bytes, name: str, size: int) -> bytes:
    """The Word file with one more member of `size` zero bytes, deflated to almost nothing."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr(name, bytes(size))
    return buffer.getvalue()


def _png(width: int = 2, height: int = 2) -> bytes:
    """A grey PNG, made here so no image comes from outside."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_a_resume_in_another_layout_is_read():
    """Capital headings of other names, "Position at Employer, City, ST", dashes for bullets,
    dates at the end of a title line, a degree with its school and year on one line."""
    lines = [
        "JANE DOE",
        "Registered Nurse",
        "Denver, CO 80203 | jane.doe@example.org | +1 720-555-0199 | linkedin.com/in/janedoe",
        "PROFESSIONAL SUMMARY",
        "Caring nurse.",
        "WORK HISTORY",
        "Staff Nurse at Denver Health, Denver, CO",
        "Jan 2020 - Present",
        "- Cared for 5 patients per shift",
        "Mercy Hospital \u2014 Nurse Aide    2018-2020",
        "* Helped with admissions",
        "EDUCATION",
        "Bachelor of Science in Nursing, University of Colorado, 2019",
        "LICENSES & CERTIFICATIONS",
        "Registered Nurse (RN), Colorado Board of Nursing",
        "BLS \u2014 American Heart Association \u2014 2024",
        "SKILLS",
        "IV therapy, wound care, patient education",
    ]
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    draft = read_upload("jane.docx", _docx_bytes(document))
    resume = draft.resume

    assert schema.problems(resume) == []
    assert resume["basics"]["location"] == {"city": "Denver", "region": "CO", "postalCode": "80203"}
    assert resume["basics"]["phone"] == "+1 720-555-0199"
    assert resume["basics"]["profiles"][0]["username"] == "janedoe"
    assert resume["work"] == [
        {
            "name": "Denver Health",
            "position": "Staff Nurse",
            "location": "Denver, CO",
            "startDate": "2020-01",
            "highlights": ["Cared for 5 patients per shift"],
        },
        {
            "name": "Mercy Hospital",
            "position": "Nurse Aide",
            "startDate": "2018",
            "endDate": "2020",
            "highlights": ["Helped with admissions"],
        },
    ]
    assert resume["education"] == [
        {
            "institution": "University of Colorado",
            "studyType": "Bachelor of Science",
            "area": "Nursing",
            "endDate": "2019",
        }
    ]
    assert resume["certificates"] == [
        {"name": "Registered Nurse (RN)", "issuer": "Colorado Board of Nursing"},
        {"name": "BLS", "issuer": "American Heart Association", "date": "2024"},
    ]
    assert [skill["name"] for skill in resume["skills"]] == [
        "IV therapy", "wound care", "patient education",
    ]  # fmt: skip
    assert draft.notes == ["Certifications: no date found for 'Registered Nurse (RN)'."]
