import pytest

from tests.conftest import csrf_token, login
from tests.jobs.factories import add_postings, record


@pytest.fixture(autouse=True)
def _app_context(app):
    """Every tracker test talks to the database, inside the rolled-back test transaction."""
    return app


@pytest.fixture
def seeker(client, make_user):
    """A signed-in job seeker on the Free plan."""
    person = make_user("seeker@example.com")
    login(client, person)
    return person


@pytest.fixture
def job():
    (posting,) = add_postings(
        record(
            title="Brackwater Psychiatric Technician",
            company={"name": "Elmhollow Clinic"},
            apply_url="https://elmhollow.example.org/careers/apply/17",
        )
    )
    return posting


def post_form(client, url: str, data: dict | None = None, **kwargs):
    """POST with the session's CSRF token (any page's form carries it)."""
    return client.post(url, data={"csrf_token": csrf_token(client, "/"), **(data or {})}, **kwargs)
