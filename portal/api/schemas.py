"""The API's documents, as marshmallow schemas: flask-smorest parses requests and writes the
OpenAPI description from these, so the description cannot drift from what is checked.

Input schemas refuse fields they do not know (marshmallow's RAISE, which the description states
as `additionalProperties: false`).
"""

from __future__ import annotations

import datetime as dt

from marshmallow import Schema, fields, validate

from portal.alerts.models import Frequency
from portal.jobs.models import EmploymentType, Workplace
from portal.jobs.search import MAX_PER_PAGE, PER_PAGE, POSTED_WITHIN_DAYS, Sort
from portal.tracker.models import NOTES_MAX, ApplicationStatus

API_VERSION = "1"
MAX_SALARY = 10_000_000  # as the search page's form


class UtcDateTime(fields.DateTime):
    """Stored times are naive UTC; written as RFC 3339 with a `Z`."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC, microsecond=0).isoformat().replace("+00:00", "Z")


def _values(enum) -> list[str]:
    return [member.value for member in enum]


class ProblemFieldSchema(Schema):
    in_ = fields.Str(data_key="in", required=True, metadata={"example": "query"})
    field = fields.Str(required=True, metadata={"example": "min_salary"})
    messages = fields.List(fields.Str(), required=True)


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.Str(required=True, metadata={"description": "A URI naming the kind of error."})
    title = fields.Str(required=True)
    status = fields.Int(required=True)
    detail = fields.Str()
    instance = fields.Str()
    errors = fields.List(fields.Nested(ProblemFieldSchema))


class PageArgs(Schema):
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Int(load_default=PER_PAGE, validate=validate.Range(min=1, max=MAX_PER_PAGE))


class PageLinksSchema(Schema):
    total = fields.Int(required=True, metadata={"description": "How many there are in all."})
    page = fields.Int(required=True)
    perPage = fields.Int(required=True)
    next = fields.Str(
        required=True, allow_none=True, metadata={"description": "The next page; null on the last."}
    )


# Jobs


class JobSearchArgs(PageArgs):
    q = fields.Str(validate=validate.Length(max=500), metadata={"description": "Keywords."})
    location = fields.Str(validate=validate.Length(max=200))
    workplace = fields.Str(validate=validate.OneOf(_values(Workplace)))
    employment_type = fields.Str(validate=validate.OneOf(_values(EmploymentType)))
    min_salary = fields.Int(
        validate=validate.Range(min=0, max=MAX_SALARY),
        metadata={"description": "Minimum yearly pay in USD."},
    )
    posted_within = fields.Int(
        validate=validate.OneOf(POSTED_WITHIN_DAYS), metadata={"description": "Days."}
    )
    guide = fields.Str(
        validate=validate.Length(max=120), metadata={"description": "A career guide's slug."}
    )
    sort = fields.Str(
        validate=validate.OneOf(_values(Sort)),
        metadata={"description": "Default: relevance with keywords, else newest first."},
    )


class CareerRefSchema(Schema):
    slug = fields.Str(required=True)
    title = fields.Str(required=True)


class LocationSchema(Schema):
    city = fields.Str(allow_none=True)
    region = fields.Str(allow_none=True)
    country = fields.Str(allow_none=True)


class JobSchema(Schema):
    id = fields.Int(required=True)
    url = fields.Str(required=True, metadata={"description": "The job's page on the portal."})
    jobSlug = fields.Str(required=True)
    jobTitle = fields.Str(required=True)
    companyName = fields.Str(required=True)
    jobGeo = fields.Str(
        required=True,
        metadata={"description": "Where: the place, or for remote jobs the regions it accepts."},
    )
    jobType = fields.List(fields.Str(validate=validate.OneOf(_values(EmploymentType))))
    jobLevel = fields.Str(
        allow_none=True,
        metadata={"description": "Always null: postings do not state a seniority level."},
    )
    jobIndustry = fields.List(
        fields.Str(), metadata={"description": "The career guide's title, when there is one."}
    )
    workplace = fields.Str(validate=validate.OneOf(_values(Workplace)))
    location = fields.Nested(LocationSchema)
    remoteRegions = fields.List(fields.Str())
    jobExcerpt = fields.Str(required=True)
    pubDate = UtcDateTime(required=True)
    validThrough = UtcDateTime(allow_none=True)
    isOpen = fields.Bool(required=True)
    annualSalaryMin = fields.Int(allow_none=True)
    annualSalaryMax = fields.Int(allow_none=True)
    salaryCurrency = fields.Str(allow_none=True)
    salaryPeriod = fields.Str(allow_none=True)
    career = fields.Nested(CareerRefSchema, allow_none=True)


class JobDetailSchema(JobSchema):
    companyWebsite = fields.Str(allow_none=True)
    applyUrl = fields.Str(required=True)
    jobDescription = fields.Str(required=True, metadata={"description": "Sanitised HTML."})


class JobListSchema(PageLinksSchema):
    apiVersion = fields.Str(required=True)
    jobCount = fields.Int(required=True, metadata={"description": "Jobs on this page."})
    total = fields.Int(
        required=True,
        metadata={"description": "Matches, counted up to 1,000 (then `totalCapped` is true)."},
    )
    totalCapped = fields.Bool(required=True)
    jobs = fields.List(fields.Nested(JobSchema), required=True)


# Guides


class GuideSummarySchema(Schema):
    slug = fields.Str(required=True)
    title = fields.Str(required=True)
    summary = fields.Str(required=True)
    url = fields.Str(required=True)
    updatedAt = UtcDateTime(required=True)


class GuideListSchema(Schema):
    apiVersion = fields.Str(required=True)
    guides = fields.List(fields.Nested(GuideSummarySchema), required=True)


class GuideSchema(Schema):
    slug = fields.Str(required=True)
    url = fields.Str(required=True)
    revision = fields.Int(required=True)
    updatedAt = UtcDateTime(required=True)
    guide = fields.Dict(
        required=True,
        metadata={"description": "The guide's structured content, as the portal keeps it."},
    )


# The account


class PlanSchema(Schema):
    key = fields.Str(required=True)
    name = fields.Str(required=True)


class TokenInfoSchema(Schema):
    scope = fields.Str(required=True, validate=validate.OneOf(["read", "read-write"]))


class MeSchema(Schema):
    id = fields.Int(required=True)
    name = fields.Str(required=True)
    email = fields.Str(required=True)
    plan = fields.Nested(PlanSchema, required=True)
    entitlements = fields.List(fields.Str(), required=True)
    token = fields.Nested(TokenInfoSchema, required=True)


class JobBriefSchema(Schema):
    id = fields.Int(required=True)
    url = fields.Str(required=True)
    jobTitle = fields.Str(required=True)
    companyName = fields.Str(required=True)
    jobGeo = fields.Str(required=True)
    isOpen = fields.Bool(required=True)


class BookmarkSchema(Schema):
    jobId = fields.Int(required=True)
    job = fields.Nested(JobBriefSchema, required=True)
    createdAt = UtcDateTime(required=True)


class BookmarkListSchema(PageLinksSchema):
    bookmarks = fields.List(fields.Nested(BookmarkSchema), required=True)


class ElsewhereSchema(Schema):
    """A job applied to elsewhere, as the person typed it on the site."""

    jobTitle = fields.Str(required=True)
    companyName = fields.Str(required=True)
    url = fields.Str(required=True, allow_none=True)


class ApplicationSchema(Schema):
    id = fields.Int(required=True)
    jobId = fields.Int(
        required=True,
        allow_none=True,
        metadata={"description": "Null for a job applied to elsewhere (see `elsewhere`)."},
    )
    job = fields.Nested(JobBriefSchema, required=True, allow_none=True)
    elsewhere = fields.Nested(
        ElsewhereSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Set instead of `job` for a job applied to elsewhere."},
    )
    status = fields.Str(required=True, validate=validate.OneOf(_values(ApplicationStatus)))
    appliedAt = UtcDateTime(required=True)
    updatedAt = UtcDateTime(required=True)
    nextStepOn = fields.Date(allow_none=True)
    notes = fields.Str(required=True)


class ApplicationListSchema(PageLinksSchema):
    applications = fields.List(fields.Nested(ApplicationSchema), required=True)


class ApplicationListArgs(PageArgs):
    status = fields.Str(validate=validate.OneOf(_values(ApplicationStatus)))


class ApplicationCreateSchema(Schema):
    jobId = fields.Int(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    status = fields.Str(validate=validate.OneOf(_values(ApplicationStatus)))
    notes = fields.Str(validate=validate.Length(max=NOTES_MAX))
    nextStepOn = fields.Date(allow_none=True)


class ApplicationUpdateSchema(Schema):
    status = fields.Str(validate=validate.OneOf(_values(ApplicationStatus)))
    notes = fields.Str(validate=validate.Length(max=NOTES_MAX))
    nextStepOn = fields.Date(allow_none=True)


class AlertQuerySchema(Schema):
    """The search an alert runs: the job search's filters (but its dates and order)."""

    q = fields.Str(validate=validate.Length(max=500))
    location = fields.Str(validate=validate.Length(max=200))
    workplace = fields.Str(validate=validate.OneOf(_values(Workplace)))
    employment_type = fields.Str(validate=validate.OneOf(_values(EmploymentType)))
    min_salary = fields.Int(validate=validate.Range(min=0, max=MAX_SALARY))
    guide = fields.Str(validate=validate.Length(max=120))


