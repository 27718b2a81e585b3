"""The guide editor's logic: a GuideDocument as form sections and back, publish, restore, and
the seed YAML in and out. Every save goes through careers' Guide.apply, so each one is a revision
and the public page (cached by revision) shows it at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

import sqlalchemy as sa
import yaml
from pydantic import ValidationError
from sqlalchemy.orm import defer

from portal.careers.models import Guide, GuideRevision
from portal.careers.schema import GuideDocument
from portal.extensions import db

LINE, LINES, PARAGRAPHS, STRUCTURED = "line", "lines", "paragraphs", "structured"

# Lists of paragraphs are written with a blank line between paragraphs; lists of short items
# one a line; nested sections (salary, tiers, FAQ...) as YAML checked by the same schema.
_PARAGRAPH_LISTS = {
    "intro",
    "core_functions",
    "work_setting",
    "path_to_role",
    "required_education",
    "global_outlook",
    "portfolio_tips",
}


@dataclass(frozen=True)
class Section:
    name: str
    kind: str

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").capitalize()

    @property
    def hint(self) -> str:
        return {
            LINES: "One item a line.",
            PARAGRAPHS: "Paragraphs separated by a blank line.",
            STRUCTURED: "YAML, in the shape of the seed file.",
        }.get(self.kind, "")


def _plain(annotation: Any) -> Any:
    """`str` for `Annotated[str, ...]`: constraints aside, what kind of value is it."""
    return get_args(annotation)[0] if get_origin(annotation) is Annotated else annotation


def _kind(name: str, annotation: Any) -> str:
    if _plain(annotation) is str:
        return LINE
    if get_origin(annotation) is list and _plain(get_args(annotation)[0]) is str:
        return PARAGRAPHS if name in _PARAGRAPH_LISTS else LINES
    return STRUCTURED


# Every field of the schema but `published`, which has its own buttons.
SECTIONS: tuple[Section, ...] = tuple(
    Section(name, _kind(name, field.annotation))
    for name, field in GuideDocument.model_fields.items()
    if name != "published"
)


def form_values(document: Mapping[str, Any]) -> dict[str, str]:
    """The stored document as the editor's text fields."""
    values = {}
    for section in SECTIONS:
        value = document.get(section.name)
        if section.kind == LINE:
            values[section.name] = value or ""
        elif section.kind == LINES:
            values[section.name] = "\n".join(value or [])
        elif section.kind == PARAGRAPHS:
            values[section.name] = "\n\n".join(value or [])
        else:
            values[section.name] = yaml.safe_dump(
                value, sort_keys=False, allow_unicode=True, width=100
            )
    return values


class EditorErrors(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("the guide has errors")
        self.errors = errors


def split_text(text: str, kind: str) -> list[str]:
    """A LINES or PARAGRAPHS text box as its list of items."""
    text = text.replace("\r\n", "\n")
    if kind == LINES:
        return [line.strip() for line in text.split("\n") if line.strip()]
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def section_from_text(section: Section, raw: str) -> Any:
    """One section's text box as data for the schema; EditorErrors when its YAML is broken."""
    if section.kind == LINE:
        return raw
    if section.kind in (LINES, PARAGRAPHS):
        return split_text(raw, section.kind)
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise EditorErrors({section.name: [f"This is not valid YAML: {error}"]}) from error


def validation_messages(error: ValidationError) -> dict[str, list[str]]:
    return validation_messages_for(error.errors())


def validation_messages_for(problems: list[Any]) -> dict[str, list[str]]:
    """Pydantic's problems by section: "List should have at least 1 item (at 2 > answer)"."""
    messages: dict[str, list[str]] = {}
    for problem in problems:
        location = problem["loc"]
        section = str(location[0]) if location else "document"
        where = " > ".join(str(part) for part in location[1:])
        text = problem["msg"] + (f" (at {where})" if where else "")
        messages.setdefault(section, []).append(text)
    return messages


class SlugTaken(Exception):
    pass


def _check_slug(content: GuideDocument, guide: Guide | None) -> None:
    other = db.session.scalar(sa.select(Guide.id).where(Guide.slug == content.slug))
    if other is not None and (guide is None or other != guide.id):
        raise SlugTaken(f"Another guide already uses the address “{content.slug}”.")


def create(content: GuideDocument) -> Guide:
    _check_slug(content, None)
    guide = Guide.from_document(content)
    db.session.add(guide)
    db.session.flush()
    return guide


def update(guide: Guide, content: GuideDocument) -> bool:
    """Take new content; False when nothing changed. The caller commits."""
    _check_slug(content, guide)
    return guide.apply(content)


def set_published(guide: Guide, published: bool) -> bool:
    content = guide.content.model_copy(update={"published": published})
    return guide.apply(content)


def revision(guide: Guide, number: int) -> GuideRevision | None:
    return db.session.scalar(
        sa.select(GuideRevision).where(
            GuideRevision.guide_id == guide.id, GuideRevision.number == number
        )
    )


def restore(guide: Guide, old: GuideRevision) -> bool:
    """Bring an old revision back as a new one, so the history keeps every step."""
    content = GuideDocument.model_validate(old.document)
    _check_slug(content, guide)
    return guide.apply(content)


def export_yaml(guide: Guide) -> str:
    """The guide as a seed file (seeds/careers/<slug>.yaml)."""
    return yaml.safe_dump(guide.document, sort_keys=False, allow_unicode=True, width=100)


class GuideImportError(Exception):
    pass


def parse_yaml(text: str) -> GuideDocument:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise GuideImportError(f"The file is not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise GuideImportError("The file does not hold a guide (a mapping of sections).")
    try:
        return GuideDocument.model_validate(data)
    except ValidationError as error:
        lines = [
            f"{section}: {message}"
            for section, messages in validation_messages(error).items()
            for message in messages
        ]
        raise GuideImportError("The guide has errors: " + "; ".join(lines[:10])) from error


def import_document(content: GuideDocument) -> tuple[Guide, str]:
    """Create the guide, or update the one with the same slug. The caller commits."""
    guide = db.session.scalar(sa.select(Guide).where(Guide.slug == content.slug))
    if guide is None:
        return create(content), "created"
    return guide, ("updated" if guide.apply(content) else "unchanged")


def all_guides() -> list[Guide]:
    # The list shows the columns; the documents stay in the database.
    query = sa.select(Guide).options(defer(Guide.document, raiseload=True)).order_by(Guide.title)
    return list(db.session.scalars(query))
