"""Recognising skills and certifications in free text: resumes, postings and guide entries.

The vocabulary is `data/skills.txt` (written for this project) plus what the career guides list
(`guides.py` adds those). Matching is by whole words, ignoring case, punctuation and a plural
"s", so "De-escalated crises" finds "de escalated" and "BLS certification" finds "bls".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

VOCABULARY_FILE = Path(__file__).parent / "data" / "skills.txt"

Kind = Literal["skill", "cert", "field", "education"]
KINDS = ("skill", "cert", "field", "education")
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Concept:
    """One skill or credential, however it is written."""

    key: str
    label: str
    kind: Kind

    @property
    def is_cert(self) -> bool:
        return self.kind == "cert"

    @property
    def weight(self) -> float:
        """How much it counts in a fit: a credential most, the field and schooling least."""
        return {"cert": 2.0, "skill": 1.0, "field": 0.5, "education": 0.5}[self.kind]


@dataclass(frozen=True)
class Mention:
    """Where a concept is named in a text: its words as written there."""

    concept: Concept
    start: int
    end: int
    phrase: str


def normalised(word: str) -> str:
    """A word as matching compares it: lower case, without a plural s ("checks" is "check")."""
    word = word.lower()
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) for each word of `text`."""
    return [(normalised(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(word for word, _, _ in tokens(text))


class Vocabulary:
    """Concepts and the phrases that name them; `find` lists the mentions in a text."""

    def __init__(self, entries: Iterable[tuple[Concept, Iterable[str]]]) -> None:
        self.concepts: dict[str, Concept] = {}
        self._phrases: dict[tuple[str, ...], Concept] = {}
        self.schooling: list[str] = []  # education concepts' keys, highest first
        for concept, phrases in entries:
            self.add(concept, phrases)

    def add(self, concept: Concept, phrases: Iterable[str]) -> Concept:
        """Add a concept (or more phrases for a known one); a phrase already taken keeps its
        first concept, so the hand-written list wins over what guides add."""
        if concept.kind == "education" and concept.key not in self.concepts:
            self.schooling.append(concept.key)
        concept = self.concepts.setdefault(concept.key, concept)
        for phrase in [concept.label, *phrases]:
            key = phrase_key(phrase)
            if key:
                self._phrases.setdefault(key, concept)
        self.__dict__.pop("_by_first_word", None)
        return concept

    @functools.cached_property
    def _by_first_word(self) -> dict[str, list[tuple[tuple[str, ...], Concept]]]:
        index: dict[str, list[tuple[tuple[str, ...], Concept]]] = {}
        for key, concept in self._phrases.items():
            index.setdefault(key[0], []).append((key, concept))
        for candidates in index.values():
            candidates.sort(key=lambda item: -len(item[0]))  # the longest phrase wins
        return index

    def find(self, text: str) -> list[Mention]:
        words = tokens(text)
        index = self._by_first_word
        found: list[Mention] = []
        i = 0
        while i < len(words):
            length = 1
            for key, concept in index.get(words[i][0], ()):
                n = len(key)
                if tuple(word for word, _, _ in words[i : i + n]) == key:
                    start, end = words[i][1], words[i + n - 1][2]
                    found.append(Mention(concept, start, end, text[start:end]))
                    length = n
                    break
            i += length
        return found

    def implied(self, keys: Iterable[str]) -> set[str]:
        """The concepts `keys` show, with the schooling below the highest one they name."""
        shown = set(keys)
        levels = [self.schooling.index(key) for key in shown if key in self.schooling]
        if levels:
            shown.update(self.schooling[min(levels) :])
        return shown

    def copy(self) -> Vocabulary:
        clone = Vocabulary(())
        clone.concepts = dict(self.concepts)
        clone._phrases = dict(self._phrases)
        clone.schooling = list(self.schooling)
        return clone


def concept_key(label: str) -> str:
    return " ".join(phrase_key(label))


def parse(lines: Iterable[str]) -> Vocabulary:
    """The vocabulary file's lines: `kind | label | phrase; phrase`; # starts a comment."""
    entries = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or parts[0] not in KINDS:
            raise ValueError(f"skills vocabulary line {number}: expected 'kind | label | phrases'")
        kind, label, phrases = parts
        concept = Concept(concept_key(label), label, kind)  # type: ignore[arg-type]
        entries.append((concept, [p.strip() for p in phrases.split(";") if p.strip()]))
    return Vocabulary(entries)


@functools.cache
def shipped() -> Vocabulary:
    """The project's own vocabulary (read once per process; callers copy before adding)."""
    return parse(VOCABULARY_FILE.read_text("utf-8").splitlines())
