"""The guide editor end to end: edit a section, a failed edit, publish, preview, history,
restore, and the seed YAML out and in."""

from __future__ import annotations

import io

import sqlalchemy as sa
import yaml

from portal.admin.guides import form_values
from portal.careers.models import Guide
from portal.extensions import db
from tests.admin.helpers import audit_entries

SLUG = "mental-health-technician"
PUBLIC = f"/careers/{SLUG}"


def guide() -> Guide:
    return db.session.scalar(sa.select(Guide).where(Guide.slug == SLUG))


def edit(admin, changes: dict[str, str]):
    current = guide()
    data = {**form_values(current.document), **changes, "action": "save"}
    return admin.post(f"/admin/guides/{current.id}", data=data)


def test_editing_a_list_section_shows_on_the_public_page(admin, client):
    before = guide().revision
    assert "Calm under pressure drills" not in client.get(PUBLIC).get_data(as_text=True)

    items = form_values(guide().document)["key_responsibilities"]
    response = edit(admin, {"key_responsibilities": items + "\nCalm under pressure drills"})

    assert response.status_code == 303
    assert guide().revision == before + 1
    assert guide().document["key_responsibilities"][-1] == "Calm under pressure drills"
    assert "Calm under pressure drills" in client.get(PUBLIC).get_data(as_text=True)
    (entry,) = audit_entries("guide.edit")
    assert entry.actor_email == "boss@example.com"
    # Only the item added, not the whole section.
    count = len(guide().document["key_responsibilities"])
    assert entry.before == {"revision": before}
    assert entry.after == {
        "revision": before + 1,
        "guide_id": guide().id,
        f"Key responsibilities > item {count}": "Calm under pressure drills",
    }


def test_every_section_is_on_the_editor(admin):
    page = admin.get(f"/admin/guides/{guide().id}").get_data(as_text=True)
    for name, value in guide().document.items():
        if isinstance(value, list):  # a row of fields per item
            assert f'name="{name}-mode" value="items"' in page, name
            assert f'name="{name}-count" value="{len(value)}"' in page, name
        elif name != "published":
            assert f'name="{name}"' in page, name


def test_a_failed_edit_says_what_is_wrong_and_changes_nothing(admin):
    before = dict(guide().document), guide().revision
    response = edit(
        admin, {"title": "A new title", "salary": "currency: [not, a, code", "intro": ""}
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was saved" in page
    assert "This is not valid YAML" in page
    db.session.expire_all()
    assert (guide().document, guide().revision) == before
    assert audit_entries() == []

    response = edit(admin, {"intro": "", "salary": "currency: usd\n"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "List should have at least 1 item" in page
    db.session.expire_all()
    assert guide().revision == before[1]


def test_unpublished_guides_are_a_404_but_admins_get_a_preview(admin, client, make_user):
    guide_id = guide().id
    assert admin.post(f"/admin/guides/{guide_id}/unpublish").status_code == 303
    assert client.get(PUBLIC).status_code == 404  # even for the admin
    preview = admin.get(f"/admin/guides/{guide_id}/preview")
    assert preview.status_code == 200
    assert "this guide is not published" in preview.get_data(as_text=True)
    assert "Mental Health Technician" in preview.get_data(as_text=True)

    assert admin.post(f"/admin/guides/{guide_id}/publish").status_code == 303
    assert client.get(PUBLIC).status_code == 200
    assert [e.action for e in audit_entries()] == ["guide.unpublish", "guide.publish"]


def test_restoring_an_old_revision_makes_it_the_newest(admin, client):
    first = guide().revision
    old_summary = guide().document["summary"]
    edit(admin, {"summary": "A summary that will be rolled back."})
    assert guide().revision == first + 1

    page = admin.get(f"/admin/guides/{guide().id}/revisions").get_data(as_text=True)
    assert f"Restore revision {first}" in page
    response = admin.post(f"/admin/guides/{guide().id}/revisions/{first}/restore")

    assert response.status_code == 303
    assert guide().revision == first + 2
    assert guide().document["summary"] == old_summary
    assert old_summary in client.get(PUBLIC).get_data(as_text=True)
    (entry,) = audit_entries("guide.restore")
    assert entry.after == {
        "revision": first + 2,
        "guide_id": guide().id,
        "restored_from": first,
        "Summary": old_summary,
    }
    assert entry.before == {"revision": first + 1, "Summary": "A summary that will be rolled back."}


def test_export_and_import_round_trip(admin):
    exported = admin.get(f"/admin/guides/{guide().id}/export")
    assert exported.headers["Content-Disposition"] == f'attachment; filename="{SLUG}.yaml"'
    document = yaml.safe_load(exported.get_data(as_text=True))
    assert document == guide().document

    document["slug"] = "imported-guide"
    document["title"] = "Imported Guide"
    upload = io.BytesIO(yaml.safe_dump(document).encode())
    response = admin.post(
        "/admin/guides/import",
        data={"file": (upload, "guide.yaml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    imported = db.session.scalar(sa.select(Guide).where(Guide.slug == "imported-guide"))
    assert imported.title == "Imported Guide"
    assert audit_entries("guide.import")[0].after["outcome"] == "created"


def test_a_broken_import_file_is_refused_with_a_message(admin):
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Guide))
    upload = io.BytesIO(b"slug: x\ntitle: only a title\n")
    response = admin.post(
        "/admin/guides/import",
        data={"file": (upload, "guide.yaml")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "The guide has errors" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Guide)) == count


def test_a_new_guide_starts_unpublished(admin, client):
    values = form_values(guide().document)
    values.update(slug="new-role", title="New Role", action="save")
    response = admin.post("/admin/guides/new", data=values)
    assert response.status_code == 303
    new = db.session.scalar(sa.select(Guide).where(Guide.slug == "new-role"))
    assert new is not None and not new.published
    assert client.get("/careers/new-role").status_code == 404


def test_a_slug_another_guide_uses_is_refused(admin):
    values = form_values(guide().document)
    values.update(action="save")
    response = admin.post("/admin/guides/new", data=values)
    assert response.status_code == 422
    assert "Another guide already uses the address" in response.get_data(as_text=True)


def test_saving_the_editor_unchanged_makes_no_revision(admin):
    before = guide().revision
    response = edit(admin, {})
    assert response.status_code == 303
    assert guide().revision == before
    assert audit_entries() == []
