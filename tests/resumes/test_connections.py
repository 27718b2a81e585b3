"""Where resumes meet the rest of the portal: the apply confirmation and the admin's screen."""

from __future__ import annotations

from portal.accounts.models import Role
from portal.admin.models import AuditEntry
from portal.extensions import db
from tests.conftest import login, logout
from tests.jobs.factories import add_postings, record
from tests.resumes.conftest import (
    address_of,
    grant_plus,
    import_json,
    post_form,
    share,
)


def applied_page(client) -> str:
    (job,) = add_postings(record(title="Psychiatric Technician Quillby"))
    post_form(client, f"/jobs/{job.id}/apply")
    return client.get(f"/jobs/{job.id}/applied").text


def test_the_apply_confirmation_offers_the_resume_link_and_pdf(client, seeker, sample):
    assert "Build yours here" in applied_page(client)
    import_json(client, sample)
    page = applied_page(client)
    assert "Download your resume as a PDF" in page and "share it" in page
    share(client, "link")
    page = applied_page(client)
    address = address_of(client)
    assert f'value="http://localhost{address}"' in page
    assert "data-copy-link" in page
    assert 'href="/resume.pdf"' in page


def test_an_admin_sees_the_resume_and_takes_an_impersonating_address_away(
    client, make_user, seeker, sample
):
    import_json(client, sample)
    share(client, "public")
    grant_plus(seeker)
    post_form(client, "/resume/address", {"slug": "famous-doctor"})
    logout(client)

    admin = make_user("boss@example.com", role=Role.ADMIN)
    login(client, admin)
    screen = client.get(f"/admin/users/{seeker.id}").text
    assert "Public;" in screen and "/r/famous-doctor (custom)" in screen
    taken = post_form(client, f"/admin/users/{seeker.id}/resume-address/remove")
    assert taken.status_code == 303
    assert client.get("/r/famous-doctor").status_code == 410
    entry = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "resume.take_address")
    ).one()
    assert entry.before == {"address": "/r/famous-doctor"}
    assert "Take the address away" not in client.get(f"/admin/users/{seeker.id}").text


def test_the_guide_leads_to_the_editor_with_its_skills_suggested(client, seeker):
    guide = client.get("/careers/mental-health-technician").text
    link = "/resume?guide=mental-health-technician#section-skills"
    assert f'href="{link}"' in guide.replace("&amp;", "&")
    editor = client.get(link.split("#")[0]).text
    assert "Suggested by the Mental Health Technician career guide" in editor
