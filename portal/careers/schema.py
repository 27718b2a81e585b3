"""The shape of a career guide, as written in `seeds/careers/*.yaml` and stored in the database.

The schema is the one contract between the seed files, the admin editor and the database: the
loader validates a file against `GuideDocument` before anything is written.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Paragraphs = Annotated[list[Text], Field(min_length=1)]
Items = Annotated[list[Line], Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DemandLevel(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class FigureSource(Strict):
    """Where a headline figure comes from and when we last checked it."""

    source: Line
    url: HttpUrl | None = None
    reviewed_on: dt.date


class Headline(Strict):
    growth_rate_percent: Annotated[float, Field(ge=-100, le=1000)]
    growth_rate_source: FigureSource
    median_salary: Annotated[int, Field(gt=0)]
    median_salary_source: FigureSource
    remote_friendly: bool
    remote_friendly_source: FigureSource
    demand_level: DemandLevel
    demand_source: FigureSource
    demand_text: Text


class Salary(Strict):
    """Annual salary by level, in whole units of `currency`."""

    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    range_min: Annotated[int, Field(gt=0)]
    range_max: Annotated[int, Field(gt=0)]
    entry: Annotated[int, Field(gt=0)]
    mid: Annotated[int, Field(gt=0)]
    senior: Annotated[int, Field(gt=0)]
    top_10_percent: Annotated[int, Field(gt=0)]
    top_earners_text: Text


class Skills(Strict):
    education_level: Paragraphs
    tech_skills: Items
    soft_abilities: Items


class CareerTier(Strict):
    name: Line
    experience: Line  # "0-2 years", "6+ years": kept as written
    description: Text


class JobMarket(Strict):
    role_challenges: Paragraphs
    growth_paths: Paragraphs
    industry_trends: Paragraphs


class DayBlock(Strict):
    period: Line  # "Morning"
    time_range: Line  # "9:00 AM - 12:00 PM"
    focus: Line
    tasks: Items


class WorkLifeBalance(Strict):
    stress_level: Line
    balance_rating: Line
    text: Paragraphs


class SkillGroup(Strict):
    name: Line
    description: Text
    skills: Items


class SkillMap(Strict):
    intro: Text
    groups: Annotated[list[SkillGroup], Field(min_length=1)]


class Certification(Strict):
    """A credential the guide names, and what it says about getting it (resumes suggest it;
    job advice says how to earn one a posting asks for)."""

    name: Line
    how_to_get: Text


class ProsCons(Strict):
    pros: Items
    cons: Items


class CaseStudy(Strict):
    title: Line
    story: Text
    key_takeaway: Text


class JobOutlook(Strict):
    growth_rate_percent: Annotated[float, Field(ge=-100, le=1000)]
    status: Line
    source: Line


class RelatedRole(Strict):
    title: Line
    summary: Text
    url: HttpUrl | None = None


class Faq(Strict):
    question: Line
    answer: Text


class Reference(Strict):
    title: Line
    publisher: Line
    url: HttpUrl


class GuideDocument(Strict):
    """One career guide, every section in the order the page shows it."""

    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
    title: Line
    summary: Line
    occupational_category: Line
    published: bool = True
    intro: Paragraphs
    headline: Headline
    salary: Salary
    core_functions: Paragraphs
    key_responsibilities: Items
    work_setting: Paragraphs
    tech_stack: Items
    skills: Skills
    path_to_role: Paragraphs
    required_education: Paragraphs
    career_tiers: Annotated[list[CareerTier], Field(min_length=1)]
    global_outlook: Paragraphs
    job_market: JobMarket
    day_in_the_life: Annotated[list[DayBlock], Field(min_length=1)]
    work_life_balance: WorkLifeBalance
    skill_map: SkillMap
    certifications: list[Certification] = []
    pros_cons: ProsCons
    beginner_mistakes: Items
    contextual_advice: Items
    case_studies: Annotated[list[CaseStudy], Field(min_length=1)]
    portfolio_tips: Paragraphs
    job_outlook: JobOutlook
    related_roles: list[RelatedRole]
    faq: list[Faq]
    references: list[Reference]
