"""What a guide edit leaves behind: the audit log and the history show the fields it changed as
a readable diff, who saved each revision, and the changes between any two revisions."""

from __future__ import annotations

import html
import re

from portal.admin import diffs
from tests.admin.helpers import audit_entries
from tests.admin.test_guides import edit, guide


def text_of(response) -> str:
    """The page as a reader sees its text (entities decoded, tags kept)."""
    return html.unescape(response.get_data(as_text=True))


def words_of(response) -> str:
    """The page's text without tags or the hidden labels: what a sighted reader sees."""
    page = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", text_of(response))
    return re.sub(r"<[^>]+>", "", page)


def test_a_guide_edit_shows_in_the_audit_log_as_the_words_that_changed(admin):
    old_summary = guide().document["summary"]
    new_summary = old_summary.replace("health", "mental-health care", 1) + " It's a calling."
    assert edit(admin, {"summary": new_summary}).status_code == 303

    page = text_of(admin.get("/admin/audit"))
    assert "guide.edit" in page
    assert "Summary" in page
    # The apostrophe is an apostrophe, not JSON's escape.
    assert "It's a calling." in page and "\\u0027" not in page
    # Words taken out and put in are marked, with a text label as well as the mark.
    assert re.search(
        r"<ins><span class=\"visually-hidden\">\[added: </span>[^<]*It's a calling", page
    )
    assert "<del>" in page and "[removed: " in page
    # Only the field that changed: the other sections are not copied into the log.
    intro = guide().document["intro"][0]
    assert intro[:40] not in page


def test_structured_sections_are_compared_field_by_field():
    old = {"faq": [{"question": "Q1", "answer": "A1"}, {"question": "Q2", "answer": "Old answer"}]}
    new = {
        "faq": [
            {"question": "Q0", "answer": "A0"},
            {"question": "Q1", "answer": "A1"},
            {"question": "Q2", "answer": "New answer"},
        ]
    }
    changes = diffs.document_changes(old, new)
    assert [(c.path, c.kind) for c in changes] == [
        ("FAQ > item 1 > Question", "added"),
        ("FAQ > item 1 > Answer", "added"),
        ("FAQ > item 3 > Answer", "changed"),
    ]
    answer = changes[-1]
    assert [(s.op, s.text) for s in answer.before_segments()] == [
        ("delete", "Old"),
        ("equal", " answer"),
    ]
    assert [(s.op, s.text) for s in answer.after_segments()] == [
        ("insert", "New"),
        ("equal", " answer"),
    ]


def test_a_long_paragraph_shows_the_change_with_some_context_not_all_of_it():
    before = "word " * 100 + "old ending."
    (change,) = diffs.document_changes(
        {"intro": [before]}, {"intro": [before.replace("old", "new")]}
    )
    shown = "".join(s.text for s in change.after_segments())
    assert shown.startswith("… ") and shown.endswith("new ending.")
    assert len(shown) < 100


def test_the_history_says_who_saved_each_revision_and_what_it_changed(admin):
    first = guide().revision
    edit(admin, {"summary": "A shorter summary."})
    rows = re.findall(
        r"<tr>(.*?)</tr>", text_of(admin.get(f"/admin/guides/{guide().id}/revisions")), re.S
    )
    newest, seeded = rows[1], rows[-1]  # after the header row
    assert f">{first + 1} (current)<" in newest
    assert "boss@example.com" in newest and "Summary" in newest
    assert "A command (flask seed), not an admin" in seeded and "First revision" in seeded


def test_any_two_revisions_can_be_compared_with_a_plain_get_form(admin):
    first = guide().revision
    old_title = guide().document["title"]
    edit(admin, {"summary": "Second summary."})
    edit(admin, {"title": "Mental Health Technician (2027)"})
    url = f"/admin/guides/{guide().id}/revisions"

    page = words_of(admin.get(f"{url}?a={first}&b={first + 2}"))
    assert f"Changes from revision {first} to revision {first + 2}" in page
    assert "2 fields changed" in page
    assert "Second summary." in page and "(2027)" in page and old_title in page

    # Picked the other way round, the changes still read from the older to the newer.
    assert f"Changes from revision {first} to revision {first + 2}" in text_of(
        admin.get(f"{url}?a={first + 2}&b={first}")
    )
    only_the_title = words_of(admin.get(f"{url}?a={first + 1}&b={first + 2}"))
    assert "1 field changed" in only_the_title and "Second summary." not in only_the_title


def test_comparing_a_revision_that_does_not_exist_says_so(admin):
    response = admin.get(f"/admin/guides/{guide().id}/revisions?a=1&b=999")
    assert response.status_code == 400
    assert "Pick two revisions of this guide to compare." in text_of(response)
    assert admin.get(f"/admin/guides/{guide().id}/revisions?a=x&b=").status_code == 400


def test_restoring_logs_what_the_restore_changed(admin):
    first = guide().revision
    old_summary = guide().document["summary"]
    edit(admin, {"summary": "To be undone."})
    admin.post(f"/admin/guides/{guide().id}/revisions/{first}/restore")
    (entry,) = audit_entries("guide.restore")
    changes = {c.path: (c.before, c.after) for c in diffs.entry_changes(entry.before, entry.after)}
    assert changes["Summary"] == ("To be undone.", old_summary)


def test_the_history_and_the_log_take_the_same_queries_however_long(admin, count_queries):
    def queries(url: str) -> int:
        count_queries.statements.clear()
        assert admin.get(url).status_code == 200
        return count_queries.count

    history = f"/admin/guides/{guide().id}/revisions"
    edit(admin, {"summary": "One."})
    short = queries(history), queries("/admin/audit")
    for text in ("Two.", "Three.", "Four."):
        edit(admin, {"summary": text})
    assert (queries(history), queries("/admin/audit")) == short
