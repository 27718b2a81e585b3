"""Building a resume from nothing in the editor, without JavaScript."""

from __future__ import annotations

import re

from portal.resumes import schema
from tests.resumes.conftest import import_json, post_form


def entries_on_editor(client, section: str) -> list[str]:
    page = client.get("/resume").text
    part = page.split(f'id="section-{section}"', 1)[1].split("</section>", 1)[0]
    return [
        re.sub(r"\s+", " ", title).strip()
        for title in re.findall(r'<span class="entry-title">([^<]*)', part)
    ]


def test_a_new_user_builds_a_resume_from_nothing(client, seeker):
    page = client.get("/resume")
    assert page.status_code == 200
    assert "Dana Reyes" in page.text  # begun from the account's name
    assert "Add an interest" in page.text and "Add a job" in page.text

    saved = post_form(
        client,
        "/resume/basics",
        {
            "name": "Dana Reyes",
            "label": "Mental Health Technician",
            "email": "dana@example.com",
            "phone": "720-555-0142",
            "summary": "Three years on an adult inpatient unit.",
            "location_city": "Denver",
            "location_region": "CO",
            "location_countryCode": "us",
            "profiles": "LinkedIn https://www.linkedin.com/in/dana-reyes",
        },
    )
    assert saved.status_code == 303
    post_form(
        client,
        "/resume/work/new",
        {
            "position": "Mental Health Technician",
            "name": "Riverbend Behavioral Health Hospital",
            "startDate": "2022-03",
            "highlights": "- Led daily group activities\n- Trained in crisis de-escalation\n",
        },
    )
    post_form(
        client,
        "/resume/education/new",
        {
            "institution": "Front Range Community College",
            "studyType": "Certificate",
            "area": "Psychiatric technology",
            "endDate": "2021",
        },
    )
    post_form(client, "/resume/skills/new", {"name": "Crisis de-escalation"})

    exported = client.get("/resume.json")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["Content-Disposition"]
    document = exported.get_json()
    assert schema.problems(document) == []
    assert document["basics"]["location"] == {"city": "Denver", "region": "CO", "countryCode": "US"}
    assert document["basics"]["profiles"] == [
        {"network": "LinkedIn", "url": "https://www.linkedin.com/in/dana-reyes"}
    ]
    assert document["work"] == [
        {
            "position": "Mental Health Technician",
            "name": "Riverbend Behavioral Health Hospital",
            "startDate": "2022-03",
            "highlights": ["Led daily group activities", "Trained in crisis de-escalation"],
        }
    ]
    preview = client.get("/resume").text
    assert "Mar 2022 \u2013 Present" in preview
    assert "Front Range Community College" in preview


def test_a_bad_date_is_a_form_error_and_nothing_is_saved(client, seeker):
    response = post_form(
        client,
        "/resume/work/new",
        {"position": "Aide", "name": "Elm Clinic", "startDate": "June 2020"},
    )
    assert response.status_code == 200
    assert "Write the date as YYYY, YYYY-MM or YYYY-MM-DD" in response.text
    assert client.get("/resume.json").status_code == 404  # no resume was started


def test_required_fields_are_asked_for(client, seeker):
    response = post_form(client, "/resume/work/new", {"position": "", "name": ""})
    assert "Give the job title." in response.text
    assert "Give the employer." in response.text


def test_entries_are_edited_reordered_and_removed(client, seeker, sample):
    sample["work"][0]["x-source"] = "another resume tool"  # a field the editor does not show
    import_json(client, sample)
    assert entries_on_editor(client, "education")[0].startswith("Bachelor")

    first = client.get("/resume/work/0").text
    assert 'value="CEO/President"' in first
    post_form(
        client,
        "/resume/work/0",
        {
            "position": "Founder",
            "name": "Pied Piper",
            "startDate": "2013-12-01",
            "endDate": "2014-12-01",
        },
    )
    work = client.get("/resume.json").get_json()["work"]
    assert work[0]["position"] == "Founder"
    # The fields the editor shows are the form's; what only another tool wrote is kept.
    assert "summary" not in work[0]
    assert work[0]["x-source"] == "another resume tool"

    post_form(client, "/resume/skills/new", {"name": "Go"})
    before = entries_on_editor(client, "skills")
    post_form(client, f"/resume/skills/{len(before) - 1}/move", {"direction": "up"})
    after = entries_on_editor(client, "skills")
    assert after[-2] == before[-1] and after[-1] == before[-2]

    confirm = client.get("/resume/skills/0/remove")
    assert "Remove “" in confirm.text
    assert client.get("/resume.json").get_json()["skills"][0]["name"] == before[0]
    post_form(client, "/resume/skills/0/remove")
    assert before[0] not in entries_on_editor(client, "skills")


def test_unknown_sections_and_entries_are_not_found(client, seeker, sample):
    import_json(client, sample)
    assert client.get("/resume/hobbies/new").status_code == 404
    assert client.get("/resume/work/99").status_code == 404
    assert post_form(client, "/resume/work/99/remove").status_code == 404
    assert post_form(client, "/resume/work/99/move", {"direction": "up"}).status_code == 404


def test_the_guide_suggests_its_skills_and_certifications(client, seeker):
    page = client.get("/resume?guide=mental-health-technician").text
    assert "Suggested by the Mental Health Technician career guide" in page
    assert "Crisis intervention and de-escalation strategies" in page
    assert "Certified Psychiatric Technician (CPT)" in page

    post_form(
        client,
        "/resume/suggestions",
        {
            "guide": "mental-health-technician",
            "skill": ["Basic first aid and CPR", "Not a skill the guide names"],
            "certificate": "Certified Psychiatric Technician (CPT)",
        },
    )
    document = client.get("/resume.json").get_json()
    assert [s["name"] for s in document["skills"]] == ["Basic first aid and CPR"]
    assert [c["name"] for c in document["certificates"]] == [
        "Certified Psychiatric Technician (CPT)"
    ]
    again = client.get("/resume?guide=mental-health-technician").text
    offered = again.split("Suggested by", 1)[1]
    assert 'value="Basic first aid and CPR"' not in offered


def test_exported_json_imports_back_unchanged(client, seeker, sample):
    import_json(client, sample)
    exported = client.get("/resume.json").get_json()
    assert exported == sample
    import_json(client, exported)
    assert client.get("/resume.json").get_json() == sample


def test_an_imported_draft_changes_nothing_until_accepted(client, seeker, sample):
    import io
    import json

    post_form(client, "/resume/basics", {"name": "Dana Reyes"})
    post_form(
        client,
        "/resume/import",
        {"file": (io.BytesIO(json.dumps(sample).encode()), "resume.json")},
        content_type="multipart/form-data",
    )
    review = client.get("/resume/import/review").text
    assert "Richard Hendriks" in review and "Nothing is saved yet" in review
    assert client.get("/resume.json").get_json()["basics"]["name"] == "Dana Reyes"
    post_form(client, "/resume/import/discard")
    assert client.get("/resume.json").get_json()["basics"]["name"] == "Dana Reyes"
    assert client.get("/resume/import/review").status_code == 302


def test_script_in_every_field_is_inert(client, seeker):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    post_form(client, "/resume/basics", {"name": hostile, "label": hostile, "summary": hostile})
    post_form(
        client, "/resume/work/new", {"position": hostile, "name": hostile, "highlights": hostile}
    )
    page = client.get("/resume").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page
