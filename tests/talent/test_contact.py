"""Contact: an employer writes to a candidate through the portal; the candidate replies,
declines, shares their address or blocks the company; either side reports a message. Nobody sees
an address the other did not share, on a page or in mail."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.accounts.models import Role
from portal.admin.models import AuditEntry
from portal.extensions import db
from portal.jobs.models import JobPosting
from portal.talent.models import Conversation, MessageReport
from tests.conftest import login
from tests.talent.conftest import post_form, resume_document

MESSAGE = {
    "subject": "Night shift opening",
    "job_title": "Mental Health Technician, nights",
    "body": "Hello,\n\nWe liked your resume.",
}


@pytest.fixture
def candidate(make_candidate):
    person, resume = make_candidate(
        resume_document("Dana Reyes"), anonymous=True, email="dana@example.com"
    )
    return person, resume


@pytest.fixture
def employer(make_employer):
    return make_employer("Cedar Ridge", email="erin@cedar.example")


def signed_in(app, person):
    client = app.test_client()
    login(client, person)
    return client


def contact(client, resume_id: int, **changes):
    return post_form(client, f"/talent/{resume_id}/contact", {**MESSAGE, **changes})


def conversation_id(response) -> int:
    assert response.status_code == 303, response.text
    return int(re.search(r"/messages/(\d+)", response.headers["Location"]).group(1))


def test_contact_reply_and_share_without_exposing_addresses(app, candidate, employer, mailbox):
    person, resume = candidate
    boss = signed_in(app, employer)
    assert "Anonymous candidate" in boss.get(f"/talent/{resume.id}/contact").text
    number = conversation_id(contact(boss, resume.id))

    mail = mailbox.wait_for(1)[0]
    assert mail.recipients == ["dana@example.com"]
    assert "Cedar Ridge" in mail.subject
    assert "We liked your resume." in mail.text
    assert "erin@cedar.example" not in mail.text + mail.html
    assert f"/messages/{number}" in mail.link("/messages/")

    seen_by_employer = boss.get(f"/messages/{number}").text
    assert "Anonymous candidate · Mental Health Technician" in seen_by_employer
    assert "dana@example.com" not in seen_by_employer and "Reyes" not in seen_by_employer

    me = signed_in(app, person)
    assert "Night shift opening" in me.get("/messages").text
    page = me.get(f"/messages/{number}").text
    assert "Cedar Ridge" in page and "erin@cedar.example" not in page

    mailbox.clear()
    replied = post_form(me, f"/messages/{number}/reply", {"body": "Yes, tell me more."})
    assert replied.status_code == 303
    reply_mail = mailbox.wait_for(1)[0]
    assert reply_mail.recipients == ["erin@cedar.example"]
    assert "Yes, tell me more." in reply_mail.text
    assert "dana@example.com" not in reply_mail.text + reply_mail.html
    assert "Reyes" not in reply_mail.text + reply_mail.subject
    assert "Yes, tell me more." in boss.get(f"/messages/{number}").text

    post_form(me, f"/messages/{number}/share")
    assert "dana@example.com" in boss.get(f"/messages/{number}").text
    assert "erin@cedar.example" not in me.get(f"/messages/{number}").text
    post_form(boss, f"/messages/{number}/share")
    assert "erin@cedar.example" in me.get(f"/messages/{number}").text


def test_a_declined_conversation_takes_no_more_messages(app, candidate, employer):
    person, resume = candidate
    boss = signed_in(app, employer)
    number = conversation_id(contact(boss, resume.id))
    me = signed_in(app, person)
    assert post_form(me, f"/messages/{number}/decline").status_code == 303
    post_form(boss, f"/messages/{number}/reply", {"body": "Are you sure?"})
    assert "Are you sure?" not in me.get(f"/messages/{number}").text
    assert "The candidate declined" in boss.get(f"/messages/{number}").text
    # Only the candidate declines.
    assert post_form(boss, f"/messages/{number}/decline").status_code == 403


def test_an_employer_sends_at_most_n_new_contacts_a_day(app, make_candidate, employer, monkeypatch):
    monkeypatch.setitem(app.config, "TALENT_CONTACTS_PER_DAY", 2)
    boss = signed_in(app, employer)
    resumes = [make_candidate(resume_document(f"Person Number{n}"))[1] for n in range(3)]
    conversation_id(contact(boss, resumes[0].id))
    conversation_id(contact(boss, resumes[1].id))
    refused = contact(boss, resumes[2].id)
    assert refused.status_code == 422
    assert "at most" in refused.text or "the most a day" in refused.text
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Conversation))
    assert count == 2


def test_a_blocked_company_cannot_write_again(app, candidate, employer, make_employer):
    person, resume = candidate
    boss = signed_in(app, employer)
    number = conversation_id(contact(boss, resume.id))
    me = signed_in(app, person)
    assert post_form(me, f"/messages/{number}/block").status_code == 303
    again = contact(boss, resume.id)
    assert again.status_code == 422
    assert "does not accept messages from your company" in again.text
    post_form(boss, f"/messages/{number}/reply", {"body": "Hello again"})
    assert "Hello again" not in me.get(f"/messages/{number}").text
    other = signed_in(app, make_employer("Elsewhere Care"))
    conversation_id(contact(other, resume.id))


def test_a_message_is_reported_and_an_admin_deals_with_it(app, candidate, employer, make_user):
    person, resume = candidate
    boss = signed_in(app, employer)
    number = conversation_id(contact(boss, resume.id, body="Buy cheap watches"))
    message_id = int(
        re.search(r'id="message-(\d+)"', boss.get(f"/messages/{number}").text).group(1)
    )
    me = signed_in(app, person)
    reported = post_form(me, f"/messages/{number}/messages/{message_id}/report", {"reason": "spam"})
    assert reported.status_code == 303
    # Nobody reports their own message.
    post_form(boss, f"/messages/{number}/messages/{message_id}/report", {"reason": "x"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MessageReport)) == 1

    admin = signed_in(app, make_user(role=Role.ADMIN))
    screen = admin.get("/admin/reports").text
    assert "Buy cheap watches" in screen and "spam" in screen
    report = db.session.scalar(sa.select(MessageReport))
    assert post_form(admin, f"/admin/reports/{report.id}/resolve").status_code == 303
    assert "No open reports" in admin.get("/admin/reports").text
    assert db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "message_report.resolve")
    )


def test_message_text_is_cleaned_and_shown_escaped(app, candidate, employer):
    person, resume = candidate
    boss = signed_in(app, employer)
    body = "Hi\u202e there <script>alert(1)</script>\x00"
    number = conversation_id(contact(boss, resume.id, body=body))
    page = signed_in(app, person).get(f"/messages/{number}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "\u202e" not in page and "\x00" not in page


def test_the_job_link_must_be_a_job_on_the_portal(app, candidate, employer):
    person, resume = candidate
    boss = signed_in(app, employer)
    missing = contact(boss, resume.id, posting_id="999999")
    assert missing.status_code == 422 and "no job with that number" in missing.text
    posting = db.session.scalar(sa.select(JobPosting).limit(1))
    number = conversation_id(contact(boss, resume.id, posting_id=str(posting.id)))
    page = signed_in(app, person).get(f"/messages/{number}").text
    assert f"/jobs/{posting.id}" in page


def test_the_contact_form_needs_its_csrf_token(app, candidate, employer):
    _, resume = candidate
    boss = signed_in(app, employer)
    response = boss.post(f"/talent/{resume.id}/contact", data=MESSAGE)
    assert response.status_code in (400, 422)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Conversation)) == 0


def test_the_candidate_sees_how_many_employers_viewed_this_week(app, candidate, make_employer):
    person, resume = candidate
    for number, company in enumerate(("Alpha Care", "Beta Care", "Beta Care")):
        client = signed_in(app, make_employer(company, email=f"e{number}@x.example"))
        client.get(f"/talent/{resume.id}")
        client.get(f"/talent/{resume.id}")
    me = signed_in(app, person)
    assert "Viewed by 2 employers this week." in me.get("/resume").text


def test_the_data_export_holds_conversations_and_deleting_the_account_ends_them(
    app, candidate, employer
):
    import json

    person, resume = candidate
    boss = signed_in(app, employer)
    number = conversation_id(contact(boss, resume.id))
    me = signed_in(app, person)
    post_form(me, "/privacy/companies", {"company": "Acme"})
    data = json.loads(me.get("/account/export").get_data(as_text=True))
    talent = data["talent"]
    assert talent["hidden_from_companies"] == ["Acme"]
    (conversation,) = talent["conversations"]
    assert conversation["as"] == "candidate" and conversation["company"] == "Cedar Ridge"
    assert conversation["messages"][0]["text"] == "Hello,\n\nWe liked your resume."

    deleted = post_form(me, "/account/delete", {"password": person.test_password})
    assert deleted.status_code == 303
    db.session.expire_all()
    assert db.session.get(Conversation, number) is None
    assert boss.get(f"/messages/{number}").status_code == 404
