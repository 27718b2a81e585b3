"""What a visitor typed into the search box, turned into terms that are always safe to run.

Nothing the visitor types reaches the database's query parser as written: words are pulled out
as letters and digits only, then written back in each engine's syntax with every word quoted.
Understood: plain words (all must match), "quoted phrases", -word or NOT word to leave out,
word* for a prefix. AND and OR are read as words' glue (every word must match).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TERMS = 12
MAX_WORD_LENGTH = 40
# Longer text is cut here before parsing: twelve terms never need more.
MAX_TEXT_LENGTH = 2_000

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+")
_CHUNK = re.compile(r'(-?)"([^"]*)"(\*?)|(\S+)')
_OPERATORS = {"AND", "OR", "&&", "||", "+", "|", "&"}


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a phrase in order
    prefix: bool = False  # the last word may continue ("tech*" finds "technician")

    def fts5(self) -> str:
        # Each word is letters and digits only, so quoting cannot be broken out of.
        quoted = '"' + " ".join(self.words) + '"'
        return f"{quoted} *" if self.prefix else quoted

    def tsquery(self) -> str:
        lexemes = [f"'{word}'" for word in self.words]
        if self.prefix:
            lexemes[-1] += ":*"
        joined = " <-> ".join(lexemes)
        return f"({joined})" if len(lexemes) > 1 else joined


@dataclass(frozen=True)
class Terms:
    include: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        # Leaving words out only means something next to words to find.
        return bool(self.include)

    def fts5(self) -> str:
        """An FTS5 MATCH expression (https://sqlite.org/fts5.html#full_text_query_syntax)."""
        expression = " AND ".join(term.fts5() for term in self.include)
        for term in self.exclude:
            expression = f"({expression}) NOT {term.fts5()}"
        return expression

    def tsquery(self) -> str:
        """A to_tsquery() expression for PostgreSQL, every lexeme quoted."""
        parts = [term.tsquery() for term in self.include]
        parts += [f"!{term.tsquery()}" for term in self.exclude]
        return " & ".join(parts)

    def words(self) -> list[str]:
        return [word for term in self.include for word in term.words]


def printable(text: str) -> str:
    """Control characters (a NUL byte, say) mean nothing in a search; PostgreSQL refuses NUL."""
    return _CONTROL.sub(" ", text)


def parse_terms(text: str) -> Terms:
    """Read search box text; never fails, whatever the text."""
    include: list[Term] = []
    exclude: list[Term] = []
    negate_next = False
    for match in _CHUNK.finditer(text[:MAX_TEXT_LENGTH]):
        if len(include) + len(exclude) >= MAX_TERMS:
            break
        minus, phrase, star, chunk = match.groups()
        if phrase is not None:
            negate, body, prefix = bool(minus), phrase, bool(star)
        else:
            if chunk in _OPERATORS:
                continue
            if chunk == "NOT":
                negate_next = True
                continue
            negate = chunk.startswith("-") and len(chunk) > 1
            prefix = chunk.endswith("*")
            body = chunk
        words = tuple(word.lower()[:MAX_WORD_LENGTH] for word in _WORD.findall(body))
        if not words:
            continue
        term = Term(words, prefix)
        target = exclude if negate or negate_next else include
        negate_next = False
        if term not in include and term not in exclude:
            target.append(term)
    return Terms(tuple(include), tuple(exclude))