class AlertSchema(Schema):
    id = fields.Int(required=True)
    name = fields.Str(required=True)
    query = fields.Nested(AlertQuerySchema, required=True)
    frequency = fields.Str(required=True, validate=validate.OneOf(_values(Frequency)))
    effectiveFrequency = fields.Str(
        required=True,
        validate=validate.OneOf(_values(Frequency)),
        metadata={"description": "How often it is sent on the current plan."},
    )
    weekday = fields.Int(required=True)
    paused = fields.Bool(required=True)
    createdAt = UtcDateTime(required=True)
    nextDueAt = UtcDateTime(required=True)


class AlertListSchema(PageLinksSchema):
    alerts = fields.List(fields.Nested(AlertSchema), required=True)


class AlertCreateSchema(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    query = fields.Nested(AlertQuerySchema, load_default=dict)
    frequency = fields.Str(validate=validate.OneOf(_values(Frequency)))
    weekday = fields.Int(load_default=0, validate=validate.Range(min=0, max=6))


class AlertUpdateSchema(Schema):
    name = fields.Str(validate=validate.Length(min=1, max=100))
    frequency = fields.Str(validate=validate.OneOf(_values(Frequency)))
    weekday = fields.Int(validate=validate.Range(min=0, max=6))
    paused = fields.Bool()


class ResumeSchema(Schema):
    document = fields.Dict(required=True, metadata={"description": "A JSON Resume document."})
    visibility = fields.Str(required=True)
    anonymous = fields.Bool(required=True)
    version = fields.Int(required=True)
    updatedAt = UtcDateTime(required=True)


class AdviceArgs(Schema):
    location = fields.Str(validate=validate.Length(max=200))
    workplace = fields.Str(validate=validate.OneOf(_values(Workplace)))
    employment_type = fields.Str(validate=validate.OneOf(_values(EmploymentType)))
    min_salary = fields.Int(validate=validate.Range(min=0, max=MAX_SALARY))


class RankedJobSchema(Schema):
    score = fields.Int(required=True, metadata={"description": "0 to 100: how well it fits."})
    why = fields.Str(required=True)
    job = fields.Nested(JobSchema, required=True)


class AdviceSchema(Schema):
    nothingFitsWell = fields.Bool(required=True)
    jobs = fields.List(fields.Nested(RankedJobSchema), required=True)
