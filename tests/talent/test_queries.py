"""The messages pages read a fixed number of statements, however many rows they show."""

from __future__ import annotations

import re

from tests.conftest import login
from tests.talent.conftest import post_form, resume_document


def start(client, resume_id: int) -> int:
    response = post_form(
        client,
        f"/talent/{resume_id}/contact",
        {"subject": "Hello", "job_title": "Tech", "body": "First"},
    )
    return int(re.search(r"/messages/(\d+)", response.headers["Location"]).group(1))


def statements_for(client, count_queries, url: str) -> int:
    client.get(url)
    count_queries.statements.clear()
    assert client.get(url).status_code == 200
    return count_queries.count


def test_messages_and_a_conversation_read_a_fixed_number_of_statements(
    app, make_candidate, make_employer, count_queries
):
    boss = app.test_client()
    login(boss, make_employer())
    first = start(boss, make_candidate(resume_document("One Person"))[1].id)
    one_conversation = statements_for(boss, count_queries, "/messages")
    one_message = statements_for(boss, count_queries, f"/messages/{first}")

    for number in range(3):
        start(boss, make_candidate(resume_document(f"More Person{number}"))[1].id)
        post_form(boss, f"/messages/{first}/reply", {"body": f"Again {number}"})
    assert statements_for(boss, count_queries, "/messages") == one_conversation
    assert statements_for(boss, count_queries, f"/messages/{first}") == one_message
