"""The member's side: Free sees the service explained; Plus writes, sees when the first answer
is due, reads answers on the page and in mail; sharing is off until chosen; the page goes
read-only when Plus ends and comes back on an upgrade; nobody reads another's conversation."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal import background_mail, clock
from portal.billing.services import grant_complimentary, revoke_complimentary
from portal.consultant.models import Conversation
from portal.extensions import db
from portal.jobs.models import JobPosting
from portal.resumes import services as resumes
from portal.tracker.bookmarks import set_job_bookmark
from tests.conftest import login, logout
from tests.consultant.helpers import post_form, start_conversation


def answer(client, consultant, conversation_id: int, text: str):
    logout(client)
    login(client, consultant)
    page = f"/consultant/inbox/{conversation_id}"
    response = post_form(client, page, {"message": text})
    assert response.status_code == 303
    return response


def test_free_members_see_the_service_explained_with_a_way_to_upgrade(client, make_user):
    login(client, make_user())
    page = client.get("/consultant")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Your personal career consultant" in text and "/pricing" in text
    assert 'name="topic"' not in text
    # Writing anyway changes nothing.
    response = client.post("/consultant", data={"topic": "Hi", "message": "Hello"})
    assert response.status_code in (303, 400)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Conversation)) == 0


def test_a_member_writes_and_sees_when_the_first_answer_is_due_on_their_clock(
    client, make_consultant, make_member
):
    make_consultant()
    member = make_member(time_zone="America/Denver")
    login(client, member)
    # Monday 30 November 2026, 12:00 UTC: 07:00 in New York, before the consultants' day.
    conversation_id = start_conversation(client, "Moving into nursing", "Where do I start?")
    page = client.get(f"/consultant/conversations/{conversation_id}").get_data(as_text=True)
    # 8 business hours from 09:00 New York: 17:00 EST, which is 15:00 in Denver.
    assert "Mon 30 Nov 2026, 15:00 MST" in page
    assert "Where do I start?" in page
    listing = client.get("/consultant").get_data(as_text=True)
    assert "Moving into nursing" in listing and "first answer due by" in listing


def test_an_answer_reaches_the_member_by_mail_and_on_the_page(
    client, make_consultant, make_member, mailbox
):
    consultant = make_consultant(name="Casey Consultant")
    member = make_member(email="member@example.com")
    login(client, member)
    conversation_id = start_conversation(client)
    before = background_mail.handed_over
    answer(client, consultant, conversation_id, "Start with the CNA certificate.\nThen apply.")
    # The request handed its mail to the background rather than waiting on the server.
    assert background_mail.handed_over > before

    mailbox.wait_for(2)  # the consultant was told of the question; the member gets the answer
    mail = mailbox.last_to("member@example.com")
    assert "Casey Consultant answered" in mail.subject
    assert "Start with the CNA certificate." in mail.text
    link = mail.link(f"/consultant/conversations/{conversation_id}")
    assert link.startswith("http://localhost/")

    logout(client)
    login(client, member)
    page = client.get(f"/consultant/conversations/{conversation_id}").get_data(as_text=True)
    assert "Start with the CNA certificate." in page and "answer due" not in page


def test_message_text_is_shown_as_text_everywhere(client, make_consultant, make_member, mailbox):
    consultant = make_consultant()
    member = make_member(email="member@example.com")
    login(client, member)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>\x07'
    conversation_id = start_conversation(client, topic="<b>bold</b>", message=evil)
    page = client.get(f"/consultant/conversations/{conversation_id}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<b>bold</b>" not in page and "\x07" not in page

    answer(client, consultant, conversation_id, "<a href='javascript:alert(1)'>click</a>")
    inbox = client.get(f"/consultant/inbox/{conversation_id}").get_data(as_text=True)
    assert "<script>alert" not in inbox and "<a href='javascript" not in inbox
    mailbox.wait_for(2)
    html = mailbox.last_to("member@example.com").html
    assert "<a href='javascript" not in html and "&lt;a href=" in html


def test_a_member_never_reads_another_members_conversation_or_call(
    client, make_consultant, make_member
):
    make_consultant()
    owner, other = make_member(), make_member()
    login(client, owner)
    conversation_id = start_conversation(client, "Private matter", "Only for my consultant")
    logout(client)
    login(client, other)
    assert client.get(f"/consultant/conversations/{conversation_id}").status_code == 404
    page = "/consultant"
    response = post_form(
        client, page, {"message": "sneaky"}, action=f"/consultant/conversations/{conversation_id}"
    )
    assert response.status_code == 404
    assert "Private matter" not in client.get("/consultant").get_data(as_text=True)


def test_sharing_is_off_until_the_member_chooses(client, make_consultant, make_member):
    consultant = make_consultant()
    member = make_member(name="Mo Member")
    resume = resumes.start_resume(member)
    resumes.save(resume, {"basics": {"name": "Mo Member", "label": "Psychiatric technician"}})
    posting = db.session.scalars(sa.select(JobPosting).limit(1)).one()
    set_job_bookmark(member.id, posting.id, True)
    login(client, member)
    conversation_id = start_conversation(client)
    logout(client)
    login(client, consultant)
    inbox_page = f"/consultant/inbox/{conversation_id}"
    page = client.get(inbox_page).get_data(as_text=True)
    assert 'id="resume-not-shared"' in page and 'id="bookmarks-not-shared"' in page
    assert "Psychiatric technician" not in page and posting.title not in page

    logout(client)
    login(client, member)
    response = post_form(
        client,
        "/consultant",
        {"share_resume": "y", "share_bookmarks": "y"},
        action="/consultant/sharing",
    )
    assert response.status_code == 303
    logout(client)
    login(client, consultant)
    page = client.get(inbox_page).get_data(as_text=True)
    assert "Psychiatric technician" in page and posting.title in page


def test_when_plus_ends_conversations_are_read_only_and_come_back_on_upgrade(
    client, make_consultant, make_member
):
    make_consultant()
    member = make_member()
    login(client, member)
    conversation_id = start_conversation(client, "Keep this", "Hello")
    revoke_complimentary(member.id)
    db.session.commit()

    url = f"/consultant/conversations/{conversation_id}"
    page = client.get(url).get_data(as_text=True)
    assert 'id="read-only-note"' in page and "Hello" in page
    assert 'name="message"' not in page
    response = post_form(client, "/consultant", {"message": "more"}, action=url)
    assert response.status_code == 303
    assert "more" not in client.get(url).get_data(as_text=True)
    listing = client.get("/consultant").get_data(as_text=True)
    assert "Keep this" in listing and 'id="read-only-note"' in listing
    assert client.get("/consultant/book").status_code == 303

    grant_complimentary(member.id, "plus", clock.today() + dt.timedelta(days=30))
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert 'id="read-only-note"' not in page and 'name="message"' in page
    post_form(client, url, {"message": "I am back"})
    assert "I am back" in client.get(url).get_data(as_text=True)


def test_bad_input_gets_a_clear_message(client, make_consultant, make_member):
    make_consultant()
    login(client, make_member())
    response = post_form(client, "/consultant", {"topic": "", "message": ""})
    assert response.status_code == 422
    assert "Give your question a topic." in response.get_data(as_text=True)
    too_long = post_form(client, "/consultant", {"topic": "x", "message": "y" * 6000})
    assert too_long.status_code == 422 and "at most 5000" in too_long.get_data(as_text=True)
    no_token = client.post("/consultant", data={"topic": "x", "message": "y"})
    assert no_token.status_code == 400  # CSRF protection refuses it
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Conversation)) == 0


def test_pages_are_styled_from_a_file_the_content_security_policy_allows(client, make_member):
    login(client, make_member())
    page = client.get("/consultant")
    assert "<style" not in page.get_data(as_text=True)
    assert "/consultant/static/consultant.css" in page.get_data(as_text=True)
    assert "style-src 'self'" in page.headers["Content-Security-Policy"]
    sheet = client.get("/consultant/static/consultant.css")
    assert sheet.status_code == 200 and ".message-text" in sheet.get_data(as_text=True)
    sheet.close()
