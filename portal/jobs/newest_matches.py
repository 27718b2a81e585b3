"""How PostgreSQL finds a search's newest matches without reading all of them.

A search with words considers its COUNT_CAP newest matches. PostgreSQL can find them in two
ways, and each is slow for some words:

- walk the primary key backwards, testing row after row: fast for words in many postings, slow
  for words in a few percent of them (tens of thousands of rows tested, each test unpacking the
  row's search vector);
- read every match through the GIN index, then sort: fast for rare words, slow for common ones.

Its planner cannot choose well between them: it does not know what a test costs. So a search
first asks the planner only how many postings its words and filters match (EXPLAIN: a plan, no
rows read), then picks the reading itself:

- few matches: read every match through the GIN index;
- so many that the newest few thousand postings hold enough: walk the key;
- in between: look in a window of the newest postings just wide enough to hold about
  WINDOW_MARGIN times the matches needed, reading the window's matches only (the GIN index
  intersected with a range of the key). If the window holds too few (the estimate was high),
  the same statement reads every match instead.

Whichever reading runs, the candidates are the same: the window only decides where to look
first. So an estimate can be wrong without a result being wrong; it only costs time.
"""

from __future__ import annotations

import math
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ClauseElement, Executable
from sqlalchemy.sql.visitors import InternalTraversal

from portal.extensions import db
from portal.jobs.models import JobPosting

# How many times the matches it needs a window is sized to hold, by the planner's estimate.
# The planner's estimates of two-word searches were mostly within 10% in the benchmark.
WINDOW_MARGIN = 1.3
# Walking the key tests about 1.7 µs a posting; reading a window's matches through the GIN index
# costs 10-20 ms however narrow the window, so narrower windows than this are walked instead.
WALK_WIDTH = 12_000
# Marking a window's range of the key costs about 0.1 µs a posting. Past this share of the table,
# that costs more than reading the matches outside the window would.
MAX_WINDOW_SHARE = 0.4


Reading = Literal["every match", "walk", "window"]


class _Explain(Executable, ClauseElement):
    """EXPLAIN (FORMAT JSON) of a statement, its parameters still bound ones."""

    inherit_cache = True  # compiled once per shape of statement, like the statement itself
    _traverse_internals = [("statement", InternalTraversal.dp_clauseelement)]
    _all_selected_columns = ()  # its one column is the plan, not the statement's columns

    def __init__(self, statement: sa.Select) -> None:
        self.statement = statement


@compiles(_Explain, "postgresql")
def _compile_explain(element: _Explain, compiler, **kw) -> str:
    return "EXPLAIN (FORMAT JSON) " + compiler.process(element.statement, **kw)


def estimates_of(matching: sa.Select) -> sa.Executable:
    """One EXPLAIN of both the rows `matching` returns and the postings in all."""
    return _Explain(
        sa.union_all(matching.with_only_columns(JobPosting.id), sa.select(JobPosting.id))
    )


def planner_estimates(statement: sa.Executable, values: dict) -> tuple[float, float]:
    """The planner's estimates of a search's matches and of the postings in all, from the
    statement `estimates_of` made (nothing is read)."""
    plan = db.session.execute(statement, values).scalar_one()
    # The union's two members, in order; a subplan (a guide's id, say) may sit beside them.
    parts = [part for part in plan[0]["Plan"]["Plans"] if part["Parent Relationship"] == "Member"]
    matches, postings = (float(part["Plan Rows"]) for part in parts)
    return matches, postings


def choose_reading(estimates: sa.Executable, values: dict, limit: int) -> tuple[Reading, int]:
    """How to read a search's `limit` newest matches, and the window's width in ids."""
    expected, postings = planner_estimates(estimates, values)
    # Postings are spread evenly enough over ids for a share of ids to hold that share of
    # matches, and ids are dense enough for the newest N ids to be about N postings.
    width = math.ceil(postings * WINDOW_MARGIN * limit / max(expected, 1.0))
    if width >= postings * MAX_WINDOW_SHARE:
        return "every match", 0
    if width <= WALK_WIDTH:
        return "walk", 0
    return "window", width


def newest_matches(matching: sa.Select, limit: sa.BindParameter, reading: Reading) -> sa.Subquery:
    """The `limit` newest of `matching` (which tests words on the GIN index), read as chosen.
    The window's width is the bound value `window_width`."""
    if reading == "every match":
        return _every_match(matching, limit).subquery()
    if reading == "walk":
        return matching.order_by(JobPosting.id.desc()).limit(limit).subquery()
    newest_id = sa.select(sa.func.max(JobPosting.id)).scalar_subquery()
    bound = newest_id - sa.bindparam("window_width", type_=sa.Integer)
    # `OR id IS NULL` (never true of a primary key) makes the range one that a plain index scan
    # cannot use but a bitmap scan can. Left free, the planner walks the whole window testing
    # each row, three times slower than intersecting the GIN index with the range.
    window = matching.where(sa.or_(JobPosting.id > bound, JobPosting.id.is_(None)))
    in_window = _every_match(window, limit).cte("newest_in_window")
    found = sa.select(sa.func.count()).select_from(in_window).scalar_subquery()
    everywhere = _every_match(matching, limit).subquery("newest_everywhere")
    # Each guard stands outside its half's LIMIT, so the half that is not needed is never started.
    return sa.union_all(
        sa.select(in_window).where(found == limit), sa.select(everywhere).where(found < limit)
    ).subquery()


def _every_match(matching: sa.Select, limit: sa.BindParameter) -> sa.Select:
    # Ordered by `id + 0`, which no index provides: PostgreSQL reads the matches through the
    # GIN index and sorts them, instead of walking the key through postings that mostly miss.
    return matching.order_by((JobPosting.id + 0).desc()).limit(limit)
