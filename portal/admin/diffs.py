"""What changed between two versions of a thing, field by field, with the words that changed.

The audit log and the guide history both show changes this way: a guide edit is stored as the
fields it changed (not whole sections), and any two revisions are compared the same way."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SEPARATOR = " > "
# Unchanged stretches longer than this are shortened around the changes, so a one-word edit in
# a long paragraph shows as a line, not the paragraph.
CONTEXT = 60


@dataclass(frozen=True)
class Segment:
    """A run of text in a diff: "equal", "delete" (only before) or "insert" (only after)."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: `before` is None for an added field, `after` for a removed one."""

    path: str
    before: str | None
    after: str | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "changed"

    @property
    def section(self) -> str:
        return self.path.split(SEPARATOR, 1)[0]

    def before_segments(self) -> list[Segment]:
        return [s for s in self._segments() if s.op != "insert"]

    def after_segments(self) -> list[Segment]:
        return [s for s in self._segments() if s.op != "delete"]

    def _segments(self) -> list[Segment]:
        return word_diff(self.before or "", self.after or "")


def label(name: str) -> str:
    """ "how_to_get" -> "How to get"; "faq" -> "FAQ"."""
    special = {"faq": "FAQ", "url": "URL"}
    return special.get(name, name.replace("_", " ").capitalize())


def as_text(value: Any) -> str:
    """A stored value as people read it: strings as they are (apostrophes and all), other
    values as JSON written with the characters themselves, never `\\u0027`."""
    if isinstance(value, str):
        return value
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False)


def document_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Every leaf field that differs between two documents, in document order. Items of a list
    are matched by content first, so adding or moving one item does not mark the rest."""
    changes: list[FieldChange] = []
    for key in _keys(old, new):
        _compare((label(key),), old.get(key, _MISSING), new.get(key, _MISSING), changes)
    return changes


_MISSING: Any = object()


def _keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    return list(new) + [key for key in old if key not in new]


def _compare(path: tuple[str, ...], old: Any, new: Any, changes: list[FieldChange]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in _keys(old, new):
            _compare((*path, label(key)), old.get(key, _MISSING), new.get(key, _MISSING), changes)
    elif isinstance(old, list) and isinstance(new, list):
        _compare_lists(path, old, new, changes)
    elif old is _MISSING:
        _leaves(path, new, changes, added=True)
    elif new is _MISSING:
        _leaves(path, old, changes, added=False)
    elif isinstance(old, dict | list) or isinstance(new, dict | list):
        _leaves(path, old, changes, added=False)
        _leaves(path, new, changes, added=True)
    else:
        changes.append(FieldChange(SEPARATOR.join(path), as_text(old), as_text(new)))


def _compare_lists(path: tuple[str, ...], old: list, new: list, changes: list[FieldChange]):
    keys = (
        [json.dumps(item, sort_keys=True) for item in old],
        [json.dumps(item, sort_keys=True) for item in new],
    )
    matcher = difflib.SequenceMatcher(None, *keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for offset in range(paired):
            item = (*path, f"item {j1 + offset + 1}")
            _compare(item, old[i1 + offset], new[j1 + offset], changes)
        for index in range(i1 + paired, i2):
            _leaves((*path, f"item {index + 1}"), old[index], changes, added=False)
        for index in range(j1 + paired, j2):
            _leaves((*path, f"item {index + 1}"), new[index], changes, added=True)


def _leaves(path: tuple[str, ...], value: Any, changes: list[FieldChange], *, added: bool):
    if isinstance(value, dict):
        for key, inner in value.items():
            _leaves((*path, label(key)), inner, changes, added=added)
    elif isinstance(value, list) and value:
        for index, inner in enumerate(value):
            _leaves((*path, f"item {index + 1}"), inner, changes, added=added)
    else:
        text = as_text(value)
        where = SEPARATOR.join(path)
        changes.append(FieldChange(where, None, text) if added else FieldChange(where, text, None))


def audit_fields(changes: list[FieldChange]) -> tuple[dict[str, str], dict[str, str]]:
    """The changes as an audit entry's `before` and `after`: one key per changed field."""
    before = {c.path: c.before for c in changes if c.before is not None}
    after = {c.path: c.after for c in changes if c.after is not None}
    return before, after


# Keys an entry carries for the screens that read the log (the guide history), not for people.
BOOKKEEPING = frozenset({"guide_id"})


def entry_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None):
    """An audit entry's before and after as field changes, whatever action wrote them."""
    before, after = before or {}, after or {}
    changes = []
    for key in _keys(before, after):
        if key in BOOKKEEPING:
            continue
        old = as_text(before[key]) if key in before else None
        new = as_text(after[key]) if key in after else None
        changes.append(FieldChange(key, old, new))
    return changes


_WORDS = re.compile(r"\s+|[^\s\w]|\w+")


def word_diff(before: str, after: str) -> list[Segment]:
    """The two texts as runs of kept, deleted and inserted words, long kept runs shortened."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", "".join(new[j1:j2])))
    return _shorten(segments)


def _shorten(segments: list[Segment]) -> list[Segment]:
    if all(s.op == "equal" for s in segments) or not segments:
        return segments  # an added or removed field is shown whole
    last = len(segments) - 1
    shortened = []
    for index, segment in enumerate(segments):
        text = segment.text
        if segment.op == "equal" and len(text) > 2 * CONTEXT:
            if index == 0:
                text = "… " + text[-CONTEXT:]
            elif index == last:
                text = text[:CONTEXT] + " …"
            else:
                text = text[:CONTEXT] + " … " + text[-CONTEXT:]
        shortened.append(Segment(segment.op, text))
    return shortened
