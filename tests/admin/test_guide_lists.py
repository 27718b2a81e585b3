"""List sections of the guide editor: a row of fields per item with Add, Remove and Move
buttons that work without JavaScript, YAML as the advanced option, errors that name the item
and the field, and one audited save."""

from __future__ import annotations

import html

from portal.accounts.models import Role
from tests.admin.guide_editor import editor_fields
from tests.admin.helpers import audit_entries
from tests.admin.test_guides import guide
from tests.conftest import csrf_token, login


def fields_of(response) -> dict[str, str]:
    return editor_fields(response.get_data(as_text=True))


def press(admin, fields: dict[str, str], **button):
    """Send the editor as it stands with one button pressed (op=... or action=save)."""
    return admin.client.post(f"/admin/guides/{guide().id}", data={**fields, **button})


def editor(admin) -> dict[str, str]:
    return fields_of(admin.get(f"/admin/guides/{guide().id}"))


def test_adding_an_faq_item_takes_a_button_then_a_save(admin):
    revision, faq = guide().revision, list(guide().document["faq"])
    n = len(faq)

    response = press(admin, editor(admin), op="faq:add")
    assert response.status_code == 200
    fields = fields_of(response)
    assert fields["faq-count"] == str(n + 1)
    assert fields[f"faq-{n}-question"] == "" and fields[f"faq-{n}-answer"] == ""
    # A row button saves nothing.
    assert guide().revision == revision and audit_entries() == []

    fields[f"faq-{n}-question"] = "Is night work common?"
    fields[f"faq-{n}-answer"] = "Yes: hospitals run around the clock, so most start on nights."
    assert press(admin, fields, action="save").status_code == 303

    assert guide().revision == revision + 1
    assert guide().document["faq"] == [
        *faq,
        {"question": "Is night work common?", "answer": fields[f"faq-{n}-answer"]},
    ]
    (entry,) = audit_entries("guide.edit")
    assert entry.after[f"FAQ > item {n + 1} > Question"] == "Is night work common?"
    assert "FAQ > item 1 > Question" not in entry.after  # the others did not change


def test_removing_and_moving_items_is_saved_in_their_new_order(admin):
    _removed, second, third, *rest = guide().document["faq"]
    fields = fields_of(press(admin, editor(admin), op="faq:remove:0"))
    fields = fields_of(press(admin, fields, op="faq:down:0"))
    assert fields["faq-0-question"] == third["question"]
    assert press(admin, fields, action="save").status_code == 303
    assert guide().document["faq"] == [third, second, *rest]

    fields = fields_of(press(admin, editor(admin), op="faq:up:1"))
    assert press(admin, fields, action="save").status_code == 303
    assert guide().document["faq"] == [second, third, *rest]
    assert len(audit_entries("guide.edit")) == 2


def test_a_list_of_lines_gets_rows_too(admin):
    items = guide().document["key_responsibilities"]
    fields = fields_of(press(admin, editor(admin), op="key_responsibilities:add"))
    fields[f"key_responsibilities-{len(items)}"] = "Log every observation"
    fields = fields_of(press(admin, fields, op=f"key_responsibilities:up:{len(items)}"))
    assert press(admin, fields, action="save").status_code == 303
    assert guide().document["key_responsibilities"] == [
        *items[:-1],
        "Log every observation",
        items[-1],
    ]


def test_an_empty_field_or_bad_address_is_named_and_nothing_is_saved(admin):
    before = guide().document, guide().revision
    n = len(guide().document["faq"])
    fields = fields_of(press(admin, editor(admin), op="faq:add"))
    fields[f"faq-{n}-question"] = "Is there an exam?"
    fields["references-0-url"] = "not an address"
    fields["title"] = "A title that must not be saved"

    response = press(admin, fields, action="save")

    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Nothing was saved" in page
    assert f"FAQ item {n + 1}, Answer: must not be empty." in page
    assert "References item 1, URL: must be a full web address" in page
    # The message sits by the field, which is marked invalid and described by it.
    assert f'id="faq-{n}-answer" name="faq-{n}-answer" rows="5" aria-invalid="true"' in page
    assert f'aria-describedby="faq-{n}-answer-error"' in page
    # What the admin typed is still there to correct.
    assert fields_of(response)[f"faq-{n}-question"] == "Is there an exam?"
    assert (guide().document, guide().revision) == before
    assert audit_entries() == []


def test_yaml_stays_the_advanced_way_to_edit_a_list(admin):
    fields = fields_of(press(admin, editor(admin), op="references:as-text"))
    assert fields["references-mode"] == "text"
    assert "publisher:" in fields["references"]
    fields["references"] = fields["references"].replace("publisher:", "publisher: The", 1)
    assert press(admin, fields, action="save").status_code == 303
    assert guide().document["references"][0]["publisher"].startswith("The")

    # Back to rows; YAML that is not a list of items says so and stays YAML.
    fields = fields_of(press(admin, editor(admin), op="references:as-text"))
    fields["references"] = "title: [unclosed"
    response = press(admin, fields, op="references:as-items")
    assert response.status_code == 422
    assert "This is not valid YAML, so it stays as YAML" in response.get_data(as_text=True)
    assert fields_of(response)["references-mode"] == "text"
    fields["references"] = "- title: One\n  publisher: Two\n  url: https://example.org/\n"
    fields = fields_of(press(admin, fields, op="references:as-items"))
    assert fields["references-mode"] == "items"
    assert fields["references-0-publisher"] == "Two"


def test_a_row_button_for_a_row_that_is_not_there_is_refused(admin):
    fields = editor(admin)
    assert press(admin, fields, op="faq:remove:99").status_code == 400
    assert press(admin, fields, op="faq:up:0").status_code == 400
    assert press(admin, fields, op="published:add").status_code == 400


def test_people_who_are_not_admins_cannot_use_the_editor(client, make_user):
    guide_id, revision = guide().id, guide().revision
    login(client, make_user("reader@example.com", role=Role.USER))
    token = csrf_token(client, "/account")
    response = client.post(f"/admin/guides/{guide_id}", data={"csrf_token": token, "op": "faq:add"})
    assert response.status_code == 403
    assert guide().revision == revision
