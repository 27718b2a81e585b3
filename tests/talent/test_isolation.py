"""One employer never reads or acts on another's conversation: every route that takes a
conversation's id answers 404 to anyone who is not one of its two sides."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.talent.models import ContactMessage, Conversation, ConversationStatus
from tests.conftest import login
from tests.talent.conftest import post_form


def conversation_rules(app) -> list[tuple[str, str]]:
    rules = [
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        # Talent's own conversations (the consultant's have their own isolation tests).
        if "conversation_id" in rule.arguments and rule.endpoint.startswith("talent.")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]
    assert len(rules) >= 6  # the page, reply, decline, share, block, report
    return rules


@pytest.mark.parametrize("outsider_kind", ["other employer", "colleague", "job seeker"])
def test_no_conversation_route_answers_an_outsider(
    app, make_candidate, make_employer, make_user, outsider_kind
):
    _, resume = make_candidate()
    author = app.test_client()
    login(author, make_employer("Cedar Ridge", email="a@cedar.example"))
    response = post_form(
        author,
        f"/talent/{resume.id}/contact",
        {"subject": "Private subject", "job_title": "Tech", "body": "Secret body"},
    )
    number = int(re.search(r"/messages/(\d+)", response.headers["Location"]).group(1))
    message_id = db.session.scalar(
        sa.select(ContactMessage.id).where(ContactMessage.conversation_id == number)
    )

    outsider = {
        "other employer": lambda: make_employer("Elsewhere Care", email="b@else.example"),
        # Another employer of the same company: conversations are each employer's own.
        "colleague": lambda: make_employer("Cedar Ridge", email="c@cedar.example"),
        "job seeker": lambda: make_user("seeker@example.com"),
    }[outsider_kind]()
    client = app.test_client()
    login(client, outsider)
    for rule, method in conversation_rules(app):
        url = rule.replace("<int:conversation_id>", str(number)).replace(
            "<int:message_id>", str(message_id)
        )
        if method == "GET":
            answer = client.get(url)
        else:
            answer = post_form(client, url, {"body": "intruding", "reason": "x"})
        assert answer.status_code == 404, f"{method} {url}: {answer.status_code}"
        assert "Secret body" not in answer.text and "Private subject" not in answer.text
    assert "Private subject" not in client.get("/messages").text

    conversation = db.session.get(Conversation, number)
    db.session.refresh(conversation)
    assert conversation.status == ConversationStatus.OPEN
    assert conversation.candidate_shared_at is None and conversation.employer_shared_at is None
    bodies = db.session.scalars(
        sa.select(ContactMessage.body).where(ContactMessage.conversation_id == number)
    )
    assert list(bodies) == ["Secret body"]


def test_a_hidden_company_can_be_shown_again_only_by_its_owner(app, make_user):
    owner = app.test_client()
    login(owner, make_user("owner@example.com"))
    post_form(owner, "/privacy/companies", {"company": "Cedar Ridge"})
    hidden_id = int(re.search(r"/privacy/companies/(\d+)/remove", owner.get("/resume").text)[1])
    stranger = app.test_client()
    login(stranger, make_user("stranger@example.com"))
    assert post_form(stranger, f"/privacy/companies/{hidden_id}/remove").status_code == 404
    assert "Cedar Ridge" in owner.get("/resume").text
