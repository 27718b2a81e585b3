"""Jobs: search, edit, expire, delete; the import runs with their rejected records."""

from __future__ import annotations

from portal.extensions import db
from portal.jobs.models import JobPosting
from tests.admin.helpers import audit_entries
from tests.jobs.factories import add_postings, import_postings, record


def test_search_edit_expire_and_delete(admin, client):
    posting, other = add_postings(
        record(title="Night Shift Psychiatric Aide"), record(title="Day Care Assistant")
    )
    page = admin.get("/admin/jobs?q=psychiatric").get_data(as_text=True)
    assert "Night Shift Psychiatric Aide" in page and "Day Care Assistant" not in page

    response = admin.post(
        f"/admin/jobs/{posting.id}",
        data={
            "title": "Night Shift Psychiatric Technician",
            "company_name": "Testing Health",
            "apply_url": "https://testing-health.example.org/apply",
            "valid_through": "",
        },
    )
    assert response.status_code == 303
    assert "Night Shift Psychiatric Technician" in client.get("/jobs/?q=technician").get_data(
        as_text=True
    )

    assert admin.post(f"/admin/jobs/{posting.id}/expire").status_code == 303
    db.session.refresh(posting)
    assert posting.expired
    assert admin.post(f"/admin/jobs/{other.id}/delete").status_code == 303
    assert db.session.get(JobPosting, other.id) is None
    assert [e.action for e in audit_entries()] == ["job.edit", "job.expire", "job.delete"]
    assert audit_entries("job.delete")[0].before["title"] == "Day Care Assistant"


def test_a_bad_edit_is_refused_with_a_message(admin):
    (posting,) = add_postings(record())
    response = admin.post(
        f"/admin/jobs/{posting.id}",
        data={"title": "", "company_name": "X", "apply_url": "not a link"},
    )
    assert response.status_code == 422
    assert "Give a full http(s) link." in response.get_data(as_text=True)
    db.session.refresh(posting)
    assert posting.title.startswith("Care Coordinator")


def test_import_runs_show_counts_and_rejected_records(admin):
    report = import_postings(record(), record(title=""))
    page = admin.get("/admin/jobs/imports").get_data(as_text=True)
    assert f'href="/admin/jobs/imports/{report.run_id}"' in page
    detail = admin.get(f"/admin/jobs/imports/{report.run_id}").get_data(as_text=True)
    assert "1 created" in detail and "1 rejected" in detail
    assert report.rejections[0].reason.split(":")[0] in detail
