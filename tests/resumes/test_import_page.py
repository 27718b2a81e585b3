"""Importing a resume through the editor's form: a PDF or a Word document read into a draft the
person checks, and a refused file that leaves nothing behind."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from werkzeug.test import EnvironBuilder

from tests.conftest import csrf_token
from tests.resumes.conftest import import_json, post_form
from tests.resumes.fixtures import mht_resume, render_docx, render_pdf


def upload(client, name: str, content: bytes):
    return post_form(
        client,
        "/resume/import",
        {"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_a_pdf_resume_is_read_into_a_draft_and_kept_once_accepted(client, seeker):
    resume = mht_resume()
    response = upload(client, "dana-resume.pdf", render_pdf(resume, "us"))
    assert response.status_code == 303
    review = client.get("/resume/import/review").text
    assert "Check what we read from your file" in review
    assert resume["basics"]["name"] in review
    assert "work" not in client.get("/resume.json").get_json()  # nothing saved yet
    post_form(client, "/resume/import/accept")
    saved = client.get("/resume.json").get_json()
    assert saved["basics"]["name"] == resume["basics"]["name"]
    assert [job["position"] for job in saved["work"]] == [job["position"] for job in resume["work"]]


def test_a_word_document_is_read_too(client, seeker):
    resume = mht_resume()
    assert upload(client, "resume.docx", render_docx(resume)).status_code == 303
    post_form(client, "/resume/import/accept")
    saved = client.get("/resume.json").get_json()
    assert saved["basics"]["email"] == resume["basics"]["email"]
    assert {c["name"] for c in saved["certificates"]} == {c["name"] for c in resume["certificates"]}


def test_a_refused_file_says_why_and_changes_nothing(client, seeker, sample):
    import_json(client, sample)
    before = client.get("/resume.json").get_json()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(render_pdf(mht_resume()))))
    writer.encrypt(user_password="secret")
    locked = io.BytesIO()
    writer.write(locked)
    refusals = {
        "locked.pdf": locked.getvalue(),
        "photo.pdf": b"\x89PNG\r\n\x1a\n" + b"\0" * 200,
        "notes.txt": b"Dana Reyes, MHT",
    }
    for name, content in refusals.items():
        response = upload(client, name, content)
        assert response.status_code == 303, name
        page = client.get("/resume").text
        assert 'class="flash flash-error"' in page, name
        assert client.get("/resume.json").get_json() == before
        assert client.get("/resume/import/review").status_code == 302  # no draft waits


def test_an_upload_over_the_limit_gets_a_page_that_says_so(client, seeker):
    # Built by hand so its spooled body can be closed: the app refuses it unread, and the
    # test client would leave the temporary file open.
    environ = EnvironBuilder(
        path="/resume/import",
        method="POST",
        data={
            "csrf_token": csrf_token(client, "/"),
            "file": (io.BytesIO(b"%PDF-1.7\n" + b"0" * (7 * 1024 * 1024)), "huge.pdf"),
        },
    ).get_environ()
    try:
        response = client.open(environ)
    finally:
        environ["wsgi.input"].close()
    assert response.status_code == 413
    assert "resumes: up to 5 MB" in response.text
