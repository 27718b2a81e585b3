"""Resume tests: people who build, share and download resumes through the real pages."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal import clock
from portal.billing.services import grant_complimentary, revoke_complimentary
from portal.extensions import db
from portal.resumes import stats
from tests.conftest import csrf_token, login

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _app_context(app, monkeypatch):
    """Inside the rolled-back test transaction; view counts written at every visit."""
    monkeypatch.setitem(app.config, "RESUME_VIEWS_FLUSH_SECONDS", 0)
    stats.forget_pending()
    return app


@pytest.fixture
def sample() -> dict:
    """The JSON Resume project's sample resume (MIT; see data/LICENSE-sample.md)."""
    return json.loads((DATA / "sample.resume.json").read_text("utf-8"))


@pytest.fixture
def seeker(client, make_user):
    person = make_user("dana@example.com", name="Dana Reyes", time_zone="America/Denver")
    login(client, person)
    return person


def post_form(client, url: str, data: dict | None = None, **kwargs):
    """POST with the session's CSRF token, as the page's own form would."""
    return client.post(url, data={"csrf_token": csrf_token(client, "/"), **(data or {})}, **kwargs)


def grant_plus(user) -> None:
    grant_complimentary(user.id, "plus", clock.today() + dt.timedelta(days=365))
    db.session.commit()


def end_plus(user) -> None:
    revoke_complimentary(user.id)
    db.session.commit()


def import_json(client, document: dict):
    """Upload `document` as a JSON Resume file and accept the draft."""
    body = json.dumps(document).encode()
    response = post_form(
        client,
        "/resume/import",
        {"file": (io.BytesIO(body), "resume.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.text
    assert response.headers["Location"].endswith("/resume/import/review")
    accepted = post_form(client, "/resume/import/accept")
    assert accepted.status_code == 303
    return accepted


def share(client, visibility="link", **options):
    data = {"visibility": visibility, "paper_size": options.pop("paper_size", "")}
    data.update({key: "y" for key, on in options.items() if on})
    response = post_form(client, "/resume/sharing", data)
    assert response.status_code == 303
    return response


def address_of(client) -> str:
    """The /r/ address the editor gives out."""
    import re

    page = client.get("/resume").text
    found = re.search(r'class="resume-share-url" href="(/r/[a-z0-9-]+)"', page)
    assert found, "the editor shows no address"
    return found.group(1)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
