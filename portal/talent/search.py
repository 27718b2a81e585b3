"""THE resume search: public resumes by words and filters, with featured resumes boosted and up
to three pinned on the first page. A career guide filters by the guides each resume was found
to name when it was indexed (`guides.py`).

Full text runs on `talent_profiles`' own index, SQLite FTS5 or PostgreSQL's tsvector (see the
migration), with the job search's safe parsing of what was typed (`portal.jobs.terms`).

What is ranked: a window of TALENT_SEARCH_WINDOW matches (1000 unless set; `_window` says which),
and every match of a featured member wherever it falls, so that each gets their turn in the
pinned row however old their resume. Who is featured is asked of billing inside the search's
statement (`billing.holders`, nothing cached), so a plan that ends takes its marks away on the
next search.
Featured resumes are boosted, not walled off: their relevance is multiplied by FEATURED_BOOST,
so one that barely matches stays below a close match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app

from portal import clock
from portal.careers.services import guide_skills
from portal.extensions import db
from portal.jobs.terms import Terms, parse_terms, printable
from portal.talent.models import HiddenCompany, TalentProfile, TalentProfileGuide

FEATURED = "featured_resume"
FEATURED_BOOST = 1.25
# Without words, results are the most recently updated first; a featured resume counts as if
# updated this much later.
FEATURED_RECENCY = dt.timedelta(days=14)
PINNED = 3
PAGE_SIZE = 20
# bm25() weights per FTS5 column (headline, skills, summary, work); PostgreSQL's A-D say the same.
BM25_WEIGHTS = (10.0, 5.0, 2.0, 1.0)
UPDATED_WITHIN = (7, 30, 90, 365)

# Ranking reads only what ranking needs; the cards of the page are read after, by id.
RANKED = (TalentProfile.resume_id, TalentProfile.user_id, TalentProfile.updated_at)
CARD = (
    TalentProfile.resume_id,
    TalentProfile.anonymous,
    TalentProfile.name,
    TalentProfile.headline,
    TalentProfile.region,
    TalentProfile.country,
    TalentProfile.skills,
    TalentProfile.experience_days,
    TalentProfile.experience_grows,
    TalentProfile.experience_origin,
    TalentProfile.updated_at,
)


@dataclass(frozen=True)
class TalentQuery:
    words: str = ""
    location: str = ""
    guide: str = ""
    min_years: int | None = None
    certification: str = ""
    updated_within_days: int | None = None
    page: int = 1


@dataclass(frozen=True)
class Found:
    """One resume in the results, as a card shows it."""

    resume_id: int
    name: str  # empty for anonymous resumes
    headline: str
    region: str
    country: str
    skills: list[str]
    years: int
    updated_at: dt.datetime
    featured: bool
    score: float


@dataclass
class Results:
    found: list[Found]
    pinned: list[Found] = field(default_factory=list)
    total: int = 0
    capped: bool = False  # more matched than the window ranked
    page: int = 1
    unknown_guide: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _match_values(terms: Terms, engine: str) -> dict[str, str]:
    if engine == "postgresql":
        return {"tsquery": terms.tsquery()}
    return {"match": terms.fts5()}


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _statement(
    query: TalentQuery,
    full_text: bool,
    hidden_for: str | None,
    engine: str,
    featured: sa.Select | None,
):
    """The window of matches (its size the bound `window`) and every match of a member in
    `featured` (a SELECT of user ids), each row with its relevance, whether it is featured and
    whether it is in the window. A resume in both halves may come twice; the caller keeps one."""
    if full_text and engine != "postgresql":
        return _scored_in_the_index(query, hidden_for, featured)
    matching = _matching(query, full_text, hidden_for, engine)
    in_window = sa.literal(True).label("in_window")
    if featured is None:
        window = matching.add_columns(sa.false().label("featured"), in_window)
        return _window(window)
    is_featured = TalentProfile.user_id.in_(sa.select(featured.subquery().c[0]))
    window = _window(matching.add_columns(is_featured.label("featured"), in_window))
    # Joined from the members (a few percent of everyone), so the database reads their
    # resumes by user id instead of testing every match.
    holder = featured.subquery("featured_members")
    members = matching.add_columns(
        sa.true().label("featured"), sa.literal(False).label("in_window")
    ).join(holder, holder.c[0] == TalentProfile.user_id)
    # SQLite takes no LIMIT in a member of a UNION: the window is read as a subquery.
    return sa.union_all(sa.select(window.subquery()), members)


def _scored_in_the_index(query: TalentQuery, hidden_for: str | None, featured: sa.Select | None):
    """SQLite with words: the same window as PostgreSQL's, chosen before anything is scored, so
    that FTS5's bm25() runs for the window and the featured members' matches only. Scoring
    every match first cost 20-35 ms for the 20,754 matches of one common word at 50,000
    resumes (the p95 of "career guide + one word" was 64 ms). The window walks the updated_at
    index, testing each resume against the set of matching rowids (`+ 0` keeps SQLite from
    reading the profiles by those rowids instead, then sorting all of them)."""
    index = sa.table("talent_profiles_fts", sa.column("rowid"))
    rowid = index.c.rowid
    match = sa.text("talent_profiles_fts MATCH :match")
    profile = TalentProfile.__table__
    matching_ids = sa.select(rowid).select_from(index).where(match)
    window = (
        _filtered(sa.select(profile.c.resume_id), query, hidden_for)
        .where((profile.c.resume_id + 0).in_(matching_ids))
        .order_by(profile.c.updated_at.desc(), profile.c.resume_id.desc())
        .limit(sa.bindparam("window", type_=sa.Integer))
        .cte("talent_window")
        .prefix_with("MATERIALIZED")
    )
    in_window = (rowid + 0).in_(sa.select(window.c.resume_id))
    is_featured: sa.ColumnElement = sa.false()
    if featured is not None:
        members = (
            _filtered(sa.select(profile.c.resume_id), query, hidden_for)
            .where(profile.c.user_id.in_(sa.select(featured.subquery().c[0])))
            .cte("talent_featured")
            .prefix_with("MATERIALIZED")
        )
        is_featured = (rowid + 0).in_(sa.select(members.c.resume_id))
    weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
    relevance = -sa.literal_column(f"bm25(talent_profiles_fts, {weights})")
    # Materialised, so that the profiles are read by id for these rows only, after scoring.
    scored = (
        sa.select(
            rowid.label("resume_id"),
            relevance.label("relevance"),
            is_featured.label("featured"),
            in_window.label("in_window"),
        )
        .select_from(index)
        .where(match, sa.or_(in_window, is_featured))
        .cte("talent_scored")
        .prefix_with("MATERIALIZED")
    )
    return sa.select(*RANKED, scored.c.relevance, scored.c.featured, scored.c.in_window).join(
        scored, scored.c.resume_id == TalentProfile.resume_id
    )


def _window(matching: sa.Select) -> sa.Select:
    """Which matches are ranked: the newest, found by walking the updated_at index and
    stopping, with relevance computed for those only (scoring every match read each one's
    vector on PostgreSQL: 450 ms for two common words at 50,000 resumes, 20 ms for the
    window). SQLite chooses the same window inside its full-text statement
    (`_scored_in_the_index`). Both rank within it the same way (`_ranked`)."""
    newest = (TalentProfile.updated_at.desc(), TalentProfile.resume_id.desc())
    return matching.order_by(*newest).limit(sa.bindparam("window", type_=sa.Integer))


def _matching(query: TalentQuery, full_text: bool, hidden_for: str | None, engine: str):
    """Matches with their relevance: PostgreSQL's full text, or (without words) every public
    resume the filters keep, relevance 0."""
    relevance: sa.ColumnElement = sa.literal(0.0)
    statement = sa.select(*RANKED)
    if full_text:
        if engine != "postgresql":
            raise ValueError("SQLite's full text is `_scored_in_the_index`")
        tsquery = sa.func.to_tsquery(
            sa.literal_column("'english'::regconfig"), sa.bindparam("tsquery")
        )
        vector = sa.literal_column("talent_profiles.search_vector")
        relevance = sa.func.ts_rank_cd(vector, tsquery)
        statement = statement.where(vector.op("@@")(tsquery))
    return _filtered(statement.add_columns(relevance.label("relevance")), query, hidden_for)


def _filtered(statement: sa.Select, query: TalentQuery, hidden_for: str | None) -> sa.Select:
    """`statement` (over talent_profiles) with the query's filters and the company's hidden
    resumes left out."""
    profile = TalentProfile.__table__
    if query.location:
        place = sa.bindparam("place")
        # Anonymous resumes show only their region and country; they match by region only.
        statement = statement.where(
            sa.or_(
                profile.c.region_key == place,
                sa.and_(
                    profile.c.anonymous.is_(False),
                    sa.or_(profile.c.country_key == place, profile.c.city_key == place),
                ),
            )
        )
    if query.guide:
        # Correlated, so the walk of the newest resumes stops after the window's matches
        # instead of first gathering every resume of a common guide.
        statement = statement.where(
            sa.exists().where(
                TalentProfileGuide.resume_id == profile.c.resume_id,
                TalentProfileGuide.guide_slug == sa.bindparam("guide"),
            )
        )
    if query.min_years:
        statement = statement.where(
            sa.or_(
                sa.and_(
                    profile.c.experience_grows.is_(True),
                    profile.c.experience_origin <= sa.bindparam("origin_before"),
                ),
                sa.and_(
                    profile.c.experience_grows.is_(False),
                    profile.c.experience_days >= sa.bindparam("min_days"),
                ),
            )
        )
    if query.certification:
        statement = statement.where(
            profile.c.certifications.like(sa.bindparam("certification"), escape="\\")
        )
    if query.updated_within_days:
        statement = statement.where(profile.c.updated_at >= sa.bindparam("updated_since"))
    if hidden_for is not None:
        statement = statement.where(
            ~sa.exists().where(
                HiddenCompany.user_id == profile.c.user_id,
                HiddenCompany.name_key == sa.bindparam("company_key"),
            )
        )
    return statement


def _values(query: TalentQuery, today: dt.date, now: dt.datetime, hidden_for: str | None) -> dict:
    values: dict = {}
    if query.guide:
        values["guide"] = query.guide
    if query.location:
        values["place"] = " ".join(query.location.casefold().split())
    if query.min_years:
        values["min_days"] = query.min_years * 365
        values["origin_before"] = today - dt.timedelta(days=query.min_years * 365)
    if query.certification:
        values["certification"] = _like_pattern(" ".join(query.certification.casefold().split()))
    if query.updated_within_days:
        values["updated_since"] = now - dt.timedelta(days=query.updated_within_days)
    if hidden_for is not None:
        values["company_key"] = hidden_for
    return values


def featured_members() -> sa.Select | None:
    """A SELECT of everyone whose resume is featured now (billing's holders of the entitlement),
    or None where billing is not mounted."""
    holders = current_app.extensions.get("portal.entitlement_holders")
    return holders(FEATURED) if holders is not None else None


def featured_user_ids(user_ids: list[int]) -> set[int]:
    """Which of these people have the featured-resume entitlement now (one batch question)."""
    answer = current_app.extensions.get("portal.entitlements_by_user_id")
    if answer is None or not user_ids:
        return set()
    return {user_id for user_id, granted in answer(user_ids).items() if FEATURED in granted}


def search_resumes(query: TalentQuery, *, hidden_for: str | None = None) -> Results:
    """One page of public resumes matching `query`, leaving out those hidden from the company
    whose name key is `hidden_for`. Two statements whatever the page: the matches ranked (who
    is featured asked inside it) and the cards shown."""
    engine = db.engine.dialect.name
    today, now = clock.today(), clock.now()
    terms = parse_terms(printable(query.words))
    known_guide = not query.guide or guide_skills(query.guide) is not None
    values = _values(query, today, now, hidden_for)
    if terms:
        values |= _match_values(terms, engine)
    window = current_app.config["TALENT_SEARCH_WINDOW"]
    values["window"] = window
    statement = _statement(query, bool(terms), hidden_for, engine, featured_members())
    rows = db.session.execute(statement, values).all()
    ranked = _ranked(rows, bool(terms))
    in_window = sum(1 for row in rows if row[-1])
    page = max(1, query.page)
    start = (page - 1) * PAGE_SIZE
    shown = ranked[start : start + PAGE_SIZE]
    pins = pinned(ranked, today) if page == 1 else []
    cards = _cards({item.resume_id for item in shown + pins}, today)
    return Results(
        found=[cards[item.resume_id].as_found(item) for item in shown],
        pinned=[cards[item.resume_id].as_found(item) for item in pins],
        total=len(ranked),
        capped=in_window >= window,
        page=page,
        unknown_guide=not known_guide,
    )


@dataclass(slots=True)
class Ranked:
    resume_id: int
    featured: bool
    score: float


def _ranked(rows: list[tuple], full_text: bool) -> list[Ranked]:
    """The rows (a resume may come twice) scored and in order, best first. Plain loops over
    tuples: a search ranks a thousand or more rows, and this runs on every one."""
    seen: set[int] = set()
    keyed = []
    for resume_id, _user_id, updated_at, relevance, featured, _in_window in rows:
        if resume_id in seen:
            continue
        seen.add(resume_id)
        if full_text:
            score = float(relevance) * (FEATURED_BOOST if featured else 1.0)
        else:
            score = (updated_at + FEATURED_RECENCY if featured else updated_at).timestamp()
        keyed.append((score, updated_at, resume_id, bool(featured)))
    keyed.sort(reverse=True)
    return [Ranked(resume_id, featured, score) for score, _, resume_id, featured in keyed]


@dataclass(frozen=True)
class Card:
    row: sa.Row
    years: int

    def as_found(self, ranked: Ranked) -> Found:
        row = self.row
        return Found(
            resume_id=row.resume_id,
            name="" if row.anonymous else row.name,
            headline=row.headline,
            region=row.region,
            country=row.country,
            skills=list(row.skills or []),
            years=self.years,
            updated_at=row.updated_at,
            featured=ranked.featured,
            score=ranked.score,
        )


def _cards(resume_ids: set[int], today: dt.date) -> dict[int, Card]:
    """The cards of these resumes, read in one statement."""
    rows = db.session.execute(sa.select(*CARD).where(TalentProfile.resume_id.in_(resume_ids)))
    cards = {}
    for row in rows:
        grows = row.experience_grows
        days = (today - row.experience_origin).days if grows else row.experience_days
        cards[row.resume_id] = Card(row, max(0, days) // 365)
    return cards


def _turn_order(resume_id: int) -> bytes:
    return hashlib.sha256(f"talent-pin:{resume_id}".encode()).digest()


def pinned(found: list[Ranked], today: dt.date) -> list[Ranked]:
    """Up to PINNED featured matches, taking turns: in a fixed (hashed) order, each day starts
    PINNED further along, so every one of n matching featured resumes is pinned on at least one
    of any ceil(n / PINNED) days in a row, and a test can say which ones a day shows."""
    candidates = sorted(
        (item for item in found if item.featured), key=lambda item: _turn_order(item.resume_id)
    )
    if len(candidates) <= PINNED:
        return candidates
    start = (today.toordinal() * PINNED) % len(candidates)
    return [candidates[(start + step) % len(candidates)] for step in range(PINNED)]
