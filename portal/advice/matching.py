"""How well a resume fits postings: a score from 0 to 100 and one line of why.

Three signals, each computed for a batch of postings at once:
- coverage: the skills and certifications the posting names (title words count double,
  credentials double) that the resume shows;
- how close the posting's title is to the titles the person has held or gives as a headline;
- how close the posting's text is to the resume's (full-text relevance: TF-IDF over the batch),
  and with WordLlama installed, the same two closenesses as sentence embeddings.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from portal.advice import embeddings
from portal.advice.profile import Profile
from portal.advice.vocabulary import Concept, Mention, Vocabulary, tokens

# Postings are read up to here: the first part of a posting says what it asks for.
POSTING_TEXT_LIMIT = 2000
# Embeddings read less: tokenising is most of their cost, and a posting's start says its gist.
EMBEDDED_TEXT_LIMIT = 600
GOOD_FIT = 50  # below this, a ranking says that nothing fits well
_STOPWORDS = """a an and are as at be by for from has have in is it its of on or our that the
this to we will with you your who work working job jobs role team years year experience ability
able other all any per must required preferred plus including include new help us"""
STOPWORDS = frozenset(_STOPWORDS.split())
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


@dataclass
class PostingFacts:
    """What a posting asks for, as the vocabulary recognises it."""

    title: str
    text: str
    asked: dict[str, Mention] = field(default_factory=dict)  # the first mention of each
    in_title: set[str] = field(default_factory=set)

    def snippet(self, key: str, width: int = 160) -> str:
        """The words of the posting around a concept's first mention (quoted as evidence): its
        sentence when that is short, else a window around the mention cut at spaces."""
        mention = self.asked[key]
        for sentence in _SENTENCE.finditer(self.text):
            if sentence.start() <= mention.start < sentence.end():
                if len(sentence.group().strip()) <= width:
                    return sentence.group().strip()
                break
        start = max(0, mention.start - width // 2)
        end = min(len(self.text), mention.end + width // 2)
        start = self.text.rfind(" ", 0, start) + 1 if start else 0
        cut = self.text.find(" ", end)
        end = cut if cut != -1 else len(self.text)
        text = self.text[start:end].strip()
        return ("…" if start else "") + text + ("…" if end < len(self.text) else "")


def posting_facts(vocabulary: Vocabulary, title: str, description: str) -> PostingFacts:
    text = f"{title}. {description[:POSTING_TEXT_LIMIT]}"
    facts = PostingFacts(title, text)
    for mention in vocabulary.find(text):
        facts.asked.setdefault(mention.concept.key, mention)
        if mention.end <= len(title):
            facts.in_title.add(mention.concept.key)
    return facts


@dataclass(frozen=True)
class Score:
    value: int
    why: str
    matched: list[Concept]
    missing: list[Concept]
    coverage: float
    title_closeness: float
    text_closeness: float


def _weight(facts: PostingFacts, key: str) -> float:
    return facts.asked[key].concept.weight * (2.0 if key in facts.in_title else 1.0)


def _words(text: str) -> list[str]:
    return [word for word, _, _ in tokens(text) if word not in STOPWORDS and len(word) > 1]


def _tfidf_closeness(resume_text: str, texts: Sequence[str]) -> list[float]:
    """Cosine of TF-IDF vectors, the document frequencies counted over the batch itself."""
    bags = [Counter(_words(text)) for text in texts]
    mine = Counter(_words(resume_text))
    frequency: Counter[str] = Counter()
    for bag in [*bags, mine]:
        frequency.update(bag.keys())
    n = len(bags) + 1

    def vector(bag: Counter[str]) -> dict[str, float]:
        return {w: (1 + math.log(c)) * math.log(1 + n / frequency[w]) for w, c in bag.items()}

    me = vector(mine)
    my_norm = math.sqrt(sum(v * v for v in me.values())) or 1.0
    result = []
    for bag in bags:
        other = vector(bag)
        norm = math.sqrt(sum(v * v for v in other.values())) or 1.0
        dot = sum(value * me.get(word, 0.0) for word, value in other.items())
        result.append(dot / (norm * my_norm))
    return result


def _title_overlap(titles: Sequence[str], title: str) -> float:
    theirs = set(_words(title))
    best = 0.0
    for mine in titles:
        words = set(_words(mine))
        if words and theirs:
            best = max(best, len(words & theirs) / len(words | theirs))
    return best


def _scaled(value: float, low: float, high: float) -> float:
    return min(1.0, max(0.0, (value - low) / (high - low)))


def _title_weights(profile: Profile) -> list[float]:
    # The headline and the latest position say what the person does now; older ones less.
    return [1.0 if i < 2 else 0.85 for i in range(len(profile.titles))]


def score_postings(profile: Profile, batch: Sequence[PostingFacts]) -> list[Score]:
    """One Score per posting of `batch`, in order."""
    if not batch:
        return []
    resume_text = profile.text()
    lexical = _tfidf_closeness(resume_text, [facts.text for facts in batch])
    titles = profile.titles or [resume_text[:200]]
    title_vectors = embeddings.embed(titles)
    if title_vectors is not None:
        posting_titles = embeddings.embed([facts.title for facts in batch])
        texts = embeddings.embed(
            [resume_text] + [facts.text[:EMBEDDED_TEXT_LIMIT] for facts in batch]
        )
        weights = _title_weights(profile)
        by_title = (posting_titles @ title_vectors.T) * weights
        title_sims = [_scaled(float(row.max()), 0.1, 0.75) for row in by_title]
        text_sims = [_scaled(float(value), 0.1, 0.6) for value in texts[1:] @ texts[0]]
    else:
        title_sims = [_title_overlap(titles, facts.title) for facts in batch]
        text_sims = [0.0] * len(batch)
    scores = []
    for facts, lex, title_sim, text_sim in zip(batch, lexical, title_sims, text_sims, strict=True):
        asked_weight = sum(_weight(facts, key) for key in facts.asked)
        matched_keys = [key for key in facts.asked if key in profile.shown]
        coverage = sum(_weight(facts, key) for key in matched_keys) / (asked_weight + 1.0)
        lex_sim = _scaled(lex, 0.0, 0.35)
        if title_vectors is not None:
            value = 0.30 * coverage + 0.35 * title_sim + 0.20 * text_sim + 0.15 * lex_sim
        else:
            value = 0.40 * coverage + 0.35 * title_sim + 0.25 * lex_sim
        matched = sorted(
            (facts.asked[key].concept for key in matched_keys),
            key=lambda c: -_weight(facts, c.key),
        )
        missing = sorted(
            (m.concept for key, m in facts.asked.items() if key not in profile.shown),
            key=lambda c: -_weight(facts, c.key),
        )
        scores.append(
            Score(
                value=round(100 * value),
                why=why_line(profile, facts, matched, missing, title_sim),
                matched=matched,
                missing=missing,
                coverage=coverage,
                title_closeness=title_sim,
                text_closeness=text_sim,
            )
        )
    return scores


def _joined(labels: Sequence[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def why_line(
    profile: Profile,
    facts: PostingFacts,
    matched: Sequence[Concept],
    missing: Sequence[Concept],
    title_closeness: float,
) -> str:
    """One sentence, every part of it read from the resume or the posting."""
    telling = [c for c in matched if c.kind in ("cert", "skill")] or list(matched)
    if telling:
        shown = [concept.label for concept in telling[:2]]
        both = "both" if len(shown) == 2 else "it"
        line = f"You have {_joined(shown)}; the posting asks for {both}"
        certs = [concept.label for concept in missing if concept.is_cert]
        if certs:
            line += f", and also for {certs[0]}, which your resume does not show"
        return line + "."
    if profile.titles and title_closeness >= 0.5:
        return f"Your work as {profile.titles[0]} is close to this {facts.title} role."
    if missing:
        return (
            f"The posting asks for {_joined([c.label for c in missing[:2]])}, "
            "which your resume does not show."
        )
    return "Little of what this posting asks for shows on your resume."
