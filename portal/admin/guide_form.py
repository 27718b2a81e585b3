"""The guide editor's form as the admin fills it: list sections as rows of fields with add, remove
and move buttons (plain submit buttons, so they work without JavaScript), every other section
as text, and any list section as text/YAML on request (the advanced editor).

The form posts the whole editor each time; a row button changes the rows and shows the editor
again without saving, and Save validates everything against the guide's schema at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from portal.admin import diffs, guides
from portal.careers.schema import GuideDocument

ITEMS, TEXT = "items", "text"
MAX_ITEMS = 200  # a guide's longest list has about 15: this only bounds a tampered count

# How one field of a list item is edited.
SHORT, LONG, URL, LINE_LIST, PARAGRAPH_LIST = "short", "long", "url", "line_list", "paragraphs"


@dataclass(frozen=True)
class ItemField:
    name: str
    kind: str
    required: bool

    @property
    def label(self) -> str:
        return diffs.label(self.name)

    @property
    def hint(self) -> str:
        return {LINE_LIST: "One a line.", PARAGRAPH_LIST: "A blank line between paragraphs."}.get(
            self.kind, ""
        )


@dataclass(frozen=True)
class ListSection:
    """A section whose content is a list: of strings (`fields` empty) or of small records."""

    section: guides.Section
    fields: tuple[ItemField, ...]

    @property
    def name(self) -> str:
        return self.section.name

    @property
    def label(self) -> str:
        return diffs.label(self.name)

    def blank(self) -> str | dict[str, str]:
        return {f.name: "" for f in self.fields} if self.fields else ""


def _max_length(annotation: Any, metadata: list) -> int | None:
    constraints = list(metadata)
    if get_origin(annotation) is Annotated:
        constraints += list(get_args(annotation)[1:])
    return next((c.max_length for c in constraints if getattr(c, "max_length", None)), None)


def _item_field(name: str, info: Any) -> ItemField:
    annotation = info.annotation
    args = get_args(annotation)
    if get_origin(annotation) in (Union, UnionType) and type(None) in args:
        inner = next(arg for arg in args if arg is not type(None))
        return ItemField(name, URL if "Url" in getattr(inner, "__name__", "") else SHORT, False)
    if "Url" in getattr(annotation, "__name__", ""):
        return ItemField(name, URL, True)
    if get_origin(annotation) is list:
        short = (_max_length(args[0], []) or 0) <= 500
        return ItemField(name, LINE_LIST if short else PARAGRAPH_LIST, True)
    return ItemField(
        name, SHORT if (_max_length(annotation, info.metadata) or 0) <= 500 else LONG, True
    )


def _list_section(section: guides.Section) -> ListSection | None:
    annotation = GuideDocument.model_fields[section.name].annotation
    if get_origin(annotation) is not list:
        return None
    (item,) = get_args(annotation)
    if isinstance(item, type) and issubclass(item, BaseModel):
        fields = tuple(_item_field(name, info) for name, info in item.model_fields.items())
        return ListSection(section, fields)
    return ListSection(section, ())


LIST_SECTIONS: dict[str, ListSection] = {
    s.name: ls for s in guides.SECTIONS if (ls := _list_section(s)) is not None
}


@dataclass
class SectionValue:
    """What one section of the editor holds: `text` in text mode, `items` in items mode."""

    mode: str
    text: str = ""
    items: list[Any] = field(default_factory=list)


class BadOperation(Exception):
    """A row button that names no row of the form (only a tampered form sends one)."""


@dataclass
class EditorState:
    values: dict[str, SectionValue]
    errors: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> EditorState:
        texts = guides.form_values(document)
        values = {}
        for section in guides.SECTIONS:
            listed = LIST_SECTIONS.get(section.name)
            if listed is None:
                values[section.name] = SectionValue(TEXT, texts[section.name])
            else:
                items = [_as_row(listed, item) for item in document.get(section.name) or []]
                values[section.name] = SectionValue(ITEMS, items=items)
        return cls(values)

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> EditorState:
        values = {}
        for section in guides.SECTIONS:
            listed = LIST_SECTIONS.get(section.name)
            # A form without the mode (an older page, a script) sends every section as text.
            mode = form.get(f"{section.name}-mode") or (TEXT if section.name in form else ITEMS)
            if listed is None or mode != ITEMS:
                values[section.name] = SectionValue(TEXT, form.get(section.name, ""))
            else:
                values[section.name] = SectionValue(ITEMS, items=_rows_from_form(listed, form))
        return cls(values)

    def apply(self, operation: str) -> None:
        """Carry out a row button: "faq:add", "faq:remove:2", "faq:up:2", "faq:down:2",
        "faq:as-text" or "faq:as-items". Raises BadOperation for anything else."""
        name, _, rest = operation.partition(":")
        verb, _, index_text = rest.partition(":")
        listed, value = LIST_SECTIONS.get(name), self.values.get(name)
        if listed is None or value is None:
            raise BadOperation(operation)
        if verb == "as-text" and value.mode == ITEMS:
            value.text = guides.form_values({name: _section_data(listed, value.items)})[name]
            value.mode, value.items = TEXT, []
            return
        if verb == "as-items" and value.mode == TEXT:
            try:
                value.items = _rows_from_text(listed, value.text)
            except ValueError as error:
                self.errors[name] = [str(error)]
                return
            value.mode, value.text = ITEMS, ""
            return
        items = value.items
        if value.mode != ITEMS:
            raise BadOperation(operation)
        if verb == "add" and not index_text and len(items) < MAX_ITEMS:
            items.append(listed.blank())
            return
        if not index_text.isdigit() or int(index_text) >= len(items):
            raise BadOperation(operation)
        index = int(index_text)
        if verb == "remove":
            del items[index]
        elif verb == "up" and index > 0:
            items[index - 1], items[index] = items[index], items[index - 1]
        elif verb == "down" and index + 1 < len(items):
            items[index], items[index + 1] = items[index + 1], items[index]
        else:
            raise BadOperation(operation)

    def document(self, published: bool) -> GuideDocument:
        """The guide the form describes; raises guides.EditorErrors naming each bad field."""
        data: dict[str, Any] = {"published": published}
        errors: dict[str, list[str]] = {}
        for section in guides.SECTIONS:
            value = self.values[section.name]
            if value.mode == ITEMS:
                data[section.name] = _section_data(LIST_SECTIONS[section.name], value.items)
                continue
            try:
                data[section.name] = guides.section_from_text(section, value.text)
            except guides.EditorErrors as error:
                errors.update(error.errors)
        if errors:
            raise guides.EditorErrors(errors)
        try:
            return GuideDocument.model_validate(data)
        except ValidationError as error:
            raise guides.EditorErrors(self._messages(error)) from error

    def _messages(self, error: ValidationError) -> dict[str, list[str]]:
        """Each problem under the field it is about: "FAQ item 3, Answer: must not be empty"."""
        messages: dict[str, list[str]] = {}
        for problem in error.errors():
            location = [str(part) for part in problem["loc"]]
            section = location[0] if location else "document"
            value = self.values.get(section)
            if value is None or value.mode != ITEMS or len(location) < 2:
                for key, texts in guides.validation_messages_for([problem]).items():
                    messages.setdefault(key, []).extend(texts)
                continue
            number, rest = int(location[1]) + 1, location[2:]
            key = "-".join([section, location[1], *rest[:1]])
            where = f"{diffs.label(section)} item {number}"
            if rest:
                where += f", {diffs.label(rest[0])}"
            if len(rest) > 1 and rest[1].isdigit():
                where += f", line {int(rest[1]) + 1}"
            messages.setdefault(key, []).append(f"{where}: {_plain_message(problem)}")
        return messages


def _plain_message(problem: Mapping[str, Any]) -> str:
    kind = problem.get("type", "")
    if kind in ("string_too_short", "missing") or (
        kind == "too_short" and problem.get("input") == []
    ):
        return "must not be empty."
    if kind.startswith("url"):
        return "must be a full web address starting with https://."
    return problem["msg"] + "."


def _as_row(listed: ListSection, item: Any) -> str | dict[str, str]:
    """A stored list item as the strings its fields show."""
    if not listed.fields:
        return item if isinstance(item, str) else diffs.as_text(item)
    if not isinstance(item, Mapping):
        raise ValueError(f"each item of {listed.label} must be a mapping of its fields")
    unknown = set(item) - {f.name for f in listed.fields}
    if unknown:
        raise ValueError(f"{listed.label} items have no field {', '.join(sorted(unknown))}")
    row = {}
    for item_field in listed.fields:
        raw = item.get(item_field.name)
        if raw is None:
            row[item_field.name] = ""
        elif isinstance(raw, list):
            joiner = "\n\n" if item_field.kind == PARAGRAPH_LIST else "\n"
            row[item_field.name] = joiner.join(str(part) for part in raw)
        else:
            row[item_field.name] = str(raw)
    return row


def _rows_from_form(listed: ListSection, form: Mapping[str, str]) -> list[Any]:
    count_text = form.get(f"{listed.name}-count", "0")
    count = min(int(count_text), MAX_ITEMS) if count_text.isdigit() else 0
    if not listed.fields:
        return [form.get(f"{listed.name}-{index}", "") for index in range(count)]
    return [
        {f.name: form.get(f"{listed.name}-{index}-{f.name}", "") for f in listed.fields}
        for index in range(count)
    ]


def _rows_from_text(listed: ListSection, text: str) -> list[Any]:
    """The advanced editor's text as rows; ValueError says why it cannot be."""
    if not listed.fields:
        return guides.section_from_text(listed.section, text)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError(f"This is not valid YAML, so it stays as YAML: {error}") from error
    if data is None:
        return []
    if not isinstance(data, list):
        raise ValueError("This YAML is not a list of items, so it stays as YAML.")
    return [_as_row(listed, item) for item in data]


def _section_data(listed: ListSection, items: list[Any]) -> list[Any]:
    """Rows as the schema takes them: lists split, an empty optional address left out."""
    if not listed.fields:
        return list(items)
    data = []
    for row in items:
        item: dict[str, Any] = {}
        for item_field in listed.fields:
            raw = row.get(item_field.name, "")
            if item_field.kind in (LINE_LIST, PARAGRAPH_LIST):
                kind = guides.LINES if item_field.kind == LINE_LIST else guides.PARAGRAPHS
                item[item_field.name] = guides.split_text(raw, kind)
            elif item_field.kind == URL and not item_field.required and not raw.strip():
                item[item_field.name] = None
            else:
                item[item_field.name] = raw
        data.append(item)
    return data
